#!/bin/sh
# The README's screenshots, made again from the app itself (off screen; run from the repository root):
#   sh docs/make_screenshots.sh
# Each is what `main.py screenshot` renders: a new window, the solvers run to their last step.
set -e
export QT_QPA_PLATFORM=offscreen
shot() { "${PYTHON:-python}" main.py screenshot "$@" >/dev/null; }
shot docs/race.png --dataset seed-4pt --method householder,gd,adam
shot docs/filip.png --dataset nist-filip --method householder,normal-cholesky,cgs,exact
shot docs/surface.png --dataset seed-4pt --method gd,momentum,adam,newton --view surface
shot docs/geometry.png --dataset seed-2pt --method cgs --view geometry
shot docs/orthogonality.png --dataset nist-filip --method cgs,mgs,householder --view geometry
shot docs/hand.png --dataset seed-2pt --method cgs --view hand
shot docs/convergence.png --dataset seed-4pt --method gd,momentum,nesterov,cg,newton --view convergence
shot docs/table.png --dataset nist-filip --method householder,mgs,cgs,normal-inverse,normal-cholesky,svd --view table --size 1600x450
shot docs/neural.png --dataset noisy-line --view neural
shot docs/presentation.png --dataset nist-filip --method householder,normal-inverse,gd --presentation --size 1280x720
shot docs/presenter-one-view.png --dataset seed-4pt --method cgs --presentation --size 1280x720 --view hand --layout one-view
shot docs/dark.png --dataset nist-filip --method householder,normal-cholesky,cgs --theme dark
shot docs/classroom.png --points "1,2.2;2,2.8;3,4.6;4,4.4;5,6.1;6,5.6;7,7.9;8,7.6" --method householder,gd --steps 6 --residuals segments,squares,bars --guess 3,0.4 --guess 1.5,0.65 --view surface --layout canvas-and-view --size 1600x900
shot docs/distances.png --dataset outliers --method lad,householder,tls --focus lad --residuals segments,bars --distance absolute --view residuals --layout canvas-and-view --size 1600x900
shot docs/digits-kappa.png --dataset tb-l19 --method householder,normal-cholesky --view conditioning --layout canvas-and-view --size 1600x900
shot docs/float16.png --dataset vandermonde --degree 8 --method householder,svd,cgs --param svd.precision=float16 --param cgs.precision=float16 --view table --layout canvas-and-view --size 1600x900
shot docs/gd-conditioning.png --dataset seed-4pt --degree 2 --method gd,momentum --param momentum.lr=0.03 --param momentum.beta=0.6 --view gd-conditioning --layout one-view --size 1600x900
shot docs/singular-values.png --dataset rank-deficient --view singular-values --layout canvas-and-view --size 1600x900
shot docs/nonlinear-race.png --nonlinear nist-misra1a --method gauss-newton,lm,adam --nonlinear-view surface --size 1600x900
shot docs/basin-map.png docs/data/sine.csv --model "sin(w*x + phi)" --start 0,0.7 --method gauss-newton,lm,adam --nonlinear-view basin --size 1600x900
shot docs/log-linear.png docs/data/decay.csv --model "b1*exp(-b2*x)" --start 4,0.5 --method lm --nonlinear-view log-linear --size 1600x900

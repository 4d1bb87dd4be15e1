"""Why gradient descent is slow: its error along each eigenvector of the loss's Hessian.

One bar per eigendirection (the error's component at the player's step, log scale), each
labelled with its eigenvalue λᵢ and the factor |1 − ηλᵢ| it shrinks by per step; a button that
gives gradient descent the optimal step 2/(λ₁ + λₙ); the predicted rate against the measured
one; and heavy ball's rate over (step, momentum) with the momentum solver's setting marked.
The mathematics is in engine/gd_spectrum.py.
"""

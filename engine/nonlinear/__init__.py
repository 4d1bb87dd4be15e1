"""Nonlinear least squares: models y = f(x; b), Gauss-Newton, Levenberg-Marquardt and the NIST nonlinear sets."""

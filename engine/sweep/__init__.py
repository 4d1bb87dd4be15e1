"""The digits-against-κ sweep: families of problems whose κ(A) grows, and the digits each method
keeps in each precision, measured against exact arithmetic on the same rounded data."""

from .exact_lstsq import exact_lstsq, relative_error
from .families import FAMILIES, FAMILY_NAMES, SweepProblem, family_problems, kappa_of
from .measure import SWEEP_METHODS, Measurement, available, digits_of, measure, own_problem, predicted_digits, wall

__all__ = ["FAMILIES", "FAMILY_NAMES", "SWEEP_METHODS", "Measurement", "SweepProblem", "available",
           "digits_of", "exact_lstsq", "family_problems", "kappa_of", "measure", "own_problem",
           "predicted_digits", "relative_error", "wall"]

"""Nonlinear least squares: models y = f(x; b), Gauss-Newton, Levenberg-Marquardt and the NIST nonlinear sets."""

# Each solver module registers itself on import, in the order the forms and the race list them.
# isort: off
from . import gauss_newton as _gauss_newton  # noqa: F401
from . import levenberg_marquardt as _levenberg_marquardt  # noqa: F401
from . import first_order as _first_order  # noqa: F401
# isort: on
from .basins import BasinRow, basin_map, loss_grid
from .log_linear import LogLinearComparison, log_linear_fit
from .models import MODELS, ModelTemplate, model_problem
from .nist import NIST_NONLINEAR, nist_problem
from .problem import Certified, NonlinearProblem
from .registry import NONLINEAR_SOLVERS
from .run import compare_nonlinear, iterate_nonlinear, solve_nonlinear
from .scores import nist_scores

__all__ = ["MODELS", "NIST_NONLINEAR", "NONLINEAR_SOLVERS", "BasinRow", "Certified", "LogLinearComparison",
           "ModelTemplate", "NonlinearProblem", "basin_map", "compare_nonlinear", "iterate_nonlinear",
           "log_linear_fit", "loss_grid", "model_problem", "nist_problem", "nist_scores", "solve_nonlinear"]

"""Constrained linear least squares: equalities C θ = d (kkt, nullspace) and bounds (bvls).

Importing the package registers the three solvers in engine.registry.SOLVERS (family
"Constrained least squares"). A problem carries its constraints:
`problem.with_constraints(parse_constraints(["through 2, 3"], problem))`.
"""
# isort: skip_file

from .constraints import LinearConstraints
from .parsing import ConstraintError, parse_constraint, parse_constraints, through_point
from .common import CONSTRAINED_METHODS
from . import kkt  # noqa: F401  (registers kkt)
from . import nullspace  # noqa: F401  (registers nullspace)
from . import bvls  # noqa: F401  (registers bvls)

__all__ = ["CONSTRAINED_METHODS", "ConstraintError", "LinearConstraints", "parse_constraint", "parse_constraints",
           "through_point"]

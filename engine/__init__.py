"""Least Squares Lab engine: problems, solvers as step generators, and their registry.

Pure numpy/scipy, no Qt: a notebook can use it as it is::

    from engine import Problem, solve, iterate, SOLVERS
    p = Problem.from_points([1, 2], [3, 5], degree=1)
    r = solve(p, "householder")          # r.theta == [1, 2], r.status == "converged"
"""

from . import solvers as _solvers  # noqa: F401  (registers every solver)
from .errors import InputError
from .honesty import lre
from .problem import Problem
from .registry import SOLVERS, Hyperparameter, SolverSpec
from .run import REFERENCE, compare, iterate, run_to_end, solve
from .steps import Result, Step

__all__ = ["SOLVERS", "REFERENCE", "Hyperparameter", "InputError", "Problem", "Result", "SolverSpec",
           "Step", "compare", "iterate", "lre", "run_to_end", "solve"]

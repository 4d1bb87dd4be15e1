"""Fitting y = a·exp(b·x) two ways: a straight line through (x, log y), and least squares on y itself.

The line is the common shortcut; it minimises the squared errors of log y, which weights the small
values of y far more than the large ones, so its sum of squares in y is larger (or at best equal):
only the least-squares fit minimises Σ(yᵢ − a·exp(b·xᵢ))². Both sums of squares are measured in y.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from .formula import parse_formula
from .problem import NonlinearProblem

EXPONENTIAL = "b1*exp(b2*x)"


@dataclass(frozen=True)
class LogLinearComparison:
    """The two fits of y = a·exp(b·x), as (a, b), with their residual sums of squares in y."""

    b_log_linear: np.ndarray
    rss_log_linear: float
    b_least_squares: np.ndarray
    rss_least_squares: float
    formula: str = EXPONENTIAL
    status: str = "converged"   # the least-squares fit's status (lm from the log-linear answer)
    message: str = ""


def _rss(x: np.ndarray, y: np.ndarray, ab: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        r = ab[0] * np.exp(ab[1] * x) - y
    return float(r @ r)


def log_linear_line(x, y) -> np.ndarray:
    """(a, b) from the straight line log y = log a + b·x (numpy's lstsq); every y must be > 0."""
    x, y = np.asarray(x, float).reshape(-1), np.asarray(y, float).reshape(-1)
    if (bad := np.flatnonzero(~(y > 0))).size:
        row = int(bad[0])
        raise InputError(f"row {row + 1} has y = {y[row]:g}: log y needs every y > 0, so the log-linear fit "
                         "of y = a·exp(b·x) is impossible here")
    design = np.column_stack([np.ones_like(x), x])
    (log_a, b), *_ = np.linalg.lstsq(design, np.log(y), rcond=None)
    return np.array([np.exp(log_a), b])


def log_linear_fit(problem: NonlinearProblem) -> LogLinearComparison:
    """Both fits of y = a·exp(b·x) to the problem's data (one variable x, every y > 0)."""
    if problem.x.ndim != 1:
        raise InputError("the log-linear comparison needs data with one variable x")
    from .run import solve_nonlinear  # the solvers register on import of the package
    line = log_linear_line(problem.x, problem.y)
    exponential = NonlinearProblem(parse_formula(EXPONENTIAL), problem.x, problem.y, start=line,
                                   name=f"{problem.name} (exponential)")
    result = solve_nonlinear(exponential, "lm")
    best = np.asarray(result.theta, float) if result.theta is not None else line
    return LogLinearComparison(b_log_linear=line, rss_log_linear=_rss(problem.x, problem.y, line),
                               b_least_squares=best, rss_least_squares=_rss(problem.x, problem.y, best),
                               status=result.status, message=result.message)

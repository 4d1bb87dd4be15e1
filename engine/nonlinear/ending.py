"""How a nonlinear run ends: the Result with its reason, shared by every nonlinear solver."""

from __future__ import annotations

import numpy as np

from ..steps import Result
from . import stopping
from .point import Point, ended
from .problem import NonlinearProblem


def start_refusal(method: str, point: Point) -> Result | None:
    """A start where the model cannot be evaluated: no method can move from there."""
    if point.finite and point.jacobian is not None and bool(np.isfinite(point.jacobian).all()):
        return None
    if bool(np.isfinite(point.r).all()):  # every residual is a number, only their squares overflow
        largest = float(np.max(np.abs(point.r)))
        message = (f"At the start point the residuals reach {largest:.3g}, and their sum of squares overflows "
                   "floating point (beyond 1.8e308): divide y by a power of ten, or start nearer the data.")
    else:
        message = ("The model cannot be evaluated at the start point (a division by zero, the log of a negative "
                   "number or an overflow): choose another start.")
    return Result(method=method, theta=None, status="failed", iterations=0, message=message)


def finish(method: str, problem: NonlinearProblem, point: Point, iterations: int, status: str, message: str,
           diagnostics: dict | None = None) -> Result:
    """The Result at `point`; a "converged" run on a plateau (a parameter that no longer changes the
    curve, so its column of J is 0) is not at a minimum and says so."""
    facts = dict(diagnostics or {})
    if point.jacobian is not None and point.finite:
        facts["scaled_gradient"] = stopping.scaled_gradient(point)
        facts["rss"] = 2.0 * point.loss
        facts["gradient_norm"] = float(np.linalg.norm(point.gradient))
        flat = stopping.flat_columns(point)
        if status == "converged" and flat.size:
            names = ", ".join(problem.parameter_names[j] for j in flat)
            status = "failed"
            message = (f"Not a minimum: the run stopped where {names} no longer changes the curve (its column of "
                       "J is zero at every x), a plateau that goes on for ever. Start elsewhere.")
    return ended(method, point, status, message, iterations, facts)


def out_of_iterations(method: str, problem: NonlinearProblem, point: Point, max_iter: int) -> Result:
    return finish(method, problem, point, max_iter, "max_iter", stopping.out_of_iterations_message(point, max_iter))

"""Gauss-Newton: every step is a linear least-squares problem, J δ = −r, solved by Householder QR.

J δ is the projection of −r on the tangent plane of the model's surface at b: the step goes to the
point of that plane nearest the data. Far from the answer the plane is a poor guide and the full
step may raise the loss; the optional line search halves it until the loss falls.
"""

from __future__ import annotations

import numpy as np

from ..registry import Hyperparameter, SolverSpec
from . import stopping
from .ending import finish, out_of_iterations, start_refusal
from .point import Point, evaluate, iterate_step, reduction
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS, max_iter

#: The line search gives up after this many halvings (2⁻⁴⁰ ≈ 10⁻¹², below any useful step).
MAX_HALVINGS = 40


def gauss_newton_step(point: Point) -> np.ndarray | None:
    """δ = argmin ‖J δ + r‖ by Householder QR (J = QR, R δ = −Qᵀr), or None when J has dependent columns:
    |Rⱼⱼ|/‖Jⱼ‖, the sine of the angle between column j and the earlier ones, at rounding level."""
    from scipy.linalg import solve_triangular  # here, not at the top: scipy.linalg costs the app's start-up 0.4 s

    if point.jacobian.shape[0] < point.jacobian.shape[1]:
        return None  # more parameters than points: the columns of J are dependent
    q, r_factor = np.linalg.qr(point.jacobian)
    sines = np.abs(np.diag(r_factor)) / stopping.floored_norms(point.jacobian)
    if sines.size and sines.min() <= stopping.EPS * max(point.jacobian.shape):
        return None
    return solve_triangular(r_factor, -(q.T @ point.r))


def run_gauss_newton(problem: NonlinearProblem, *, start=None, line_search: bool = True, max_iter: int = 200):
    """Gauss-Newton from `start` (the problem's own start by default)."""
    point = evaluate(problem, problem.start if start is None else start)
    if (refusal := start_refusal("gauss-newton", point)) is not None:
        return refusal
    yield iterate_step(problem, 0, point, title=f"start: loss {point.loss:.6g}")
    for k in range(1, max_iter + 1):
        with np.errstate(all="ignore"):
            delta = gauss_newton_step(point)
        if delta is None or not np.isfinite(delta).all():
            why = (f"With {problem.n} points and {problem.p} parameters the columns of J are dependent (more "
                   "unknowns than equations)" if problem.n < problem.p else "The columns of J are dependent here "
                   "(one parameter's effect on the curve is a combination of the others')")
            return finish("gauss-newton", problem, point, k - 1, "failed",
                          f"{why}, so J δ = −r has no unique solution: try lm.")
        projected = point.jacobian @ delta
        scale = stopping.floored_norms(point.jacobian)
        trial, length = evaluate(problem, point.b + delta), 1.0
        if line_search:
            while reduction(point, trial) <= 0 and length > 2.0 ** -MAX_HALVINGS:
                length /= 2
                trial = evaluate(problem, point.b + length * delta)
        if not (trial.finite and np.isfinite(trial.jacobian).all()):
            return finish("gauss-newton", problem, point, k, "diverged",
                          "Diverged: the Gauss-Newton step took b where the model overflows or is undefined — "
                          "the tangent plane is a poor guide this far from the answer. Turn on the line search, "
                          "start nearer, or use lm.")
        gained = reduction(point, trial) > 0
        if line_search and not gained:
            if stopping.no_gain_possible(problem, point):
                return finish("gauss-newton", problem, point, k - 1, "converged",
                              stopping.no_gain_message(problem, point, k - 1))
            why = f"the step did not lower the loss even halved {MAX_HALVINGS} times"
            return finish("gauss-newton", problem, point, k - 1, "failed",
                          stopping.stuck_message("gauss-newton", problem, point, k - 1, why))
        previous, point = point, trial
        step_size = stopping.relative_step(length * delta, scale, previous.b)
        halved = f", halved to {length:g}" if length < 1 else ""
        yield iterate_step(problem, k, point, delta=delta, mu=0.0, projection=projected,
                           title=f"J δ = −r by QR{halved}; loss {point.loss:.10g}",
                           extra={"step_length": length})
        if stopping.gradient_at_rounding(point, step_size):
            return finish("gauss-newton", problem, point, k, "converged", stopping.gradient_message(point, k))
        if not gained and step_size <= stopping.ROUNDING_TOL:  # no line search: a full step that gained nothing
            if stopping.no_gain_possible(problem, point):
                return finish("gauss-newton", problem, point, k, "converged",
                              stopping.no_gain_message(problem, point, k))
        if point.loss > 1e12 * max(previous.loss, 1e-300) or point.loss > 1e300:
            return finish("gauss-newton", problem, point, k, "diverged",
                          f"Diverged: the loss grew from {previous.loss:.3g} to {point.loss:.3g} in one step — far "
                          "from the answer the tangent plane overshoots. Turn on the line search or use lm.")
    return out_of_iterations("gauss-newton", problem, point, max_iter)


NONLINEAR_SOLVERS.add(SolverSpec(
    name="gauss-newton", label="Gauss-Newton", family="Nonlinear least squares", direct=False,
    summary="Each step solves the linear least-squares problem J δ = −r by QR: the residual projected on "
            "the tangent plane. Fast near the answer; may overshoot far from it.",
    run=run_gauss_newton, hyperparameters=(
        Hyperparameter("line_search", "bool", True, "Halve the step until the loss falls (without it, every "
                       "step is the full Gauss-Newton step, however far it overshoots)."),
        max_iter(200),
    )))

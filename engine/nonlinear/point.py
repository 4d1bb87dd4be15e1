"""One point b of a nonlinear fit with what every solver needs there: r, J, the loss, and its Step.

Shared by Gauss-Newton, Levenberg-Marquardt and the first-order methods so that their steps carry
the same fields (the contract of issue 17): theta, loss, grad_norm and the detail "delta", "mu",
"projection" (J·δ, the residual's projection on the tangent plane) and "residual" when n ≤ 400.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..steps import Result, Step
from .problem import NonlinearProblem

#: Steps carry the residual and its projection only up to this many rows (the geometry view draws them).
DETAIL_ROWS = 400


@dataclass(frozen=True)
class Point:
    """b with r = f(b) − y, the loss ½‖r‖² and (when asked) J."""

    b: np.ndarray
    r: np.ndarray
    loss: float
    jacobian: np.ndarray | None = None

    @property
    def finite(self) -> bool:
        return bool(np.isfinite(self.loss))

    @property
    def gradient(self) -> np.ndarray:
        return self.jacobian.T @ self.r


def evaluate(problem: NonlinearProblem, b, *, with_jacobian: bool = True) -> Point:
    """The point b (its loss is inf where the model overflows or is undefined)."""
    b = np.array(b, dtype=float)
    with np.errstate(all="ignore"):
        r = problem.residual(b)
        loss = 0.5 * float(r @ r)  # inf or nan when some rᵢ is
        if not np.isfinite(loss):
            loss = np.inf
        jac = problem.jacobian(b) if with_jacobian and np.isfinite(loss) else None
    return Point(b, r, loss, jac)


def with_jacobian(problem: NonlinearProblem, point: Point) -> Point:
    """The same point with J evaluated (its residual is kept, not computed again)."""
    with np.errstate(all="ignore"):
        return Point(point.b, point.r, point.loss, problem.jacobian(point.b))


def reduction(old: Point, new: Point) -> float:
    """loss(old) − loss(new) as ½·(r_old − r_new)ᵀ(r_old + r_new): exact where the two losses agree to
    many digits, so the last steps of a fit are still judged by their real gain, not by rounding."""
    if not new.finite:
        return -np.inf
    difference = old.loss - new.loss
    if abs(difference) > 1e-4 * old.loss:  # far from agreeing: the plain difference is accurate enough
        return difference
    return 0.5 * float((old.r - new.r) @ (old.r + new.r))


def iterate_step(problem: NonlinearProblem, k: int, point: Point, *, title: str, delta=None, mu: float = 0.0,
                 projection=None, extra: dict | None = None) -> Step:
    """The Step of iteration k, now at `point`: `delta` is the step tried from the previous point and
    `projection` its J·δ with the previous point's J (the residual's projection on that tangent plane)."""
    delta = np.zeros(problem.p) if delta is None else np.asarray(delta, dtype=float)
    detail = {"delta": delta, "mu": float(mu)}
    gradient = point.gradient if point.jacobian is not None else None
    if problem.n <= DETAIL_ROWS:
        detail["residual"] = point.r
        detail["projection"] = np.zeros(problem.n) if projection is None else np.asarray(projection, dtype=float)
    detail.update(extra or {})
    grad_norm = float(np.linalg.norm(gradient)) if gradient is not None else None
    return Step(k=k, kind="iterate", title=title, theta=point.b, loss=point.loss, grad_norm=grad_norm,
                detail=detail)


def ended(method: str, point: Point, status: str, message: str, iterations: int,
          diagnostics: dict | None = None) -> Result:
    """The Result of a run that ended at `point` (no answer when the point is not finite)."""
    if not (point.finite and np.all(np.isfinite(point.b))):
        return Result(method=method, theta=None, status=status if status != "converged" else "failed",
                      message=message, iterations=iterations, diagnostics=diagnostics or {})
    return Result(method=method, theta=point.b, status=status, message=message, iterations=iterations,
                  loss=point.loss, residual_norm=float(np.sqrt(2.0 * point.loss)),
                  diagnostics=diagnostics or {})

"""When a nonlinear fit may say "converged": only at a minimum, judged at the level of rounding.

A fixed tolerance such as ‖Jᵀr‖ < 1e-8 stops early on badly scaled problems (Hahn1's x³ column is
10⁸ times its first; MINPACK with tolerances 1e-15 still stops 2 digits short there). So the tests
here are scale-free and at rounding level:

* the scaled gradient max_j |Jⱼᵀr| / (‖Jⱼ‖·‖r‖) — the cosine between r and each column — and the
  relative step ‖Dδ‖/‖Db‖ (D the column norms of J) are both a few ε; or
* no step can lower the loss any more: the Gauss-Newton step, the best the tangent plane offers,
  promises a gain below what rounding in r already blurs, ½‖J δ_GN‖² ≤ c·ε·Σ|rᵢ|(|fᵢ| + |yᵢ|).

Anything else (iterations used up, μ grown without bound) is reported as such, never "converged".
"""

from __future__ import annotations

import math

import numpy as np

from .point import Point
from .problem import NonlinearProblem

EPS = float(np.finfo(float).eps)
#: The scaled gradient and the relative step count as rounding below this.
ROUNDING_TOL = 64 * EPS
#: How many ε of blur in r the loss may carry before a promised gain is called rounding.
GAIN_FACTOR = 16.0
#: Levenberg-Marquardt's μ beyond this (or a trial step below one ε of b) means no step can help.
MU_LIMIT = 1e30


def column_norms(jacobian: np.ndarray) -> np.ndarray:
    return np.sqrt(np.einsum("ij,ij->j", jacobian, jacobian))


def floored_norms(jacobian: np.ndarray) -> np.ndarray:
    """Column norms with a zero column given 1, so D stays invertible."""
    norms = column_norms(jacobian)
    return np.where(norms > 0, norms, 1.0)


def scaled_gradient(point: Point) -> float:
    """max_j |Jⱼᵀr| / (‖Jⱼ‖·‖r‖): 0 at a minimum, 1 when r lies along a column; 0 for a perfect fit."""
    norms = column_norms(point.jacobian)
    residual = float(np.linalg.norm(point.r))
    if residual == 0.0:
        return 0.0
    cosines = np.abs(point.gradient) / np.where(norms > 0, norms * residual, np.inf)
    return float(np.max(cosines)) if cosines.size else 0.0


def relative_step(delta: np.ndarray, scale: np.ndarray, b: np.ndarray) -> float:
    """‖Dδ‖/‖Db‖: how far a step moves b in units where every column of J has length 1."""
    size = float(np.linalg.norm(scale * b))
    moved = float(np.linalg.norm(scale * delta))
    return moved / size if size > 0 else moved


def loss_blur(problem: NonlinearProblem, point: Point) -> float:
    """How much rounding in r = f − y alone moves the loss: c·ε·Σ|rᵢ|·(|fᵢ| + |yᵢ|) (+ a floor for r = 0)."""
    fitted = np.abs(point.r + problem.y)
    return GAIN_FACTOR * EPS * float(np.abs(point.r) @ (fitted + np.abs(problem.y))) \
        + (EPS * float(np.max(np.abs(problem.y), initial=0.0))) ** 2


def gauss_newton_gain(point: Point) -> float:
    """½‖J δ‖² for δ = lstsq(J, −r): the most the tangent plane promises from here."""
    delta = np.linalg.lstsq(point.jacobian, -point.r, rcond=None)[0]
    projected = point.jacobian @ delta
    return 0.5 * float(projected @ projected)


def gradient_at_rounding(point: Point, last_step: float) -> bool:
    """The first test: scaled gradient and the last relative step both at rounding level."""
    return last_step <= ROUNDING_TOL and scaled_gradient(point) <= ROUNDING_TOL


def no_gain_possible(problem: NonlinearProblem, point: Point) -> bool:
    """The second test: the Gauss-Newton step promises less than rounding already blurs."""
    with np.errstate(all="ignore"):
        try:
            gain = gauss_newton_gain(point)
        except np.linalg.LinAlgError:
            return False
    return math.isfinite(gain) and gain <= loss_blur(problem, point)


def gradient_message(point: Point, iterations: int) -> str:
    return (f"Converged after {iterations} iterations: the scaled gradient ({scaled_gradient(point):.1e}) and the "
            "last step are at the level of rounding, so this is a minimum to machine precision.")


def no_gain_message(problem: NonlinearProblem, point: Point, iterations: int, gain: float | None = None) -> str:
    gain = gauss_newton_gain(point) if gain is None else gain
    return (f"Converged after {iterations} iterations: no step can lower the sum of squares any more — even the "
            f"Gauss-Newton step promises less ({gain:.1e}) than rounding in the residuals "
            f"blurs it ({loss_blur(problem, point):.1e}).")


def stuck_message(method: str, problem: NonlinearProblem, point: Point, iterations: int, why: str) -> str:
    return (f"Not converged: {why} after {iterations} iterations, yet this is not a minimum — the Gauss-Newton "
            f"step still promises a gain of {gauss_newton_gain(point):.1e} in the loss "
            f"(scaled gradient {scaled_gradient(point):.1e}). Try another start, or another method than {method}.")


def out_of_iterations_message(point: Point, max_iter: int) -> str:
    return (f"Stopped after max_iter = {max_iter} iterations without reaching a minimum: the scaled gradient is "
            f"still {scaled_gradient(point):.1e} (at a minimum it is about {ROUNDING_TOL:.0e}). "
            "Raise max_iter or start nearer the answer.")


def flat_columns(point: Point) -> np.ndarray:
    """The parameters (indices) that no longer change the curve, their column of J zero to rounding:
    a fit that ends there is on a plateau, not at a minimum."""
    norms = column_norms(point.jacobian)
    scale = float(np.max(norms, initial=0.0))
    return np.flatnonzero(norms <= EPS * scale) if scale > 0 else np.arange(norms.size)

"""Which point pulls the fit: leverage, Cook's distance and studentised residuals.

`influence(problem, theta)` reads the problem's cached R (no new factorisation), so it is cheap
enough to recompute while a point is dragged. The textbook values belong to the least-squares θ;
for any other θ (a solver part-way, a guess) the same formulas use that θ's residuals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .fit_basis import orthonormal_rows_squared
from .problem import Problem
from .safe_norms import safe_norm

#: A leverage this close to 1 is 1: the point decides its own fitted value (1 − hᵢᵢ would be noise).
LEVERAGE_ONE_TOLERANCE = 1e-10


def not_defined_reason(n: int, p: int) -> str:
    """The sentence said where n ≤ p: nothing is left over to estimate the noise."""
    points = "point" if n == 1 else "points"
    coefficients = "coefficient" if p == 1 else "coefficients"
    return (f"not defined with n = {n} {points} and p = {p} {coefficients}: the curve can pass through "
            "every point, so there is no spread left over to estimate the noise (it needs n > p)")


@dataclass(frozen=True)
class Influence:
    """Per point: how far it can pull the fit (leverage) and how far it does (Cook's distance).

    leverage : hᵢᵢ, the diagonal of the hat matrix H = Q·Qᵀ (0 ≤ hᵢᵢ ≤ 1, Σ hᵢᵢ = rank).
    cooks_distance : Dᵢ = rᵢ²/(p·s²) · hᵢᵢ/(1 − hᵢᵢ)², how far the fit moves without point i.
    studentized : the internally studentised residuals rᵢ / (s·√(1 − hᵢᵢ)), s² = Σr²/(n − p)
        (s from all the points, point i included; statsmodels' resid_studentized_internal).
    most_influential : the index of the largest Cook's distance, None when none is defined.
    reason : why some values are NaN, in a sentence; "" when every value is defined.
    """

    leverage: np.ndarray
    cooks_distance: np.ndarray
    studentized: np.ndarray
    most_influential: int | None
    reason: str = ""

    @property
    def defined(self) -> bool:
        return not self.reason


def influence(problem: Problem, theta) -> Influence:
    """Leverage, Cook's distance and studentised residuals of every point for the candidate θ.

    Where n ≤ p every array is NaN and `reason` says why; never an exception.
    """
    n, p = problem.n, problem.p
    if n <= p:
        nan = np.full(n, np.nan)
        return Influence(nan, nan.copy(), nan.copy(), None, not_defined_reason(n, p))
    leverage = orthonormal_rows_squared(problem)
    np.clip(leverage, 0.0, 1.0, out=leverage)
    rank = problem.rank
    residual = problem.residual(theta)
    s = safe_norm(residual) / math.sqrt(n - rank)  # not √(r·r): y near 1e300 squares to ∞
    room = 1.0 - leverage  # in place from here: a few passes over n, not a dozen temporaries
    alone = np.flatnonzero(room <= LEVERAGE_ONE_TOLERANCE)
    reasons = []
    with np.errstate(divide="ignore", invalid="ignore"):
        room[alone] = np.nan
        studentized = np.sqrt(room)
        studentized *= s
        np.divide(residual, studentized, out=studentized)
        cooks = np.square(studentized)
        cooks *= leverage
        cooks /= room
        cooks /= rank
    if not np.isfinite(s):
        studentized[:] = np.nan
        cooks[:] = np.nan
        reasons.append("θ has values that are not finite numbers (the method diverged), so its residuals "
                       "give no Cook's distance or studentised residuals")
    elif s == 0.0:
        studentized[:] = np.nan
        cooks[:] = np.nan
        reasons.append("the curve passes exactly through every point, so there is no noise to measure "
                       "Cook's distance or studentised residuals against")
    elif alone.size:
        which = f"point {int(alone[0]) + 1}" if alone.size == 1 else f"{alone.size} points"
        reasons.append(f"{which} has leverage 1 (alone where no other point constrains the curve, "
                       "e.g. alone on its x): the fit passes through it whatever its y, so its Cook's "
                       "distance and studentised residual are not defined")
    most = _largest(cooks, has_nan=not 0.0 < s < np.inf or alone.size > 0)
    for array in (leverage, cooks, studentized):
        array.flags.writeable = False
    return Influence(leverage, cooks, studentized, most, "; ".join(reasons))


def _largest(values: np.ndarray, *, has_nan: bool) -> int | None:
    """The index of the largest value, NaN ignored (nanargmax copies the array: only when needed)."""
    if not has_nan:
        return int(np.argmax(values))
    return None if np.all(np.isnan(values)) else int(np.nanargmax(values))

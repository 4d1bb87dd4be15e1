"""Leverage, Cook's distance and studentised residuals of a few rows, for a table of 10⁵ points
that shows thirty: O(n·p) for the spread s² (every residual) plus O(k·p²) for the k rows asked,
instead of the O(n·p²) of `influence` for all of them. Same formulas, same cached R.
"""

from __future__ import annotations

import math

import numpy as np

from .fit_basis import is_full_rank
from .influence import LEVERAGE_ONE_TOLERANCE
from .problem import Problem
from .safe_norms import safe_norm


def residual_spread(problem: Problem, theta) -> tuple[np.ndarray, float]:
    """(r, s) with s = √(Σr²/(n − rank)), what every row's Cook's distance is measured against;
    s from a norm that does not overflow (y near 1e300 has Σr² beyond floating point)."""
    residual = problem.residual(theta)
    return residual, safe_norm(residual) / math.sqrt(max(problem.n - problem.rank, 1))


def influence_of_rows(problem: Problem, rows, residual: np.ndarray, s: float
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(leverage, Cook's distance, studentised residual) of `rows` (NaN where not defined).

    hᵢᵢ = ‖R⁻ᵀaᵢ‖² for the working row aᵢ (full rank), or its projection on the column space's
    basis from R's SVD (rank k < p); `residual` and `s` come from `residual_spread`.
    """
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    rows = np.asarray(rows, dtype=np.intp)
    a = problem.matrix[rows]
    r = problem._r_factor
    if is_full_rank(problem):
        q_rows = scipy.linalg.solve_triangular(r, a.T, trans="T", check_finite=False)
        leverage = np.einsum("ji,ji->i", q_rows, q_rows)
    else:
        _, sigma, vt = np.linalg.svd(r)
        k = problem.rank
        basis = (a @ vt[:k].T) / sigma[:k]
        leverage = np.einsum("ij,ij->i", basis, basis)
    leverage = np.clip(leverage, 0.0, 1.0)
    room = 1.0 - leverage
    alone = room <= LEVERAGE_ONE_TOLERANCE
    if problem.n <= problem.p or s == 0.0:
        nan = np.full(rows.size, np.nan)
        return (leverage if problem.n > problem.p else nan), nan, nan.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        studentized = np.where(alone, np.nan, residual[rows] / (s * np.sqrt(room)))
        cooks = np.where(alone, np.nan, studentized ** 2 * leverage / (problem.rank * room))
    return leverage, cooks, studentized

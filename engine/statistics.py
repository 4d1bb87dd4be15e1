"""The classic statistics of a fit, honestly: r, r², adjusted r², standard errors, s.

`fit_statistics(problem, theta)` is computed from the problem's cached R (never from
inv(AᵀA), which squares κ), for any candidate θ: the textbook values are those of the
least-squares θ. What the numbers mean rests on assumptions, named in `ASSUMPTIONS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .fit_basis import coefficient_spread, is_full_rank
from .influence import not_defined_reason
from .own_references import OWN_REFERENCE_METHODS
from .problem import Problem
from .safe_norms import safe_norm

ASSUMPTIONS = ("These assume the errors are independent, with mean zero and the same variance at every "
               "point; reading a standard error as a t-based interval also assumes they are normal.")
UNCENTRED_R2 = ("without an intercept r² is the uncentred one, 1 − Σr²/Σy² (as statsmodels and R report "
                "it): the share of Σy² explained, not of the spread about the mean")


@dataclass(frozen=True)
class FitStatistics:
    """The numbers a statistics course reports for a linear fit (NaN where not defined).

    r : Pearson's correlation of x and y for a line with an intercept and one feature; otherwise
        the multiple correlation √r².
    r2, adjusted_r2 : 1 − RSS/TSS and 1 − (1 − r²)(n − c)/(n − p), c = 1 with an intercept, else 0;
        TSS is centred with an intercept, uncentred (Σy²) without (see `note`).
    standard_errors : s·√diag((AᵀA)⁻¹) of each coefficient, canonical order and original units (as θ).
    residual_std : s = √(RSS/(n − p)).
    reason : why some numbers are NaN, "" when all are defined; note : how to read r² here.
    """

    r: float
    r2: float
    adjusted_r2: float
    standard_errors: np.ndarray
    residual_std: float
    n: int
    p: int
    assumptions: str = ASSUMPTIONS
    reason: str = ""
    note: str = ""

    @property
    def defined(self) -> bool:
        return not self.reason


def _is_simple_line(problem: Problem) -> bool:
    """y ≈ B0 + B1·x with one feature: where r is Pearson's correlation of x and y."""
    return problem.intercept and problem.p == 2


def _pearson(problem: Problem) -> float:
    x = problem.design[:, 1] - problem.design[:, 1].mean()
    y = problem.y - problem.y.mean()
    x_norm, y_norm = safe_norm(x), safe_norm(y)
    if not (x_norm > 0 and y_norm > 0):
        return float("nan")
    return float((x / x_norm) @ (y / y_norm))  # unit vectors: no product near 1e±300 overflows


def fit_statistics(problem: Problem, theta, *, method: str = "") -> FitStatistics:
    """r, r², adjusted r², the coefficients' standard errors and s for the candidate θ.

    Where n ≤ p the numbers are NaN and `reason` says why; a rank-deficient design, or the answer of
    a `method` that minimises another distance (tls, lad), has NaN standard errors, said in
    `reason`; never an exception.
    """
    n, p = problem.n, problem.p
    nan_errors = np.full(p, np.nan)
    note = "" if problem.intercept else UNCENTRED_R2
    if n <= p:
        return FitStatistics(np.nan, np.nan, np.nan, nan_errors, np.nan, n, p,
                             reason=not_defined_reason(n, p), note=note)
    if not np.all(np.isfinite(theta)):
        return FitStatistics(np.nan, np.nan, np.nan, nan_errors, np.nan, n, p, note=note,
                             reason="θ has values that are not finite numbers (the method diverged)")
    # Norms, not sums of squares: y near 1e300 squares to ∞, while the ratios stay ordinary numbers.
    residual_norm = safe_norm(problem.residual(theta))
    spread = safe_norm(problem.y - problem.y.mean() if problem.intercept else problem.y)
    reasons = []
    if spread > 0:
        r2 = 1.0 - (residual_norm / spread) ** 2
        adjusted = 1.0 - (1.0 - r2) * (n - int(problem.intercept)) / (n - p)
    else:
        r2 = adjusted = np.nan
        reasons.append("r² is not defined when every y is the same (there is no spread to explain)")
    r = _pearson(problem) if _is_simple_line(problem) else (float(np.sqrt(r2)) if r2 >= 0 else np.nan)
    s = residual_norm / math.sqrt(n - p)
    if method in OWN_REFERENCE_METHODS:
        standard_errors = nan_errors
        reasons.append(f"the standard errors s·√diag((AᵀA)⁻¹) are those of the least-squares fit; {method} "
                       "minimises another distance, so they do not describe its answer")
    elif is_full_rank(problem):
        standard_errors = s * coefficient_spread(problem)
    else:
        standard_errors = nan_errors
        reasons.append(f"the columns are linearly dependent (rank {problem.rank} < p = {p}): many θ fit "
                       "equally well, so no coefficient has a standard error")
    standard_errors.flags.writeable = False
    return FitStatistics(r, r2, adjusted, standard_errors, s, n, p, reason="; ".join(reasons), note=note)

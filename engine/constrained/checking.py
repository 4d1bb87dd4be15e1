"""The honesty check of a constrained answer: against the CONSTRAINED solution, never the free fit.

The reference is computed here by another route than the solvers': for equalities, the bordered
KKT system solved by numpy's lstsq (SVD); for bounds, scipy.optimize.lsq_linear. A constrained θ
that differs from the free lstsq fit is right by design: what is reported is both fits' Σr², and
what the constraints cost.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..problem import EPS, Problem
from ..steps import Result
from .common import column_scales, constraints_of

#: The error allowed beyond rounding (c·p·u·κᵉ): lsq_linear stops at its own tolerance.
REFERENCE_TOLERANCE = 1e-10
ROUNDING_FACTOR = 16.0


def kkt_reference(problem: Problem) -> np.ndarray:
    """θ of the bordered system [[AᵀA, Cᵀ], [C, 0]]·[θ; λ] = [Aᵀy; d] by numpy (columns scaled to unit length)."""
    constraints = constraints_of(problem)
    scales = column_scales(problem.design)
    a, c = problem.design / scales, constraints.matrix / scales
    m = constraints.count
    bordered = np.block([[a.T @ a, c.T], [c, np.zeros((m, m))]])
    solution = np.linalg.lstsq(bordered, np.concatenate([a.T @ problem.y, constraints.rhs]), rcond=None)[0]
    return solution[:problem.p] / scales


def bounds_reference(problem: Problem) -> np.ndarray:
    """θ of min ‖Aθ − y‖ with lower ≤ θ ≤ upper by scipy.optimize.lsq_linear (its own BVLS); a
    coefficient with lower = upper is fixed there first (lsq_linear wants lower < upper)."""
    from scipy.optimize import lsq_linear

    constraints = constraints_of(problem)
    scales = column_scales(problem.design)
    fixed = constraints.lower == constraints.upper
    theta = np.where(fixed, constraints.lower, 0.0)
    if np.all(fixed):
        return theta
    a = problem.design[:, ~fixed] / scales[~fixed]
    target = problem.y - problem.design[:, fixed] @ theta[fixed]
    bounds = (constraints.lower[~fixed] * scales[~fixed], constraints.upper[~fixed] * scales[~fixed])
    theta[~fixed] = lsq_linear(a, target, bounds=bounds, method="bvls", tol=1e-15).x / scales[~fixed]
    return theta


def _sum_of_squares(problem: Problem, theta) -> float:
    r = problem.residual(theta)
    return float(r @ r)


def _weighted_error(problem: Problem, theta, reference) -> float:
    weights = column_scales(problem.design)
    scale = float(np.linalg.norm(weights * reference))
    difference = float(np.linalg.norm(weights * (np.asarray(theta) - reference)))
    return difference / scale if scale > 0 else difference


def assess_constrained(problem: Problem, spec, result: Result) -> Result | None:
    """The result checked against the constrained reference, with both fits' Σr² (None when the
    problem has no constraint: then it is the free fit and the usual check applies)."""
    constraints = constraints_of(problem)
    if constraints.empty or result.theta is None:
        return None if constraints.empty else result
    if constraints.has_equalities and constraints.has_bounds:
        return result  # refused by every method: nothing to check
    by_bounds = constraints.has_bounds
    reference = bounds_reference(problem) if by_bounds else kkt_reference(problem)
    route = "scipy.optimize.lsq_linear" if by_bounds else "the KKT system solved by numpy"
    free = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    rss, rss_free, rss_reference = (_sum_of_squares(problem, t) for t in (result.theta, free, reference))
    error = _weighted_error(problem, result.theta, reference)
    kappa = max(problem.cond_scaled, 1.0) if math.isfinite(problem.cond_scaled) else 1 / EPS
    allowed = ROUNDING_FACTOR * problem.p * EPS * kappa ** spec.kappa_exponent + REFERENCE_TOLERANCE
    digits = min(max(-math.log10(error), 0.0), 16.0) if error > 0 else 16.0
    expected = min(max(16.0 - spec.kappa_exponent * math.log10(kappa), 0.0), 16.0)
    diagnostics = {**result.diagnostics, "rss": rss, "rss_free": rss_free, "rss_constrained_reference": rss_reference,
                   "relative_error": float(f"{error:.3g}"), "digits_vs_reference": round(digits, 1),
                   "digits_expected": round(expected, 1), "reference": route}
    summary = (f"Checked against the constrained answer ({route}), not the free fit: {digits:.0f} digits agree. "
               f"Σr² = {rss:.6g}; the free fit's Σr² = {rss_free:.6g} (the constraints cost "
               f"{max(rss - rss_free, 0.0):.3g}).")
    if error > allowed and result.status == "converged":
        return replace(result, status="failed", diagnostics=diagnostics,
                       message=f"Wrong answer: it differs from the constrained least-squares answer ({route}) by "
                               f"{error:.1e} (relative), more than rounding and κ allow ({allowed:.1e}).")
    return replace(result, message=" ".join(filter(None, [result.message, summary])), diagnostics=diagnostics)

"""The honesty check of a constrained answer: against the CONSTRAINED solution, never the free fit.

The reference is computed here by another route than the solvers': for equalities, θ = C⁺d + N z
with the null space N of C from numpy's SVD and z from numpy's lstsq (SVD) on the reduced problem
(κ(A)-accurate: a bordered KKT solve would square κ and could not judge the null-space method);
for bounds, scipy.optimize.lsq_linear. A constrained θ that differs from the free lstsq fit is
right by design: what is reported is both fits' Σr², and what the constraints cost. As for the
free fit (engine/honesty.py), an answer is called wrong only when its error is beyond what κ and
rounding allow its method AND ten times what the reference itself may be off by.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..problem import EPS, Problem
from ..steps import Result
from .common import column_scales, constraints_of

#: lsq_linear stops at its own tolerance: the bounded reference may be off by this much more.
REFERENCE_TOLERANCE = 1e-10
ROUNDING_FACTOR = 16.0
CONVICTION_MARGIN = 10.0
#: Warn when the method is expected to lose at least this many digits on the data (as engine/honesty.py).
WARN_DIGITS_LOST = 6.0


def equality_reference(problem: Problem) -> np.ndarray:
    """θ of min ‖Aθ − y‖ subject to C θ = d: C⁺d plus the best step in C's null space (numpy's SVD
    of C, then numpy's lstsq), on the columns scaled to unit length."""
    constraints = constraints_of(problem)
    scales = column_scales(problem.design)
    a, c, m = problem.design / scales, constraints.matrix / scales, constraints.count
    u, sigma, vt = np.linalg.svd(c)
    particular = vt[:m].T @ ((u.T @ constraints.rhs) / sigma)
    null_space = vt[m:].T
    z = np.linalg.lstsq(a @ null_space, problem.y - a @ particular, rcond=None)[0] if null_space.size else []
    return (particular + null_space @ np.asarray(z)) / scales


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
    reference = bounds_reference(problem) if by_bounds else equality_reference(problem)
    route = "scipy.optimize.lsq_linear" if by_bounds else "C's null space by numpy's SVD, then numpy's lstsq"
    free = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    rss, rss_free, rss_reference = (_sum_of_squares(problem, t) for t in (result.theta, free, reference))
    error = _weighted_error(problem, result.theta, reference)
    allowed, reference_error = _bounds_of_error(problem, spec, reference, rss_reference)
    if by_bounds:
        reference_error += REFERENCE_TOLERANCE
    digits = min(max(-math.log10(error), 0.0), 16.0) if error > 0 else 16.0
    kappa = _kappa(problem)
    expected = min(max(16.0 - spec.kappa_exponent * math.log10(kappa), 0.0), 16.0)
    diagnostics = {**result.diagnostics, "rss": rss, "rss_free": rss_free, "rss_constrained_reference": rss_reference,
                   "relative_error": float(f"{error:.3g}"), "digits_vs_reference": round(digits, 1),
                   "digits_expected": round(expected, 1), "reference": route,
                   # as tls and lad: the Comparison view measures the answer against its own reference
                   "own_reference": f"the constrained answer ({route})", "own_reference_error": float(f"{error:.3g}"),
                   "digits_vs_own_reference": round(digits, 1)}
    summary = (f"Checked against the constrained answer ({route}), not the free fit: {digits:.0f} digits agree. "
               f"Σr² = {rss:.6g}; the free fit's Σr² = {rss_free:.6g} (the constraints cost "
               f"{max(rss - rss_free, 0.0):.3g}).")
    warnings = result.warnings
    lost = spec.kappa_exponent * math.log10(kappa)
    if spec.kappa_exponent == 2 and lost >= WARN_DIGITS_LOST:
        warnings = (*warnings, f"κ(A) with unit columns ≈ {kappa:.1e}: the KKT matrix holds AᵀA, so {spec.name} can "
                               f"lose about {min(lost, 16):.0f} of the 16 significant digits here (it agrees with "
                               f"the reference to {digits:.0f}); the null-space method loses about "
                               f"{math.log10(kappa):.0f}.")
    if error > max(allowed, CONVICTION_MARGIN * reference_error) and result.status == "converged":
        return replace(result, status="failed", diagnostics=diagnostics,
                       message=f"Wrong answer: it differs from the constrained least-squares answer ({route}) by "
                               f"{error:.1e} (relative), more than rounding and κ allow ({allowed:.1e}).")
    if error > allowed:
        warnings = (*warnings, f"It differs from the constrained answer by {error:.1e} (relative), but on data this "
                               f"ill-conditioned the reference itself may be off by {reference_error:.1e}: neither "
                               "answer can be trusted to more digits.")
    return replace(result, message=" ".join(filter(None, [result.message, summary])), diagnostics=diagnostics,
                   warnings=warnings)


def _kappa(problem: Problem) -> float:
    """κ of A with unit columns (the reduced problem's κ is at most this)."""
    kappa = problem.cond_scaled
    return max(kappa, 1.0) if math.isfinite(kappa) else 1 / EPS


def _bounds_of_error(problem: Problem, spec, reference: np.ndarray, rss_reference: float) -> tuple[float, float]:
    """(what the method may be off by, what the reference may be off by): c·p·u·(κᵉ + κ²·tan φ), with
    tan φ = ‖r‖/(‖A‖·‖θ‖) in unit-column units (e = 1 for the reference's orthogonal route)."""
    scales = column_scales(problem.design)
    size = np.linalg.norm(problem.design / scales) / math.sqrt(problem.p)  # ≤ ‖A‖₂: lenient
    fitted = size * float(np.linalg.norm(reference * scales))
    tan_phi = math.sqrt(rss_reference) / fitted if fitted > 0 else 0.0
    kappa, u = _kappa(problem), EPS / 2
    method = ROUNDING_FACTOR * problem.p * u * (kappa ** spec.kappa_exponent + kappa ** 2 * tan_phi)
    reference_error = ROUNDING_FACTOR * problem.p * u * (kappa + kappa ** 2 * tan_phi)
    return method, reference_error

"""Numerical honesty: is an answer right, and how far can it be trusted?

Every answer is compared with the reference (`lstsq`) by its *normwise* relative error
‖θ − θref‖ / ‖θref‖, the measure the perturbation theory of least squares speaks of
(Higham, *Accuracy and Stability of Numerical Algorithms*, §20.1): a backward-stable method
may be off by about c·u·(κ + κ²·tan φ), with tan φ = ‖r‖ / (‖A‖·‖θ‖); a method that forms AᵀA
by about c·u·κ². An answer is called wrong only when its error is beyond what its method is
allowed on this data *and* beyond what the reference itself may be off by; a coefficient that
is zero (y = x has B0 = 0, to rounding) no longer counts as a digit lost. NIST's per-coefficient
log relative error (`lre`) is kept as information and for NIST's certified values.
Total least squares and least absolute deviations answer other problems than least squares:
they are checked against their own references (engine/own_references.py), never against lstsq.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .constrained.checking import assess_constrained
from .constrained.common import CONSTRAINED_METHODS
from .own_references import OWN_REFERENCE_METHODS, assess_own
from .precision import DOUBLE, Precision, get_precision
from .problem import EPS, Problem
from .registry import SOLVERS, SolverSpec
from .safe_norms import safe_norm
from .steps import Result

#: Significant decimal digits of a double: −log10(ε/2) ≈ 15.95; NIST-style LREs top out near 15.
DOUBLE_DIGITS = -math.log10(EPS / 2)
#: The unit roundoff u = ε/2.
UNIT_ROUNDOFF = EPS / 2
#: Warn when a method is expected to lose at least this many digits on the data.
WARN_DIGITS_LOST = 6.0
#: The constant c of the error bounds, per parameter (bounds grow like c·p·u·κ).
ROUNDING_FACTOR = 16.0
#: An answer off by more than this (less than one correct digit) is never excused by a large κ.
NO_DIGIT = 0.1
#: A reference convicts an answer only if the answer's error is this many times the reference's own.
CONVICTION_MARGIN = 10.0
#: The tolerance assumed for an iterative method that declares none.
DEFAULT_TOL = 1e-6


def lre(estimate, truth) -> float:
    """Log relative error, NIST's accuracy measure: min over parameters of −log10(|e − t|/|t|).

    Parameters whose true value is 0 use the absolute error. Capped at DOUBLE_DIGITS.
    """
    estimate = np.asarray(estimate, dtype=float)
    truth = np.asarray(truth, dtype=float)
    error = np.abs(estimate - truth)
    scale = np.where(truth != 0, np.abs(truth), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = -np.log10(error / scale)
    digits = np.where(np.isnan(digits), -np.inf, digits)
    return float(min(np.min(digits), DOUBLE_DIGITS)) if digits.size else DOUBLE_DIGITS


def relative_error(problem: Problem, theta, reference_theta) -> float:
    """‖D(θ − θref)‖ / ‖Dθref‖ with D = the column norms of A: the normwise error in units in which
    every column has length 1, so a coefficient of x ≈ 1e300 and the intercept count alike (and
    an error is the same whatever units the data were measured in). When θref = 0, the fitted
    part ‖Aθ‖ against the data ‖y‖ instead."""
    theta = np.asarray(theta, dtype=float)
    reference_theta = np.asarray(reference_theta, dtype=float)
    if not (np.all(np.isfinite(theta)) and np.all(np.isfinite(reference_theta))):
        return math.inf
    if dependent_columns(problem):
        return fit_error(problem, theta, reference_theta)
    weights = np.where(problem.column_norms > 0, problem.column_norms, 1.0)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        difference = safe_norm(weights * (theta - reference_theta))
        scale = safe_norm(weights * reference_theta)
    if not math.isfinite(difference):
        return math.inf
    if scale > 0:
        return difference / scale
    if difference == 0:
        return 0.0
    data = safe_norm(problem.y)
    return safe_norm(problem.design @ theta) / data if data > 0 else math.inf


def dependent_columns(problem: Problem) -> bool:
    """n < p, or columns dependent to rounding once each has unit length (so units don't matter:
    Filip's x¹⁰ column is large, yet NIST's certified values are unique)."""
    return problem.n < problem.p or problem.cond_scaled * max(problem.n, problem.p) * EPS >= 1.0


def fit_error(problem: Problem, theta, reference_theta) -> float:
    """‖A(θ − θref)‖ / ‖Aθref‖: when the columns are dependent, every θ plus a null-space vector
    fits equally well, so only the fitted values can be right or wrong."""
    with np.errstate(over="ignore", invalid="ignore"):
        difference = safe_norm(problem.design @ (np.asarray(theta) - np.asarray(reference_theta)))
        scale = safe_norm(problem.design @ np.asarray(reference_theta))
    if difference == 0:
        return 0.0
    if scale > 0:
        return difference / scale
    data = safe_norm(problem.y)
    return difference / data if data > 0 else math.inf


def error_digits(error: float) -> float:
    """Correct significant digits of a normwise relative error: −log10(error), capped."""
    if error <= 0:
        return DOUBLE_DIGITS
    return float(min(max(-math.log10(error), 0.0), DOUBLE_DIGITS)) if math.isfinite(error) else 0.0


def relevant_cond(problem: Problem, spec: SolverSpec) -> float:
    """κ of A with unit-length columns for scale-invariant methods, κ(A) itself otherwise."""
    return problem.cond_scaled if spec.scale_invariant else problem.cond


def digits_lost(problem: Problem, spec: SolverSpec) -> float:
    """Digits the method may lose on this data: exponent · log10 κ."""
    return spec.kappa_exponent * math.log10(max(relevant_cond(problem, spec), 1.0))


def predicted_digits(problem: Problem, spec: SolverSpec, precision: Precision = DOUBLE) -> float:
    """The digits κ and the unit roundoff leave the method: −log10(κᵉ·u) between 0 and the format's
    digits, e its κ exponent (2 for the iterations, which work from AᵀA and Aᵀy)."""
    exponent = spec.kappa_exponent if spec.direct else 2
    lost = exponent * math.log10(max(relevant_cond(problem, spec), 1.0))
    return float(min(max(precision.digits - lost, 0.0), precision.digits))


def residual_angle(problem: Problem, reference_theta) -> float:
    """tan φ = ‖r‖ / (‖A‖·‖θ‖): how far y lies from the column space (0 for an exact fit)."""
    reference_theta = np.asarray(reference_theta, dtype=float)
    fitted = safe_norm(problem.singular_values[:1]) * safe_norm(reference_theta)
    with np.errstate(over="ignore", invalid="ignore"):
        residual = safe_norm(problem.residual(reference_theta)) if fitted > 0 else 0.0
    return residual / fitted if fitted > 0 else 0.0


def error_bound(problem: Problem, kappa: float, exponent: int, tan_phi: float,
                unit_roundoff: float = UNIT_ROUNDOFF) -> float:
    """c·p·u·(κᵉ + κ²·tan φ): the error a method of that κ exponent may make on this data, u the
    unit roundoff of the precision it computed in."""
    if exponent == 0:
        return ROUNDING_FACTOR * problem.p * unit_roundoff
    kappa = np.float64(max(kappa, 1.0))
    with np.errstate(over="ignore", invalid="ignore"):
        sensitivity = kappa ** exponent + kappa ** 2 * tan_phi
    return ROUNDING_FACTOR * problem.p * unit_roundoff * float(sensitivity)


@dataclass(frozen=True)
class Verdict:
    """How an answer compares with the reference, and what κ and u allow it."""

    error: float            # normwise relative error against the reference
    allowed: float          # what the method may be off by on this data (the lenient bound)
    reference_error: float  # what the reference itself may be off by (its realistic bound)

    @property
    def within_bound(self) -> bool:
        return self.error <= max(min(self.allowed, NO_DIGIT), self.reference_error)

    @property
    def convicting(self) -> bool:
        """The reference is sure enough of itself to call this answer wrong."""
        return self.reference_error * CONVICTION_MARGIN < self.error and self.reference_error < NO_DIGIT


def judge(problem: Problem, spec: SolverSpec, theta, reference: Result, tol: float | None = None,
          unit_roundoff: float = UNIT_ROUNDOFF) -> Verdict:
    """The verdict on θ: its error, the bound of its method, and the reference's own bound.

    The bound of the method is lenient: the larger of κ(A) and κ of the column-scaled A, so a
    correct answer is never called wrong; the reference's bound is its realistic one (κ with unit
    columns for its scale-invariant pivoted QR). An iterative method may also be off by what its
    stopping tolerance allows: ‖θ − θ*‖ ≤ tol·κ(AᵀA)·‖θ*‖ from a start at 0.
    """
    error = relative_error(problem, theta, reference.theta)
    tan_phi = residual_angle(problem, reference.theta)
    lenient_kappa = max(problem.cond, problem.cond_scaled) if spec.kappa_exponent else 1.0
    exponent = spec.kappa_exponent if spec.direct else 2  # iterations work from AᵀA and Aᵀy
    allowed = error_bound(problem, _finite_rank_cond(problem, lenient_kappa), exponent, tan_phi, unit_roundoff)
    if not spec.direct:
        kappa = np.float64(_finite_rank_cond(problem, lenient_kappa))
        with np.errstate(over="ignore"):
            allowed += (tol if tol is not None else DEFAULT_TOL) * kappa ** 2
    reference_spec = SOLVERS.get(reference.method)
    reference_error = error_bound(problem, _finite_rank_cond(problem, relevant_cond(problem, reference_spec)),
                                  reference_spec.kappa_exponent, tan_phi)
    return Verdict(error=error, allowed=float(allowed), reference_error=float(reference_error))


def _finite_rank_cond(problem: Problem, kappa: float) -> float:
    """κ over the singular values that carry information: a rank-deficient A (a repeated or a
    zero column) has κ = ∞, but its minimum-norm answer is as well determined as κ of the rest."""
    if math.isfinite(kappa):
        return kappa
    s = problem.singular_values
    kept = s[s > problem.rank_tolerance]
    return float(kept[0] / kept[-1]) if kept.size else 1.0


def _kappa_phrase(problem: Problem, spec: SolverSpec) -> str:
    kappa = relevant_cond(problem, spec)
    if spec.kappa_exponent == 2:
        scaled = "κ(A) with unit columns" if spec.scale_invariant else "κ(A)"
        return f"{scaled} ≈ {kappa:.1e}, so κ(AᵀA) ≈ {kappa ** 2:.1e}"
    return f"{'κ(A) with unit columns' if spec.scale_invariant else 'κ(A)'} ≈ {kappa:.1e}"


def assess(problem: Problem, spec: SolverSpec, result: Result, reference: Result | None,
           params: Mapping[str, Any] | None = None) -> Result:
    """Add the accuracy warnings and the verdict of the comparison with the reference to a result.

    `params` are the hyperparameters the method ran with (an iterative method's tol widens
    what it may be off by).
    """
    if result.theta is None or spec.name == "exact":
        return result
    if spec.name in OWN_REFERENCE_METHODS:  # another problem than least squares: its own reference
        return assess_own(problem, result)
    if spec.name in CONSTRAINED_METHODS and (checked := assess_constrained(problem, spec, result)) is not None:
        return checked  # checked against the constrained answer, never against the free lstsq fit
    if "penalty" in result.diagnostics:
        note = (f"With the {result.diagnostics['penalty'].upper()} penalty the answer is not the plain "
                "least-squares solution, so it is not compared with lstsq.")
        return replace(result, warnings=(*result.warnings, note))
    if "chosen_rank" in result.diagnostics:  # svd-truncated below the data's rank: different by design
        note = (f"With rank {result.diagnostics['chosen_rank']} chosen below the data's own rank, the answer "
                "differs from the least-squares solution on purpose, so it is not compared with lstsq.")
        return replace(result, warnings=(*result.warnings, note))
    warnings = list(result.warnings)
    diagnostics = dict(result.diagnostics)
    precision = get_precision((params or {}).get("precision", "float64"))
    if precision.name != "float64":
        diagnostics["precision"] = precision.name
    verdict = None
    if reference is not None and reference.theta is not None and spec.name != reference.method:
        verdict = judge(problem, spec, result.theta, reference, _tolerance(spec, params), precision.unit_roundoff)
        diagnostics.update(relative_error=float(f"{verdict.error:.3g}") if math.isfinite(verdict.error) else None,
                           digits_vs_reference=round(error_digits(verdict.error), 1),
                           coefficient_digits=round(max(lre(result.theta, reference.theta), 0.0), 1))
    if verdict is not None and dependent_columns(problem):
        warnings.append(_not_unique_note(problem, result, reference))
    if spec.direct:
        lost = digits_lost(problem, spec)
        diagnostics["digits_expected"] = round(predicted_digits(problem, spec, precision), 1)
        truncated = result.diagnostics.get("rank", problem.p) < problem.p
        if lost >= min(WARN_DIGITS_LOST, precision.digits / 2) and not truncated:
            sentence = (f"{_kappa_phrase(problem, spec)}: {spec.name} can lose about "
                        f"{min(lost, precision.digits):.0f} of the {precision.digits:.0f} significant digits "
                        f"{precision.name} holds here")
            if verdict is not None:
                sentence += f"; it agrees with {reference.method} to {error_digits(verdict.error):.0f} digits"
            warnings.append(sentence + ".")
    else:  # the iterations work from AᵀA: at best about u·κ² (the stopping test may cost more)
        diagnostics["digits_expected"] = round(predicted_digits(problem, spec, precision), 1)
        if verdict is not None:
            warnings += _iterative_warnings(result, verdict)
    if verdict is not None and not verdict.within_bound:
        if verdict.convicting and result.status == "converged":
            message = _wrong_message(problem, spec, result, verdict, reference, precision)
            return replace(result, status="failed", message=message,
                           warnings=tuple(warnings), diagnostics=diagnostics)
        if not verdict.convicting:
            warnings.append(f"It differs from {reference.method} by {verdict.error:.1e} (relative), but on data "
                            f"this ill-conditioned {reference.method} itself may be off by "
                            f"{verdict.reference_error:.1e}: neither answer can be trusted to more digits.")
    return replace(result, warnings=tuple(warnings), diagnostics=diagnostics)


def _not_unique_note(problem: Problem, result: Result, reference: Result) -> str:
    with np.errstate(over="ignore", invalid="ignore"):
        apart = safe_norm(result.theta - reference.theta) / max(safe_norm(reference.theta), 1e-300)
    where = ("it is that one" if apart <= 1e-8 else
             f"this one differs from {reference.method}'s minimum-norm θ by {apart:.1e} (relative) and fits as well")
    return ("The columns of A are dependent"
            + (f" (n = {problem.n} < p = {problem.p})" if problem.n < problem.p else "")
            + f": many θ fit equally well, so the answer is judged by its fitted values; {where}.")


def _tolerance(spec: SolverSpec, params: Mapping[str, Any] | None) -> float | None:
    if spec.direct:
        return None
    declared = {h.name for h in spec.hyperparameters}
    if "tol" not in declared:
        return None
    return float(spec.parse_params(params or {})["tol"])


def _wrong_message(problem: Problem, spec: SolverSpec, result: Result, verdict: Verdict,
                   reference: Result, precision: Precision = DOUBLE) -> str:
    digits = error_digits(verdict.error)
    how = (f"it is off by {verdict.error:.1e} (relative)" if math.isfinite(verdict.error)
           else "its answer is not a finite number")
    exponent = spec.kappa_exponent if spec.direct else 2
    kappa = relevant_cond(problem, spec)
    if precision.name != "float64" and precision.predicted_digits(kappa, exponent) < 1:
        power = "κ" if exponent == 1 else "κ²"
        return (f"Wrong answer, as predicted: {how} against {reference.method} in float64 on the same data, "
                f"{digits:.0f} correct digits. {_kappa_phrase(problem, spec)}, and {power}·u({precision.name}) ≈ "
                f"{kappa ** exponent * precision.unit_roundoff:.1g} ≥ 1: {precision.name} keeps about "
                f"{precision.digits:.1f} digits, and this problem needs more than that. Compute in a wider precision"
                + (" or with QR instead of the normal equations." if exponent == 2 and spec.direct else "."))
    if spec.direct:
        cause = (f"{_kappa_phrase(problem, spec)} is too large for {spec.name}"
                 + (": forming AᵀA destroyed the information in the data." if spec.kappa_exponent == 2 else "."))
        return (f"Wrong answer: {how} against the reference ({reference.method}), {digits:.0f} correct digits, "
                f"more than κ and rounding can excuse. {cause}")
    return (f"Wrong answer: it stopped as converged after {result.iterations} iterations, but {how} against "
            f"the reference ({reference.method}), {digits:.0f} correct digits, more than its tolerance and κ allow.")


def _iterative_warnings(result: Result, verdict: Verdict) -> list[str]:
    """An iterative answer is only as good as the point where it stopped: say how good."""
    digits = error_digits(verdict.error)
    if digits >= 6:
        return []
    if result.status == "max_iter":
        return [f"Not converged: after {result.iterations} iterations the answer agrees with the exact "
                f"least-squares solution to only {digits:.0f} digits; raise max_iter or the learning rate."]
    return [f"The answer agrees with the exact least-squares solution to only {digits:.0f} digits; "
            "lower tol for more."]

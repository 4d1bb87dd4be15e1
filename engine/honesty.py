"""Numerical honesty: how many digits a method can be trusted with, and how many it got.

Every answer is compared with the reference (`lstsq`); an answer that disagrees with it in
every digit is reported as failed, and a method that is expected to lose many digits on
this data says so, naming κ and the digits, in words a student can follow.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .problem import EPS, Problem
from .registry import SOLVERS, SolverSpec
from .steps import Result

#: Significant decimal digits of a double: −log10(ε/2) ≈ 15.95; NIST-style LREs top out near 15.
DOUBLE_DIGITS = -math.log10(EPS / 2)
#: Warn when a method is expected to lose at least this many digits on the data.
WARN_DIGITS_LOST = 6.0


def lre(estimate, truth) -> float:
    """Log relative error, NIST's accuracy measure: min over parameters of −log10(|e − t|/|t|).

    Parameters whose true value is 0 use the absolute error. Capped at DOUBLE_DIGITS.
    """
    estimate = np.asarray(estimate, dtype=float)
    truth = np.asarray(truth, dtype=float)
    error = np.abs(estimate - truth)
    scale = np.where(truth != 0, np.abs(truth), 1.0)
    with np.errstate(divide="ignore"):
        digits = -np.log10(error / scale)
    return float(min(np.min(digits), DOUBLE_DIGITS)) if digits.size else DOUBLE_DIGITS


def relevant_cond(problem: Problem, spec: SolverSpec) -> float:
    """κ of A with unit-length columns for scale-invariant methods, κ(A) itself otherwise."""
    return problem.cond_scaled if spec.scale_invariant else problem.cond


def digits_lost(problem: Problem, spec: SolverSpec) -> float:
    """Digits the method may lose on this data: exponent · log10 κ."""
    return spec.kappa_exponent * math.log10(max(relevant_cond(problem, spec), 1.0))


def _kappa_phrase(problem: Problem, spec: SolverSpec) -> str:
    kappa = relevant_cond(problem, spec)
    scaled = " (columns scaled to unit length)" if spec.scale_invariant else ""
    if spec.kappa_exponent == 2:
        return f"κ(A) ≈ {kappa:.1e}{scaled}, so κ(AᵀA) ≈ {kappa ** 2:.1e}"
    return f"κ(A) ≈ {kappa:.1e}{scaled}"


def assess(problem: Problem, spec: SolverSpec, result: Result, reference: Result | None) -> Result:
    """Add the accuracy warnings and the comparison with the reference to a result."""
    if result.theta is None or spec.name == "exact":
        return result
    warnings = list(result.warnings)
    diagnostics = dict(result.diagnostics)
    if "penalty" in result.diagnostics:
        note = (f"With the {result.diagnostics['penalty'].upper()} penalty the answer is not the plain "
                "least-squares solution, so it is not compared with lstsq.")
        return replace(result, warnings=(*result.warnings, note))
    agreement = None
    if reference is not None and reference.theta is not None and spec.name != reference.method:
        agreement = lre(result.theta, reference.theta)
        diagnostics["digits_vs_reference"] = round(agreement, 1)
    if not spec.direct:
        return replace(result, warnings=tuple(warnings + _iterative_warnings(result, agreement)),
                       diagnostics=diagnostics)
    lost = digits_lost(problem, spec)
    diagnostics["digits_expected"] = round(max(0.0, DOUBLE_DIGITS - lost), 1)
    truncated = result.diagnostics.get("rank", problem.p) < problem.p
    if lost >= WARN_DIGITS_LOST and not truncated:
        sentence = (f"{_kappa_phrase(problem, spec)}: {spec.name} "
                    f"can lose about {min(lost, DOUBLE_DIGITS):.0f} of the 16 significant digits here")
        if agreement is not None:
            sentence += f"; it agrees with {reference.method} to {max(agreement, 0):.0f} digits"
        warnings.append(sentence + ".")
    if agreement is not None and agreement < 1 and _trusted(problem, reference):
        message = (f"Wrong answer: it disagrees with the reference ({reference.method}) in every digit. "
                   f"{_kappa_phrase(problem, spec)} is too large for "
                   f"{spec.name}" + (": forming AᵀA destroyed the information in the data."
                                     if spec.kappa_exponent == 2 else "."))
        return replace(result, status="failed", message=message, warnings=tuple(warnings),
                       diagnostics=diagnostics)
    return replace(result, warnings=tuple(warnings), diagnostics=diagnostics)


def _iterative_warnings(result: Result, agreement: float | None) -> list[str]:
    """An iterative answer is only as good as the point where it stopped: say how good."""
    if agreement is None or agreement >= 6:
        return []
    digits = max(agreement, 0)
    if result.status == "max_iter":
        return [f"Not converged: after {result.iterations} iterations the answer agrees with the exact "
                f"least-squares solution to only {digits:.0f} digits; raise max_iter or the learning rate."]
    return [f"The answer agrees with the exact least-squares solution to only {digits:.0f} digits; "
            "lower tol for more."]


def _trusted(problem: Problem, reference: Result) -> bool:
    """A reference that keeps at least two digits on this data can convict a wrong answer."""
    return DOUBLE_DIGITS - digits_lost(problem, SOLVERS.get(reference.method)) >= 2

"""When the normal equations cannot be trusted, in the words both the solver's message (which the
legend shows) and the last step of the hand calculation use: one sentence, written here once."""

from __future__ import annotations

import math

from .exact_text import decimal_text
from .problem import EPS, Problem

#: 1/ε: with κ(AᵀA) above it, AᵀA is singular to working precision (no digit of θ is left).
LIMIT = 1 / EPS


def scaled_gram_condition(problem: Problem) -> float:
    """κ(AᵀA) = κ(A)², A's columns scaled to unit length (units do not change the digits lost),
    from the problem's singular values: κ of the formed AᵀA would itself saturate near 1/ε."""
    if problem.n < problem.p:
        return math.inf  # AᵀA is p×p of rank at most n < p
    return problem.cond_scaled ** 2


def power_text(x: float) -> str:
    """2 significant digits with a power of ten, as the board writes numbers: 2.1×10¹⁶, ∞."""
    return decimal_text(x, 2)


def _kappa_text(kappa: float) -> str:
    return "κ(AᵀA) = ∞" if not math.isfinite(kappa) else f"κ(AᵀA) ≈ {power_text(kappa)}"


def singular_gram_sentence(kappa: float) -> str:
    """'AᵀA is singular to working precision: κ(AᵀA) ≈ 2.7×10¹⁹ > 1/ε ≈ 4.5×10¹⁵'."""
    return f"AᵀA is singular to working precision: {_kappa_text(kappa)} > 1/ε ≈ {power_text(LIMIT)}"


def cholesky_breakdown_sentence(kappa: float) -> str:
    """Cholesky met a pivot ≤ 0 although κ(AᵀA) was measured below 1/ε: rounding in forming AᵀA."""
    return (f"Cholesky broke down: AᵀA is not positive definite in floating point ({_kappa_text(kappa)}, "
            f"close to 1/ε ≈ {power_text(LIMIT)})")

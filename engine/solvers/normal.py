"""The normal equations AᵀA θ = Aᵀy: the seed's "Matrix Inversion", and Cholesky.

Fast (one O(n·p²) pass builds AᵀA, then everything is p×p) but they square the condition
number: κ(AᵀA) = κ(A)², so about twice as many digits are lost as with QR.
"""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import answer, failure, matrix_text, solution_step


def _singular_message(kappa_gram: float) -> str:
    return (f"AᵀA is numerically singular: κ(AᵀA) ≈ {kappa_gram:.1e} (columns scaled to unit "
            f"length) > 1/ε ≈ {1 / EPS:.1e}; "
            "the normal equations cannot be trusted here. Forming AᵀA squared the condition "
            "number of A; use householder, mgs or lstsq, or standardize the columns.")


def equilibrated_cond(gram: np.ndarray) -> float:
    """κ(D⁻¹AᵀAD⁻¹), D = √diag: what decides the digits lost (column scales do not matter)."""
    d = np.sqrt(np.diag(gram))
    if np.any(d == 0):
        return float("inf")
    return float(np.linalg.cond(gram / np.outer(d, d)))


def _checked_gram(problem: Problem, method: str):
    """Show AᵀA and Aᵀy; return (κ of the scaled AᵀA, a failure if it is numerically singular)."""
    yield Step(k=0, kind="gram", title="AᵀA = " + matrix_text(problem.gram),
               detail={"matrix": problem.gram, "labels": problem.working_labels})
    yield Step(k=1, kind="moment", title="Aᵀy = " + matrix_text(problem.aty),
               detail={"vector": problem.aty, "labels": problem.working_labels})
    kappa = equilibrated_cond(problem.gram)
    if not np.isfinite(kappa) or kappa > 1 / EPS:
        return kappa, failure(method, _singular_message(kappa), iterations=2, diagnostics={"cond_gram": kappa})
    return kappa, None


def run_normal_inverse(problem: Problem):
    """θ = (AᵀA)⁻¹ Aᵀy, exactly as written on the board (inverse, then product)."""
    kappa, singular = yield from _checked_gram(problem, "normal-inverse")
    if singular:
        return singular
    gram = problem.gram
    inverse = np.linalg.inv(gram)
    detail = {"matrix": inverse, "determinant": float(np.linalg.det(gram)), "cond_gram": kappa}
    yield Step(k=2, kind="inverse", title="(AᵀA)⁻¹ = " + matrix_text(inverse), detail=detail)
    theta = inverse @ problem.aty
    yield solution_step(problem, 3, theta, "θ = (AᵀA)⁻¹ Aᵀy = " + matrix_text(theta))
    return answer(problem, "normal-inverse", theta, iterations=4, diagnostics={"cond_gram": kappa})


def run_normal_cholesky(problem: Problem):
    """AᵀA = LLᵀ, then L z = Aᵀy and Lᵀθ = z: the normal equations without an inverse."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    kappa, singular = yield from _checked_gram(problem, "normal-cholesky")
    if singular:
        return singular
    gram = problem.gram
    try:
        lower = np.linalg.cholesky(gram)
    except np.linalg.LinAlgError:
        return failure("normal-cholesky", "Cholesky broke down: AᵀA is not positive definite in "
                       f"floating point (κ(AᵀA) ≈ {kappa:.1e}); " + _singular_message(kappa),
                       iterations=2, diagnostics={"cond_gram": kappa})
    yield Step(k=2, kind="cholesky", title="AᵀA = L Lᵀ, L = " + matrix_text(lower),
               detail={"matrix": lower, "cond_gram": kappa})
    z = scipy.linalg.solve_triangular(lower, problem.aty, lower=True)
    yield Step(k=3, kind="forward-substitute", title="L z = Aᵀy → z = " + matrix_text(z),
               detail={"vector": z})
    theta = scipy.linalg.solve_triangular(lower.T, z, lower=False)
    yield solution_step(problem, 4, theta, "Lᵀθ = z")
    return answer(problem, "normal-cholesky", theta, iterations=5, diagnostics={"cond_gram": kappa})


SOLVERS.add(SolverSpec(
    name="normal-inverse", label="Matrix inversion (normal equations)", family="Normal equations",
    summary="θ = (AᵀA)⁻¹Aᵀy, the seed's matrix inversion. Fast, but κ(AᵀA) = κ(A)²: "
            "loses twice the digits of QR on ill-conditioned data.",
    run=run_normal_inverse, kappa_exponent=2))

SOLVERS.add(SolverSpec(
    name="normal-cholesky", label="Cholesky (normal equations)", family="Normal equations",
    summary="Solve AᵀAθ = Aᵀy by the Cholesky factorisation AᵀA = LLᵀ: no inverse, "
            "but still κ(A)² sensitivity.",
    run=run_normal_cholesky, kappa_exponent=2))

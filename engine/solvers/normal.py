"""The normal equations AᵀA θ = Aᵀy: the course notes' "Matrix Inversion", and Cholesky.

Fast (one O(n·p²) pass builds AᵀA, then everything is p×p) but they square the condition
number: κ(AᵀA) = κ(A)², so about twice as many digits are lost as with QR.
"""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..singular_gram import LIMIT, cholesky_breakdown_sentence, scaled_gram_condition, singular_gram_sentence
from ..steps import Step
from .common import answer, failure, matrix_text, solution_step

#: κ of the formed AᵀA below this fraction of 1/ε is trusted as it is (p × p work); above it,
#: κ(AᵀA) is taken from A's singular values (one QR of A), which the formed AᵀA underestimates.
SCREEN = 1e-6
ADVICE = ("the normal equations cannot be trusted here. Forming AᵀA squared the condition number of A "
          "(κ is measured with the columns scaled to unit length); use householder, mgs or lstsq, or "
          "standardize the columns.")


def equilibrated_cond(gram: np.ndarray) -> float:
    """κ(D⁻¹AᵀAD⁻¹), D = √diag: what decides the digits lost (column scales do not matter)."""
    d = np.sqrt(np.diag(gram))
    if np.any(d == 0):
        return float("inf")
    return float(np.linalg.cond(gram / np.outer(d, d)))


def _give_up(method: str, k: int, sentence: str, kappa: float, test: str):
    """The failing step (the board's last: what failed, with the comparison), then the failure."""
    yield Step(k=k, kind="failed", title=sentence, detail={"cond_gram": kappa, "test": test})
    return failure(method, f"{sentence}; {ADVICE}", iterations=k + 1, diagnostics={"cond_gram": kappa})


def _checked_gram(problem: Problem, method: str):
    """Show AᵀA and Aᵀy; return (κ(AᵀA) with unit columns, a failure if it exceeds 1/ε)."""
    yield Step(k=0, kind="gram", title="AᵀA = " + matrix_text(problem.gram),
               detail={"matrix": problem.gram, "labels": problem.working_labels})
    yield Step(k=1, kind="moment", title="Aᵀy = " + matrix_text(problem.aty),
               detail={"vector": problem.aty, "labels": problem.working_labels})
    kappa = equilibrated_cond(problem.gram)
    if np.isfinite(kappa) and kappa <= SCREEN * LIMIT:
        return kappa, None
    kappa = scaled_gram_condition(problem)
    if kappa <= LIMIT:
        return kappa, None
    singular = yield from _give_up(method, 2, singular_gram_sentence(kappa), kappa, "singular")
    return kappa, singular


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
        return (yield from _give_up("normal-cholesky", 2, cholesky_breakdown_sentence(kappa), kappa, "cholesky"))
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
    summary="θ = (AᵀA)⁻¹Aᵀy, the textbook's matrix inversion. Fast, but κ(AᵀA) = κ(A)²: "
            "loses twice the digits of QR on ill-conditioned data.",
    run=run_normal_inverse, kappa_exponent=2))

SOLVERS.add(SolverSpec(
    name="normal-cholesky", label="Cholesky (normal equations)", family="Normal equations",
    summary="Solve AᵀAθ = Aᵀy by the Cholesky factorisation AᵀA = LLᵀ: no inverse, "
            "but still κ(A)² sensitivity.",
    run=run_normal_cholesky, kappa_exponent=2))

"""The normal equations AᵀA θ = Aᵀy: the course notes' "Matrix Inversion", and Cholesky.

Fast (one O(n·p²) pass builds AᵀA, then everything is p×p) but they square the condition
number: κ(AᵀA) = κ(A)², so about twice as many digits are lost as with QR.

Both compute in the problem's precision: AᵀA and Aᵀy as inner products in it, then LAPACK's
float32 routines for float32, and this package's own kernels (low_precision: Gauss-Jordan,
Cholesky, triangular solves) for the emulated float16 and bfloat16, which LAPACK does not have.
"""

from __future__ import annotations

import math

import numpy as np

from ..precision import PRECISION_NAMES, Precision
from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..singular_gram import (
    LIMIT,
    cholesky_breakdown_sentence,
    power_text,
    scaled_gram_condition,
    singular_gram_sentence,
)
from ..steps import Step
from .common import answer, failure, in_precision, matrix_text, precision_of, solution_step, working_matrix
from .low_precision import back_substitute, cholesky, forward_substitute, gauss_jordan_inverse, rounding

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


def gram_in(problem: Problem, precision: Precision) -> tuple[np.ndarray, np.ndarray]:
    """AᵀA and Aᵀy formed in `precision` (each entry an inner product rounded once); float64's are
    the problem's own cached ones."""
    if precision.name == "float64":
        return problem.gram, problem.aty
    fl = rounding(precision)
    a = working_matrix(problem, precision)
    gram = np.triu(fl(a.T @ a))
    gram = gram + np.triu(gram, 1).T          # symmetric by copying, not by arithmetic
    return gram, fl(a.T @ precision.fl(problem.y))


def _singular_sentence(kappa: float, precision: Precision) -> str:
    if precision.name == "float64":
        return singular_gram_sentence(kappa)
    kappa_text = "κ(AᵀA) = ∞" if not np.isfinite(kappa) else f"κ(AᵀA) ≈ {power_text(kappa)}"
    return (f"AᵀA is singular in {precision.name}: {kappa_text} > 1/ε ≈ {power_text(1 / precision.epsilon)}, "
            f"the limit of {precision.name}")


def _checked_gram(problem: Problem, method: str, gram: np.ndarray, aty: np.ndarray, precision: Precision):
    """Show AᵀA and Aᵀy; return (κ(AᵀA) with unit columns, a failure if it exceeds 1/ε of the precision)."""
    yield Step(k=0, kind="gram", title="AᵀA = " + matrix_text(gram) + in_precision(precision),
               detail={"matrix": gram, "labels": problem.working_labels})
    yield Step(k=1, kind="moment", title="Aᵀy = " + matrix_text(aty) + in_precision(precision),
               detail={"vector": aty, "labels": problem.working_labels})
    if not (np.all(np.isfinite(gram)) and np.all(np.isfinite(aty))):  # a sum of squares beyond the format
        largest = float(np.max(np.abs(np.asarray(problem.matrix, dtype=float)))) ** 2 * problem.n
        sentence = (f"AᵀA overflows {precision.name}: its sums of squares reach about {largest:.2g}, beyond "
                    f"{precision.name}'s largest number {precision.largest:.6g}")
        return math.inf, (yield from _give_up(method, 2, sentence, math.inf, "overflow"))
    limit = LIMIT if precision.name == "float64" else 1 / precision.epsilon
    kappa = equilibrated_cond(np.asarray(gram, dtype=float))
    if np.isfinite(kappa) and kappa <= SCREEN * limit:
        return kappa, None
    kappa = scaled_gram_condition(problem)
    if kappa <= limit:
        return kappa, None
    singular = yield from _give_up(method, 2, _singular_sentence(kappa, precision), kappa, "singular")
    return kappa, singular


def run_normal_inverse(problem: Problem):
    """θ = (AᵀA)⁻¹ Aᵀy, exactly as written on the board (inverse, then product)."""
    precision = precision_of(problem)
    gram, aty = gram_in(problem, precision)
    kappa, singular = yield from _checked_gram(problem, "normal-inverse", gram, aty, precision)
    if singular:
        return singular
    inverse = gauss_jordan_inverse(gram, precision) if precision.emulated else np.linalg.inv(gram)
    if inverse is None:
        return (yield from _give_up("normal-inverse", 2, f"AᵀA has no inverse in {precision.name}: "
                                    "a pivot of the elimination came out 0", kappa, "singular"))
    detail = {"matrix": inverse, "determinant": float(np.linalg.det(np.asarray(gram, dtype=float))),
              "cond_gram": kappa}
    yield Step(k=2, kind="inverse", title="(AᵀA)⁻¹ = " + matrix_text(inverse) + in_precision(precision),
               detail=detail)
    theta = rounding(precision)(inverse @ aty)
    yield solution_step(problem, 3, theta, "θ = (AᵀA)⁻¹ Aᵀy = " + matrix_text(theta) + in_precision(precision))
    return answer(problem, "normal-inverse", theta, iterations=4, diagnostics={"cond_gram": kappa})


def run_normal_cholesky(problem: Problem):
    """AᵀA = LLᵀ, then L z = Aᵀy and Lᵀθ = z: the normal equations without an inverse."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    precision = precision_of(problem)
    gram, aty = gram_in(problem, precision)
    kappa, singular = yield from _checked_gram(problem, "normal-cholesky", gram, aty, precision)
    if singular:
        return singular
    try:
        lower = cholesky(gram, precision) if precision.emulated else np.linalg.cholesky(gram)
    except np.linalg.LinAlgError:
        lower = None
    if lower is None:
        return (yield from _give_up("normal-cholesky", 2, _breakdown_sentence(kappa, precision), kappa, "cholesky"))
    yield Step(k=2, kind="cholesky", title="AᵀA = L Lᵀ, L = " + matrix_text(lower) + in_precision(precision),
               detail={"matrix": lower, "cond_gram": kappa})
    if precision.emulated:
        z = forward_substitute(lower, aty, precision)
    else:
        z = scipy.linalg.solve_triangular(lower, aty, lower=True)
    yield Step(k=3, kind="forward-substitute", title="L z = Aᵀy → z = " + matrix_text(z) + in_precision(precision),
               detail={"vector": z})
    if precision.emulated:
        theta = back_substitute(lower.T.copy(), z, precision)
    else:
        theta = scipy.linalg.solve_triangular(lower.T, z, lower=False)
    yield solution_step(problem, 4, theta, "Lᵀθ = z" + in_precision(precision))
    return answer(problem, "normal-cholesky", theta, iterations=5, diagnostics={"cond_gram": kappa})


def _breakdown_sentence(kappa: float, precision: Precision) -> str:
    if precision.name == "float64":
        return cholesky_breakdown_sentence(kappa)
    return (f"Cholesky broke down: AᵀA is not positive definite in {precision.name} "
            f"(κ(AᵀA) ≈ {power_text(kappa)}, close to 1/ε ≈ {power_text(1 / precision.epsilon)})")


SOLVERS.add(SolverSpec(
    name="normal-inverse", label="Matrix inversion (normal equations)", family="Normal equations",
    summary="θ = (AᵀA)⁻¹Aᵀy, the textbook's matrix inversion. Fast, but κ(AᵀA) = κ(A)²: "
            "loses twice the digits of QR on ill-conditioned data. Computes in any precision "
            "(float16 and bfloat16 emulated, with its own Gauss-Jordan elimination).",
    run=run_normal_inverse, kappa_exponent=2, precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="normal-cholesky", label="Cholesky (normal equations)", family="Normal equations",
    summary="Solve AᵀAθ = Aᵀy by the Cholesky factorisation AᵀA = LLᵀ: no inverse, "
            "but still κ(A)² sensitivity. Computes in any precision (float16 and bfloat16 emulated, "
            "with its own Cholesky and triangular solves).",
    run=run_normal_cholesky, kappa_exponent=2, precisions=PRECISION_NAMES))

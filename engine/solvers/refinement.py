"""Iterative refinement in mixed precision: factor A once in float16, correct with float64 residuals.

The modern GPU practice (Carson & Higham 2018; Higham & Mary, Acta Numerica 2022): the O(n·p²)
factorisation runs in a cheap low precision (float16, bfloat16 or float32), and each refinement
costs O(n·p) in float64: r = y − Aθ and Aᵀr in float64, then the correction δ from the low-precision
factor R̂ by the corrected semi-normal equations R̂ᵀR̂ δ = Aᵀr (Björck 1987), and θ ← θ + δ in float64.

What converges. The error of θ shrinks each step by the matrix I − (R̂ᵀR̂)⁻¹AᵀA, whose eigenvalues are
about κ(A)·u(low) in size: refinement regains digits when κ(A)·u(low) < 1 (the first steps can be slower,
up to κ(A)²·u(low)), and it stops at the accuracy of float64 itself. Because Aᵀr is formed in float64,
this holds for a non-zero residual too. The plain correction δ = R̂⁻¹Q̂ᵀr, which is enough for a
consistent or small-residual problem (rate ≈ κ·u(low)), would stall on fitted data at an error
≈ κ²·u(low)·‖r‖/(‖A‖·‖θ‖) while its corrections vanish: it would call a wrong answer converged.
When κ(A)·u(low) ≳ 1 the corrections do not shrink: the run stops and says so (diverged or failed).

Each column of A is scaled by a power of two (exact) so its largest entry is 1 before rounding to the
low precision ("squeezing" a matrix into half precision, Higham, Pranesh & Zounon 2019): float16 stops
at 65504, and x² of data near 300 would overflow it. The right-hand sides are scaled the same way.

Registered as a direct method: a factorisation followed by at most `max_steps` corrections, with no
start point, learning rate or tolerance to choose; its answer is judged like Householder's (its error
grows with κ(A), not κ(A)² as an iteration on AᵀA would), and each step is a line on the board.
"""

from __future__ import annotations

import math

import numpy as np

from ..precision import Precision, get_precision
from ..problem import EPS, Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Step
from .common import answer, dependent_column_message, failure, underdetermined
from .householder_kernel import householder_factor
from .low_precision import back_substitute, forward_substitute

#: The formats the factorisation may run in (float64 would leave nothing to refine).
FACTOR_PRECISIONS = ("float16", "bfloat16", "float32")
#: Corrections within this many float64 roundings of the attainable accuracy are rounding noise.
ROUNDING_FACTOR = 16.0


def _power_of_two_at_most(size: float) -> float:
    """2^e with 2^e ≤ size < 2^(e+1) (1 for 0): dividing by it is exact."""
    if size <= 0 or not math.isfinite(size):
        return 1.0
    return math.ldexp(1.0, math.frexp(size)[1] - 1)


class _LowPrecisionSolver:
    """The low-precision factor of A·D (D: column scales, powers of two), used for every solve."""

    def __init__(self, matrix: np.ndarray, low: Precision):
        largest = np.max(np.abs(matrix), axis=0)
        self.column_scale = np.array([1.0 / _power_of_two_at_most(v) for v in largest])
        self.low = low
        self.factor = householder_factor(low.array(matrix * self.column_scale), low)
        self.r = self.factor.r

    @property
    def singular(self) -> bool:
        diagonal = np.diag(self.r).astype(np.float64)
        return bool(not np.all(np.isfinite(self.r)) or np.any(diagonal == 0))

    def least_squares(self, rhs: np.ndarray) -> np.ndarray:
        """θ with A θ ≈ rhs from the low-precision Q̂R̂ (the low-precision answer alone)."""
        size = _power_of_two_at_most(float(np.max(np.abs(rhs))))
        theta = self.factor.solve(self.low.array(rhs / size))
        return np.asarray(theta, dtype=np.float64) * size * self.column_scale

    def normal_solve(self, gradient: np.ndarray) -> np.ndarray:
        """δ with R̂ᵀR̂ δ ≈ Aᵀr = `gradient` (in the scaled columns), by two triangular solves."""
        scaled = gradient * self.column_scale
        size = _power_of_two_at_most(float(np.max(np.abs(scaled))))
        h = forward_substitute(self.r.T, self.low.array(scaled / size), self.low)
        z = back_substitute(self.r, h, self.low)
        return np.asarray(z, dtype=np.float64) * size * self.column_scale


def _too_inaccurate(problem: Problem, low: Precision, what: str) -> str:
    """Why refinement cannot work here, in κ(A)·u(low)."""
    kappa = problem.cond_scaled
    product = kappa * low.unit_roundoff
    instead = ("Factor in float32" if low.name != "float32"
               else "Use householder or lstsq, which factor in float64")
    if product >= 1:
        return (f"κ(A) with unit columns ≈ {kappa:.1e}, so κ(A)·u({low.name}) ≈ {product:.2g} > 1: the {low.name} "
                f"factors are too inaccurate to refine ({what}). {instead}, or improve the conditioning "
                "(View > Scaling: standardize, or a lower degree).")
    return (f"{what[0].upper()}{what[1:]}, although κ(A)·u({low.name}) ≈ {product:.2g} < 1: the {low.name} "
            f"factors lose too much to rounding on these data. {instead}.")


def _attainable(problem: Problem, theta_size: float, residual_norm: float) -> float:
    """The relative error float64 itself may leave in a least-squares answer: c·u·(κ + κ²·tan φ),
    with κ and tan φ = ‖r‖/‖Dθ‖ of A with unit columns (D: the column norms)."""
    kappa = problem.cond_scaled
    tan_phi = residual_norm / theta_size if theta_size > 0 else 0.0
    return ROUNDING_FACTOR * problem.p * (EPS / 2) * (kappa + kappa * kappa * tan_phi)


def _stalled(problem: Problem, low: Precision, corrections: list[float], size: float, theta_size: float,
             residual_norm: float) -> tuple[str, str]:
    """(status, message) when a correction is no smaller than the one before (sizes are ‖D·‖).

    Converged only if the corrections had shrunk (tenfold at least) down to the rounding noise of
    float64 on these data; otherwise the low-precision factors could not refine.
    """
    theta_norm = theta_size or 1.0
    reached, first = corrections[-1] / theta_norm, corrections[0] / theta_norm
    if reached <= _attainable(problem, theta_size, residual_norm) and reached * 10 <= first:
        return "converged", (f"The corrections stopped shrinking at {reached:.1e} of θ, float64's own rounding "
                             f"level on these data: θ is as accurate as float64 allows, from {low.name} factors.")
    grew = "grew" if size > corrections[-1] else "stopped shrinking"
    return ("diverged" if size > corrections[-1] else "failed",
            _too_inaccurate(problem, low, f"the corrections {grew} at {size / theta_norm:.1e} of θ"))


def _dependent(problem: Problem):
    """The failure for linearly dependent columns (no unique answer to refine towards)."""
    pivots = np.abs(np.diag(np.linalg.qr(problem.matrix, mode="r")))
    below = pivots <= problem.rank_tolerance  # the first such column is one the earlier ones already make
    j = int(np.argmax(below)) if below.any() else int(np.argmin(pivots))
    return failure("refine", dependent_column_message(problem, j, float(pivots[j])), iterations=0)


def _step(problem: Problem, k: int, theta: np.ndarray, title: str, **detail) -> Step:
    loss = 0.5 * detail["residual_norm"] ** 2 * problem.loss_scale
    return Step(k=k, kind="refine" if k else "low-precision-solve", title=title, loss=loss,
                theta=problem.to_original(theta), detail={"refinement": k, **detail})


def run_refine(problem: Problem, factor_precision: str = "float16", max_steps: int = 10):
    """Factor once in `factor_precision`, solve; then up to `max_steps` float64-residual corrections."""
    if (short := underdetermined(problem, "refine")) is not None:
        return short
    low = get_precision(factor_precision)
    a, y = problem.matrix, problem.y
    norms = np.linalg.norm(a, axis=0)
    weights = np.where(norms > 0, norms, 1.0)  # sizes in units where every column has length 1
    if problem.rank < problem.p:
        return _dependent(problem)
    solver = _LowPrecisionSolver(a, low)
    if solver.singular:
        return failure("refine", _too_inaccurate(problem, low, f"the {low.name} factor R̂ is singular"), iterations=0)
    theta = solver.least_squares(y)
    residual_norm = float(np.linalg.norm(y - a @ theta))
    yield _step(problem, 0, theta, f"A factored once in {low.name} (Householder QR): θ = R̂⁻¹Q̂ᵀy "
                f"in {low.name} alone", correction_norm=None, residual_norm=residual_norm,
                factor_precision=low.name)
    corrections: list[float] = []  # ‖Dδ‖ of each correction applied
    relative: list[float] = []     # ‖Dδ‖/‖Dθ‖: how much of θ each correction changed
    status, message = "max_iter", ""
    for k in range(1, max_steps + 1):
        delta = solver.normal_solve(a.T @ (y - a @ theta))
        size, weighted = float(np.linalg.norm(delta)), float(np.linalg.norm(weights * delta))
        theta_size = float(np.linalg.norm(weights * theta))
        if not math.isfinite(weighted):
            status, message = "diverged", _too_inaccurate(problem, low, "the correction is not a finite number")
            break
        if corrections and weighted >= corrections[-1]:
            status, message = _stalled(problem, low, corrections, weighted, theta_size, residual_norm)
            break
        theta = theta + delta
        corrections.append(weighted)
        relative.append(weighted / (float(np.linalg.norm(weights * theta)) or 1.0))
        residual_norm = float(np.linalg.norm(y - a @ theta))
        yield _step(problem, k, theta, f"r = y − Aθ in float64; solve for δ with the {low.name} factors; "
                    f"θ ← θ + δ  (‖δ‖ = {size:.2e})", correction_norm=size, residual_norm=residual_norm,
                    factor_precision=low.name)
        if relative[-1] <= problem.p * (EPS / 2):
            status = "converged"
            message = (f"The last correction is below float64's resolution of θ: refined to float64 accuracy "
                       f"from {low.name} factors.")
            break
    if status == "max_iter":
        message = (f"After {max_steps} refinements the corrections still shrink (the last changed θ by "
                   f"{relative[-1]:.1e} of itself); allow more steps (max_steps) for more digits.")
    diagnostics = {"factor_precision": low.name, "refinements": len(corrections),
                   "relative_corrections": tuple(float(f"{c:.3g}") for c in relative)}
    return answer(problem, "refine", theta, iterations=len(corrections), status=status, message=message,
                  diagnostics=diagnostics)


SOLVERS.add(SolverSpec(
    name="refine", label="Iterative refinement (mixed precision)", family="Mixed precision",
    summary="Factor A once in float16 (or bfloat16, float32), then correct θ with residuals computed in "
            "float64: the digits come back at each step when κ(A)·u(low) < 1.",
    run=run_refine, kappa_exponent=1,
    hyperparameters=(
        Hyperparameter("factor_precision", "choice", "float16",
                       "The format A is factored in (once): float16 keeps 3.3 digits, bfloat16 2.4, float32 7.2. "
                       "The corrections are computed in float64.", choices=FACTOR_PRECISIONS),
        Hyperparameter("max_steps", "int", 10, "The most refinement steps (each costs two products with A "
                       "in float64 and two triangular solves in the low precision).", low=1, high=100),
    )))

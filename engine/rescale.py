"""Data whose numbers would overflow or underflow AᵀA: solve it rescaled by powers of two.

With y near 1e300, yᵀy and Aᵀy are ∞; near 1e-300 they are 0 — and every method that works
from them (the normal equations, every optimizer) would report a number computed from ∞ or
from nothing. Dividing each column of A and y by a power of two is exact (no digit is lost),
brings the numbers near 1, and the answer maps back exactly: with A = A'·C and y = σ·y',
θ = σ·C⁻¹θ', L(θ) = σ²·L'(θ') and ∇L(θ) = σ·C·∇L'(θ').
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass, replace

import numpy as np

from .problem import Problem
from .safe_norms import column_sizes, safe_norm
from .steps import Result, Step

#: Columns (and y) whose size times √n stays within 2^±SAFE_EXPONENT square and sum safely.
SAFE_EXPONENT = 400


def _power_of_two(size: float) -> float:
    """The power of two nearest to `size` (1 for 0): dividing by it is exact."""
    return 1.0 if size == 0 or not math.isfinite(size) else math.ldexp(1.0, math.frexp(size)[1] - 1)


def _unsafe(size: float, rows: int) -> bool:
    if size == 0:
        return False
    exponent = math.log2(size) + 0.5 * math.log2(rows)
    return abs(exponent) > SAFE_EXPONENT


@dataclass(frozen=True)
class Rescaling:
    """A = A'·diag(columns), y = sigma·y': the factors are powers of two."""

    columns: np.ndarray
    sigma: float

    def theta_to_original(self, theta_scaled) -> np.ndarray:
        with np.errstate(over="ignore", under="ignore"):
            return np.asarray(theta_scaled, dtype=float) * self.sigma / self.columns

    def theta_to_scaled(self, theta) -> np.ndarray:
        with np.errstate(over="ignore", under="ignore"):
            return np.asarray(theta, dtype=float) * self.columns / self.sigma

    def loss_to_original(self, loss: float | None) -> float | None:
        if loss is None:
            return None
        with np.errstate(over="ignore", under="ignore"):
            return float(np.float64(loss) * self.sigma * self.sigma)


def rescaling_for(problem: Problem, *, via_gram: bool = True) -> Rescaling | None:
    """The powers of two that bring A and y near 1, or None when the data are safe as they are.

    `via_gram`: measure the columns on the diagonal of AᵀA, for a solver that forms AᵀA anyway
    (it is cached); else in one pass of their own, which costs a QR method less than AᵀA would."""
    sizes = _column_sizes(problem, via_gram)
    with np.errstate(over="ignore", under="ignore"):
        y_size = _rms_size(problem.y, float(problem.y @ problem.y) if problem.n else 0.0)
    if not any(_unsafe(float(s), problem.n) for s in (*sizes, y_size)):
        return None
    columns = np.array([_power_of_two(float(s)) for s in sizes])
    return Rescaling(columns=columns, sigma=_power_of_two(y_size))


def _column_sizes(problem: Problem, via_gram: bool) -> np.ndarray:
    """A size per column of A for the check: the root mean square √(‖aⱼ‖²/n), from the column sums
    of squares (a column-by-column maximum reads a tall C-ordered matrix with a stride and costs
    ten times more at p = 11). A sum that overflowed or underflowed to 0 is a column that needs
    rescaling: its size is then its largest entry, measured exactly."""
    if problem.n == 0:
        return np.zeros(problem.p)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        if via_gram and problem._is_identity:
            squares = np.diag(problem.gram)
        else:
            squares = np.einsum("ij,ij->j", problem.design, problem.design)
    return np.array([_rms_size(problem.design[:, j], float(squares[j])) for j in range(problem.p)])


def _rms_size(vector: np.ndarray, square_sum: float) -> float:
    """√(square_sum/n) for a vector whose sum of squares is `square_sum`; its largest entry when
    that sum overflowed or underflowed (a vector that needs rescaling, measured exactly)."""
    if vector.size == 0:
        return 0.0
    if math.isfinite(square_sum) and square_sum >= np.finfo(float).tiny:
        return math.sqrt(square_sum / vector.size)
    return float(column_sizes(vector.reshape(-1, 1))[0])


def rescaled_problem(problem: Problem, rescaling: Rescaling) -> Problem:
    """The same model on A' = A·C⁻¹ and y' = y/σ (the solver never sees the original numbers)."""
    return Problem(problem.design / rescaling.columns, problem.y / rescaling.sigma,
                   column_labels=problem.column_labels, parameter_names=problem.parameter_names,
                   intercept=problem.intercept, basis_order=problem.basis_order, scaling=problem.scaling,
                   loss=problem.loss_kind, name=problem.name)


RESCALED_NOTE = ("The data's numbers are so large or so small that AᵀA, Aᵀy or yᵀy would overflow or "
                 "underflow floating point, so this method ran on the data divided by powers of two (exact, "
                 "no digit lost) and its answer was mapped back.")


def run_rescaled(steps: Generator[Step, None, Result], rescaling: Rescaling) -> Generator[Step, None, Result]:
    """The solver's steps and Result, mapped from the rescaled data back to the original units."""
    first = True
    try:
        step = next(steps)
        while True:
            yield _step_to_original(step, rescaling, first)
            first = False
            step = next(steps)
    except StopIteration as stop:
        return _result_to_original(stop.value, rescaling)


def _step_to_original(step: Step, rescaling: Rescaling, first: bool) -> Step:
    detail = dict(step.detail)
    grad_norm = step.grad_norm
    gradient = detail.get("gradient")
    if gradient is not None and np.ndim(gradient) == 1 and len(gradient) == len(rescaling.columns):
        with np.errstate(over="ignore", under="ignore"):
            detail["gradient"] = np.asarray(gradient) * rescaling.sigma * rescaling.columns
        grad_norm = safe_norm(detail["gradient"])
    elif grad_norm is not None:
        grad_norm = None  # its units are unknown: better none than a wrong one
    title = step.title + ("  (on the data rescaled by powers of two)" if first else "")
    return replace(step, title=title,
                   theta=None if step.theta is None else rescaling.theta_to_original(step.theta),
                   loss=rescaling.loss_to_original(step.loss), grad_norm=grad_norm, detail=detail)


def _result_to_original(result: Result, rescaling: Rescaling) -> Result:
    warnings = [RESCALED_NOTE, *result.warnings]
    theta = None if result.theta is None else rescaling.theta_to_original(result.theta)
    loss = rescaling.loss_to_original(result.loss)
    residual_norm = None if result.residual_norm is None else result.residual_norm * rescaling.sigma
    if theta is not None and not np.all(np.isfinite(theta)):
        return replace(result, theta=None, status="failed", loss=None, residual_norm=None,
                       warnings=tuple(warnings),
                       message="The answer is beyond the range of floating-point numbers (|θ| > 1.8e308): "
                               "rescale the data, e.g. measure y in other units.")
    if loss is not None and not math.isfinite(loss):
        exponent = math.log10(result.loss) + 2 * math.log10(rescaling.sigma) if result.loss else 0.0
        warnings.append(f"The loss, about 1e{exponent:.0f}, is beyond the largest floating-point number "
                        "(1.8e308), so it is not given as a number.")
        loss = None
    if residual_norm is not None and not math.isfinite(residual_norm):
        residual_norm = None
    return replace(result, theta=theta, loss=loss, residual_norm=residual_norm, warnings=tuple(warnings))

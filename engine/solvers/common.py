"""Pieces every direct solver shares: the answer, the failure, back substitution."""

from __future__ import annotations

from collections.abc import Generator

import numpy as np

from ..precision import DOUBLE, Precision, get_precision
from ..problem import EPS, Problem
from ..steps import DETAIL_ROWS, Result, Step
from .low_precision import rounding


def precision_of(problem: Problem) -> Precision:
    """The format a solver computes in: the one the problem's data were rounded to."""
    return get_precision(problem.precision)


def small(problem: Problem, array: np.ndarray) -> np.ndarray | None:
    """`array` if the example is small enough to draw its vectors, else None (cheap steps)."""
    return array if problem.n <= DETAIL_ROWS else None


def dependence_tolerance(problem: Problem, matrix: np.ndarray | None = None, precision: Precision = DOUBLE) -> float:
    """A pivot |Rⱼⱼ| at or below this is rounding noise: the column adds nothing new.

    `matrix` is A (or a copy of [A | y], whose last column is ignored); one pass, no temporaries.
    In a lower precision it is ε·‖largest column‖ itself, not max(n, p)·ε times it: bfloat16's ε is
    2⁻⁷, and n·ε would call a column of a 100-point fit dependent when it kept most of its length
    (the digits lost are then shown as they are, not refused).
    """
    a = problem.matrix if matrix is None else matrix[:, :problem.p]
    if precision.name == "float64":
        largest = float(np.sqrt(np.einsum("ij,ij->j", a, a).max()))
        return max(problem.n, problem.p) * EPS * max(largest, 1e-300)
    largest = float(np.sqrt(np.einsum("ij,ij->j", a, a, dtype=np.float64).max()))
    return precision.epsilon * max(largest, 1e-300)


def dependent_column_message(problem: Problem, j: int, pivot: float) -> str:
    label = problem.working_labels[j]
    return (f"The columns of A are linearly dependent: column '{label}' is (to rounding) a combination "
            f"of the earlier ones (pivot {pivot:.1e}), so there is no unique answer. "
            "Lower the degree, remove the repeated column, or use svd for the minimum-norm answer.")


def answer(problem: Problem, method: str, theta_working, *, iterations: int, status: str = "converged",
           message: str = "", warnings: tuple[str, ...] = (), diagnostics: dict | None = None) -> Result:
    """The Result of a solver, mapped to canonical order and original units."""
    theta = problem.to_original(theta_working)
    if not np.all(np.isfinite(theta)):
        return failure(method, "The computation produced a number that is not finite (overflow or "
                       "division by zero): no answer.", iterations=iterations)
    residual_norm = float(np.linalg.norm(problem.residual(theta)))
    loss = 0.5 * residual_norm ** 2 * problem.loss_scale
    return Result(method=method, theta=theta, status=status, message=message, iterations=iterations,
                  loss=loss, residual_norm=residual_norm,
                  warnings=warnings, diagnostics=diagnostics or {})


def underdetermined(problem: Problem, method: str) -> Result | None:
    """A QR method needs at least as many rows as columns: say so for n < p (not a crash)."""
    if problem.n >= problem.p:
        return None
    return failure(method, f"Underdetermined: n = {problem.n} points for p = {problem.p} parameters, so infinitely "
                   f"many curves fit exactly. {method} needs n ≥ p; lower the degree, add points, or use svd or "
                   "lstsq for the minimum-norm answer.", iterations=0)


def failure(method: str, message: str, *, iterations: int, diagnostics: dict | None = None) -> Result:
    return Result(method=method, theta=None, status="failed", message=message, iterations=iterations,
                  diagnostics=diagnostics or {})


def solution_step(problem: Problem, k: int, theta_working, formula: str) -> Step:
    """The last board step: the answer, as [B0, B1, ...] in original units.

    Its loss is left to the Result, so that a 10⁶-row problem pays for one residual, not two.
    """
    theta = problem.to_original(theta_working)
    if problem.p <= 4:
        values = ", ".join(f"{name} = {value:.10g}" for name, value in zip(problem.parameter_names, theta))
    else:
        values = f"{problem.p} parameters"
    return Step(k=k, kind="solution", title=f"{formula}  →  {values}", theta=theta,
                detail={"theta_working": np.asarray(theta_working, dtype=float),
                        "names": problem.parameter_names})


def back_substitution(problem: Problem, r: np.ndarray, c: np.ndarray, k: int, precision: Precision = DOUBLE
                      ) -> Generator[Step, None, np.ndarray]:
    """Solve R θ = c from the last row up, one board step per row (R upper triangular), each
    operation in `precision` (the board shows the numbers that precision computed)."""
    fl = rounding(precision)
    p = r.shape[0]
    theta = np.zeros(p, dtype=precision.storage)
    names = problem.working_parameter_names
    for i in range(p - 1, -1, -1):
        known = fl(r[i, i + 1:] @ theta[i + 1:])
        theta[i] = fl(fl(c[i] - known) / r[i, i])
        known = float(known)
        title = (f"row {i + 1}: {r[i, i]:.6g}·{names[i]} = {c[i]:.6g} − {known:.6g}"
                 f"  →  {names[i]} = {theta[i]:.6g}")
        yield Step(k=k, kind="back-substitute", title=title,
                   detail={"row": i, "pivot": float(r[i, i]), "rhs": float(c[i]),
                           "known": known, "value": float(theta[i]), "solved": theta.copy()})
        k += 1
    return theta


def finish_qr(problem: Problem, method: str, r: np.ndarray, qty: np.ndarray, k: int,
              qty_detail: dict | None = None, precision: Precision = DOUBLE) -> Generator[Step, None, Result]:
    """The common end of every QR method: show Qᵀy, back-substitute R θ = Qᵀy (in `precision`), answer."""
    yield Step(k=k, kind="qty", title="Qᵀy = " + matrix_text(qty), detail={"vector": qty, **(qty_detail or {})})
    theta = yield from back_substitution(problem, r, qty, k + 1, precision)
    formula = "θ = R⁻¹Qᵀy by back substitution" + in_precision(precision)
    yield solution_step(problem, k + problem.p + 1, theta, formula)
    return answer(problem, method, theta, iterations=problem.p, diagnostics={"r": np.asarray(r, dtype=float)})


def in_precision(precision: Precision) -> str:
    """' (in float16)' for a board title computed in a lower precision; nothing for float64."""
    return "" if precision.name == "float64" else f" (in {precision.name})"


def rank_one_update(block: np.ndarray, x: np.ndarray, w: np.ndarray, alpha: float,
                    precision: Precision = DOUBLE) -> None:
    """block += alpha·x·wᵀ in place with BLAS dger, or sger for float32 (no n × p temporary);
    emulated formats round the product and the sum, fl(block + fl(x·fl(alpha·w)ᵀ))."""
    import scipy.linalg.blas  # here: scipy.linalg is a tenth of a second of the app's start-up

    if block.shape[1] == 0:
        return
    if precision.emulated:
        fl = rounding(precision)
        block[...] = fl(block + fl(np.outer(x, fl(alpha * w))))
        return
    if block.flags.f_contiguous:
        ger = scipy.linalg.blas.sger if block.dtype == np.float32 else scipy.linalg.blas.dger
        out = ger(alpha, x, w, a=block, overwrite_a=1)
        if np.shares_memory(out, block):
            return
    block += alpha * np.outer(x, w)


def columns_dot(block: np.ndarray, x: np.ndarray, precision: Precision = DOUBLE) -> np.ndarray:
    """blockᵀ x with BLAS dgemv, or sgemv for float32 (block is n × k, Fortran order); emulated
    formats accumulate each inner product in float32 and round it once."""
    import scipy.linalg.blas

    if block.shape[1] == 0:
        return np.zeros(0, dtype=block.dtype)
    if precision.emulated:
        return rounding(precision)(columns_dot(block, x))
    if block.flags.f_contiguous:
        gemv = scipy.linalg.blas.sgemv if block.dtype == np.float32 else scipy.linalg.blas.dgemv
        return gemv(1.0, block, x, trans=1)
    return block.T @ x


def augmented(problem: Problem, order: str = "F", precision: Precision = DOUBLE) -> np.ndarray:
    """A fresh copy of [A | y] (working columns, rounded to `precision`) that a factorisation may overwrite."""
    m = np.empty((problem.n, problem.p + 1), order=order, dtype=precision.storage)
    if not precision.emulated:  # assigning float64 to float32 rounds to nearest, with no temporary
        m[:, :problem.p] = problem.matrix
        m[:, problem.p] = problem.y
        return m
    m[:, :problem.p] = precision.fl(problem.matrix)
    m[:, problem.p] = precision.fl(problem.y)
    return m


def working_matrix(problem: Problem, precision: Precision) -> np.ndarray:
    """A (working columns) in `precision`'s storage dtype, Fortran order: A itself for float64."""
    if precision.name == "float64":
        return problem.matrix
    return np.asfortranarray(precision.fl(problem.matrix))


def vector_norm(x: np.ndarray, precision: Precision):
    """‖x‖ in `precision`: accumulated in float32 and rounded once when emulated (as BLAS nrm2)."""
    if precision.name == "float64":
        return float(np.linalg.norm(x))
    if not precision.emulated:
        return np.linalg.norm(x)
    return precision.storage(rounding(precision)(np.sqrt(np.dot(x, x))))


def matrix_text(m: np.ndarray) -> str:
    """A small matrix as a lecturer writes it inline; large ones by their shape."""
    if m.ndim == 1:
        return "[" + ", ".join(f"{v:.6g}" for v in m) + "]" if m.size <= 4 else f"vector of {m.size}"
    if max(m.shape) > 4:
        return f"{m.shape[0]}×{m.shape[1]} matrix"
    return "[" + "; ".join(" ".join(f"{v:.6g}" for v in row) for row in m) + "]"

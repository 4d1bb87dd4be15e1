"""Small dense kernels that compute in any of the four precisions (engine/precision.py).

LAPACK has float64 and float32 routines only; float16 and bfloat16 are emulated (float32 arrays,
every result rounded by `fl`), so the few p × p steps the direct solvers need are written here:
triangular solves, Cholesky, a Gauss-Jordan inverse and a one-sided Jacobi SVD. Each operation's
result is rounded once; an inner product is accumulated in float32 and rounded once, as a GPU's
tensor cores do. In float64 and float32 `fl` is the identity and numpy's own arithmetic rounds.
"""

from __future__ import annotations

import numpy as np

from ..precision import Precision

#: Sweeps of one-sided Jacobi before giving up (quadratic convergence needs 6–10 for p ≤ 15).
JACOBI_SWEEPS = 30


def rounding(precision: Precision):
    """`fl` for an emulated format; for a native one, numpy's arithmetic already rounded: a no-op."""
    if precision.emulated:
        return precision.fl
    return lambda values: values


def inner(a: np.ndarray, b: np.ndarray, precision: Precision):
    """a·b (or a matrix product) accumulated in the storage dtype and rounded once to the format."""
    return rounding(precision)(a @ b)


def scalar(value, precision: Precision):
    """One number of the format as a storage-dtype scalar (Python floats would compute in float64)."""
    return precision.storage(rounding(precision)(np.asarray(value, dtype=precision.storage)))


def back_substitute(r: np.ndarray, c: np.ndarray, precision: Precision) -> np.ndarray:
    """Solve R x = c (R upper triangular) from the last row up, every operation in `precision`."""
    fl = rounding(precision)
    p = r.shape[0]
    x = np.zeros(p, dtype=precision.storage)
    for i in range(p - 1, -1, -1):
        known = fl(r[i, i + 1:] @ x[i + 1:])
        x[i] = fl(fl(c[i] - known) / r[i, i])
    return x


def forward_substitute(lower: np.ndarray, c: np.ndarray, precision: Precision) -> np.ndarray:
    """Solve L x = c (L lower triangular) from the first row down, every operation in `precision`."""
    fl = rounding(precision)
    p = lower.shape[0]
    x = np.zeros(p, dtype=precision.storage)
    for i in range(p):
        known = fl(lower[i, :i] @ x[:i])
        x[i] = fl(fl(c[i] - known) / lower[i, i])
    return x


def cholesky(gram: np.ndarray, precision: Precision) -> np.ndarray | None:
    """L with LLᵀ = gram, by columns (Cholesky–Banachiewicz), or None when a pivot is not positive
    (the rounded AᵀA is not positive definite in this precision: the factorisation breaks down)."""
    fl = rounding(precision)
    p = gram.shape[0]
    lower = np.zeros((p, p), dtype=precision.storage)
    for j in range(p):
        pivot = fl(gram[j, j] - fl(lower[j, :j] @ lower[j, :j]))
        if not pivot > 0:
            return None
        lower[j, j] = fl(np.sqrt(pivot))
        below = fl(gram[j + 1:, j] - fl(lower[j + 1:, :j] @ lower[j, :j]))
        lower[j + 1:, j] = fl(below / lower[j, j])
    return lower


def gauss_jordan_inverse(matrix: np.ndarray, precision: Precision) -> np.ndarray | None:
    """matrix⁻¹ by Gauss-Jordan elimination with partial pivoting on [M | I], or None when a pivot is 0."""
    fl = rounding(precision)
    p = matrix.shape[0]
    work = np.concatenate([np.array(matrix, dtype=precision.storage), np.eye(p, dtype=precision.storage)], axis=1)
    for col in range(p):
        pivot_row = col + int(np.argmax(np.abs(work[col:, col])))
        if work[pivot_row, col] == 0 or not np.isfinite(work[pivot_row, col]):
            return None
        work[[col, pivot_row]] = work[[pivot_row, col]]
        work[col] = fl(work[col] / work[col, col])
        factors = work[:, col].copy()
        factors[col] = 0
        work[:] = fl(work - fl(np.outer(factors, work[col])))
    return work[:, p:]


def _hypot_one(zeta, fl):
    """√(1 + ζ²) without squaring a large ζ (float16 overflows at 65504: ζ = 256 would)."""
    size = abs(zeta)
    if size <= 1:
        return fl(np.sqrt(fl(1 + fl(size * size))))
    inverse = fl(1 / size)
    return fl(size * fl(np.sqrt(fl(1 + fl(inverse * inverse)))))


def jacobi_svd(matrix: np.ndarray, precision: Precision) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A = U Σ Vᵀ by one-sided Jacobi (Hestenes): rotate pairs of columns until all are orthogonal.

    Returns (U, σ, Vᵀ), σ descending, every rotation computed and applied in `precision`. The method
    of choice for small matrices in low precision: only inner products, square roots and rotations.
    """
    fl = rounding(precision)
    dtype = precision.storage
    work = np.array(matrix, dtype=dtype, order="F")
    p = work.shape[1]
    v = np.eye(p, dtype=dtype)
    tolerance = precision.unit_roundoff * np.sqrt(work.shape[0])   # LAPACK's dgesvj: √m·ε
    for _ in range(JACOBI_SWEEPS):
        rotated = False
        for i in range(p - 1):
            for j in range(i + 1, p):
                alpha = inner(work[:, i], work[:, i], precision)
                beta = inner(work[:, j], work[:, j], precision)
                gamma = inner(work[:, i], work[:, j], precision)
                if abs(gamma) <= tolerance * np.sqrt(alpha * beta) or gamma == 0:
                    continue
                rotated = True
                zeta = fl(fl(beta - alpha) / fl(2 * gamma))
                t = fl(np.sign(zeta) / fl(abs(zeta) + _hypot_one(zeta, fl))) if zeta else dtype(1)
                c = fl(1 / fl(np.sqrt(fl(1 + fl(t * t)))))
                s = fl(c * t)
                for block in (work, v):
                    left, right = block[:, i].copy(), block[:, j].copy()
                    block[:, i] = fl(fl(c * left) - fl(s * right))
                    block[:, j] = fl(fl(s * left) + fl(c * right))
        if not rotated:
            break
    sigma = fl(np.sqrt(np.einsum("ij,ij->j", work, work)))
    order = np.argsort(-sigma, kind="stable")
    sigma, work, v = sigma[order], work[:, order], v[:, order]
    safe = np.where(sigma > 0, sigma, 1)
    u = fl(work / safe)
    return u, sigma, v.T.copy()

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
#: Stop after this many sweeps in a row that leave the columns no closer to orthogonal than the best
#: sweep did: rounding in a low precision then only stirs the last bits.
JACOBI_PATIENCE = 1


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


def round_robin(p: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The p − 1 rounds (p rounded up to even) of a tournament: every pair of columns meets once,
    and the pairs of one round are disjoint, so one round's rotations are done at once (Brent & Luk)."""
    players = list(range(p + p % 2))
    rounds = []
    for _ in range(len(players) - 1):
        half = len(players) // 2
        pairs = [(min(a, b), max(a, b)) for a, b in zip(players[:half], players[::-1][:half]) if max(a, b) < p]
        rounds.append((np.array([a for a, _ in pairs], dtype=int), np.array([b for _, b in pairs], dtype=int)))
        players = [players[0], players[-1], *players[1:-1]]
    return rounds


def jacobi_svd(matrix: np.ndarray, precision: Precision) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A = U Σ Vᵀ by one-sided Jacobi (Hestenes): rotate pairs of columns until all are orthogonal.

    Returns (U, σ, Vᵀ), σ descending, every rotation computed and applied in `precision`: only inner
    products, square roots and rotations, the method of choice for small matrices in low precision.
    A sweep meets every pair once, in rounds of disjoint pairs (each round one array operation); V is
    kept under A's rows, since a rotation of columns turns both alike. √(1 + x²), like a norm, is
    accumulated in float32 and rounded once (it cannot overflow there).
    """
    fl = rounding(precision)
    dtype = precision.storage
    n, p = matrix.shape
    both = np.concatenate([np.array(matrix, dtype=dtype), np.eye(p, dtype=dtype)])   # [A; V], V = I
    tolerance = precision.unit_roundoff * np.sqrt(n)   # LAPACK's dgesvj: √m·ε
    rounds = round_robin(p)
    best, idle = np.inf, 0
    for _ in range(JACOBI_SWEEPS):
        rotated = False
        worst_cosine = 0.0
        for left, right in rounds:
            if left.size == 0:
                continue
            x, y = both[:, left], both[:, right]
            alpha, beta, gamma = _gram_entries(x[:n], y[:n], fl)
            lengths = np.sqrt(alpha) * np.sqrt(beta)   # a measure, not a step of the method
            # A column that underflowed to 0 is at right angles to every other: nothing to rotate.
            active = (gamma != 0) & (lengths > 0) & (np.abs(gamma) > tolerance * lengths)
            if not active.any():
                continue
            rotated = True
            worst_cosine = max(worst_cosine, float(np.max(np.abs(gamma[active]) / lengths[active])))
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                zeta = fl(fl(beta - alpha) / fl(2 * gamma))
                t = np.where(zeta == 0, dtype(1), fl(np.sign(zeta) / fl(np.abs(zeta) + fl(np.hypot(1, zeta)))))
            c = np.where(active, fl(1 / fl(np.hypot(1, t))), dtype(1)).astype(dtype)
            s = np.where(active, fl(c * t), dtype(0)).astype(dtype)
            cx, sy, sx, cy = fl(np.stack([c * x, s * y, s * x, c * y]))   # four products, each rounded
            both[:, left], both[:, right] = fl(np.stack([cx - sy, sx + cy]))
        if not rotated:
            break
        best, idle = (worst_cosine, 0) if worst_cosine < best else (best, idle + 1)
        if idle >= JACOBI_PATIENCE:
            break
    work, v = both[:n], both[n:]
    sigma = fl(np.sqrt(np.einsum("ij,ij->j", work, work)))
    order = np.argsort(-sigma, kind="stable")
    sigma, work, v = sigma[order], work[:, order], v[:, order]
    safe = np.where(sigma > 0, sigma, 1)
    u = fl(work / safe)
    return u, sigma, v.T.copy()


def _gram_entries(x: np.ndarray, y: np.ndarray, fl) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xⱼ·xⱼ, yⱼ·yⱼ, xⱼ·yⱼ) for each pair of columns, each accumulated in float32, rounded in one call."""
    products = np.stack([np.einsum("ij,ij->j", x, x), np.einsum("ij,ij->j", y, y), np.einsum("ij,ij->j", x, y)])
    alpha, beta, gamma = fl(products)
    return alpha, beta, gamma

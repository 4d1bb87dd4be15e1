"""How orthogonal is the Q that each QR algorithm computes? ‖Q₁:ⱼᵀQ₁:ⱼ − I‖₂ for j = 1…p.

The solvers never need Q itself (Householder and Givens keep it as reflectors or rotations),
so this module forms it explicitly with each method's own algorithm, to show the class what
the theory says: classical Gram-Schmidt loses orthogonality like ε·κ(A)², modified
Gram-Schmidt like ε·κ(A), and Householder keeps it at the level of ε whatever κ is.
"""

from __future__ import annotations

import numpy as np

from .problem import Problem

#: The methods whose Q is formed here, in the order a lecture meets them.
METHODS = ("cgs", "mgs", "householder")


def orthogonal_factor(matrix: np.ndarray, method: str) -> np.ndarray:
    """The n × p factor Q of `matrix` = QR, computed by `method` ("cgs", "mgs", "householder").

    A Gram-Schmidt column whose remainder is exactly zero (a column that adds nothing) is
    left as zero: such a Q is not orthonormal, and the loss of orthogonality says so.
    """
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"the matrix must be two-dimensional, got shape {a.shape}")
    if method == "cgs":
        return _classical(a)
    if method == "mgs":
        return _modified(a)
    if method == "householder":
        return _householder(a)
    raise ValueError(f"unknown method {method!r} (known: {', '.join(METHODS)})")


def orthogonality_loss(problem: Problem, method: str) -> np.ndarray:
    """‖Q[:, :j]ᵀQ[:, :j] − I‖₂ (the spectral norm) for j = 1…p, Q from `method` on problem.matrix.

    Entry j − 1 is the loss after j columns; an exactly orthonormal Q gives zeros, a Q in
    floating point about p·ε at best. One n·p² pass forms QᵀQ, then each leading block is p × p work.
    """
    q = orthogonal_factor(problem.matrix, method)
    error = q.T @ q - np.eye(q.shape[1])
    error = (error + error.T) / 2  # symmetric to rounding already; exactly symmetric for eigvalsh
    loss = np.empty(q.shape[1])
    for j in range(1, q.shape[1] + 1):
        loss[j - 1] = np.abs(np.linalg.eigvalsh(error[:j, :j])).max()
    return loss


def _normalized(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return v / norm if norm > 0 else np.zeros_like(v)


def _classical(a: np.ndarray) -> np.ndarray:
    """Every coefficient qᵢᵀaⱼ from the original column aⱼ, all at once."""
    n, p = a.shape
    q = np.zeros((n, p), order="F")
    for j in range(p):
        coefficients = q[:, :j].T @ a[:, j]
        q[:, j] = _normalized(a[:, j] - q[:, :j] @ coefficients)
    return q


def _modified(a: np.ndarray) -> np.ndarray:
    """Each new qⱼ is removed from every later column at once (the updated columns carry on)."""
    q = np.array(a, dtype=float, order="F")
    for j in range(q.shape[1]):
        q[:, j] = _normalized(q[:, j])
        later = q[:, j + 1:]
        later -= np.outer(q[:, j], q[:, j] @ later)
    return q


def _householder(a: np.ndarray) -> np.ndarray:
    """Reflect column k onto ∓‖x‖e_k for k = 0…p−1, then Q = H₁H₂…H_p applied to the first p columns of I."""
    n, p = a.shape
    work = np.array(a, dtype=float, order="F")
    reflectors: list[tuple[np.ndarray, float]] = []
    for k in range(min(n, p)):
        v = work[k:, k].copy()
        norm = float(np.linalg.norm(v))
        if norm == 0:
            reflectors.append((v, 0.0))
            continue
        v[0] += np.copysign(norm, v[0])
        beta = 2.0 / float(v @ v)
        block = work[k:, k:]
        block -= beta * np.outer(v, v @ block)
        reflectors.append((v, beta))
    q = np.eye(n, p, order="F")
    for k in reversed(range(len(reflectors))):
        v, beta = reflectors[k]
        if beta:
            block = q[k:, :]
            block -= beta * np.outer(v, v @ block)
    return q

"""QR with a positive diagonal, and backpropagation through it (the step QRLinear needs).

For A = QR (m ≥ n, reduced, A of full column rank), with Q̄ = ∂L/∂Q and R̄ = ∂L/∂R:

    M = R R̄ᵀ − Q̄ᵀ Q,   Ā = (Q̄ + Q · copyltu(M)) R⁻ᵀ,

where copyltu(M) copies the lower triangle onto the upper one (Walter & Lehmann 2018; the formula
of PyTorch's linalg_qr_backward for m ≥ n). Why: dA = dQ R + Q dR with dR upper triangular and
QᵀdQ skew-symmetric determines dQ and dR from dA; transposing that linear map gives Ā.
"""

from __future__ import annotations

import numpy as np


def qr_positive(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Reduced QR with diag(R) > 0: the unique, smooth branch (LAPACK's signs are arbitrary)."""
    q, r = np.linalg.qr(a)
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    return q * signs, r * signs[:, None]


def copyltu(m: np.ndarray) -> np.ndarray:
    """The symmetric matrix with the lower triangle of m (diagonal included) on both sides."""
    lower = np.tril(m, -1)
    return lower + lower.T + np.diag(np.diag(m))


def qr_backward(q: np.ndarray, r: np.ndarray, q_bar: np.ndarray | None, r_bar: np.ndarray | None) -> np.ndarray:
    """Ā from Q̄ and R̄ (either may be None: zero); needs m ≥ n and R invertible."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    m_rows, n = q.shape
    if m_rows < n:
        raise ValueError(f"qr_backward needs m ≥ n, got a {m_rows} × {n} factor")
    q_bar = np.zeros_like(q) if q_bar is None else q_bar
    r_bar = np.zeros_like(r) if r_bar is None else r_bar
    m = r @ r_bar.T - q_bar.T @ q
    b = q_bar + q @ copyltu(m)
    # B R⁻ᵀ: solve X Rᵀ = B, i.e. R Xᵀ = Bᵀ, by back substitution (no inverse formed).
    return scipy.linalg.solve_triangular(r, b.T, lower=False).T

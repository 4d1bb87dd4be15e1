"""Householder QR in any precision, as a pure function: the reflectors and R of a matrix, and a solve.

`reflect_column` is the one step both users share: the householder solver (which shows each
reflection on the board) and `householder_factor` (for iterative refinement: factor once in a low
precision, then `factor.solve(residual)` for each correction).

float64 is LAPACK's textbook step with BLAS dgemv/dger; float32 the same with sgemv/sger on float32
arrays. float16 and bfloat16 are emulated and use LAPACK's scaling of the reflector (dlarfg: v has
a 1 in row k and entries below it of magnitude ≤ 1, H = I − τvvᵀ), so that vᵀa never overflows the
narrow float16 range for data a float16 can hold; every operation is rounded by `fl`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..precision import Precision, get_precision
from .common import columns_dot, rank_one_update, vector_norm
from .low_precision import back_substitute, inner, rounding, scalar


@dataclass(frozen=True)
class Reflection:
    """H = I − scale·v vᵀ maps rows k… of a column onto alpha·e_k (v is zero above row k).

    `textbook_v` is the same mirror's normal as the board writes it, v = x − α·e_k (x the column,
    x_k − α computed in the precision), and `v_norm` its length: the emulated formats compute with
    LAPACK's scaling of v, float64 and float32 with this one itself.
    """

    v: np.ndarray
    scale: float
    alpha: float
    textbook_v: np.ndarray
    v_norm: float


def column_norm(m: np.ndarray, k: int, precision: Precision):
    """‖rows k… of column k‖ in the precision (accumulated in float32 and rounded once when emulated)."""
    return vector_norm(m[k:, k], precision)


def reflect_column(m: np.ndarray, k: int, norm, precision: Precision) -> Reflection:
    """Reflect column k of `m` (rows k…) onto alpha·e_k and apply the same H to columns k+1… in place.

    `m` is Fortran-ordered in the precision's storage dtype; `norm` is `column_norm(m, k, precision)`,
    nonzero. Column k itself becomes alpha in row k (the rows below are left for the caller).
    """
    if precision.emulated:
        return _reflect_emulated(m, k, norm, precision)
    x = m[k:, k]
    alpha = -np.copysign(norm, x[0])
    v = m[:, k].copy()
    v[:k] = 0.0
    v[k] -= alpha
    vv = 2.0 * norm * (norm + abs(x[0]))
    scale = 2.0 / vv
    w = columns_dot(m[:, k + 1:], v)
    rank_one_update(m[:, k + 1:], v, w, -scale)
    m[k, k] = alpha
    return Reflection(v=v, scale=scale, alpha=alpha, textbook_v=v, v_norm=float(np.sqrt(vv)))


def _reflect_emulated(m: np.ndarray, k: int, norm, precision: Precision) -> Reflection:
    fl = rounding(precision)
    x = m[k:, k]
    x0 = x[0]
    alpha = precision.storage(-np.copysign(norm, x0))
    denominator = fl(x0 - alpha)          # x0 + sign(x0)·‖x‖: no cancellation
    textbook_v = np.zeros(m.shape[0], dtype=precision.storage)
    textbook_v[k:] = x
    textbook_v[k] = denominator
    v = np.zeros(m.shape[0], dtype=precision.storage)
    v[k] = 1.0
    v[k + 1:] = fl(x[1:] / denominator)
    tau = scalar(-denominator / alpha, precision)
    block = m[k:, k + 1:]
    if block.shape[1]:
        w = fl(tau * inner(v[k:], block, precision))
        block[...] = fl(block - fl(np.outer(v[k:], w)))
    m[k, k] = alpha
    return Reflection(v=v, scale=float(tau), alpha=alpha, textbook_v=textbook_v,
                      v_norm=float(np.linalg.norm(textbook_v.astype(np.float64))))


@dataclass(frozen=True)
class HouseholderFactor:
    """A = QR in a precision: Q kept as its reflectors (the columns of `reflectors`), R as p × p."""

    precision: Precision
    reflectors: np.ndarray
    scales: np.ndarray
    r: np.ndarray

    def apply_qt(self, rhs) -> np.ndarray:
        """Qᵀ·rhs (n values), each reflector applied in the precision; returns the storage dtype."""
        fl = rounding(self.precision)
        c = self.precision.array(rhs)
        for k in range(self.r.shape[0]):
            v = self.reflectors[k:, k]
            coefficient = fl(self.scales[k] * inner(v, c[k:], self.precision))
            c[k:] = fl(c[k:] - fl(coefficient * v))
        return c

    def solve(self, rhs) -> np.ndarray:
        """The least-squares θ of A θ ≈ rhs: Qᵀ applied, then back substitution, all in the precision.

        Returned as float64 (values of the precision) for the caller to measure or refine with.
        """
        c = self.apply_qt(rhs)
        p = self.r.shape[0]
        return np.asarray(back_substitute(self.r, c[:p], self.precision), dtype=np.float64)


def householder_factor(matrix, precision) -> HouseholderFactor:
    """The Householder QR of `matrix` (n × p, n ≥ p) computed in `precision` (a name or a Precision).

    The matrix is rounded to the precision first. A zero column leaves a zero on R's diagonal
    (`solve` then divides by zero: the caller checks R's diagonal when that matters).
    """
    precision = get_precision(precision)
    m = np.asfortranarray(precision.array(matrix))
    n, p = m.shape
    if n < p:
        raise ValueError(f"Householder QR needs at least as many rows as columns, got {n} × {p}")
    reflectors = np.zeros((n, p), dtype=precision.storage, order="F")
    scales = np.zeros(p, dtype=precision.storage)
    for k in range(p):
        norm = column_norm(m, k, precision)
        if norm == 0:
            continue
        reflection = reflect_column(m, k, norm, precision)
        reflectors[:, k] = reflection.v
        scales[k] = reflection.scale
    return HouseholderFactor(precision=precision, reflectors=reflectors, scales=scales,
                             r=np.triu(m[:p, :p]).astype(precision.storage))

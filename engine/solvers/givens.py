"""Givens QR: plane rotations zero the entries below the diagonal two rows at a time.

Rotations on disjoint pairs of rows commute, so each column is cleared in rounds: round 1
rotates rows (k, k+1), (k+2, k+3), ... at once, round 2 the survivors (k, k+2), ... — a
tree of ⌈log₂ n⌉ rounds, each one step on the board and one vectorised numpy operation.
It computes in the problem's precision: float32 arrays natively, float16 and bfloat16 emulated
with every product, sum and quotient rounded (c = a/r, s = b/r with r = hypot(a, b) rounded once).
"""

from __future__ import annotations

import numpy as np

from ..precision import DOUBLE, PRECISION_NAMES, Precision
from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import (
    augmented,
    dependence_tolerance,
    dependent_column_message,
    failure,
    finish_qr,
    precision_of,
    underdetermined,
)
from .low_precision import rounding

#: A step lists each rotation (rows, c, s) only when a round has at most this many.
LISTED_ROTATIONS = 10


def _rotate_pairs(rows: np.ndarray, k: int, precision: Precision = DOUBLE) -> tuple[np.ndarray, np.ndarray]:
    """Rotate rows (0,1), (2,3), ... of `rows` so that column k of every odd row becomes 0.

    `rows` is column-major: each column of a pair is rotated as two strided vectors, which
    keeps the temporaries to one column at a time.
    """
    if precision.emulated:
        return _rotate_pairs_emulated(rows, k, precision)
    pairs = rows.shape[0] // 2
    top = rows[0:2 * pairs:2]
    bottom = rows[1:2 * pairs:2]
    a = top[:, k].copy()
    b = bottom[:, k].copy()
    radius = np.hypot(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = a / radius
        s = b / radius
    zero = radius == 0
    if zero.any():
        c[zero], s[zero] = 1.0, 0.0
    for j in range(k + 1, rows.shape[1]):
        upper, lower = top[:, j], bottom[:, j]
        rotated = c * upper
        rotated += s * lower
        lower *= c
        lower -= s * upper
        upper[...] = rotated
    top[:, k] = radius
    bottom[:, k] = 0.0
    return c, s


def _rotate_pairs_emulated(rows: np.ndarray, k: int, precision: Precision) -> tuple[np.ndarray, np.ndarray]:
    """`_rotate_pairs` in an emulated format: each product, sum and quotient rounded by `fl`."""
    fl = rounding(precision)
    pairs = rows.shape[0] // 2
    top = rows[0:2 * pairs:2]
    bottom = rows[1:2 * pairs:2]
    a = top[:, k].copy()
    b = bottom[:, k].copy()
    radius = fl(np.hypot(a, b))
    zero = radius == 0
    safe = np.where(zero, 1, radius)
    c = np.where(zero, 1, fl(a / safe)).astype(precision.storage)
    s = np.where(zero, 0, fl(b / safe)).astype(precision.storage)
    for j in range(k + 1, rows.shape[1]):
        upper, lower = top[:, j].copy(), bottom[:, j].copy()
        top[:, j] = fl(fl(c * upper) + fl(s * lower))
        bottom[:, j] = fl(fl(c * lower) - fl(s * upper))
    top[:, k] = radius
    bottom[:, k] = 0.0
    return c, s


def run_givens(problem: Problem):
    """Clear column k by rounds of simultaneous rotations, for k = 0 … p−1."""
    if (short := underdetermined(problem, "givens")) is not None:
        return short
    n, p = problem.n, problem.p
    precision = precision_of(problem)
    m = augmented(problem, precision=precision)
    tol = dependence_tolerance(problem, m, precision)
    step = 0
    for k in range(p):
        rows = m[k:]
        stride = 1
        round_number = 1
        while rows.shape[0] > 1:
            c, s = _rotate_pairs(rows, k, precision)
            detail = {"column": k, "round": round_number, "rotations": int(c.size)}
            if c.size <= LISTED_ROTATIONS:
                tops = k + 2 * stride * np.arange(c.size)
                detail.update(rows=np.column_stack([tops, tops + stride]), c=c.copy(), s=s.copy())
            if n <= 10:
                detail["matrix_after"] = m.copy()
            yield Step(k=step, kind="rotate", detail=detail,
                       title=f"column {k + 1}, round {round_number}: {c.size} rotation(s) "
                             f"G(c, s) zero column {k + 1} in every other remaining row")
            step += 1
            rows = rows[0::2]
            stride *= 2
            round_number += 1
        if abs(m[k, k]) <= tol:
            return failure("givens", dependent_column_message(problem, k, abs(m[k, k])), iterations=k)
    return (yield from finish_qr(problem, "givens", np.triu(m[:p, :p]), m[:p, p].copy(), step,
                                 {"residual_norm": float(np.linalg.norm(m[p:, p]))}, precision))


SOLVERS.add(SolverSpec(
    name="givens", label="QR by Givens rotations", family="QR factorisation",
    summary="Plane rotations zero one entry at a time (here in parallel rounds): "
            "orthogonal and stable, good for sparse or streaming rows. Computes in any precision "
            "(float16 and bfloat16 emulated).",
    run=run_givens, kappa_exponent=1, precisions=PRECISION_NAMES))

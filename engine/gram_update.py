"""Moving one point without an O(n·p²) pass: rank-one updates of AᵀA, Aᵀy, yᵀy and of R (A = QR).

Replacing row a (target y) by a' (y') changes AᵀA by a'a'ᵀ − aaᵀ, Aᵀy by a'y' − ay and yᵀy by
y'² − y²: O(p²) instead of the O(n·p²) pass, so a drag through 10⁵ points refits at once. R is
updated the same way: a Givens sweep adds the new row, LINPACK's downdate (dchdd) removes the old
one. Subtracting a row that dominates a column would cancel digits, so then nothing is updated and
the caller builds the problem from scratch: the answer never gets less accurate than a full pass.

Only the kernels live here, on plain arrays; `Problem.with_point_moved` owns the caches and calls them.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

#: The most digits a subtraction may cancel: a removed row whose square exceeds this many times
#: what is left of a diagonal entry sends the update back to a full pass (error ≤ 1e3·ε relative).
MAX_CANCELLATION = 1e3
#: A downdate whose 1 − ‖R⁻ᵀa‖² is below this removes (almost) all of a direction: R is left to be
#: computed again when it is needed.
MIN_DOWNDATE = 1e-8


def replace_row_gram(gram: np.ndarray, aty: np.ndarray, yty: float, old_row, old_y: float, new_row,
                     new_y: float) -> tuple[np.ndarray, np.ndarray, float] | None:
    """AᵀA, Aᵀy, yᵀy after row (old_row, old_y) became (new_row, new_y); None if the subtraction
    would cancel more than MAX_CANCELLATION allows."""
    a, b = np.asarray(old_row, dtype=float), np.asarray(new_row, dtype=float)
    g = gram - np.outer(a, a) + np.outer(b, b)
    g = (g + g.T) / 2
    v = aty - a * old_y + b * new_y
    s = yty - old_y * old_y + new_y * new_y
    diagonal = np.diag(g)
    if np.any(diagonal <= 0) or s <= 0:
        return None
    if np.any(a * a > MAX_CANCELLATION * diagonal) or old_y * old_y > MAX_CANCELLATION * s:
        return None
    return g, v, float(s)


def add_row_r(r: np.ndarray, row) -> np.ndarray:
    """R of [A; rowᵀ] from R of A (upper triangular, p × p): one Givens rotation per column."""
    r = np.array(r, dtype=float)
    v = np.array(row, dtype=float)
    for i in range(r.shape[0]):
        h = math.hypot(r[i, i], v[i])
        if h == 0.0:
            continue
        c, s = r[i, i] / h, v[i] / h
        top = r[i, i:].copy()
        r[i, i:] = c * top + s * v[i:]
        v[i:] = c * v[i:] - s * top
    return r


def remove_row_r(r: np.ndarray, row) -> np.ndarray | None:
    """R of A without `row` from R of A (LINPACK dchdd); None when the downdate is ill-posed."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    r = np.array(r, dtype=float)
    p = r.shape[0]
    if np.any(np.diag(r) == 0):
        return None
    w = scipy.linalg.solve_triangular(r, np.asarray(row, dtype=float), trans="T", lower=False)
    rest = 1.0 - float(w @ w)
    if not rest > MIN_DOWNDATE:
        return None
    alpha = math.sqrt(rest)
    c, s = np.empty(p), np.empty(p)
    for i in reversed(range(p)):
        scale = alpha + abs(w[i])
        a, b = alpha / scale, w[i] / scale
        norm = math.hypot(a, b)
        c[i], s[i] = a / norm, b / norm
        alpha = scale * norm
    carry = np.zeros(p)
    for i in reversed(range(p)):
        t = c[i] * carry + s[i] * r[i]
        r[i] = c[i] * r[i] - s[i] * carry
        carry = t
    return r


def replace_row_r(r: np.ndarray, old_row, new_row) -> np.ndarray | None:
    """R after a row of A is replaced: the new row is added first, so A keeps its rank meanwhile."""
    return remove_row_r(add_row_r(r, new_row), old_row)


class ReplacedRow(NamedTuple):
    """The cached quantities after a row of A was replaced. `r` is None when R was not given or
    could not be downdated; `ratio` (unit-norm columns only) is what each column was multiplied
    by to bring its norm back to 1."""

    gram: np.ndarray
    aty: np.ndarray
    yty: float
    r: np.ndarray | None
    ratio: np.ndarray | None


def replace_row_caches(gram: np.ndarray, aty: np.ndarray, yty: float, r: np.ndarray | None, old_row,
                       old_y: float, new_row, new_y: float, *, unit_norm: bool = False) -> ReplacedRow | None:
    """AᵀA, Aᵀy, yᵀy and R after row (old_row, old_y) became (new_row, new_y), in O(p²); with
    `unit_norm` the columns are rescaled to unit norm again (their norms follow from the new
    diagonal of AᵀA). None: the update would lose digits, so the caller recomputes everything."""
    updated = replace_row_gram(gram, aty, yty, old_row, old_y, new_row, new_y)
    if updated is None:
        return None
    gram, aty, yty = updated
    new_r = None if r is None else replace_row_r(r, old_row, new_row)
    if not unit_norm:
        return ReplacedRow(gram, aty, yty, new_r, None)
    if np.any(np.diag(gram) <= 0):
        return None
    ratio = 1.0 / np.sqrt(np.diag(gram))
    return ReplacedRow(gram * np.outer(ratio, ratio), aty * ratio, yty,
                       None if new_r is None else new_r * ratio, ratio)

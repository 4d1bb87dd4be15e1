"""Moving one point without an O(n·p²) pass: rank-one updates of AᵀA, Aᵀy, yᵀy and of R (A = QR).

Replacing row a (target y) by a' (y') changes AᵀA by a'a'ᵀ − aaᵀ, Aᵀy by a'y' − ay and yᵀy by
y'² − y²: O(p²) instead of the O(n·p²) pass, so a drag through 10⁵ points refits at once. R is
updated the same way: a Givens sweep adds the new row, LINPACK's downdate (dchdd) removes the old
one. Subtracting a row that dominates a column would cancel digits, so then nothing is updated and
the caller builds the problem from scratch: the answer never gets less accurate than a full pass.
"""

from __future__ import annotations

import math

import numpy as np

from .problem import Problem

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


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def point_moved(problem: Problem, index: int, x: float, y: float) -> Problem:
    """`problem` (from Problem.from_points) with point `index` moved to (x, y).

    The data arrays are copied (O(n·p), a memory copy); AᵀA, Aᵀy, yᵀy and, if it was computed, R
    are updated in O(p²). Column scaling "none" and "unit-norm" (the norms follow from the updated
    diagonal of AᵀA) are updated; "standardize" changes every column's mean and spread, so the
    working matrix changes in every row: that problem, a table problem, one with fewer rows than
    2p, or an update that would cancel digits, is built from scratch instead (same answer).
    """
    if problem.x is None or problem.degree is None:
        raise ValueError("point_moved needs a problem made by Problem.from_points")
    if not (0 <= index < problem.n):
        raise IndexError(f"point index {index} out of range 0..{problem.n - 1}")
    new_x = np.array(problem.x, dtype=float)
    new_y = np.array(problem.y, dtype=float)
    new_x[index], new_y[index] = x, y
    options = {"basis_order": problem.basis_order, "scaling": problem.scaling, "loss": problem.loss_kind,
               "name": problem.name}
    if problem.scaling == "standardize" or problem.n < 2 * problem.p or not np.isfinite([x, y]).all():
        return Problem.from_points(new_x, new_y, problem.degree, intercept=problem.intercept, **options)
    design = np.array(problem.design)  # a copy; only the moved row is computed, as from_points does
    with np.errstate(over="ignore"):
        design[index] = np.array([float(x)]) ** np.arange(0 if problem.intercept else 1, problem.degree + 1)
    if not np.all(np.isfinite(design[index])):  # x^d overflows: from_points says so (InputError)
        return Problem.from_points(new_x, new_y, problem.degree, intercept=problem.intercept, **options)
    rebuilt = Problem(design, new_y, column_labels=problem.column_labels, parameter_names=problem.parameter_names,
                      intercept=problem.intercept, degree=problem.degree, x=new_x, **options)
    shift, scale = problem._shift_and_scale
    s = scale[problem.order]
    old_row = problem.design[index, problem.order] / s
    new_row = design[index, problem.order] / s
    updated = replace_row_gram(problem.gram, problem.aty, problem.yty, old_row, float(problem.y[index]),
                               new_row, float(y))
    if updated is None:
        return rebuilt  # nothing cached: its AᵀA, R, ... are computed afresh when asked for
    gram, aty, yty = updated
    new_r = None
    if "_r_factor" in problem.__dict__ and problem.n >= problem.p:
        new_r = replace_row_r(problem._r_factor, old_row, new_row)
    if problem.scaling == "unit-norm":  # the new norms: s'ⱼ = sⱼ·√(G̃'ⱼⱼ); rescale by s/s'
        if np.any(np.diag(gram) <= 0):
            return rebuilt
        ratio = 1.0 / np.sqrt(np.diag(gram))
        gram = gram * np.outer(ratio, ratio)
        aty = aty * ratio
        new_r = None if new_r is None else new_r * ratio
        new_scale = np.empty(problem.p)
        new_scale[problem.order] = s / ratio
        rebuilt.__dict__["_shift_and_scale"] = (shift, new_scale)
    rebuilt.__dict__.update(gram=_frozen(gram), aty=_frozen(aty), yty=yty)
    if new_r is not None:
        rebuilt.__dict__["_r_factor"] = new_r
    return rebuilt

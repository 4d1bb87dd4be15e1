"""The exact least-squares solution of a floating-point matrix, in integers.

Every float is an integer times a power of two, so each column of A (and y) is an integer vector
times one power of two: AᵀA and Aᵀy are then exact integers, and fraction-free (Bareiss) elimination
solves the normal equations with no rounding and no gcd until the last division. This is the
ground truth of *the data a solver saw* (the binary values, not their decimal text), and it is
fast enough to measure every method of a sweep (milliseconds for 30×15, where fractions take
tenths of a second).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np


def _integer_column(values: np.ndarray) -> tuple[list[int], int]:
    """(integers, exponent) with values[i] = integers[i]·2^exponent exactly (finite values only)."""
    mantissas, exponents = np.frexp(values)          # values = m·2^e, 0.5 ≤ |m| < 1
    scaled = np.ldexp(mantissas, 53).astype(np.int64)  # m·2⁵³: an exact integer below 2⁵³
    nonzero = scaled != 0
    if not np.any(nonzero):
        return [0] * len(values), 0
    low = int(exponents[nonzero].min()) - 53
    shifts = (exponents.astype(np.int64) - 53 - low)
    return [int(s) << int(k) if s else 0 for s, k in zip(scaled.tolist(), shifts.tolist())], low


def exact_lstsq(design, y) -> list[Fraction] | None:
    """The least-squares solution of min ‖Aθ − y‖ in exact rational arithmetic, or None when the
    columns of A are exactly linearly dependent (no unique answer).

    A and y must hold finite floats; they are taken as the exact binary numbers they are.
    """
    design = np.asarray(design, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if not (np.all(np.isfinite(design)) and np.all(np.isfinite(y))):
        raise ValueError("exact_lstsq needs finite numbers")
    n, p = design.shape
    columns, column_exponents = zip(*(_integer_column(design[:, j]) for j in range(p)))
    target, y_exponent = _integer_column(y)
    gram = [[0] * p for _ in range(p)]
    for i in range(p):
        for j in range(i, p):
            gram[i][j] = gram[j][i] = sum(map(int.__mul__, columns[i], columns[j]))
    rhs = [sum(map(int.__mul__, columns[i], target)) for i in range(p)]
    scaled = _solve_integer_system(gram, rhs)
    if scaled is None:
        return None
    # A = A'·diag(2^eⱼ), y = y'·2^e_y: θⱼ = θ'ⱼ·2^(e_y − eⱼ).
    return [value * Fraction(2) ** (y_exponent - e) for value, e in zip(scaled, column_exponents)]


def _solve_integer_system(matrix: list[list[int]], rhs: list[int]) -> list[Fraction] | None:
    """G z = c for a symmetric integer G by Bareiss elimination and fraction-free back substitution
    (exact integers throughout, one fraction per unknown at the end); None when G is singular."""
    p = len(rhs)
    rows = [list(row) + [c] for row, c in zip(matrix, rhs)]
    previous = 1
    for k in range(p):
        pivot_row = next((r for r in range(k, p) if rows[r][k] != 0), None)
        if pivot_row is None:
            return None
        rows[k], rows[pivot_row] = rows[pivot_row], rows[k]
        pivot = rows[k][k]
        for r in range(k + 1, p):
            factor = rows[r][k]
            rows[r] = [0] * (k + 1) + [(pivot * rows[r][c] - factor * rows[k][c]) // previous
                                       for c in range(k + 1, p + 1)]
        previous = pivot
    # Cramer: det(G)·z is an integer vector, so back substitution on it divides exactly.
    determinant = rows[p - 1][p - 1]
    scaled: list[int] = [0] * p
    for k in range(p - 1, -1, -1):
        total = determinant * rows[k][p] - sum(rows[k][c] * scaled[c] for c in range(k + 1, p))
        scaled[k] = total // rows[k][k]
    return [Fraction(value, determinant) for value in scaled]


def relative_error(theta, exact: list[Fraction]) -> float:
    """‖θ − θexact‖ / ‖θexact‖, each difference computed exactly before rounding to a float
    (so a θ correct to the last bit is measured as such, not as the rounding of θexact)."""
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape != (len(exact),) or not np.all(np.isfinite(theta)):
        return math.inf
    differences = [_to_float(Fraction(float(t)) - e) for t, e in zip(theta, exact)]
    sizes = [_to_float(e) for e in exact]
    return _norm(differences) / _norm(sizes) if any(sizes) else math.inf


def _to_float(value: Fraction) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _norm(values: list[float]) -> float:
    biggest = max((abs(v) for v in values), default=0.0)
    if biggest == 0 or not math.isfinite(biggest):
        return biggest
    return biggest * math.sqrt(sum((v / biggest) ** 2 for v in values))

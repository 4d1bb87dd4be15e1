"""Exact rational arithmetic on the decimal text of the data: the ground truth.

AᵀA and Aᵀy are formed in fractions, so squaring κ costs nothing; Gaussian elimination
then gives the exact least-squares solution, rounded to double only at the end.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np

from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import answer, failure, solution_step

#: Refuse above this many multiply-adds (n·p²): fractions grow, and so does the wait.
EXACT_LIMIT = 500_000


def _float(value: Fraction) -> float:
    """The nearest double, or ±∞ beyond its range (a fraction of 1e600 does not fit; the board
    shows ∞ there, and an answer that does not fit is reported as such)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _floats(matrix) -> np.ndarray:
    return np.array([[_float(v) for v in row] for row in matrix])


def run_exact(problem: Problem):
    """Normal equations in exact fractions, then Gauss-Jordan elimination."""
    n, p = problem.n, problem.p
    work = n * p * p
    if work > EXACT_LIMIT:
        return failure("exact", f"Exact arithmetic is for small problems: n·p² = {work:,} exceeds the "
                       f"limit of {EXACT_LIMIT:,}. Use lstsq or householder for this data.", iterations=0)
    rows, y = problem.exact_columns()
    gram = [[sum((row[i] * row[j] for row in rows), Fraction(0)) for j in range(p)] for i in range(p)]
    rhs = [sum((row[i] * yi for row, yi in zip(rows, y)), Fraction(0)) for i in range(p)]
    yield Step(k=0, kind="gram", title="AᵀA and Aᵀy in exact fractions (no rounding)",
               detail={"matrix": _floats(gram), "vector": np.array([_float(v) for v in rhs])})
    augmented = [gram[i] + [rhs[i]] for i in range(p)]
    for col in range(p):
        pivot_row = next((r for r in range(col, p) if augmented[r][col] != 0), None)
        if pivot_row is None:
            return failure("exact", f"The columns of A are exactly linearly dependent (column "
                           f"'{problem.column_labels[col]}' adds nothing new): no unique answer. "
                           "Lower the degree or use svd for the minimum-norm answer.", iterations=col + 1)
        augmented[col], augmented[pivot_row] = augmented[pivot_row], augmented[col]
        pivot = augmented[col][col]
        augmented[col] = [v / pivot for v in augmented[col]]
        for r in range(p):
            if r != col and augmented[r][col] != 0:
                factor = augmented[r][col]
                augmented[r] = [a - factor * b for a, b in zip(augmented[r], augmented[col])]
        yield Step(k=col + 1, kind="eliminate",
                   title=f"eliminate column {col + 1} (pivot {_float(pivot):.6g}, exact)",
                   detail={"column": col, "matrix": _floats(augmented)})
    solution = [augmented[i][p] for i in range(p)]
    theta_canonical = np.array([_float(v) for v in solution])
    theta_working = problem.to_working(theta_canonical)
    yield solution_step(problem, p + 1, theta_working, "θ exact, rounded to double")
    texts = [f"{v.numerator}/{v.denominator}" if v.denominator != 1 else str(v.numerator) for v in solution]
    result = answer(problem, "exact", theta_working, iterations=p + 1,
                    diagnostics={"exact": tuple(t if len(t) <= 200 else "" for t in texts)})
    # Report the correctly rounded exact answer, not its round trip through the column scaling.
    return replace(result, theta=theta_canonical) if result.theta is not None else result


SOLVERS.add(SolverSpec(
    name="exact", label="Exact rational arithmetic", family="Reference",
    summary="The normal equations in exact fractions of the data's decimal text: the ground truth "
            "for accuracy, for small problems only.",
    run=run_exact, kappa_exponent=0))

"""The data of the conditioning lab's classic problems (engine/datasets.py names and describes them).

* `tb-l19`: Trefethen & Bau, *Numerical Linear Algebra*, Lecture 19: m = 100 points t = linspace(0, 1),
  the degree-14 polynomial fit (n = 15 columns 1, t, …, t¹⁴) to b = exp(sin 4t) / 2006.787453080206,
  scaled so that the last coefficient is 1 (to the digits of the divisor); κ(A) ≈ 2.3·10¹⁰.
* `hilbert`: the first 12 rows of the 8-column Hilbert matrix, hᵢⱼ = 1/(i + j − 1), and y = H·(1, …, 1):
  the answer is all ones, κ(H) ≈ 1.6·10⁹.
* `vandermonde`: the monomials 1, x, …, x¹⁰ at x = 0, 0.05, …, 1 and y = eˣ: κ(A) ≈ 2.3·10⁷.
* `lauchli`: Läuchli's matrix [[1, 1], [ε, 0], [0, ε]] with ε = 10⁻⁸ and y = (2, ε, ε), answer (1, 1):
  κ(A) = √(2 + ε²)/ε ≈ 1.4·10⁸, and in float64 1 + ε² = 1, so AᵀA is exactly singular.
* `rank-deficient`: apples and pears bought by the kilogram (multiples of 0.5, so sums are exact) and
  their total weight, a third column that is the sum of the other two: rank 3 of 4.
"""

from __future__ import annotations

import numpy as np

from .table import Table

#: Trefethen & Bau's divisor: it makes the degree-14 coefficient of the exact fit equal to 1.
TB_DIVISOR = 2006.787453080206
#: Läuchli's ε: small enough that 1 + ε² rounds to 1 in float64 (ε² = 10⁻¹⁶ < u = 1.1·10⁻¹⁶).
LAUCHLI_EPSILON = 1e-8


def _table(columns: dict[str, np.ndarray], source: str) -> Table:
    data = np.column_stack(list(columns.values()))
    return Table(tuple(columns), data, source, tuple(range(1, data.shape[0] + 1)))


def _frozen(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def tb_lecture19():
    t = np.linspace(0.0, 1.0, 100)
    return _table({"t": t, "y": np.exp(np.sin(4 * t)) / TB_DIVISOR}, "tb-l19"), None


def hilbert_matrix(rows: int, columns: int) -> np.ndarray:
    """hᵢⱼ = 1/(i + j − 1), i = 1 … rows, j = 1 … columns."""
    i = np.arange(1, rows + 1)[:, None]
    j = np.arange(1, columns + 1)[None, :]
    return 1.0 / (i + j - 1)


def hilbert():
    h = hilbert_matrix(12, 8)
    columns = {f"h{j + 1}": h[:, j] for j in range(8)} | {"y": h.sum(axis=1)}
    return _table(columns, "hilbert"), _frozen(np.ones(8))


def vandermonde():
    x = np.linspace(0.0, 1.0, 21)
    return _table({"x": x, "y": np.exp(x)}, "vandermonde"), None


def lauchli():
    e = LAUCHLI_EPSILON
    columns = {"a1": np.array([1.0, e, 0.0]), "a2": np.array([1.0, 0.0, e]), "y": np.array([2.0, e, e])}
    return _table(columns, "lauchli"), _frozen([1.0, 1.0])


def rank_deficient():
    rs = np.random.RandomState(5)
    apples = rs.randint(1, 9, 12) / 2.0
    pears = rs.randint(1, 9, 12) / 2.0
    cost = np.round(0.5 + 3.0 * apples + 2.0 * pears + 0.1 * rs.randn(12), 2)
    columns = {"apples": apples, "pears": pears, "total": apples + pears, "cost": cost}
    return _table(columns, "rank-deficient"), None

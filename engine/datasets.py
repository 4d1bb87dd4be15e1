"""The built-in data sets: the course notes' examples, NIST's certified problems, classics, generated,
and the conditioning lab's classic problems (their data: engine/conditioning_sets.py).

Files live in the `resources` package (read through importlib.resources so an installed
copy works). Generated sets use numpy's legacy `RandomState`, whose streams numpy keeps
fixed across versions, so the same seed gives the same points on every machine:

* `noisy-line`: x = 0, 0.2, ..., 9.8 (50 points), y = 1 + 2x + N(0, 1) noise, seed 1.
* `outliers`: x = 0, 0.5, ..., 14.5 (30 points), y = 1 + 2x + N(0, 0.5²), seed 2, then rows
  4, 11, 19 and 26 (0-based) moved by +15, −12, +18 and −20.
* `near-collinear`: x1 ~ U(0, 10) (3 decimals), x2 = x1 + 10⁻⁶·N(0, 1), y = 1 + 2·x1 +
  3·x2 + N(0, 0.1²), 50 rows, seed 3: κ(A) ≈ 10⁷.
* `years-poly`: x = the years 1950..2000, y = 310 + 0.8·t + 0.012·t² + N(0, 0.5²) with
  t = x − 1950, seed 4: the quadratic in raw years has κ(A) ≈ 8·10¹⁰.

Generated y values are rounded to a few decimals so tables print like measurements;
`true_theta` is the model without noise, as [B0, B1, ...] in original units.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file, files

import numpy as np

from . import conditioning_sets as conditioning
from .certified import CertifiedModel, same_model
from .errors import InputError
from .problem import Problem
from .readers import read_csv, read_nist
from .table import Table, table_to_problem

GROUPS = ("Course notes", "NIST StRD", "Classic", "Generated", "Conditioning lab")

Loaded = tuple[Table, "np.ndarray | None"]


def _resource(*parts: str):
    return files("resources").joinpath("datasets", *parts)


@cache
def _csv(file: str) -> Table:
    with as_file(_resource(file)) as path:
        return read_csv(path)


@cache
def _nist(file: str) -> Table:
    with as_file(_resource("nist", file)) as path:
        return read_nist(path).table


@cache
def _certified() -> dict:
    return json.loads(_resource("nist", "certified.json").read_text(encoding="utf-8"))


def _frozen(theta) -> np.ndarray:
    theta = np.array(theta, dtype=float)
    theta.flags.writeable = False
    return theta


def _table(columns: dict[str, np.ndarray], source: str) -> Table:
    data = np.column_stack(list(columns.values()))
    return Table(tuple(columns), data, source, tuple(range(1, data.shape[0] + 1)))


# ---- generated sets --------------------------------------------------------------------------
def _seed_random() -> Loaded:
    """The course notes' "Practical Comparison Example", draw for draw (np.random.seed(42) stream)."""
    rs = np.random.RandomState(42)
    x = rs.randn(1000, 100)
    true_weights = rs.randn(100)
    y = x @ true_weights + 0.1 * rs.randn(1000)
    columns = {f"w{j + 1}": x[:, j] for j in range(100)} | {"y": y}
    return _table(columns, "seed-random"), _frozen(true_weights)


def _noisy_line() -> Loaded:
    rs = np.random.RandomState(1)
    x = np.round(np.arange(50) * 0.2, 6)
    y = np.round(1 + 2 * x + rs.randn(50), 3)
    return _table({"x": x, "y": y}, "noisy-line"), _frozen([1, 2])


def _outliers() -> Loaded:
    rs = np.random.RandomState(2)
    x = np.arange(30) * 0.5
    y = 1 + 2 * x + 0.5 * rs.randn(30)
    y[[4, 11, 19, 26]] += [15.0, -12.0, 18.0, -20.0]
    return _table({"x": x, "y": np.round(y, 3)}, "outliers"), _frozen([1, 2])


def _near_collinear() -> Loaded:
    rs = np.random.RandomState(3)
    x1 = np.round(rs.uniform(0.0, 10.0, 50), 3)
    x2 = np.round(x1 + 1e-6 * rs.randn(50), 9)
    y = np.round(1 + 2 * x1 + 3 * x2 + 0.1 * rs.randn(50), 4)
    return _table({"x1": x1, "x2": x2, "y": y}, "near-collinear"), _frozen([1, 2, 3])


def _years_poly() -> Loaded:
    rs = np.random.RandomState(4)
    years = np.arange(1950.0, 2001.0)
    t = years - 1950
    y = np.round(310 + 0.8 * t + 0.012 * t ** 2 + 0.5 * rs.randn(t.size), 3)
    a, b, c, s = 310.0, 0.8, 0.012, 1950.0
    theta = [a - b * s + c * s ** 2, b - 2 * c * s, c]
    return _table({"year": years, "y": y}, "years-poly"), _frozen(theta)


# ---- the data set record ---------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class DataSet:
    """A named example with the model it is meant for; `table()` loads it on first use."""

    name: str
    title: str
    description: str
    group: str
    degree: int | None = 1
    intercept: bool = True
    certified: tuple[str, ...] | None = None
    equation: str | None = None  # NIST's model line, for a certified set
    target: str | None = None
    features: tuple[str, ...] | None = None
    #: The column order the example is written in: the two-point example writes A = [x 1].
    basis_order: str = "ascending"
    loader: Callable[[], Loaded] = field(default=None, repr=False)
    #: The solvers checked when the set opens (None: leave the user's choice alone).
    methods: tuple[str, ...] | None = None

    def _load(self) -> Loaded:
        return _loaded(self.name, self.loader)

    def table(self) -> Table:
        """The data, with `source` set to the data set's name (read-only, shared)."""
        return self._load()[0]

    @property
    def true_theta(self) -> np.ndarray | None:
        """The parameters the data was generated from ([B0, B1, ...]), if known."""
        return self._load()[1]

    @property
    def certified_model(self) -> CertifiedModel | None:
        """The model NIST certified for this set (None for sets NIST never certified)."""
        if self.certified is None:
            return None
        return CertifiedModel(self.name, self.equation or "", self.table(), self.degree, self.intercept,
                              self.certified)

    def is_own_model(self, problem: Problem) -> bool:
        """True when `problem` is the model this set is meant for: its true θ and NIST's values
        describe that model only, not a fit of another degree or without the intercept."""
        return same_model(problem, self.problem())

    def columns(self) -> tuple[str, tuple[str, ...]]:
        """(target, features): the set's own, else y the last column and x the first (a CSV of points)."""
        names = self.table().names
        target = self.target or names[-1]
        return target, self.features or tuple(name for name in names if name != target)[:1]

    def problem(self, *, degree: int | None = None, intercept: bool | None = None,
                **options) -> Problem:
        """The set's problem, with its own degree, intercept and columns unless overridden."""
        options.setdefault("name", self.name)
        options.setdefault("basis_order", self.basis_order)
        target, features = self.columns()
        return table_to_problem(self.table(), target=target, features=list(features),
                                degree=self.degree if degree is None else degree,
                                intercept=self.intercept if intercept is None else intercept,
                                **options)

    def describe(self) -> dict:
        """Plain data for `datasets --json`."""
        table = self.table()
        return {"name": self.name, "title": self.title, "description": self.description,
                "group": self.group, "n": table.n_rows, "columns": list(table.names),
                "degree": self.degree, "intercept": self.intercept,
                "certified": None if self.certified is None else list(self.certified),
                "methods": None if self.methods is None else list(self.methods)}


@cache
def _loaded(name: str, loader: Callable[[], Loaded]) -> Loaded:
    table, theta = loader()
    return dataclasses.replace(table, source=name), theta


def _from_csv(file: str) -> Callable[[], Loaded]:
    return lambda: (_csv(file), None)


def _nist_set(key: str, description: str) -> DataSet:
    """A NIST set with the model certified.json records for it (Longley: six features)."""
    entry = _certified()[key]
    columns = entry["data_columns"].split()
    features = tuple(columns[1:])
    return DataSet(f"nist-{key.lower()}", f"NIST {key}", description, "NIST StRD",
                   degree=entry["polynomial_degree_in_x"], intercept=entry["intercept"],
                   certified=tuple(entry["certified_parameters"].values()), equation=entry["model"],
                   target=columns[0],
                   features=features, loader=lambda: (_nist(entry["file"]), None))


_ANSCOMBE = {
    1: "a plain linear relation with scatter",
    2: "a smooth curve that a line fits badly",
    3: "a perfect line but for one outlier",
    4: "one high-leverage point deciding the whole slope",
}

_ALL = [
    DataSet("seed-2pt", "Two points (1, 3), (2, 5)", "The course notes' hand-worked example: the line "
            "through (1, 3) and (2, 5), which every method fits exactly.", "Course notes",
            basis_order="descending", loader=_from_csv("seed-2pt.csv")),
    DataSet("seed-4pt", "Four points on y = 1 + x", "The course notes' QR example: (1, 2), (2, 3), "
            "(3, 4), (4, 5), lying exactly on y = 1 + x.", "Course notes", loader=_from_csv("seed-4pt.csv")),
    DataSet("seed-random", "Random 1000 × 100", "The course notes' practical comparison: 1000 "
            "Gaussian rows, 100 features w1..w100 and noise 0.1, without an intercept.", "Course notes",
            degree=None, intercept=False, target="y",
            features=tuple(f"w{j + 1}" for j in range(100)), loader=_seed_random),
    _nist_set("Norris", "Ozone monitor calibration: a straight line (lower difficulty)."),
    _nist_set("Pontius", "Load cell calibration: a quadratic with tiny coefficients (lower "
              "difficulty)."),
    _nist_set("NoInt1", "A line through the origin, generated data (average difficulty)."),
    _nist_set("NoInt2", "A line through the origin fitted to three points (average difficulty)."),
    _nist_set("Filip", "A degree-10 polynomial with κ(A) ≈ 1.8e15 that defeats the normal "
              "equations (higher difficulty)."),
    _nist_set("Longley", "US employment against six collinear economic series, 1947–1962 "
              "(higher difficulty)."),
    _nist_set("Wampler1", "The exact quintic y = 1 + x + x² + x³ + x⁴ + x⁵, no noise (higher "
              "difficulty)."),
    _nist_set("Wampler2", "The exact quintic with coefficients 1, 0.1, ..., 0.00001, no noise "
              "(higher difficulty)."),
    _nist_set("Wampler3", "The quintic of Wampler1 plus noise of standard deviation ≈ 2360 "
              "(higher difficulty)."),
    _nist_set("Wampler4", "The quintic of Wampler1 plus noise a hundred times larger than "
              "Wampler3's (higher difficulty)."),
    _nist_set("Wampler5", "The quintic of Wampler1 buried in noise ten thousand times "
              "Wampler3's (higher difficulty)."),
    *(DataSet(f"anscombe-{k}", f"Anscombe's quartet {'I II III IV'.split()[k - 1]}",
              f"Anscombe (1973), set {k}: {what}; all four fit y = 3 + 0.5x.", "Classic",
              loader=_from_csv(f"anscombe-{k}.csv")) for k, what in _ANSCOMBE.items()),
    DataSet("noisy-line", "Noisy line", "Fifty points on y = 2x + 1 with unit Gaussian noise "
            "(seed 1).", "Generated", loader=_noisy_line),
    DataSet("outliers", "Line with outliers", "Thirty points on y = 2x + 1 with four gross "
            "outliers that pull the least-squares line (seed 2).", "Generated",
            loader=_outliers),
    DataSet("near-collinear", "Near-collinear features", "Two feature columns that differ by "
            "about 1e-6, so κ(A) ≈ 1e7 and the normal equations lose most digits (seed 3).",
            "Generated", degree=None, target="y", features=("x1", "x2"), loader=_near_collinear),
    DataSet("years-poly", "Quadratic over years", "A quadratic trend over the years "
            "1950–2000, badly conditioned in raw years (κ ≈ 8e10) until scaled (seed 4).",
            "Generated", degree=2, target="y", features=("year",), loader=_years_poly),
    DataSet("tb-l19", "Trefethen & Bau, Lecture 19", "A degree-14 polynomial through 100 points of "
            "exp(sin 4t) on [0, 1], κ(A) ≈ 2.3e10: Householder keeps 8 to 9 digits of the last coefficient "
            "(which is 1), the normal equations none.", "Conditioning lab", degree=14, target="y",
            features=("t",), loader=conditioning.tb_lecture19,
            methods=("householder", "normal-cholesky", "mgs")),
    DataSet("hilbert", "Hilbert matrix 12 × 8", "Columns hᵢⱼ = 1/(i + j − 1) that look almost alike, "
            "κ(A) ≈ 1.6e9, and y chosen so every coefficient is 1: QR finds the ones to about 8 digits, "
            "the normal equations (κ² ≈ 2.6e18) lose them all.", "Conditioning lab", degree=None,
            intercept=False, target="y", features=tuple(f"h{j}" for j in range(1, 9)),
            loader=conditioning.hilbert, methods=("householder", "normal-cholesky", "svd")),
    DataSet("vandermonde", "Vandermonde, degree 10 on [0, 1]", "The columns 1, x, …, x¹⁰ at 21 points "
            "of [0, 1] fitting eˣ look more and more alike, κ(A) ≈ 2.3e7: QR keeps about 9 digits and the "
            "normal equations, which lose twice as many, about 3.", "Conditioning lab", degree=10, target="y",
            features=("x",), loader=conditioning.vandermonde,
            methods=("householder", "mgs", "normal-cholesky", "svd")),
    DataSet("lauchli", "Läuchli matrix, ε = 1e-8", "The matrix [[1, 1], [ε, 0], [0, ε]] with ε = 1e-8 has "
            "κ(A) ≈ 1.4e8, yet AᵀA = [[1 + ε², 1], [1, 1 + ε²]] rounds to a singular matrix in float64, "
            "so the normal equations break while QR finds θ = (1, 1).", "Conditioning lab", degree=None,
            intercept=False, target="y", features=("a1", "a2"), loader=conditioning.lauchli,
            methods=("normal-cholesky", "householder", "mgs", "svd")),
    DataSet("rank-deficient", "Rank-deficient: fruit by weight", "The cost of apples and pears with "
            "the total weight as a third column, their sum, so κ(A) is infinite and many θ fit equally "
            "well: pivoted QR's basic answer leaves a column out, the SVD's is the shortest.",
            "Conditioning lab", degree=None, target="cost", features=("apples", "pears", "total"),
            loader=conditioning.rank_deficient, methods=("qr-pivoted", "svd", "svd-truncated")),
]

#: Every built-in data set by name, in display order (course notes, NIST, classic, generated, conditioning).
DATASETS: dict[str, DataSet] = {data_set.name: data_set for data_set in _ALL}


def get_dataset(name: str) -> DataSet:
    """The data set called `name`, or an InputError listing the known names."""
    key = str(name).strip().lower()
    if key not in DATASETS:
        raise InputError(f"unknown data set {name!r}; known data sets: {', '.join(DATASETS)}")
    return DATASETS[key]

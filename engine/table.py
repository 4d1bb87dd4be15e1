"""A table of numbers read from a file, and the least-squares `Problem` chosen from its columns.

Each row keeps the file line it came from, so that an error found later (a value that breaks
the model, a column that cannot be used) can still name where it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import InputError, listing, quote
from .problem import Problem


class LineNumbers(Sequence):
    """The file line of each row, compact: a tuple of 10⁷ Python ints would take ~360 MB, more
    than the data. Compares equal to any sequence of the same numbers, such as a tuple."""

    __slots__ = ("_lines",)

    def __init__(self, lines):
        self._lines = lines if isinstance(lines, range) else np.array(lines, dtype=np.int64).ravel()

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return LineNumbers(self._lines[index])
        return int(self._lines[index])

    def __iter__(self) -> Iterator[int]:
        return map(int, self._lines)

    def __eq__(self, other) -> bool:
        if isinstance(other, LineNumbers):
            other = other._lines
        elif not isinstance(other, Sequence | np.ndarray):
            return NotImplemented
        return len(other) == len(self) and bool(np.array_equal(np.asarray(self._lines), np.asarray(other)))

    __hash__ = None

    def __repr__(self) -> str:
        return f"LineNumbers({self._lines!r})"


@dataclass(frozen=True, eq=False)
class Table:
    """Named numeric columns with the file line of every row, so later errors can point at it."""

    names: tuple[str, ...]
    data: np.ndarray
    source: str
    lines: LineNumbers

    def __post_init__(self):
        self._settle(np.array(self.data, dtype=float))

    @classmethod
    def adopt(cls, names, data: np.ndarray, source: str, lines) -> Table:
        """A table that takes `data` (float, freshly made) as it is: no copy of 10⁷ rows."""
        table = object.__new__(cls)
        for name, value in (("names", names), ("data", data), ("source", source), ("lines", lines)):
            object.__setattr__(table, name, value)
        table._settle(np.asarray(data, dtype=float))
        return table

    def _settle(self, data: np.ndarray) -> None:
        lines = self.lines if isinstance(self.lines, LineNumbers) else LineNumbers(self.lines)
        if data.ndim != 2 or data.shape != (len(lines), len(self.names)):
            raise ValueError(f"data of shape {data.shape} does not match {len(lines)} lines "
                             f"and {len(self.names)} names")
        data.flags.writeable = False
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "names", tuple(self.names))
        object.__setattr__(self, "lines", lines)
        positions: dict[str, int] = {}
        for j, name in enumerate(self.names):
            positions.setdefault(name, j)  # the first of a repeated name, as names.index gives
        object.__setattr__(self, "_positions", positions)

    @property
    def n_rows(self) -> int:
        return self.data.shape[0]

    def position(self, name: str) -> int | None:
        """The index of the column called `name`, or None; a dictionary, so choosing each of 10⁵
        columns by name stays linear in their number."""
        return self._positions.get(name)

    def column(self, name: str) -> np.ndarray:
        """One column by its name (a read-only view)."""
        j = self.position(name)
        if j is None:
            raise InputError(f"no column {quote(name)}; the columns are {listing(self.names)}",
                             source=self.source)
        return self.data[:, j]


def _resolve(table: Table, spec) -> int:
    """A column index from its header name or its 1-based number (as given on the command line)."""
    text = str(spec).strip()
    if (j := table.position(text)) is not None:
        return j
    if text.isdigit() and len(text) <= 18 and 1 <= int(text) <= len(table.names):
        return int(text) - 1
    raise InputError(f"no column {quote(text)}; the columns are {listing(table.names)} "
                     f"(or their numbers 1 to {len(table.names)})", source=table.source)


def table_to_problem(table: Table, *, target=None, features: Sequence | str | None = None,
                     degree: int | None = None, intercept: bool = True, **options) -> Problem:
    """A `Problem` from chosen columns: one feature is a polynomial in x, several a linear model."""
    k = len(table.names)
    columns = f"{table.source} has {k} columns ({listing(table.names)})"
    if isinstance(features, str):
        features = [part for part in features.split(",") if part.strip()]
    if target is None and features is None:
        if k != 2:
            raise InputError(f"{columns}: choose them with --target and --features")
        target_index, feature_index = 1, [0]
    else:
        feature_index = None if features is None else [_resolve(table, f) for f in features]
        if target is not None:
            target_index = _resolve(table, target)
        else:
            chosen = set(feature_index)
            rest = [j for j in range(k) if j not in chosen]
            if len(rest) == 1:
                target_index = rest[0]
            elif table.position("y") is not None and table.position("y") not in chosen:
                target_index = table.position("y")
            else:
                raise InputError(f"{columns}: choose the target with --target")
        if feature_index is None:
            feature_index = [j for j in range(k) if j != target_index]
    if not feature_index:
        raise InputError(f"{columns}: choose at least one feature with --features")
    if target_index in set(feature_index):
        raise InputError(f"column {quote(table.names[target_index])} is both the target and a feature",
                         source=table.source)
    if len(set(feature_index)) != len(feature_index):
        raise InputError("a feature column is chosen twice", source=table.source)
    options.setdefault("name", table.source)
    y = table.data[:, target_index]
    if len(feature_index) == 1:
        x = table.data[:, feature_index[0]]
        return Problem.from_points(x, y, 1 if degree is None else degree, intercept=intercept,
                                   **options)
    if degree not in (None, 1):
        raise InputError(f"degree {degree} needs a single feature; with {len(feature_index)} "
                         "features the model is linear in each", source=table.source)
    names = [table.names[j] for j in feature_index]
    return Problem.from_table(table.data[:, feature_index], y, names, intercept=intercept,
                              **options)

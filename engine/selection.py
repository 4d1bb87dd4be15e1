"""What is fitted: editable points, or a table with its chosen target and features.

One feature is a polynomial in x: in the window its points go on the canvas, where they can be
edited. Several features make a linear model in each; the table is fitted as it is. This lives in
the engine, not the window, because a session file names its data this way and the command line
reads sessions too; which columns a file means is decided once, in engine/file_model.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets import DataSet
from .problem import Problem
from .table import Table, table_to_problem


@dataclass(frozen=True)
class Selection:
    """A table with its chosen target and features, and the model defaults that come with it."""

    table: Table
    target: str
    features: tuple[str, ...]
    degree: int | None = 1
    intercept: bool = True
    basis_order: str | None = None  # the data's own column order, if it has one (None: keep the user's)

    @property
    def is_points(self) -> bool:
        return len(self.features) == 1

    @property
    def x(self) -> np.ndarray:
        return self.table.column(self.features[0])

    @property
    def y(self) -> np.ndarray:
        return self.table.column(self.target)

    def table_problem(self, *, intercept: bool, **options) -> Problem:
        features = np.column_stack([self.table.column(f) for f in self.features])
        return Problem.from_table(features, self.y, list(self.features), intercept=intercept,
                                  name=self.table.source, **options)

    def problem(self, **options) -> Problem:
        """The Problem of these columns with this degree and intercept (one feature: a polynomial)."""
        return table_to_problem(self.table, target=self.target, features=list(self.features), degree=self.degree,
                                intercept=self.intercept, **options)


def selection_for_dataset(data_set: DataSet) -> Selection:
    target, features = data_set.columns()
    return Selection(data_set.table(), target, features, data_set.degree, data_set.intercept, data_set.basis_order)


"""NIST certifies the parameters of one model per data set: only a fit of that model is scored.

Norris.dat certifies B0 and B1 of y = B0 + B1*x. A degree-2 fit to the same points, a fit
without the intercept or with other columns is a fair experiment, but NIST never certified
its parameters: an LRE against the certified values would compare different things (a
nonsense number, or arrays of different lengths). So a fit is scored only when its design
matrix and target are exactly those of the certified model, and otherwise it is told so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .problem import Problem
from .readers import NistFile
from .table import Table, table_to_problem


def same_model(problem: Problem, other: Problem) -> bool:
    """True when both fit the same y with the same columns of A in the same order.

    Scaling, basis order and loss change how a solver works, not the model: the design
    matrix and y compared here are in original units and NIST's column order.
    """
    return (problem.design.shape == other.design.shape and np.array_equal(problem.design, other.design)
            and problem.y.shape == other.y.shape and np.array_equal(problem.y, other.y))


def model_words(problem: Problem) -> str:
    """The fitted model in words, e.g. 'a degree-2 polynomial' or 'a linear model in x1, x2'."""
    if problem.degree is not None:
        what = f"a degree-{problem.degree} polynomial"
    else:
        what = "a linear model in " + ", ".join(label for label in problem.column_labels if label != "1")
    return what + ("" if problem.intercept else " without intercept")


@dataclass(frozen=True, eq=False)
class CertifiedModel:
    """The model NIST certified for a table of data, with its certified parameter values."""

    source: str                 # the data set or file it belongs to: "nist-norris", "Norris.dat"
    equation: str               # NIST's own words: "y = B0 + B1*x + e"
    table: Table
    degree: int | None
    intercept: bool
    values: tuple[str, ...]     # as NIST prints them, all 15 digits

    @classmethod
    def of_file(cls, nist: NistFile) -> CertifiedModel:
        return cls(nist.table.source, nist.model, nist.table, nist.degree, nist.intercept, nist.certified)

    @cached_property
    def problem(self) -> Problem:
        """The certified model: NIST's first column is y, the others are the predictors in file order."""
        names = self.table.names
        return table_to_problem(self.table, target=names[0], features=list(names[1:]),
                                degree=self.degree, intercept=self.intercept)

    def values_for(self, problem: Problem) -> tuple[str, ...] | None:
        """NIST's certified values if `problem` is the certified model, else None (no LRE)."""
        return self.values if same_model(problem, self.problem) else None

    def note(self, problem: Problem) -> str:
        """Why a fit of another model gets no LRE, in a student's words."""
        equation = self.equation.removesuffix("+ e").strip()
        fitted = model_words(problem)
        if fitted == model_words(self.problem):  # the same shape of model on other columns
            names = self.table.names
            fitted += f" too, but not of NIST's columns ({names[0]} on {', '.join(names[1:])})"
        return (f"not NIST's certified model: NIST certified {self.source} only for {equation}; "
                f"this fit is {fitted}, so it gets no LRE against NIST's certified values")

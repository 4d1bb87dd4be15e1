"""The comparison table's statistics columns: r, r², adjusted r², s and the standard errors of each
row's own θ (engine.statistics), "not defined" with the reason where n ≤ p, the assumptions named
in every tooltip. Computed once per θ shown; a playing run recomputes them at each step only when
the data are small enough for that to be free."""

from __future__ import annotations

import math

import numpy as np

from engine import Problem
from engine.statistics import ASSUMPTIONS, fit_statistics

from .cells import SORT_ROLE, STATISTICS_COLUMNS, SortableItem

#: Above this many entries n·p the statistics of a step are shown once the solver's answer is in
#: (one O(n·p) residual per row and frame would slow the playback).
LIVE_LIMIT = 2_000_000
NOT_DEFINED = "not defined"

HEADER_TIPS = {
    "r": "r: Pearson's correlation of x and y for a straight line (a property of the data, the same in every "
         "row); otherwise the multiple correlation √r² of the row's θ.",
    "r²": "r² = 1 − Σr²/Σ(y − ȳ)²: the share of the spread of y the fit explains (without an intercept, "
          "the uncentred 1 − Σr²/Σy², as statsmodels and R report it).",
    "adjusted r²": "Adjusted r² = 1 − (1 − r²)(n − 1)/(n − p): r² charged for each coefficient, so that "
                   "adding a useless column does not raise it.",
    "s": "s = √(Σr²/(n − p)): the residual standard deviation, the size of the noise. " + ASSUMPTIONS,
    "standard errors": "The standard error of each coefficient, s·√diag((AᵀA)⁻¹), from R (never from "
                       "inv(AᵀA)); hover a cell for all of them. " + ASSUMPTIONS,
}


def _item(name: str, value: float, spec: str, about: str) -> SortableItem:
    """A number's cell: every digit and the assumptions in its tooltip, or why it is not defined."""
    if not math.isfinite(value):
        return SortableItem(NOT_DEFINED, math.inf, about)
    return SortableItem(format(value, spec), value, f"{name} = {value!r}\n{about}")


class StatisticsCells:
    """Builds the five statistics cells of a row, remembering them per θ for the current problem."""

    def __init__(self):
        self._problem: Problem | None = None
        self._cache: dict[tuple[str, bytes], tuple] = {}

    def items(self, problem: Problem, theta: np.ndarray | None, *, method: str = "",
              step: bool = False) -> list[SortableItem]:
        """The cells of θ; '—' while there is no θ, or for a step of data too large to follow live."""
        if theta is None or not np.all(np.isfinite(theta)):
            return [SortableItem("—", math.inf, "No θ, so no statistics.") for _ in STATISTICS_COLUMNS]
        if np.size(theta) != problem.p:  # an answer of the run before, drawn once more as a new run starts
            return [SortableItem("—", math.inf, "This answer belongs to another model.") for _ in STATISTICS_COLUMNS]
        if step and problem.n * problem.p > LIVE_LIMIT:
            tip = (f"Shown when the solver's answer is in: with n = {problem.n:,} rows they are not "
                   "recomputed at every step.")
            return [SortableItem("—", math.inf, tip) for _ in STATISTICS_COLUMNS]
        return [self._clone(item) for item in self._built(problem, np.asarray(theta, dtype=float), method)]

    def _built(self, problem: Problem, theta: np.ndarray, method: str) -> tuple:
        if problem is not self._problem:
            self._problem, self._cache = problem, {}
        key = (method, theta.tobytes())
        if key not in self._cache:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = self._make(problem, theta, method)
        return self._cache[key]

    @staticmethod
    def _clone(item: SortableItem) -> SortableItem:
        return SortableItem(item.text(), item.data(SORT_ROLE), item.toolTip())

    @staticmethod
    def _make(problem: Problem, theta: np.ndarray, method: str) -> tuple:
        stats = fit_statistics(problem, theta, method=method)
        why = f"{stats.reason[0].upper()}{stats.reason[1:]}." if stats.reason else ""
        about = "\n".join(filter(None, [why, stats.note and f"Here {stats.note}.", stats.assumptions]))
        names = problem.parameter_names
        errors = stats.standard_errors
        if np.all(np.isfinite(errors)):
            shown = ", ".join(f"±{e:.3g}" for e in errors[:3]) + (", …" if errors.size > 3 else "")
            listed = "\n".join(f"{name}: ± {e:.6g}" for name, e in zip(names, errors))
            error_item = SortableItem(shown, float(errors.max()), f"{listed}\n{about}")
        else:
            error_item = SortableItem(NOT_DEFINED, math.inf, about)
        return (_item("r", stats.r, ".4f", about), _item("r²", stats.r2, ".6g", about),
                _item("adjusted r²", stats.adjusted_r2, ".6g", about),
                _item("s", stats.residual_std, ".4g", about), error_item)


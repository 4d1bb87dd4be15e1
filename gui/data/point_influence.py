"""Which point pulls the least-squares fit of what is on screen: leverage hᵢᵢ, Cook's distance and
the studentised residual of each point, for the point table and the canvas's halos.

Computed only when asked (the table shows a row, a drag draws halos) and kept until the data
change. Up to LAZY_ROWS points everything is computed in one pass (engine.influence) and the
point that pulls hardest is named; above, the table's rows are computed in blocks as they are shown
(engine.influence_rows), so 10⁵ points cost the thirty rows on screen.
"""

from __future__ import annotations

import numpy as np

from engine import Problem
from engine.influence import Influence, influence, not_defined_reason
from engine.influence_rows import influence_of_rows, residual_spread

#: Up to this many points the whole data are computed at once (a few ms) and the strongest named.
LAZY_ROWS = 20_000
#: Rows computed together above LAZY_ROWS (a screenful and more, one triangular solve).
BLOCK = 512


def least_squares_theta(problem: Problem) -> np.ndarray | None:
    """The ordinary least-squares θ of the data (numpy's SVD-based lstsq); None if it cannot be had."""
    try:
        with np.errstate(all="ignore"):
            theta = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    except np.linalg.LinAlgError:
        return None
    return theta if np.all(np.isfinite(theta)) else None


class PointInfluence:
    """The influence of every point of one problem, computed on demand and cached."""

    def __init__(self):
        self._problem: Problem | None = None
        self._theta: np.ndarray | None = None
        self._whole: Influence | None = None
        self._spread: tuple[np.ndarray, float] | None = None
        self._blocks: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def set_problem(self, problem: Problem | None) -> None:
        """New data (or None): forget everything computed for the old."""
        self._problem, self._theta, self._whole, self._spread = problem, None, None, None
        self._blocks = {}

    @property
    def problem(self) -> Problem | None:
        return self._problem

    @property
    def n(self) -> int:
        return 0 if self._problem is None else self._problem.n

    @property
    def lazy(self) -> bool:
        """True when rows are computed in blocks as shown, and no strongest point is named."""
        return self.n > LAZY_ROWS

    def reason(self) -> str:
        """Why the values are not defined ("" when they are)."""
        problem = self._problem
        if problem is None:
            return "no fit yet: add at least two points"
        if problem.n <= problem.p:
            return not_defined_reason(problem.n, problem.p)
        if self._least_squares() is None:
            return "the least-squares fit of these data could not be computed"
        return "" if self.lazy else self.whole().reason

    def whole(self) -> Influence | None:
        """Every point at once (engine.influence), or None above LAZY_ROWS or without a fit."""
        if self._whole is None and self._problem is not None and not self.lazy:
            theta = self._least_squares() if self._problem.n > self._problem.p else np.zeros(self._problem.p)
            if theta is not None:
                self._whole = influence(self._problem, theta)
        return self._whole

    def row(self, index: int) -> tuple[float, float, float]:
        """(leverage, Cook's distance, studentised residual) of point `index`; NaN where not defined."""
        if self._problem is None or not 0 <= index < self._problem.n:
            return (np.nan, np.nan, np.nan)
        whole = self.whole()
        if whole is not None:
            return (float(whole.leverage[index]), float(whole.cooks_distance[index]), float(whole.studentized[index]))
        block = self._block(index // BLOCK)
        if block is None:
            return (np.nan, np.nan, np.nan)
        at = index % BLOCK
        return (float(block[0][at]), float(block[1][at]), float(block[2][at]))

    def strongest(self) -> int | None:
        """The point with the largest Cook's distance (None above LAZY_ROWS or where not defined)."""
        whole = self.whole()
        return None if whole is None else whole.most_influential

    def headline(self) -> str:
        """The sentence naming the point that pulls hardest, or why none is named."""
        reason = self.reason()
        if self._problem is None:
            return ""
        if self.lazy and not reason:
            return (f"Leverage and Cook's distance are computed for the rows shown ({self.n:,} points); "
                    f"the point that pulls hardest is named for up to {LAZY_ROWS:,} points.")
        strongest = self.strongest()
        if strongest is None:
            return f"Leverage and Cook's distance: {reason}."
        _, cooks, _ = self.row(strongest)
        return f"Point {strongest + 1} pulls hardest: Cook's distance {cooks:.2g}."

    # ---- inside ------------------------------------------------------------------------------
    def _least_squares(self) -> np.ndarray | None:
        if self._theta is None and self._problem is not None:
            self._theta = least_squares_theta(self._problem)
        return self._theta

    def _block(self, number: int):
        if number not in self._blocks:
            problem, theta = self._problem, self._least_squares()
            if theta is None or problem.n <= problem.p:
                return None
            if self._spread is None:
                self._spread = residual_spread(problem, theta)
            rows = np.arange(number * BLOCK, min((number + 1) * BLOCK, problem.n))
            self._blocks[number] = influence_of_rows(problem, rows, *self._spread)
        return self._blocks[number]

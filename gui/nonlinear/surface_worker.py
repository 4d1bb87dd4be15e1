"""The loss surface's worker: the grid of losses over a box of (b1, b2), and the minima in it,
computed in a thread so a large data set or a slow formula never freezes the window.

It finds the answer to centre on (the certified values, or where Levenberg-Marquardt goes from the
start), the box around the start and that answer (unless it is given one), the losses row block
by row block (engine.nonlinear.loss_grid; cancellation is checked between blocks), and the other
minima: each local minimum of the grid refined by Levenberg-Marquardt, kept if it converged there
and is not the answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from engine.nonlinear import iterate_nonlinear, loss_grid
from engine.run import error_text

from .surface_box import box_around, distinct, grid_axes, grid_minima

#: The grid's columns (b1) and rows (b2), and the fewest of each for a large data set.
GRID = (120, 120)
SMALLEST_GRID = 40
#: Residuals computed for one surface at most (grid cells × rows of data), above the smallest grid's.
BUDGET = 20_000_000
#: Rows of the grid computed between two looks at the cancel flag.
BLOCK = 10
#: Local minima of the grid refined by Levenberg-Marquardt (the lowest first).
MOST_MINIMA = 6


@dataclass(frozen=True)
class SurfaceGrid:
    """A computed surface: `values[i, j]` is the loss at (b1[j], b2[i]); `answer` the certified (or
    best found) θ, None if none; `minima` the other minima found in the box."""

    problem: object
    box: tuple[np.ndarray, np.ndarray]
    b1: np.ndarray
    b2: np.ndarray
    values: np.ndarray
    answer: np.ndarray | None
    minima: tuple[np.ndarray, ...]


def grid_for(n: int) -> tuple[int, int]:
    """The grid for n rows of data: GRID, coarser for large data sets (within BUDGET, at least SMALLEST_GRID)."""
    side = int(np.sqrt(BUDGET / max(n, 1)))
    side = min(GRID[0], max(SMALLEST_GRID, side))
    return side, side


def final_result(generator):
    """Run a solver's step stream to its end; its Result."""
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            return stop.value


def converged_end(problem, start: np.ndarray) -> np.ndarray | None:
    """Where Levenberg-Marquardt ends from `start`, if it reached a minimum there."""
    try:
        with np.errstate(all="ignore"):
            result = final_result(iterate_nonlinear(problem, "lm", start=np.asarray(start, dtype=float)))
    except Exception:  # a start where the model cannot be evaluated: no minimum from there
        return None
    if result.status != "converged" or result.theta is None or not np.all(np.isfinite(result.theta)):
        return None
    return np.asarray(result.theta, dtype=float)


def centre_answer(problem) -> np.ndarray | None:
    certified = getattr(problem, "certified", None)
    if certified is not None:
        return np.asarray(certified.values, dtype=float)
    return converged_end(problem, problem.start)


class SurfaceWorker(QObject):
    """Computes one SurfaceGrid; lives in a worker thread and touches no widget."""

    # ---- Signals
    ready = Signal(int, object)
    """(run id, SurfaceGrid): the surface is computed."""
    failed = Signal(int, str)
    """(run id, one line for the user): the surface could not be computed."""
    finished = Signal()

    def __init__(self, run_id: int, problem, box=None, extra=(), grid: tuple[int, int] | None = None):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.box = box
        self.extra = np.asarray(extra, dtype=float).reshape(-1, 2)
        self.grid = grid if grid is not None else grid_for(problem.n)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop at the next block of rows (safe from any thread)."""
        self._cancelled.set()

    @Slot()
    def run(self) -> None:
        try:
            surface = self._compute()
            if surface is not None:
                self.ready.emit(self.run_id, surface)
        except Exception as error:  # never a frozen view: it says what stopped
            self.failed.emit(self.run_id, f"The loss surface could not be computed ({error_text(error)}).")
        finally:
            self.finished.emit()  # no moveToThread back: see gui/run/threads.py

    def _compute(self) -> SurfaceGrid | None:
        problem = self.problem
        answer = centre_answer(problem)
        box = self.box
        if box is None:
            points = [problem.start, *self.extra] + ([answer] if answer is not None else [])
            box = box_around(np.array(points))
        b1, b2 = grid_axes(box, *self.grid)
        blocks = []
        for first in range(0, len(b2), BLOCK):
            if self._cancelled.is_set():
                return None
            with np.errstate(all="ignore"):
                blocks.append(np.asarray(loss_grid(problem, b1, b2[first:first + BLOCK]), dtype=float))
        values = np.vstack(blocks)
        scale = box[1] - box[0]
        known = [answer] if answer is not None else []
        for row, column in grid_minima(values)[:MOST_MINIMA]:
            if self._cancelled.is_set():
                return None
            end = converged_end(problem, np.array([b1[column], b2[row]]))
            if end is not None and np.all((end >= box[0]) & (end <= box[1])):
                known = distinct([*known, end], scale)
        minima = tuple(known[1:] if answer is not None else known)
        return SurfaceGrid(problem, box, b1, b2, values, answer, minima)

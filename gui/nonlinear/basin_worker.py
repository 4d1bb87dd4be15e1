"""The basin map's worker: runs Gauss-Newton or Levenberg-Marquardt from every start of a grid,
one row of starts at a time (engine.nonlinear.basin_map), and sends each row home as it is done.

Cancellation is checked between rows and closes the engine's generator, so a cancel or a close
waits for one row at most. An error comes home as `failed`, one line for the user.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from engine.nonlinear import basin_map
from engine.run import error_text

from .surface_box import box_around, grid_axes
from .surface_worker import centre_answer


class BasinWorker(QObject):
    """Maps where `method` ends from every (b1, b2) of the grid; lives in a worker thread."""

    # ---- Signals
    row_ready = Signal(int, object)
    """(run id, BasinRow): one more row of starts, with where each ended."""
    laid_out = Signal(int, object, object)
    """(run id, b1 values, b2 values): the grid of starts, sent before the first row."""
    failed = Signal(int, str)
    """(run id, one line for the user): the map stopped with an error."""
    completed = Signal(int)
    """(run id): every row is done (not sent when cancelled)."""
    finished = Signal()

    def __init__(self, run_id: int, problem, method: str, grid: tuple[int, int], box=None):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.method = method
        self.grid = grid
        self.box = box
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop after the row being computed (safe from any thread)."""
        self._cancelled.set()

    @Slot()
    def run(self) -> None:
        rows = None
        try:
            box = self.box
            if box is None:  # around the start and the answer, as the loss surface's first picture
                answer = centre_answer(self.problem)
                box = box_around(np.array([self.problem.start, *([answer] if answer is not None else [])]))
            b1_values, b2_values = grid_axes(box, *self.grid)
            self.laid_out.emit(self.run_id, b1_values, b2_values)
            rows = basin_map(self.problem, self.method, b1_values, b2_values)
            for row in rows:
                if self._cancelled.is_set():
                    break
                self.row_ready.emit(self.run_id, row)
                if self._cancelled.is_set():
                    break
            else:
                self.completed.emit(self.run_id)
        except Exception as error:  # never a frozen view: it says what stopped
            self.failed.emit(self.run_id, f"The basin map stopped with an internal error ({error_text(error)}).")
        finally:
            if rows is not None and hasattr(rows, "close"):
                rows.close()
            self.finished.emit()  # no moveToThread back: see gui/run/threads.py

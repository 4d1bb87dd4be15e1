"""The exact rational solution of a run's problem, computed in a thread when the run ends
(fractions take up to a few seconds on the largest problems allowed)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

from engine import Result, solve
from engine.run import error_text


class _Cancelled(Exception):
    """Unwinds the exact solve between its steps once the window closes."""


class ExactWorker(QObject):
    """Solves one problem in exact arithmetic in a thread (fractions: up to a few seconds).

    Cancellation is checked between the elimination's steps, so shutdown waits one step at most.
    An error comes home as the exact row's failure (`done` with a failed Result that says what
    stopped), never as a silent "computing…".
    """

    done = Signal(int, object)
    """(run id, exact Result); not sent when cancelled."""
    finished = Signal()

    def __init__(self, run_id: int, problem):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop at the next step (safe to call from any thread)."""
        self._cancelled.set()

    def _stop_if_cancelled(self, _step) -> None:
        if self._cancelled.is_set():
            raise _Cancelled

    @Slot()
    def run(self) -> None:
        try:
            try:
                result = solve(self.problem, "exact", reference=False, on_step=self._stop_if_cancelled)
            except _Cancelled:
                return
            except Exception as error:
                result = Result(method="exact", theta=None, status="failed",
                                message=f"Exact arithmetic stopped with an internal error: {error_text(error)}")
            self.done.emit(self.run_id, result)
        finally:
            self.finished.emit()  # no moveToThread back: see gui/run/worker.py

"""The exact rational solution of a run's problem, computed in a thread when the run ends
(fractions take up to a few seconds on the largest problems allowed)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from engine import Result, solve


class ExactWorker(QObject):
    """Solves one problem in exact arithmetic in a thread (fractions: up to a few seconds)."""

    done = Signal(int, object)
    """(run id, exact Result)."""
    finished = Signal()

    def __init__(self, run_id: int, problem):
        super().__init__()
        self.run_id = run_id
        self.problem = problem

    @Slot()
    def run(self) -> None:
        try:
            try:
                result = solve(self.problem, "exact", reference=False)
            except Exception as error:  # shown as the exact row's failure, never a silent "computing…"
                result = Result(method="exact", theta=None, status="failed",
                                message=f"Exact arithmetic stopped: {error}")
            self.done.emit(self.run_id, result)
        finally:
            self.finished.emit()  # no moveToThread back: see gui/worker.py

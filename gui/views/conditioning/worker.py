"""The sweep's worker: measures dots in a thread and sends each one home as it is measured.

Cancellation is checked between two measurements (`engine.sweep.measure`'s `stop`), so a close
waits for one solver run at most. An error comes home as `failed` with one line for the user.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal, Slot

from engine.run import error_text
from engine.sweep import SweepProblem, measure


class SweepWorker(QObject):
    """Measures `methods` × `precisions` on the problems that `build()` gives (built in the thread:
    κ of a large data set takes an SVD)."""

    # ---- Signals
    measured = Signal(int, object)
    """(run id, Measurement): one more dot."""
    failed = Signal(int, str)
    """(run id, what stopped the sweep, in words)."""
    completed = Signal(int)
    """(run id): the last dot was measured (not sent when cancelled or stopped by an error)."""
    finished = Signal()

    def __init__(self, run_id: int, build: Callable[[], list[SweepProblem]], methods: Sequence[str],
                 precisions: Sequence[str]):
        super().__init__()
        self.run_id = run_id
        self._build = build
        self.methods = tuple(methods)
        self.precisions = tuple(precisions)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop before the next measurement (safe from any thread)."""
        self._cancelled.set()

    @Slot()
    def run(self) -> None:
        try:
            problems = self._build()
            for dot in measure(problems, self.methods, self.precisions, stop=self._cancelled.is_set):
                self.measured.emit(self.run_id, dot)
            if not self._cancelled.is_set():
                self.completed.emit(self.run_id)
        except Exception as error:  # a bug must not freeze the view: it says what stopped
            self.failed.emit(self.run_id, f"The sweep stopped with an internal error ({error_text(error)}).")
        finally:
            self.finished.emit()  # no moveToThread back: see gui/run/threads.py

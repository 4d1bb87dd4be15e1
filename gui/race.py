"""`Race`: starts, cancels and restarts the worker thread, and records what it sends.

The GUI side of a run. Every run gets a new id; batches from an older run that is still
winding down are ignored, so "re-run with new settings" never mixes two runs. Threads are
kept until they have finished, and `shutdown()` waits for all of them (no "QThread:
Destroyed while thread is still running").
"""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject, QThread, Signal, Slot

from engine import Problem, Result
from engine.trace import Trace

from .worker import RaceWorker, RunRequest, SolverDone, StepBatch

#: Steps kept per solver for playback (engine.trace thins longer runs evenly).
TRACE_CAPACITY = 20_000

#: Every worker thread ever started, so tests can prove none is left running.
_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()


_collector_holds = 0


def hold_collector() -> None:
    """No cyclic garbage collection while a worker runs.

    The collector runs in whichever thread happens to allocate; in a worker thread it could
    free Qt objects that belong to the GUI thread, which deadlocks or crashes PySide. The
    solvers make no reference cycles (their steps are freed by reference counting), so the
    collector waits until the last worker has ended and then runs in the GUI thread.
    """
    global _collector_holds
    if _collector_holds == 0:
        gc.disable()
    _collector_holds += 1


def release_collector() -> None:
    global _collector_holds
    _collector_holds = max(_collector_holds - 1, 0)
    if _collector_holds == 0:
        gc.enable()
        gc.collect()


def track(thread: QThread) -> None:
    """Register a worker thread of the app, so tests can prove it ends (running_threads)."""
    _THREADS.add(thread)


def running_threads() -> list[QThread]:
    return [thread for thread in list(_THREADS) if thread.isRunning()]


class Race(QObject):
    """The recorded traces and results of the current run, and the thread computing them."""

    # ---- Signals
    started = Signal()
    """A new run began (traces are empty)."""
    traces_grew = Signal()
    """New steps arrived (at most about once per frame)."""
    solver_finished = Signal(str)
    """One solver (by key) ended; its Result is in `results`."""
    finished = Signal()
    """The current run ended (all solvers done, or cancelled)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.run_id = 0
        self.problem: Problem | None = None
        self.requests: list[RunRequest] = []
        self.traces: dict[str, Trace] = {}
        self.results: dict[str, Result] = {}
        self.reference: Result | None = None
        self.running = False
        self._workers: dict[int, tuple[QThread, RaceWorker]] = {}

    # ---- control
    def start(self, problem: Problem, requests: list[RunRequest]) -> None:
        """Cancel whatever runs, then run these solvers on this problem."""
        self.cancel()
        self.run_id += 1
        self.problem = problem
        self.requests = list(requests)
        self.traces = {r.key: Trace(TRACE_CAPACITY) for r in requests}
        self.results = {}
        self.reference = None
        self.running = True
        thread = QThread()
        _THREADS.add(thread)
        hold_collector()
        worker = RaceWorker(self.run_id, problem, requests)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.steps_ready.connect(self._on_steps_ready)
        worker.solver_done.connect(self._on_solver_done)
        worker.reference_ready.connect(self._on_reference_ready)
        worker.finished.connect(self._on_worker_finished)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self._workers[self.run_id] = (thread, worker)
        self.started.emit()
        thread.start()

    def cancel(self) -> None:
        """Ask every live worker to stop (cooperative; returns at once)."""
        for _, worker in self._workers.values():
            worker.cancel()
        if self.running:
            self.running = False
            self.finished.emit()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel and wait for every thread: call before the window closes."""
        self.cancel()
        for thread, _ in list(self._workers.values()):
            thread.quit()
            thread.wait(timeout_ms)
            release_collector()
        self._workers.clear()

    @property
    def live_threads(self) -> int:
        return sum(1 for thread, _ in self._workers.values() if thread.isRunning())

    # ---- from the worker (queued, in the GUI thread)
    @Slot(object)
    def _on_steps_ready(self, batch: StepBatch) -> None:
        if batch.run_id != self.run_id or batch.key not in self.traces:
            return
        trace = self.traces[batch.key]
        for step in batch.steps:
            trace.append(step)
        self.traces_grew.emit()

    @Slot(object)
    def _on_solver_done(self, done: SolverDone) -> None:
        if done.run_id != self.run_id:
            return
        self.results[done.key] = done.result
        self.solver_finished.emit(done.key)

    @Slot(int, object)
    def _on_reference_ready(self, run_id: int, reference: Result) -> None:
        if run_id == self.run_id:
            self.reference = reference

    @Slot(int)
    def _on_worker_finished(self, run_id: int) -> None:
        if run_id == self.run_id and self.running:
            self.running = False
            self.finished.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        for run_id, (thread, _) in list(self._workers.items()):
            if thread.isFinished():
                del self._workers[run_id]  # the last references: Python deletes both
                release_collector()

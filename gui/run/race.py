"""`Race`: starts, cancels and restarts the worker thread, and records what it sends.

The GUI side of a run. Every run gets a new id; batches from an older run that is still
winding down are ignored, so "re-run with new settings" never mixes two runs. Threads are
kept until they have finished, and `shutdown()` waits for all of them (no "QThread:
Destroyed while thread is still running"; gui/run/threads.py).

Errors come home: an internal error in the worker (a solver, the reference solve, a check)
arrives as `run_failed(text)` and stays in `errors`, so the window can show it and a headless
driver can exit 1 with it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from engine import Problem, Result
from engine.trace import Trace

from .round_robin import RoundRobinWorker
from .threads import Runner
from .worker import RaceWorker, RunRequest, SolverDone, StepBatch

#: Steps kept per solver for playback (engine.trace thins longer runs evenly).
TRACE_CAPACITY = 20_000


class Race(Runner):
    """The recorded traces and results of the current run, and the thread computing them."""

    # ---- Signals
    started = Signal()
    """A new run began (traces are empty)."""
    traces_grew = Signal()
    """New steps arrived (at most about once per frame)."""
    solver_finished = Signal(str)
    """One solver (by key) ended; its Result is in `results`."""
    # finished (from Runner): the current run ended (all solvers done, or cancelled).
    # run_failed (from Runner, str): an internal error stopped a solver, the reference solve or a
    #   check; one line naming what stopped (also kept in `errors`). The run goes on without it.

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.problem: Problem | None = None
        self.requests: list[RunRequest] = []
        self.traces: dict[str, Trace] = {}
        self.results: dict[str, Result] = {}
        self.reference: Result | None = None
        #: Per lower precision of the run: (the data rounded to it, lstsq's float64 answer on them).
        self.rounded_references: dict[str, tuple[Problem, Result]] = {}
        self.errors: list[str] = []  # the current run's internal errors, as sent by run_failed

    # ---- control
    def start(self, problem: Problem, requests: list[RunRequest]) -> None:
        """Cancel whatever runs, then run these solvers on this problem."""
        self._begin_run()
        self.problem = problem
        self.requests = list(requests)
        self.traces = {r.key: Trace(TRACE_CAPACITY) for r in requests}
        self.results = {}
        self.reference = None
        self.rounded_references = {}
        self.errors = []
        worker = self._new_worker(problem, requests)
        worker.steps_ready.connect(self._on_steps_ready)
        worker.solver_done.connect(self._on_solver_done)
        worker.failed.connect(self._on_worker_failed)
        self.started.emit()
        self._launch(worker)

    def clear(self) -> None:
        """Cancel, and forget the last run (Reset)."""
        self.cancel()
        self.requests, self.traces, self.results, self.errors = [], {}, {}, []
        self.reference, self.rounded_references = None, {}
        self.started.emit()

    def _new_worker(self, problem, requests: list[RunRequest]) -> RoundRobinWorker:
        """The worker of a run: the linear lab's computes lstsq's references first and sends them."""
        worker = RaceWorker(self.run_id, problem, requests)
        worker.rounded_reference_ready.connect(self._on_rounded_reference_ready)
        worker.reference_ready.connect(self._on_reference_ready)
        return worker

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

    @Slot(int, str, object, object)
    def _on_rounded_reference_ready(self, run_id: int, precision: str, problem: Problem, reference: Result) -> None:
        if run_id == self.run_id:
            self.rounded_references[precision] = (problem, reference)

    @Slot(int, str, str)
    def _on_worker_failed(self, run_id: int, key: str, text: str) -> None:
        if run_id == self.run_id:
            self.errors.append(text)
            self.run_failed.emit(text)

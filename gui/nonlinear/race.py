"""The nonlinear race: the solvers of `engine.nonlinear` in a worker thread, steps streamed to the GUI.

A small sibling of the linear lab's race (gui/run/race.py, gui/run/worker.py): the same thread
rules (`Runner`: one run at a time, a new run or closing the window cancels the old one, never a
frozen window) and the same round-robin worker (gui/run/round_robin.py: batches of at most about
one per frame, the same request and batch records). What differs is the engine: `iterate_nonlinear`
gives the steps, and the answer is checked by the nonlinear engine (status, RSS, certified digits)
instead of against lstsq.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot

from engine import Result
from engine.trace import Trace

from ..run.round_robin import RoundRobinWorker, RunRequest, SolverDone, StepBatch
from ..run.threads import Runner
from .engine_link import check_result, iterate_solver

#: Steps kept per solver for playback (engine.trace thins longer runs evenly).
TRACE_CAPACITY = 20_000


class NonlinearRaceWorker(RoundRobinWorker):
    """Runs every request on one nonlinear problem, round robin; lives in a worker thread."""

    def _open(self, request: RunRequest):
        return iterate_solver(self.problem, request)

    def _check(self, key: str, result: Result, request: RunRequest) -> Result:
        return check_result(self.problem, result, request)


class NonlinearRace(Runner):
    """The recorded traces and results of the current nonlinear run, and the thread computing them."""

    # ---- Signals
    started = Signal()
    """A new run began (traces are empty)."""
    traces_grew = Signal()
    """New steps arrived (at most about once per frame)."""
    solver_finished = Signal(str)
    """One solver (by key) ended; its Result is in `results`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.problem = None
        self.requests: list[RunRequest] = []
        self.traces: dict[str, Trace] = {}
        self.results: dict[str, Result] = {}
        self.errors: list[str] = []

    def start(self, problem, requests: list[RunRequest]) -> None:
        """Cancel whatever runs, then run these solvers on this problem."""
        self._begin_run()
        self.problem = problem
        self.requests = list(requests)
        self.traces = {r.key: Trace(TRACE_CAPACITY) for r in requests}
        self.results = {}
        self.errors = []
        worker = NonlinearRaceWorker(self.run_id, problem, requests)
        worker.steps_ready.connect(self._on_steps_ready)
        worker.solver_done.connect(self._on_solver_done)
        worker.failed.connect(self._on_worker_failed)
        self.started.emit()
        self._launch(worker)

    def clear(self) -> None:
        """Cancel, and forget the last run (Reset)."""
        self.cancel()
        self.requests, self.traces, self.results, self.errors = [], {}, {}, []
        self.started.emit()

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
        if done.run_id == self.run_id:
            self.results[done.key] = done.result
            self.solver_finished.emit(done.key)

    @Slot(int, str, str)
    def _on_worker_failed(self, run_id: int, _key: str, text: str) -> None:
        if run_id == self.run_id:
            self.errors.append(text)
            self.run_failed.emit(text)

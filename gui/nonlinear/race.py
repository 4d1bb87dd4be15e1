"""The nonlinear race: the solvers of `engine.nonlinear` in a worker thread, steps streamed to the GUI.

A small sibling of the linear lab's race (gui/run/race.py, gui/run/worker.py): the same thread
rules (`Runner`: one run at a time, a new run or closing the window cancels the old one, never a
frozen window), the same batches (at most about one per frame) and the same request and batch
records. What differs is the engine: `iterate_nonlinear` gives the steps, and the answer is checked
by the nonlinear engine (status, RSS, certified digits) instead of against lstsq.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine import InputError, Result, Step
from engine.run import breakdown, error_text, internal_failure
from engine.trace import Trace

from ..run.threads import Runner
from ..run.worker import BATCH_INTERVAL, CHUNK, RunRequest, SolverDone, StepBatch
from .engine_link import check_result, iterate_solver

#: Steps kept per solver for playback (engine.trace thins longer runs evenly).
TRACE_CAPACITY = 20_000


class NonlinearRaceWorker(QObject):
    """Runs every request on one nonlinear problem, round robin; lives in a worker thread."""

    # ---- Signals
    steps_ready = Signal(object)
    """A StepBatch: new steps of one solver."""
    solver_done = Signal(object)
    """A SolverDone: one solver ended; its Result is checked."""
    failed = Signal(int, str, str)
    """(run id, key, text): an internal error stopped a solver; one line for the user."""
    finished = Signal(int)
    """(run id): every solver ended, or the run was cancelled."""

    def __init__(self, run_id: int, problem, requests: list[RunRequest]):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.requests = list(requests)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the run to stop at its next step (safe from any thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        except Exception as error:  # a bug outside any one solver: said, never a silent end
            self.failed.emit(self.run_id, "", f"The run stopped with an internal error: {error_text(error)}")
        finally:
            self.finished.emit(self.run_id)

    def _run(self) -> None:
        active: dict[str, Any] = {}
        pending: dict[str, list[Step]] = {}
        elapsed: dict[str, float] = {}
        for request in self.requests:
            try:
                active[request.key] = iterate_solver(self.problem, request)
            except InputError as error:
                self._done(request.key, Result(method=request.method, theta=None, status="failed",
                                               message=str(error)))
                continue
            except Exception as error:
                self._internal(request.key, error)
                self._done(request.key, internal_failure(error, request.method, who=request.key))
                continue
            pending[request.key], elapsed[request.key] = [], 0.0
        by_key = {r.key: r for r in self.requests}
        last_sent = time.perf_counter()
        while active and not self.cancelled:
            for key in list(active):
                started = time.perf_counter()
                outcome = self._pull(key, active[key], pending[key])
                elapsed[key] += time.perf_counter() - started
                if outcome is not None:
                    del active[key]
                    self._flush(key, pending)
                    result = replace(outcome, method=by_key[key].method, elapsed_s=elapsed[key])
                    self._done(key, self._checked(key, result, by_key[key]))
                if self.cancelled:
                    break
            time.sleep(0)  # hand the GIL to the GUI thread between rounds
            if time.perf_counter() - last_sent >= BATCH_INTERVAL:
                for key in pending:
                    self._flush(key, pending)
                last_sent = time.perf_counter()
        for key in pending:
            self._flush(key, pending)

    def _pull(self, key: str, generator, into: list[Step]) -> Result | None:
        """Up to CHUNK steps into `into`; the Result once the solver ended (a breakdown or an
        internal error is this solver's failure alone)."""
        turn_ends = time.perf_counter() + BATCH_INTERVAL
        try:
            for _ in range(CHUNK):
                into.append(next(generator))
                if self.cancelled or time.perf_counter() > turn_ends:
                    return None
        except StopIteration as stop:
            return stop.value
        except InputError as error:
            return Result(method=key, theta=None, status="failed", message=str(error))
        except Exception as error:
            if (failure := breakdown(error, key)) is not None:
                return failure
            self._internal(key, error)
            return internal_failure(error, key, who=key)
        return None

    def _checked(self, key: str, result: Result, request: RunRequest) -> Result:
        try:
            return check_result(self.problem, result, request)
        except Exception as error:
            text = f"{key}'s answer could not be checked: {error_text(error)}"
            self.failed.emit(self.run_id, key, text)
            return replace(result, warnings=(*result.warnings, text))

    def _internal(self, key: str, error: BaseException) -> None:
        self.failed.emit(self.run_id, key, f"{key} stopped with an internal error: {error_text(error)}")

    def _flush(self, key: str, pending: dict[str, list[Step]]) -> None:
        if pending.get(key):
            self.steps_ready.emit(StepBatch(self.run_id, key, tuple(pending[key])))
            pending[key] = []

    def _done(self, key: str, result: Result) -> None:
        self.solver_done.emit(SolverDone(self.run_id, key, result))


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

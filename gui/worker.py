"""The worker: runs the solvers of a race in a thread and sends their steps in batches.

A QObject moved to a QThread (superqt's canonical wiring, STYLE.md). Solvers are engine
generators, pulled round robin so a 10⁶-iteration run does not starve a 3-step one.
Steps are sent at most about once per frame, never one signal per step. Cancellation is
cooperative, checked between pulls; a thread is never terminated.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine import SOLVERS, InputError, Problem, Result, Step, iterate
from engine.honesty import assess
from engine.run import REFERENCE, solve

#: Send the collected steps at most this often (seconds): about one GUI update per frame.
BATCH_INTERVAL = 1 / 30
#: Steps pulled from one solver before the next one gets its turn.
CHUNK = 64


@dataclass(frozen=True)
class RunRequest:
    """One solver of a race: `key` names its curve and trace (usually the method name)."""

    key: str
    method: str
    params: dict[str, Any] = field(default_factory=dict)
    start: tuple[float, ...] | None = None


@dataclass(frozen=True)
class StepBatch:
    run_id: int
    key: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class SolverDone:
    run_id: int
    key: str
    result: Result


class RaceWorker(QObject):
    """Runs every request on one problem; lives in a worker thread, touches no widget."""

    # ---- Signals
    steps_ready = Signal(object)
    """A StepBatch: new steps of one solver."""
    solver_done = Signal(object)
    """A SolverDone: one solver ended; its Result is checked against the reference."""
    reference_ready = Signal(int, object)
    """(run id, lstsq Result): the answer every other one is compared with."""
    finished = Signal(int)
    """(run id): every solver ended, or the run was cancelled."""

    def __init__(self, run_id: int, problem: Problem, requests: list[RunRequest]):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.requests = list(requests)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the run to stop at its next pull (safe to call from any thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        finally:
            # No moveToThread back to the GUI thread here: it takes Qt's event-queue locks while
            # holding the GIL, and the GUI thread, destroying a queued event that carries a Python
            # object, holds such a lock while it waits for the GIL (a deadlock seen in the tests).
            # The worker stays in its finished thread; the GUI thread drops it when the thread ends.
            self.finished.emit(self.run_id)

    def _run(self) -> None:
        reference = solve(self.problem, REFERENCE, reference=False)
        self.reference_ready.emit(self.run_id, reference)
        active: dict[str, Any] = {}
        elapsed: dict[str, float] = {}
        pending: dict[str, list[Step]] = {}
        for request in self.requests:
            try:
                active[request.key] = iterate(self.problem, request.method, start=request.start, **request.params)
            except InputError as error:
                self._done(request.key, Result(method=request.method, theta=None, status="failed",
                                               message=str(error)))
                continue
            elapsed[request.key] = 0.0
            pending[request.key] = []
        methods = {r.key: r.method for r in self.requests}
        params = {r.key: r.params for r in self.requests}
        last_sent = time.perf_counter()
        while active and not self.cancelled:
            for key in list(active):
                started = time.perf_counter()
                outcome = self._pull(active[key], pending[key])
                elapsed[key] += time.perf_counter() - started
                if outcome is not None:
                    del active[key]
                    self._flush(key, pending)
                    spec = SOLVERS.get(methods[key])
                    result = replace(outcome, method=methods[key], elapsed_s=elapsed[key])
                    self._done(key, assess(self.problem, spec, result, reference, params[key]))
                if self.cancelled:
                    break
            time.sleep(0)  # hand the GIL to the GUI thread between rounds, so drawing never waits for it
            if time.perf_counter() - last_sent >= BATCH_INTERVAL:
                for key in pending:
                    self._flush(key, pending)
                last_sent = time.perf_counter()
        for key in pending:
            self._flush(key, pending)

    def _pull(self, generator, into: list[Step]) -> Result | None:
        """Up to CHUNK steps into `into`; the Result if the solver ended."""
        try:
            for _ in range(CHUNK):
                into.append(next(generator))
        except StopIteration as stop:
            return stop.value
        except Exception as error:  # a LAPACK breakdown or a bug: shown as this solver's failure
            return Result(method="", theta=None, status="failed", message=f"The solver stopped: {error}")
        return None

    def _flush(self, key: str, pending: dict[str, list[Step]]) -> None:
        if pending.get(key):
            self.steps_ready.emit(StepBatch(self.run_id, key, tuple(pending[key])))
            pending[key] = []

    def _done(self, key: str, result: Result) -> None:
        self.solver_done.emit(SolverDone(self.run_id, key, result))

"""What every race worker shares: solvers pulled round robin in a thread, steps sent in batches.

A QObject moved to a QThread (superqt's canonical wiring, STYLE.md). Solvers are engine
generators, pulled round robin so a 10⁶-iteration run does not starve a 3-step one. Steps are
sent at most about once per frame, never one signal per step. Cancellation is cooperative,
checked after every step, so a cancelled run ends within one step; a thread is never terminated.

Errors come home (STYLE.md): a solver that raises becomes a failed result for that solver alone,
a check that raises leaves the answer unchecked (and says so), and each such internal error is
also sent as `failed`, one line naming who stopped, for the window to show.

A race worker says only how a request becomes a step generator (`_open`) and how an answer is
checked (`_check`); the linear lab's worker also computes its references first (`_prepare`).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine import InputError, Result, Step
from engine.run import breakdown, error_text, internal_failure

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


class Cancelled(Exception):
    """Unwinds a step-by-step computation outside the race (a reference solve) once the run is cancelled."""


class RoundRobinWorker(QObject):
    """Runs every request on one problem; lives in a worker thread, touches no widget."""

    # ---- Signals
    steps_ready = Signal(object)
    """A StepBatch: new steps of one solver."""
    solver_done = Signal(object)
    """A SolverDone: one solver ended; its Result is checked."""
    failed = Signal(int, str, str)
    """(run id, key, text): an internal error stopped a solver (its key), a preparation or a check;
    `text` is one line for the user, naming what stopped. The run goes on without it."""
    finished = Signal(int)
    """(run id): every solver ended, or the run was cancelled."""

    def __init__(self, run_id: int, problem, requests: list[RunRequest]):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.requests = list(requests)
        self._cancelled = threading.Event()

    # ---- what a race worker says -----------------------------------------------------------------
    def _prepare(self) -> None:
        """Work before the solvers start (the linear lab's references); may raise Cancelled."""

    def _open(self, request: RunRequest):
        """The solver's generator of steps (its return value is the Result); InputError for bad settings."""
        raise NotImplementedError

    def _check(self, key: str, result: Result, request: RunRequest) -> Result:
        """The answer, checked (honesty); called in the worker thread."""
        raise NotImplementedError

    # ---- the race ----------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the run to stop at its next step (safe to call from any thread)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            self._prepare()
            self._race()
        except Cancelled:
            pass
        except Exception as error:  # a bug outside any one solver: said, never a silent end
            self._fail("", f"The run stopped with an internal error: {error_text(error)}")
        finally:
            # No moveToThread back to the GUI thread here: it takes Qt's event-queue locks while
            # holding the GIL, and the GUI thread, destroying a queued event that carries a Python
            # object, holds such a lock while it waits for the GIL (a deadlock seen in the tests).
            # The worker stays in its finished thread; the GUI thread drops it when the thread ends.
            self.finished.emit(self.run_id)

    def _race(self) -> None:
        active: dict[str, Any] = {}
        elapsed: dict[str, float] = {}
        pending: dict[str, list[Step]] = {}
        for request in self.requests:
            try:
                active[request.key] = self._open(request)
            except InputError as error:
                self._done(request.key, Result(method=request.method, theta=None, status="failed",
                                               message=str(error)))
                continue
            except Exception as error:  # a bug in setting this solver up costs this solver only
                self._fail(request.key, f"{request.key} stopped with an internal error: {error_text(error)}")
                self._done(request.key, internal_failure(error, request.method, who=request.key))
                continue
            elapsed[request.key] = 0.0
            pending[request.key] = []
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
            time.sleep(0)  # hand the GIL to the GUI thread between rounds, so drawing never waits for it
            if time.perf_counter() - last_sent >= BATCH_INTERVAL:
                for key in pending:
                    self._flush(key, pending)
                last_sent = time.perf_counter()
        for key in pending:
            self._flush(key, pending)

    def _checked(self, key: str, result: Result, request: RunRequest) -> Result:
        """The result checked; unchecked (and said why) if the check raised."""
        try:
            return self._check(key, result, request)
        except Exception as error:
            text = f"{key}'s answer could not be checked: the check stopped with an internal error: {error_text(error)}"
            self._fail(key, text)
            return replace(result, warnings=(*result.warnings, text))

    def _pull(self, key: str, generator, into: list[Step]) -> Result | None:
        """Up to CHUNK steps into `into` (fewer once cancelled or after BATCH_INTERVAL); the
        Result if the solver ended.

        A numerical breakdown is this solver's failure as engine.run.run_to_end reports it; any
        other exception is an internal error: this solver fails, the GUI hears it, the others go on.
        """
        cancelled, clock = self._cancelled.is_set, time.perf_counter  # bound once: checked every step
        turn_ends = clock() + BATCH_INTERVAL  # a solver with slow steps yields its turn sooner
        try:
            for _ in range(CHUNK):
                into.append(next(generator))
                if cancelled() or clock() > turn_ends:
                    return None
        except StopIteration as stop:
            return stop.value
        except InputError as error:
            return Result(method=key, theta=None, status="failed", message=str(error))
        except Exception as error:
            if (failure := breakdown(error, key)) is not None:
                return failure
            failure = internal_failure(error, key, who=key)
            self._fail(key, f"{key} stopped with an internal error: {error_text(error)}")
            return failure
        return None

    def _stop_if_cancelled(self, _step: Step) -> None:
        """An on_step callback for work outside the race: unwinds it once the run is cancelled."""
        if self.cancelled:
            raise Cancelled

    def _fail(self, key: str, text: str) -> None:
        self.failed.emit(self.run_id, key, text)

    def _flush(self, key: str, pending: dict[str, list[Step]]) -> None:
        if pending.get(key):
            self.steps_ready.emit(StepBatch(self.run_id, key, tuple(pending[key])))
            pending[key] = []

    def _done(self, key: str, result: Result) -> None:
        self.solver_done.emit(SolverDone(self.run_id, key, result))

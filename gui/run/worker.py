"""The worker: runs the solvers of a race in a thread and sends their steps in batches.

A QObject moved to a QThread (superqt's canonical wiring, STYLE.md). Solvers are engine
generators, pulled round robin so a 10⁶-iteration run does not starve a 3-step one.
Steps are sent at most about once per frame, never one signal per step. Cancellation is
cooperative, checked after every step, so a cancelled run ends within one step; a thread is
never terminated.

Errors come home (STYLE.md): a solver that raises becomes a failed result for that solver
alone, a reference solve or a check that raises leaves the run without it, and each such
internal error is also sent as `failed`, one line naming who stopped, for the window to show.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine import SOLVERS, InputError, Problem, Result, Step, iterate
from engine.honesty import assess
from engine.run import REFERENCE, breakdown, error_text, internal_failure, solve

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
    rounded_reference_ready = Signal(int, str, object, object)
    """(run id, precision, the problem with A and y rounded to it, lstsq's Result on it in float64):
    what an answer computed in that lower precision is measured against."""
    failed = Signal(int, str, str)
    """(run id, key, text): an internal error stopped a solver (its key), the reference solve or
    a check; `text` is one line for the user, naming what stopped. The run goes on without it."""
    finished = Signal(int)
    """(run id): every solver ended, or the run was cancelled."""

    def __init__(self, run_id: int, problem: Problem, requests: list[RunRequest]):
        super().__init__()
        self.run_id = run_id
        self.problem = problem
        self.requests = list(requests)
        self._cancelled = threading.Event()
        #: Per lower precision of the run: (the data rounded to it, lstsq's answer on them in float64).
        self._rounded_references: dict[str, tuple[Problem, Result]] = {}

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
        except _Cancelled:
            pass
        except Exception as error:  # a bug outside any one solver: said, never a silent end
            self._fail("", f"The run stopped with an internal error: {error_text(error)}")
        finally:
            # No moveToThread back to the GUI thread here: it takes Qt's event-queue locks while
            # holding the GIL, and the GUI thread, destroying a queued event that carries a Python
            # object, holds such a lock while it waits for the GIL (a deadlock seen in the tests).
            # The worker stays in its finished thread; the GUI thread drops it when the thread ends.
            self.finished.emit(self.run_id)

    def _run(self) -> None:
        reference = self._reference()
        self._references_in_lower_precisions()
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
            except Exception as error:  # a bug in setting this solver up costs this solver only
                self._fail(request.key, f"{request.key} stopped with an internal error: {error_text(error)}")
                self._done(request.key, internal_failure(error, request.method, who=request.key))
                continue
            elapsed[request.key] = 0.0
            pending[request.key] = []
        methods = {r.key: r.method for r in self.requests}
        params = {r.key: r.params for r in self.requests}
        last_sent = time.perf_counter()
        while active and not self.cancelled:
            for key in list(active):
                started = time.perf_counter()
                outcome = self._pull(key, active[key], pending[key])
                elapsed[key] += time.perf_counter() - started
                if outcome is not None:
                    del active[key]
                    self._flush(key, pending)
                    result = replace(outcome, method=methods[key], elapsed_s=elapsed[key])
                    self._done(key, self._checked(key, result, reference, params[key]))
                if self.cancelled:
                    break
            time.sleep(0)  # hand the GIL to the GUI thread between rounds, so drawing never waits for it
            if time.perf_counter() - last_sent >= BATCH_INTERVAL:
                for key in pending:
                    self._flush(key, pending)
                last_sent = time.perf_counter()
        for key in pending:
            self._flush(key, pending)

    def _reference(self) -> Result | None:
        """lstsq's answer, sent to the GUI; None (and said why) if it raised."""
        try:
            reference = solve(self.problem, REFERENCE, reference=False, on_step=self._stop_if_cancelled)
        except _Cancelled:
            raise
        except Exception as error:
            self._fail("", f"The reference solve ({REFERENCE}) stopped with an internal error: "
                           f"{error_text(error)}; this run has no reference to check the answers against.")
            return None
        self.reference_ready.emit(self.run_id, reference)
        return reference

    def _references_in_lower_precisions(self) -> None:
        """lstsq in float64 on the data rounded to each lower precision of the run (a precision that
        cannot hold the data has none: its solvers fail with that message when they start)."""
        for precision in dict.fromkeys(r.params.get("precision", "float64") for r in self.requests):
            if precision == "float64":
                continue
            try:
                problem = self.problem.rounded_to(precision)
            except InputError:
                continue
            reference = solve(problem, REFERENCE, reference=False, on_step=self._stop_if_cancelled)
            self._rounded_references[precision] = (problem, reference)
            self.rounded_reference_ready.emit(self.run_id, precision, problem, reference)

    def _checked(self, key: str, result: Result, reference: Result | None, params: dict) -> Result:
        """The result assessed against the reference; unassessed (and said why) if the check raised.

        An answer computed in a lower precision is measured on the data it saw (A and y rounded to
        that precision), against lstsq in float64 on those same rounded data.
        """
        try:
            precision = params.get("precision", "float64")
            if precision in self._rounded_references and result.theta is not None:
                problem, rounded_reference = self._rounded_references[precision]
                return assess(problem, SOLVERS.get(result.method), result, rounded_reference, params)
            return assess(self.problem, SOLVERS.get(result.method), result, reference, params)
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
        if self.cancelled:
            raise _Cancelled

    def _fail(self, key: str, text: str) -> None:
        self.failed.emit(self.run_id, key, text)

    def _flush(self, key: str, pending: dict[str, list[Step]]) -> None:
        if pending.get(key):
            self.steps_ready.emit(StepBatch(self.run_id, key, tuple(pending[key])))
            pending[key] = []

    def _done(self, key: str, result: Result) -> None:
        self.solver_done.emit(SolverDone(self.run_id, key, result))


class _Cancelled(Exception):
    """Unwinds a step-by-step computation (the reference solve) once the run is cancelled."""

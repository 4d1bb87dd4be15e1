"""The linear lab's race worker: lstsq's reference (and its references on the data rounded to each
lower precision) first, then the solvers round robin, each answer checked against its reference.

The round robin, the batches, cancellation and the errors that come home are shared with the
nonlinear race (gui/run/round_robin.py).
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from engine import SOLVERS, InputError, Problem, Result, iterate
from engine.honesty import assess
from engine.run import REFERENCE, error_text, solve

from .round_robin import BATCH_INTERVAL, CHUNK, Cancelled, RoundRobinWorker, RunRequest, SolverDone, StepBatch

__all__ = ["BATCH_INTERVAL", "CHUNK", "RaceWorker", "RunRequest", "SolverDone", "StepBatch"]


class RaceWorker(RoundRobinWorker):
    """Runs every request on one problem against lstsq's reference; lives in a worker thread."""

    # ---- Signals (and those of RoundRobinWorker: steps_ready, solver_done, failed, finished)
    reference_ready = Signal(int, object)
    """(run id, lstsq Result): the answer every other one is compared with."""
    rounded_reference_ready = Signal(int, str, object, object)
    """(run id, precision, the problem with A and y rounded to it, lstsq's Result on it in float64):
    what an answer computed in that lower precision is measured against."""

    def __init__(self, run_id: int, problem: Problem, requests: list[RunRequest]):
        super().__init__(run_id, problem, requests)
        self._reference_result: Result | None = None
        #: Per lower precision of the run: (the data rounded to it, lstsq's answer on them in float64).
        self._rounded_references: dict[str, tuple[Problem, Result]] = {}

    def _prepare(self) -> None:
        self._reference_result = self._reference()
        self._references_in_lower_precisions()

    def _open(self, request: RunRequest):
        return iterate(self.problem, request.method, start=request.start, **request.params)

    def _reference(self) -> Result | None:
        """lstsq's answer, sent to the GUI; None (and said why) if it raised."""
        try:
            reference = solve(self.problem, REFERENCE, reference=False, on_step=self._stop_if_cancelled)
        except Cancelled:
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

    def _check(self, key: str, result: Result, request: RunRequest) -> Result:
        """The result assessed against the reference. An answer computed in a lower precision is
        measured on the data it saw (A and y rounded to that precision), against lstsq in float64 on
        those same rounded data."""
        params = request.params
        precision = params.get("precision", "float64")
        if precision in self._rounded_references and result.theta is not None:
            problem, rounded_reference = self._rounded_references[precision]
            return assess(problem, SOLVERS.get(result.method), result, rounded_reference, params)
        return assess(self.problem, SOLVERS.get(result.method), result, self._reference_result, params)

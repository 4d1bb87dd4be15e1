"""The nonlinear race: the solvers of `engine.nonlinear` in a worker thread, steps streamed to the GUI.

A small sibling of the linear lab's race (gui/run/race.py, gui/run/worker.py): the same thread
rules (`Runner`: one run at a time, a new run or closing the window cancels the old one, never a
frozen window) and the same round-robin worker (gui/run/round_robin.py: batches of at most about
one per frame, the same request and batch records). What differs is the engine: `iterate_nonlinear`
gives the steps, and the answer is checked by the nonlinear engine (status, RSS, certified digits)
instead of against lstsq.
"""

from __future__ import annotations

from engine import Result

from ..run.race import Race
from ..run.round_robin import RoundRobinWorker, RunRequest
from .engine_link import check_result, iterate_solver


class NonlinearRaceWorker(RoundRobinWorker):
    """Runs every request on one nonlinear problem, round robin; lives in a worker thread."""

    def _open(self, request: RunRequest):
        return iterate_solver(self.problem, request)

    def _check(self, key: str, result: Result, request: RunRequest) -> Result:
        return check_result(self.problem, result, request)


class NonlinearRace(Race):
    """The recorded traces and results of the current nonlinear run, and the thread computing them: the
    linear lab's race (recording, run ids, errors) with the nonlinear worker and no lstsq reference."""

    def _new_worker(self, problem, requests: list[RunRequest]) -> RoundRobinWorker:
        return NonlinearRaceWorker(self.run_id, problem, requests)

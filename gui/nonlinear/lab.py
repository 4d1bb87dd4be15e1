"""`NonlinearLab`: the one state the nonlinear window's views follow (issue 17's contract).

It holds the problem (a NonlinearProblem, or None), the start the next run begins from, the run
(traces and results, recorded by the race) and the player's frame. Views take the lab in their
constructor and subscribe to its signals; none asks the window. A click on the surface or the
basin map calls `restart_from`, which runs the same solvers again from there.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QColor

from engine import Result, Step

from ..look.solver_look import solver_color
from ..run.player import Player
from ..run.worker import RunRequest
from .race import NonlinearRace

#: A converged answer is a local minimum when another known minimum's sum of squares is lower by this (relative).
LOWER_BY = 1e-6


class NonlinearLab(QObject):
    """The problem, the run and the player's frame of one nonlinear window."""

    # ---- Signals
    problem_changed = Signal(object)
    """The problem changed (a NonlinearProblem, or None): new data or a new model."""
    run_changed = Signal()
    """A run started, a step arrived, a solver or the run ended."""
    position_changed = Signal(int)
    """The player's frame."""
    start_changed = Signal(object)
    """The start of the next run changed (a numpy array)."""
    message = Signal(str)
    lowest_changed = Signal()
    """A lower minimum became known (the basin map found one): answers above it are local minima."""
    """Something the user must read (an internal error of a run)."""

    def __init__(self, problem=None, parent: QObject | None = None):
        super().__init__(parent)
        self.race = NonlinearRace(self)
        self.player = Player(self)
        self.problem = problem
        self.start: np.ndarray | None = None if problem is None else np.asarray(problem.start, dtype=float)
        self.requests: list[RunRequest] = []  # the solvers and settings of the last run asked for
        self.closing = False
        self.lowest: tuple[np.ndarray, float] | None = None  # the lowest minimum known besides the run's (θ, RSS)
        self._lists: dict[str, list[Step]] | None = None
        self.race.started.connect(self._on_race_started)
        self.race.traces_grew.connect(self._on_traces_grew)
        self.race.solver_finished.connect(self._on_solver_finished)
        self.race.finished.connect(self._on_race_finished)
        self.race.run_failed.connect(self.message)
        self.player.position_changed.connect(self.position_changed)

    # ---- the problem and the start -----------------------------------------------------------
    def set_problem(self, problem) -> None:
        """A new problem: the run of the old one is cancelled and forgotten."""
        self.race.clear()
        self.player.reset()
        self.problem = problem
        self.lowest = None
        self.problem_changed.emit(problem)
        self.set_start(None if problem is None else problem.start)

    def set_start(self, start) -> None:
        self.start = None if start is None else np.array(start, dtype=float)
        self.start_changed.emit(self.start)

    # ---- the run -------------------------------------------------------------------------------
    def run(self, requests: list[RunRequest] | None = None) -> bool:
        """Run these solvers (the last ones if None) from `start`; False if there is nothing to run."""
        if requests is not None:
            self.requests = list(requests)
        if self.problem is None or not self.requests or self.closing:
            return False
        start = None if self.start is None else tuple(float(v) for v in self.start)
        self.race.start(self.problem, [RunRequest(r.key, r.method, dict(r.params), start) for r in self.requests])
        self.player.begin_run()
        return True

    def restart_from(self, start: np.ndarray) -> None:
        """A click on the surface or the basin map: run the same solvers again from there."""
        self.set_start(start)
        self.run()

    def reset(self) -> None:
        """Cancel and forget the run; the start goes back to the problem's own."""
        self.race.clear()
        self.player.reset()
        self.set_start(None if self.problem is None else self.problem.start)

    def shutdown(self) -> None:
        """Stop the player and wait for the worker thread (the window is closing)."""
        self.closing = True
        self.player.stop()
        self.race.shutdown()

    @property
    def running(self) -> bool:
        return self.race.running

    @property
    def traces(self) -> dict[str, list[Step]]:
        """Each solver's recorded steps (evenly thinned beyond 20 000), step 0 first."""
        if self._lists is None:
            self._lists = {key: trace.steps for key, trace in self.race.traces.items()}
        return self._lists

    @property
    def results(self) -> dict[str, Result]:
        return self.race.results

    @property
    def position(self) -> int:
        return self.player.position

    def solver_keys(self) -> list[str]:
        """The solvers of the run, in the order they were checked."""
        return [r.key for r in self.race.requests]

    def step_at(self, key: str, position: int) -> Step | None:
        """The recorded step of `key` shown at `position` (its last one once it ended)."""
        trace = self.race.traces.get(key)
        if trace is None or not len(trace):
            return None
        return trace[min(max(position, 0), len(trace) - 1)]

    def theta_at(self, key: str, position: int) -> np.ndarray | None:
        """The parameters of `key` at `position`: its answer once playback reached its end."""
        trace = self.race.traces.get(key)
        result = self.race.results.get(key)
        if trace is None:
            return None
        if result is not None and result.theta is not None and position >= len(trace) - 1:
            return np.asarray(result.theta)
        step = self.step_at(key, position)
        return None if step is None or step.theta is None else np.asarray(step.theta)

    @staticmethod
    def solver_color(key: str) -> QColor:
        """The same colour for a solver everywhere (gui/look/solver_look.py)."""
        return solver_color(key)

    def note_minimum(self, theta, rss: float) -> None:
        """A minimum found outside the run (the basin map's): kept if it is the lowest known."""
        if np.isfinite(rss) and (self.lowest is None or rss < self.lowest[1]):
            self.lowest = (np.array(theta, dtype=float), float(rss))
            self.lowest_changed.emit()

    def lower_minimum_than(self, key: str) -> tuple[np.ndarray, float, str] | None:
        """(θ, RSS, who found it) of a minimum clearly lower than solver `key`'s converged answer — by the
        basin map or another solver of the run — or None. Without a certificate this is what tells a
        local minimum from the best one known."""
        result = self.results.get(key)
        if result is None or result.status != "converged" or result.theta is None or self.problem is None:
            return None
        rss = 2.0 * float(self.problem.loss(result.theta))
        candidates = [(theta, low, "the basin map") for theta, low in ([self.lowest] if self.lowest else [])]
        for other, answer in self.results.items():
            if other != key and answer.status == "converged" and answer.theta is not None:
                candidates.append((answer.theta, 2.0 * float(self.problem.loss(answer.theta)), other))
        lower = [c for c in candidates if np.isfinite(c[1]) and c[1] < rss * (1 - LOWER_BY) - 1e-300]
        return min(lower, key=lambda c: c[1]) if lower else None

    # ---- the race's news ---------------------------------------------------------------------------
    @Slot()
    def _on_race_started(self) -> None:
        self._lists = None
        self.player.reset()
        self.run_changed.emit()

    @Slot()
    def _on_traces_grew(self) -> None:
        self._lists = None
        self._update_length(finished=False)
        self.run_changed.emit()

    @Slot(str)
    def _on_solver_finished(self, _key: str) -> None:
        self.run_changed.emit()

    @Slot()
    def _on_race_finished(self) -> None:
        self._update_length(finished=True)
        self.run_changed.emit()

    def _update_length(self, *, finished: bool) -> None:
        length = max((len(t) for t in self.race.traces.values()), default=0)
        self.player.set_length(length, finished=finished)

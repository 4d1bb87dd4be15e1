"""`Lab`: the one state every view, table, export and driver of a window follows.

It holds what is on screen (the points, a multi-column selection, the problem built from them),
the run (its requests, traces, results and reference, recorded by the Race), the player's frame
and the solver the views explain. Views take the Lab in their constructor and read it; none asks
the main window for data. (napari's `Dims` with its `EmitterGroup`, glue's viewer state.)

One step numbering, everywhere: step 0 is the start, and a solver's step at the player's frame
is the `k` of the recorded step shown there; "step k of N" means the same in the toolbar, every
caption, both tables and the notes (`step_caption`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from engine import SOLVERS, Problem, Result, Step
from engine.trace import Trace

from .data.guess import GuessModel
from .data.points import PointsModel
from .data.residual_options import ResidualOptions
from .look.solver_look import SolverLook, solver_look
from .run.player import Player
from .run.race import Race


class Lab(QObject):
    """The data, the run, the player's frame and the focused solver of one window."""

    # ---- Signals
    data_changed = Signal(object)
    """The points or the model changed: the new problem of what is on screen (None if none)."""
    focus_changed = Signal(str)
    """The solver the views explain changed (its key)."""
    restart_requested = Signal(object)
    """A start point was chosen (a click on the loss surface): run again from it."""
    message = Signal(str)
    """Something the user must read (e.g. a view's computation stopped on an error)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.points = PointsModel(self)
        self.guess = GuessModel(self)  # My line and the kept guesses (gui/data/guess.py)
        self.residuals = ResidualOptions(self)  # what the canvas shows of the residuals
        self.selection = None  # a multi-feature table (engine.selection.Selection), when one is loaded
        self.data_problem: Problem | None = None  # the problem of what is on screen, rebuilt on each edit
        self.race = Race(self)
        self.player = Player(self)
        self.closing = False  # True once the window began to close: views start no new work
        self._focus: str | None = None

    # ---- the run -------------------------------------------------------------------------
    @property
    def problem(self) -> Problem | None:
        """The problem of the current run (what the traces belong to)."""
        return self.race.problem

    @property
    def traces(self) -> dict[str, Trace]:
        return self.race.traces

    @property
    def results(self) -> dict[str, Result]:
        return self.race.results

    def solver_keys(self) -> list[str]:
        """The solvers of the run, in the order they were checked."""
        return [r.key for r in self.race.requests]

    def solver_precision(self, key: str) -> str:
        """The floating-point format solver `key` computes in ("float64" unless its form says otherwise)."""
        for request in self.race.requests:
            if request.key == key:
                return str(request.params.get("precision", "float64"))
        return "float64"

    def measured_against(self, key: str) -> tuple[Problem | None, Result | None]:
        """(the data solver `key` saw, the reference its digits are measured against): the problem and
        lstsq's answer, or for a lower precision the data rounded to it and lstsq in float64 on them."""
        precision = self.solver_precision(key)
        if precision != "float64":
            return self.race.rounded_references.get(precision, (None, None))
        return self.race.problem, self.race.reference

    # ---- a solver's identity: the same everywhere, whatever else is checked ----------------
    @staticmethod
    def solver_label(key: str) -> str:
        return SOLVERS.get(key).label if key in SOLVERS else key

    @staticmethod
    def solver_look(key: str) -> SolverLook:
        """Colour, dash and marker of `key`: fixed by the solver, never by its place in a list."""
        return solver_look(key)

    def solver_color(self, key: str):
        return solver_look(key).color

    # ---- the player's frame -----------------------------------------------------------------
    @property
    def position(self) -> int:
        return self.player.position

    @property
    def last_frame(self) -> int:
        """The last frame of the timeline (the longest trace's last step)."""
        return max(self.player.length - 1, 0)

    def step_at(self, key: str, position: int) -> Step | None:
        """The recorded step of `key` shown at `position` (its last one once it ended)."""
        trace = self.race.traces.get(key)
        if trace is None or not len(trace):
            return None
        return trace[min(position, len(trace) - 1)]

    def last_step(self, key: str) -> int | None:
        """k of the last recorded step of `key` (its number of steps once it ended)."""
        trace = self.race.traces.get(key)
        return trace[len(trace) - 1].k if trace is not None and len(trace) else None

    def at_end(self, key: str, position: int) -> bool:
        """True when `key` has ended and `position` shows its last step."""
        trace = self.race.traces.get(key)
        return key in self.race.results and trace is not None and position >= len(trace) - 1

    def step_caption(self, key: str, position: int) -> str:
        """"step k of N" for `key` at `position`: N once the solver ended, "so far" before."""
        step = self.step_at(key, position)
        if step is None:
            return "no step yet"
        last = self.last_step(key)
        return f"step {step.k} of {last}" if key in self.race.results else f"step {step.k} of {last} so far"

    def current_thetas(self, position: int) -> dict[str, np.ndarray | None]:
        """For each solver, the θ to draw at `position`: its answer once the playback reached
        its end, else the latest step with a candidate θ at or before `position`. A failed
        solver that computed numbers shows them (drawn as failed), one with none shows None."""
        shown = {}
        for key, trace in self.race.traces.items():
            result = self.race.results.get(key)
            if result is not None and position >= len(trace) - 1 and result.theta is not None:
                shown[key] = result.theta
                continue
            index = min(position, len(trace) - 1)
            while index >= 0 and trace[index].theta is None:
                index -= 1
            shown[key] = trace[index].theta if index >= 0 else None
        return shown

    # ---- the solver the views explain ------------------------------------------------------------
    def focus_key(self) -> str | None:
        """The solver the views explain: the one chosen if it ran, else the first of the run."""
        keys = self.solver_keys()
        return self._focus if self._focus in keys else (keys[0] if keys else None)

    def set_focus(self, key: str | None) -> None:
        if key != self._focus:
            self._focus = key
            self.focus_changed.emit(key or "")

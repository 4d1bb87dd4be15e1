"""The nonlinear loss surface: for a two-parameter model, log₁₀ of the loss ½·Σr² over a box
around the start and the certified (or best) answer, with contour lines, every minimum found in
the box, and each solver's path up to the player's frame in its own colour. A click starts the
solvers again from the point clicked.

Unlike the linear lab's bowl, this surface may have several valleys, flat plateaus and walls
where the model overflows; the grid is computed in a worker (surface_worker.py) and computed
again, over a larger box, when a path leaves the picture.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..run.threads import WorkerThreads
from .surface_box import box_around, capped, contains
from .surface_caption import LinesCaption
from .surface_closing import WindowCloseWatch
from .surface_plot import SurfacePlot
from .surface_worker import SurfaceGrid, SurfaceWorker

if TYPE_CHECKING:
    from .lab import NonlinearLab

#: While a run streams in, a path leaving the picture makes it grow at most this often (seconds).
GROW_INTERVAL_S = 0.5
#: Paths are drawn clipped to this many box widths (a diverging θ of 1e300 stays finite for Qt).
DRAW_CAP = 50.0


def same_data(a, b) -> bool:
    """True when two problems have the same model and data (they may differ in their start)."""
    if a is None or b is None:
        return False
    if a is b:
        return True
    return (str(a.formula.text) == str(b.formula.text) and np.shape(a.x) == np.shape(b.x)
            and np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y))


def parameters_sentence(problem) -> str:
    names = ", ".join(problem.parameter_names)
    count = len(problem.parameter_names)
    return f"{count} parameter{'s' if count != 1 else ''} ({names})"


class SurfaceView(QWidget):
    """Heat map and contours of the nonlinear loss over (b1, b2), the minima, and the paths."""

    # ---- Signals
    surface_ready = Signal()
    """A new surface (grid and minima) was drawn."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.grid: SurfaceGrid | None = None
        self._problem = None
        self._keys: list[str] = []
        self._jobs = WorkerThreads(self)
        self._run_id = 0
        self._computing = False
        self._grown_at = 0.0
        self._grow_timer = QTimer(self)  # a path that left the picture while it could not grow: look again
        self._grow_timer.setSingleShot(True)
        self._grow_timer.setInterval(int(GROW_INTERVAL_S * 1000))
        self._grow_timer.timeout.connect(self._grow_if_needed)
        self._close_watch = WindowCloseWatch(self, self.shutdown)

        self.message = LinesCaption(3)
        self.message.setObjectName("nonlinear-surface-message")
        self.plot = SurfacePlot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.plot.widget, stretch=1)
        layout.addStretch(0)  # a sentence alone stays at the top
        self.plot.widget.scene().sigMouseClicked.connect(self._on_clicked)

        lab.problem_changed.connect(self._on_problem_changed)
        lab.run_changed.connect(self._on_run_changed)
        lab.position_changed.connect(self._on_position_changed)
        lab.start_changed.connect(self._on_start_changed)
        self._on_problem_changed(lab.problem)

    # ---- public ---------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while the surface is being computed or is about to grow (a screenshot waits)."""
        return self._computing or self._grow_timer.isActive()

    def shutdown(self) -> None:
        """Cancel the computation and wait for its thread (the window is closing)."""
        self._run_id += 1
        self._computing = False
        self._grow_timer.stop()
        self._jobs.shutdown(timeout_ms=None)

    def path_of(self, key: str) -> np.ndarray:
        """The θ of `key`'s steps up to the player's frame (m × 2), as drawn."""
        steps = self.lab.traces.get(key, [])[: self.lab.position + 1]
        thetas = [s.theta if s.theta is not None else (np.nan, np.nan) for s in steps]
        return np.asarray(thetas, dtype=float).reshape(-1, 2)

    # ---- the problem ---------------------------------------------------------------------------------
    @Slot(object)
    def _on_problem_changed(self, problem) -> None:
        keep = same_data(problem, self._problem) and self.grid is not None
        self._problem = problem
        if keep:  # the same model and data: the same surface (grown if its new start is outside)
            self._draw_solvers()
            return
        self._cancel()
        self._grow_timer.stop()
        self.grid = None
        self.plot.clear_surface()
        self.plot.mark_minima(None, [])
        self.plot.set_solvers([], [])
        self._keys = []
        if problem is None:
            self._show_plot(False)
            self.message.setText("Choose data and a model to see their loss surface.")
            return
        if problem.p != 2:
            self._show_plot(False)
            self.message.setText(
                f"The loss surface is drawn for models with two parameters, so that it is a picture over a "
                f"plane; this model has {parameters_sentence(problem)}. Choose a two-parameter model (such as "
                "b1·exp(−b2·x) or a NIST problem like Misra1a) to see it.")
            return
        self._show_plot(True)
        self.plot.mark_start(self.lab.start)
        names = tuple(problem.parameter_names)
        self.plot.set_names(names)
        self._start(problem, None, self._path_points())
        self._update_message()

    def _show_plot(self, on: bool) -> None:
        self.plot.widget.setVisible(on)
        self.message.set_lines(3 if on else 8)

    # ---- computing the grid ---------------------------------------------------------------------------
    def _start(self, problem, box, extra) -> None:
        self._cancel()
        self._run_id += 1
        self._computing = True
        worker = SurfaceWorker(self._run_id, problem, box, extra)
        worker.ready.connect(self._on_ready)
        worker.failed.connect(self._on_failed)
        self._jobs.start(self._run_id, worker)
        self._update_message()

    def _cancel(self) -> None:
        for worker in self._jobs.workers():
            worker.cancel()
        self._computing = False

    @Slot(int, object)
    def _on_ready(self, run_id: int, grid: SurfaceGrid) -> None:
        if run_id != self._run_id or grid.problem is not self._problem:
            return
        self._computing = False
        self.grid = grid
        self.plot.draw_surface(grid.b1, grid.b2, grid.values)
        self.plot.mark_minima(grid.answer, list(grid.minima))
        self.plot.show_range(grid.box)
        self._draw_solvers()
        self._update_message()
        self.surface_ready.emit()
        self._grow_if_needed()

    @Slot(int, str)
    def _on_failed(self, run_id: int, text: str) -> None:
        if run_id == self._run_id:
            self._computing = False
            self.message.setText(text)

    def _update_message(self) -> None:
        problem = self._problem
        if problem is None or problem.p != 2:
            return
        if self.grid is None:
            self.message.setText("Computing the loss surface …")
            return
        b1, b2 = problem.parameter_names
        if self.grid.answer is None:
            answer = "no minimum reached from the start"
        elif getattr(problem, "certified", None) is not None:
            answer = "white ★ the certified answer"
        else:
            answer = "white ★ where Levenberg-Marquardt ends from the start"
        others = len(self.grid.minima)
        minima = f"; grey ★ {others} other minim{'a' if others > 1 else 'um'}" if others else ""
        self.message.setText(f"The loss ½·Σr² over ({b1}, {b2}), colour log₁₀; {answer}{minima}; each solver's "
                             "path in its colour; + the start. Click to start them there.")

    # ---- the paths ----------------------------------------------------------------------------------------
    def _path_points(self) -> np.ndarray:
        """Every recorded θ of every solver (also the frames not played yet: the picture does not jump)."""
        paths = [np.asarray([s.theta for s in steps if s.theta is not None], dtype=float).reshape(-1, 2)
                 for steps in self.lab.traces.values()]
        return np.vstack([np.empty((0, 2)), *paths])

    @Slot()
    def _on_run_changed(self) -> None:
        if self._problem is None or self._problem.p != 2:
            return
        keys = self.lab.solver_keys()
        if keys != self._keys:
            self._keys = keys
            self.plot.set_solvers(keys, [self.lab.solver_color(key) for key in keys])
        self._draw_solvers()
        self._grow_if_needed()

    @Slot(object)
    def _on_start_changed(self, start) -> None:
        two = self._problem is not None and self._problem.p == 2
        self.plot.mark_start(start if two else None)
        if two:
            self._grow_if_needed()

    @Slot(int)
    def _on_position_changed(self, _position: int) -> None:
        if self._problem is not None and self._problem.p == 2:
            self._draw_solvers()

    def _draw_solvers(self) -> None:
        position = self.lab.position
        box = self.grid.box if self.grid is not None else None
        for key in self._keys:
            path = self.path_of(key)
            current = self.lab.theta_at(key, position)
            if box is not None:
                centre, half = (box[0] + box[1]) / 2, (box[1] - box[0]) / 2
                path = np.clip(path, centre - DRAW_CAP * half, centre + DRAW_CAP * half)
                if current is not None:
                    current = np.clip(np.asarray(current, dtype=float), centre - DRAW_CAP * half,
                                      centre + DRAW_CAP * half)
            self.plot.draw_solver(key, path, current)

    @Slot()
    def _grow_if_needed(self) -> None:
        """A path that left the picture makes it larger (at most every GROW_INTERVAL_S; while the
        surface is computed or too soon after the last growth, it looks again later)."""
        grid = self.grid
        if grid is None or self._problem is None or self.lab.closing:
            return
        start = self.lab.start if self.lab.start is not None else self._problem.start
        start_box = box_around(np.array([start, *([grid.answer] if grid.answer is not None else [])]))
        points = np.vstack([self._path_points(), np.reshape(start, (1, 2))])
        points = capped(points, start_box)  # a diverging path stretches the picture only so far
        if contains(grid.box, points):
            return
        wait = GROW_INTERVAL_S - (time.monotonic() - self._grown_at)
        if self._computing or wait > 0:
            if not self._grow_timer.isActive():
                self._grow_timer.start(max(int(wait * 1000), 50))
            return
        self._grown_at = time.monotonic()
        corners = np.array([grid.box[0], grid.box[1]])
        self._start(self._problem, box_around(np.vstack([corners, points]), pad=0.05), ())

    # ---- clicks and closing ----------------------------------------------------------------------------
    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double() or self.grid is None:
            return
        theta = self.plot.theta_at(event.scenePos())
        if theta is None:
            return
        event.accept()
        self.lab.restart_from(theta)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._close_watch.watch()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

"""The loss surface: the exact loss over the parameters as a heat map with contour lines, and
every solver's path across it, so the class sees why gradient descent zig-zags down a
narrow valley and how standardising the columns turns the valley into a round bowl.

The surface comes from the cached Gram matrix (engine.surface), so it costs the same for ten
rows as for a million; it is recomputed when a run starts, when the paths leave the
picture, or (p > 2) when the slice through the focus solver's point moves, at most ten
times a second while playing. Every frame only moves the paths and markers (setData).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSizePolicy, QVBoxLayout

from engine import SOLVERS
from engine.rescale import rescaling_for
from engine.surface import GramLoss, PathRecord, make_frame, minimum, standardized

from ...look.style import base_font, caption_label
from ..base import RunView
from .fitting import FontScaledCheckBox
from .guess_marks import SurfaceGuesses
from .pane import SurfacePane

if TYPE_CHECKING:
    from ...lab import Lab

PRINCIPAL = "principal axes"
PRINCIPAL_HELP = "The valley's own directions: its long axis and its short axis (the eigenvectors of AᵀA)."
COEFFICIENTS = "two coefficients"
#: While playing, a slice (p > 2) follows the focus solver at most this often.
SLICE_INTERVAL_S = 0.1
#: The picture always reaches this many first points of every path (steps 0, 1, 2, …).
SEEN_STEPS = 3


class StepNumbers:
    """The k of each drawn path row, looked up only for the rows that get a number."""

    def __init__(self, trace, indices: np.ndarray, tail_k: int | None):
        self.trace, self.indices, self.tail_k = trace, indices, tail_k

    def __getitem__(self, row: int) -> int:
        return self.tail_k if row == len(self.indices) else self.trace[int(self.indices[row])].k


class LossSurfaceView(RunView):
    """Heat map and contours of the loss over two parameters, with the solvers' paths."""

    name = "surface"
    title = "Loss surface"

    # ---- Signals
    start_clicked = Signal(object)
    """The surface was clicked: the θ there (canonical, original units) is the new start."""

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self._problem = None
        self._loss: GramLoss | None = None
        self._minimum: np.ndarray | None = None
        self._standardized = None
        self._records: dict[str, PathRecord] = {}
        self._dirty = True
        self._position = 0
        self._slice_time = 0.0
        self._slice_pending = False

        self.mode_box = QComboBox()
        self.mode_box.addItems([COEFFICIENTS, PRINCIPAL])
        self.mode_box.setItemData(1, PRINCIPAL_HELP, Qt.ItemDataRole.ToolTipRole)
        self.x_box = QComboBox()
        self.y_box = QComboBox()
        for box in (self.mode_box, self.x_box, self.y_box):  # each as wide as its longest item, at any font
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.gradient_check = FontScaledCheckBox("show gradient")
        self.gradient_check.setToolTip("Arrows at each solver's point: −∇L (solid) and, for methods that keep "
                                       "one, −velocity or −m (dashed); directions only, fixed length.")
        self.standardized_check = FontScaledCheckBox("raw ↔ standardised")
        self.standardized_check.setToolTip("Show the same loss in standardised coordinates beside it: the narrow "
                                           "valley of raw columns becomes a round bowl.")
        controls = QHBoxLayout()  # two rows, so a dock of 640 px holds them at twice the font size
        checks = QHBoxLayout()
        for row, widgets in ((controls, (self.mode_box, self.x_box, self.y_box)),
                             (checks, (self.gradient_check, self.standardized_check))):
            for widget in widgets:
                widget.setFont(base_font())
                row.addWidget(widget)
            row.addStretch(1)
        # Captions of a fixed number of lines: the plots keep their room, and a text too long for a
        # projector's font ends in "…" with the whole of it in the tooltip.
        self.message = caption_label(3)
        self.message.setText("Run a solver to see its loss surface.")
        self.hover_label = caption_label(1)
        self.hover_label.setText(" ")
        self.raw = SurfacePane("original units")
        self.std = SurfacePane("standardised columns", aspect_locked=True)
        self.std.widget.hide()
        self.raw.show_title(False)
        plots = QHBoxLayout()
        plots.addWidget(self.raw.widget)
        plots.addWidget(self.std.widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addLayout(checks)
        layout.addWidget(self.message)
        layout.addLayout(plots, stretch=1)
        layout.addWidget(self.hover_label)

        self.mode_box.currentIndexChanged.connect(self._on_axes_changed)
        self.x_box.currentIndexChanged.connect(self._on_axes_changed)
        self.y_box.currentIndexChanged.connect(self._on_y_changed)
        self.gradient_check.toggled.connect(lambda _: self._draw_solvers())
        self.standardized_check.toggled.connect(self._on_standardized_toggled)
        for pane in (self.raw, self.std):
            pane.widget.scene().sigMouseClicked.connect(lambda event, pane=pane: self._on_clicked(pane, event))
            pane.widget.scene().sigMouseMoved.connect(lambda pos, pane=pane: self._on_hover(pane, pos))
            pane.widget.getViewBox().sigRangeChanged.connect(lambda *_, pane=pane: self._on_range_changed(pane))
        lab.player.playing_changed.connect(self._on_playing_changed)
        self.guesses = SurfaceGuesses((self.raw, self.std))  # My line's dot and the kept guesses'
        for signal in (lab.guess.changed, lab.guess.kept_changed, lab.guess.revealed_changed):
            signal.connect(self._on_guess_changed)
        self._update_controls()

    # ---- what the window calls --------------------------------------------------------------
    def run_started(self) -> None:
        self._dirty = True

    def refresh(self, position: int) -> None:
        self._position = position
        problem = self.lab.problem
        if problem is None:
            return
        if rescaling_for(problem) is not None:  # its loss values are ∞ or 0 in floating point
            self.message.setText("The numbers of these data are so large or so small (near 1e±300) that their "
                                 "loss is beyond floating point: the surface cannot be drawn. Rescale the data "
                                 "(other units) to see it; the solvers work on them rescaled.")
            return
        if self._dirty or problem is not self._problem:
            self._rebuild(problem)
        for key, record in self._records.items():
            trace = self.lab.race.traces.get(key)
            if trace is not None:
                record.sync(trace)
        self._follow_slice()
        grew = [pane for pane in self._panes() if pane.include(self._new_points(pane))]
        for pane in grew:
            pane.draw_surface(self._loss, self._minimum)
        self._draw_solvers()

    # ---- a new run ---------------------------------------------------------------------------
    def _rebuild(self, problem) -> None:
        """Everything that depends on the problem: O(p³) and one lstsq, once per run."""
        self._dirty = False
        self._problem = problem
        self._loss = GramLoss(problem)
        reference = self.lab.race.reference  # computed by the worker: no O(n·p²) pass here
        ready = reference is not None and reference.theta is not None and self.lab.race.problem is problem
        self._minimum = np.array(reference.theta) if ready else minimum(problem)
        self._standardized = standardized(problem)
        keys = self.lab.solver_keys()
        self._records = {key: PathRecord(problem.p) for key in keys}
        colors = [self.lab.solver_color(key) for key in keys]
        for pane in (self.raw, self.std):
            pane.set_solvers(keys, colors)
        self._update_controls()
        self._update_frames()

    def _starts(self) -> list[np.ndarray]:
        """Where the iterative methods of this run start (zeros unless a start was given)."""
        p = self._problem.p
        return [np.zeros(p) if r.start is None else np.asarray(r.start, dtype=float)
                for r in self.lab.race.requests if r.method in SOLVERS and not SOLVERS.get(r.method).direct]

    def _update_controls(self) -> None:
        p = 0 if self._problem is None else self._problem.p
        names = [] if self._problem is None else list(self._problem.parameter_names)
        for box, default in ((self.x_box, 0), (self.y_box, 1)):
            if [box.itemText(i) for i in range(box.count())] != names:
                box.blockSignals(True)
                box.clear()
                box.addItems(names)
                box.setCurrentIndex(min(default, max(len(names) - 1, 0)))
                box.blockSignals(False)
        self.mode_box.setVisible(p >= 2)
        for box in (self.x_box, self.y_box):
            box.setVisible(p > 2)
            box.setEnabled(self.mode_box.currentText() == COEFFICIENTS)

    def _update_frames(self) -> None:
        """The coordinates of both pictures, their ranges around the minimum and the starts."""
        problem = self._problem
        if problem is None:
            return
        principal = problem.p >= 2 and self.mode_box.currentText() == PRINCIPAL
        indices = (self.x_box.currentIndex(), self.y_box.currentIndex()) if problem.p > 2 else (0, 1)
        spaces = {self.raw: None, self.std: self._standardized}
        anchor = self._anchor()
        for pane, space in spaces.items():
            pane.frame = make_frame(problem, principal=principal, indices=indices, space=space,
                                    origin=self._minimum)
            pane.anchor = anchor
            pane.reset_box(pane.frame.project(np.array([self._minimum, *self._starts()])))
            pane.include(self._new_points(pane))
            if pane in self._panes():
                pane.draw_surface(self._loss, self._minimum)
        self._slice_time = time.monotonic()
        self._update_message()
        self._draw_guesses()

    def _update_message(self) -> None:
        problem = self._problem
        loss = "½·Σr²" if problem.loss_kind == "sum" else "½·mean(r²)"
        names = problem.parameter_names
        if problem.p == 1:
            text = f"One parameter: the loss {loss} is a parabola in {names[0]}; ★ the least-squares minimum."
        elif problem.p == 2:
            axes = "its principal axes" if self.mode_box.currentText() == PRINCIPAL else f"({names[0]}, {names[1]})"
            text = (f"The loss {loss} over {axes}. Colour: log₁₀ loss; lines: log-spaced levels; "
                    "★ the least-squares minimum.")
        else:
            focus = self.lab.focus_key()
            through = f"{self.lab.solver_label(focus)}'s current θ" if focus else "the minimum"
            axes = ("the valley's long and short principal axes" if self.mode_box.currentText() == PRINCIPAL
                    else f"{self.x_box.currentText()} and {self.y_box.currentText()}")
            text = (f"p = {problem.p}: a 2-D slice of the loss {loss} through {through} along {axes}, the "
                    "other directions held there; ★ the minimum projected onto the slice.")
        rank = problem.rank
        if rank < problem.p:
            text += (f" The columns are linearly dependent (rank {rank} of {problem.p}): AᵀA is singular, so the "
                     "loss has a flat valley of equally good θ and no single minimum; ★ marks the shortest θ.")
        self.message.setText(text + " Click to start the iterative solvers there.")

    # ---- the slice through the focus solver (p > 2) -------------------------------------------
    def _anchor(self) -> np.ndarray:
        focus = self.lab.focus_key()
        theta = self.lab.current_thetas(self._position).get(focus) if focus else None
        if theta is None or not np.all(np.isfinite(theta)):  # no point yet, or a diverged one
            return self._minimum
        return np.asarray(theta, dtype=float)

    def _follow_slice(self) -> None:
        if self._problem.p <= 2:
            return
        anchor = self._anchor()
        if np.array_equal(anchor, self.raw.anchor):
            self._slice_pending = False
            return
        now = time.monotonic()
        if self.lab.player.playing and now - self._slice_time < SLICE_INTERVAL_S:
            self._slice_pending = True
            return
        self._slice_pending = False
        self._slice_time = now
        for pane in self._panes():
            pane.anchor = anchor
            pane.draw_surface(self._loss, self._minimum)

    def _on_playing_changed(self, playing: bool) -> None:
        if not playing and self._slice_pending and self.isVisible():
            self.refresh(self.lab.player.position)

    # ---- drawing the solvers -------------------------------------------------------------------
    def _panes(self) -> list:
        return [self.raw, self.std] if self.standardized_check.isChecked() else [self.raw]

    def _new_points(self, pane) -> np.ndarray:
        """The path points recorded since `pane` last looked, in its coordinates (for its range)."""
        if pane.frame is None:
            return np.empty((0, 1))
        points = [np.empty((0, pane.frame.k))]
        for key, record in self._records.items():
            done = pane.checked.get(key, 0)
            if done < SEEN_STEPS:
                pane.extend_cap(record.projected(pane.frame)[:SEEN_STEPS])
            points.append(record.projected(pane.frame)[done if done <= record.count else 0:])
            pane.checked[key] = record.count
        return np.concatenate(points)

    def _draw_solvers(self) -> None:
        if self._problem is None or self._dirty:
            return
        position = self._position
        shown = self.lab.current_thetas(position)
        arrows = self.gradient_check.isChecked()
        for key, record in self._records.items():
            trace = self.lab.race.traces.get(key)
            if trace is None:
                continue
            rows = record.upto(position)
            last = trace[-1] if len(trace) else None
            tail = last is not None and last.theta is not None and position >= len(trace) - 1
            thetas = None
            if self._problem.p == 1:  # the path is drawn on the parabola: it needs the loss of each point
                thetas = np.vstack([record.thetas[:rows], last.theta]) if tail else record.thetas[:rows]
            step = self.lab.step_at(key, position)
            vectors = self._arrow_vectors(step) if arrows and step is not None else []
            base = step.theta if step is not None and step.theta is not None else shown.get(key)
            trail = record.proposals[max(0, rows - SurfacePane.TRAIL): rows]
            trail = trail[~np.isnan(trail[:, 0])]
            steps = StepNumbers(trace, record.indices[:rows], last.k if tail else None)
            reached = (step.k, step.loss) if step is not None else None
            for pane in self._panes():
                if pane.frame is None:
                    continue
                path = record.projected(pane.frame)[:rows]
                if tail:
                    path = np.vstack([path, pane.frame.project(last.theta)])
                pane.draw_solver(key, self._loss, thetas, path, shown.get(key), base, vectors, trail, steps, reached)
        self._draw_guesses()

    def _arrow_vectors(self, step) -> list[tuple[np.ndarray, bool]]:
        """The directions to draw at a step, as displacements of θ: −∇L and −velocity (or −m).

        The gradient is in canonical order but working coordinates; velocity and m are in
        working order. `to_original` is linear, so it maps these directions to θ exactly.
        """
        problem = self._problem
        vectors = []
        gradient = step.detail.get("gradient")
        if gradient is not None:
            vectors.append((problem.to_original(-np.asarray(gradient)[problem.order]), True))
        for name in ("velocity", "m"):
            value = step.detail.get(name)
            if isinstance(value, np.ndarray) and value.shape == (problem.p,):
                vectors.append((problem.to_original(-value), False))
        return vectors

    # ---- My line and the kept guesses (gui/views/guess/) ------------------------------------------
    def data_changed(self, problem) -> None:
        if self.lab.problem is None and (self.lab.guess.active or self.lab.guess.kept):
            self._on_guess_changed()

    def _on_guess_changed(self, *_args) -> None:
        """Before any run the surface is the one of what is on screen, so a guess has a place to land."""
        problem = self.lab.problem
        if problem is None:
            problem = self.lab.data_problem
            if problem is None or rescaling_for(problem) is not None:
                return
            if self._dirty or problem is not self._problem:
                self._rebuild(problem)
                return  # _rebuild drew the surface and the guesses
        if self._problem is not None and not self._dirty:
            self._draw_guesses()

    def _draw_guesses(self) -> None:
        if self._problem is not None:
            self.guesses.draw(self.lab.guess, self._problem, self._loss, self._minimum, self._panes())

    # ---- events ----------------------------------------------------------------------------------
    def _on_axes_changed(self, _index: int = 0) -> None:
        if self.x_box.currentIndex() == self.y_box.currentIndex() and self.x_box.count() > 1:
            self.y_box.setCurrentIndex((self.x_box.currentIndex() + 1) % self.x_box.count())
            return
        self._update_controls()
        if self._problem is not None and not self._dirty:
            self._update_frames()
            self._draw_solvers()

    def _on_y_changed(self, _index: int) -> None:
        if self.x_box.currentIndex() == self.y_box.currentIndex() and self.x_box.count() > 1:
            self.x_box.setCurrentIndex((self.y_box.currentIndex() + 1) % self.x_box.count())
            return
        self._on_axes_changed()

    def _on_standardized_toggled(self, checked: bool) -> None:
        self.std.widget.setVisible(checked)
        self.raw.show_title(checked)  # a title only tells two pictures apart
        self.std.show_title(checked)
        if checked and self._problem is not None and not self._dirty:
            self.std.anchor = self.raw.anchor
            self.std.include(self._new_points(self.std))
            self.std.draw_surface(self._loss, self._minimum)
            self._draw_solvers()

    def _on_range_changed(self, pane) -> None:
        if self.gradient_check.isChecked() and pane.widget.isVisible():
            self._draw_solvers()  # the arrow heads are drawn in pixels

    def theta_at(self, pane, scene_pos: QPointF) -> np.ndarray | None:
        """The θ drawn at a scene position of `pane`, or None outside its plot."""
        if self._problem is None or self._dirty or pane.frame is None:
            return None
        view = pane.widget.getViewBox()
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        coords = [point.x(), point.y()][: pane.frame.k]
        return pane.frame.lift(coords, pane.anchor)

    def _on_clicked(self, pane, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        theta = self.theta_at(pane, event.scenePos())
        if theta is None:
            return
        event.accept()
        self.start_clicked.emit(theta)
        self.lab.restart_requested.emit(theta)

    def _on_hover(self, pane, scene_pos: QPointF) -> None:
        theta = self.theta_at(pane, scene_pos)
        if theta is None:
            return
        point = pane.frame.project(theta)
        where = ",  ".join(f"{label.split('  (')[0]} = {value:.4g}" for label, value in zip(pane.frame.labels, point))
        self.hover_label.setText(f"{where}:  loss {float(self._loss.at(theta)):.6g}")

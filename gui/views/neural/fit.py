"""Fit race: a one-hidden-layer network fitted to the canvas points trained (gd, momentum, Adam),
solved (the output layer by least squares on frozen random features) and hybrid, side by side.

Left, the points and each fit's curve as it is now; right, training (solid) and validation
(dashed) loss against the iteration or the seconds each fit has computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout

from engine import InputError
from engine.neural import ACTIVATIONS, run_hybrid, run_solved, run_trained
from engine.neural.canvas_data import FitData, canvas_data

from ...look.solver_look import solver_look
from ...look.style import POINT_COLOR, REFERENCE_COLOR
from .widgets import Page, check, clip_to_points, combo, float_spin, int_spin, pen, plot, positive


def _colour(solver: str) -> str:
    """A fit drawn in the colour of the solver or optimizer it uses, as everywhere else."""
    return solver_look(solver).color_name


#: key → (legend label, how, engine options, colour, checked at start).
FITS = {
    "trained-adam": ("trained · Adam", "trained", {"optimizer": "adam"}, _colour("adam"), True),
    "trained-momentum": ("trained · momentum", "trained", {"optimizer": "momentum"}, _colour("momentum"), False),
    "trained-gd": ("trained · gd", "trained", {"optimizer": "gd"}, _colour("gd"), True),
    "solved-householder": ("solved · Householder", "solved", {"method": "householder"}, _colour("householder"), True),
    "solved-normal-inverse": ("solved · normal-inverse", "solved", {"method": "normal-inverse"},
                              _colour("normal-inverse"), False),
    "solved-svd": ("solved · SVD", "solved", {"method": "svd"}, _colour("svd"), False),
    "hybrid": ("hybrid · Adam + Householder", "hybrid", {"optimizer": "adam", "method": "householder"}, "#000000",
               True),
}
#: Recorded steps per iterative fit (more iterations are recorded every few).
RECORDED = 200

CAPTION = ("Solved: the hidden layer keeps its random weights and the output weights [b₂, w₂] are the least-squares "
           "solution on its features H, lstsq([1 H], y), found in one solve with no iterations (a flat line, "
           "from the moment it ended). Trained: both layers move by gradient steps. Hybrid: a gradient step on "
           "the hidden layer, then the output re-solved exactly. Validation points (hollow) are never fitted: "
           "a validation loss far above the training loss means the fit learnt the noise.")


@dataclass
class Track:
    """What arrived of one fit: per recorded step k, losses and seconds; its latest curve; its end."""

    k: list = field(default_factory=list)
    train: list = field(default_factory=list)
    val: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    curve: np.ndarray | None = None
    status: str = ""
    message: str = ""
    warnings: tuple = ()
    cond: float | None = None


class FitPage(Page):
    key = "fit"
    label = "Fit race"

    def __init__(self):
        super().__init__()
        self.boxes = {key: check(label, on, f"Race the {how} fit ({label})")
                      for key, (label, how, _, _, on) in FITS.items()}
        for box in self.boxes.values():
            self.row.addWidget(box)
        self.new_row()
        self.width = self.add("width", int_spin(2, 500, 15, "Hidden units. More units than training points: the "
                                                "solved fit interpolates the noise (and may fail)."))
        self.activation = self.add("", combo(ACTIVATIONS, "tanh", "The hidden layer's activation"))
        self.scale = self.add("scale", float_spin(0.1, 100.0, 16.0, "Spread of the random hidden weights: large "
                                                  "means sharp steps (x is mapped onto [−1, 1])", decimals=1,
                                                  step=1.0))
        self.iterations = self.add("iterations", int_spin(10, 50_000, 2000, "Gradient iterations of the trained "
                                                          "fits", step=100))
        self.hybrid_steps = self.add("hybrid", int_spin(1, 5000, 100, "Hidden-layer steps of the hybrid fit "
                                                        "(each one re-solves the output layer)", step=10))
        self.lr_gd = self.add("lr gd/mom.", float_spin(1e-4, 5.0, 0.1, "Learning rate of gd and momentum",
                                                      decimals=4, step=0.01))
        self.lr_adam = self.add("lr Adam", float_spin(1e-4, 1.0, 0.01, "Learning rate of Adam (also the hybrid's)",
                                                      decimals=4, step=0.005))
        self.seed = self.add("seed", int_spin(0, 9999, 0, "Seed of the random initial weights (every fit starts "
                                              "from the same ones)"))
        self.x_axis = self.add("x", combo(("iteration", "time"), "iteration", "Losses against the iteration k or "
                                          "the seconds each fit has computed (measured in the worker)"))
        self.x_axis.currentIndexChanged.connect(self._draw_losses)
        self.end_row()

        self.fit_plot = plot("x", "y")
        self.loss_plot = plot("iteration k", "loss ½·mean r²  (solid: training, dashed: validation)", log_y=True)
        self.loss_plot.plotItem.legend.setColumnCount(2)
        style = dict(pen=None, symbol="o", symbolSize=8)
        self.train_points = self.fit_plot.plot([], [], symbolBrush=POINT_COLOR, symbolPen=POINT_COLOR,
                                               name="training points", **style)
        self.val_points = self.fit_plot.plot([], [], symbolBrush=None, symbolPen=pg.mkPen(POINT_COLOR, width=1.5),
                                             name="validation points", **style)
        self.truth = self.fit_plot.plot([], [], pen=pen(REFERENCE_COLOR, dashed=True))
        self.fit_curves = {k: self.fit_plot.plot([], [], pen=pen(FITS[k][3])) for k in FITS}
        self.loss_curves = {k: self.loss_plot.plot([], [], pen=pen(FITS[k][3]), connect="finite") for k in FITS}
        self.floor = self.loss_plot.plot([], [], pen=pen(REFERENCE_COLOR, dashed=True, width=1))
        self.floor.setToolTip("½σ² of the generated noise: the expected validation loss of the true curve itself")
        self.val_curves = {k: self.loss_plot.plot([], [], pen=pen(FITS[k][3], dashed=True), connect="finite")
                           for k in FITS}
        layout = QHBoxLayout(self.plots)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fit_plot, 1)
        layout.addWidget(self.loss_plot, 1)
        self.fit_data: FitData | None = None
        self.tracks: dict[str, Track] = {}

    # ---- what runs
    def caption(self) -> str:
        return CAPTION

    def checked(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_checked(self, keys) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in keys)

    def jobs(self, lab) -> dict:
        keys = self.checked()
        if not keys:
            raise InputError("check at least one fit (trained, solved or hybrid) above the plots")
        self.fit_data = canvas_data(lab.points.x, lab.points.y)
        self.note = self.fit_data.note
        data = self.fit_data.data
        common = {"width": self.width.value(), "activation": self.activation.currentData(),
                  "scale": self.scale.value(), "seed": self.seed.value()}
        iterations, hybrid = self.iterations.value(), self.hybrid_steps.value()
        jobs = {}
        for key in keys:
            _, how, options, _, _ = FITS[key]
            if how == "trained":
                lr = self.lr_adam.value() if options["optimizer"] == "adam" else self.lr_gd.value()
                jobs[key] = run_trained(data, **common, **options, lr=lr, max_iter=iterations,
                                        record_every=max(1, iterations // RECORDED))
            elif how == "solved":
                jobs[key] = run_solved(data, **common, **options)
            else:
                jobs[key] = run_hybrid(data, **common, **options, lr=self.lr_adam.value(), max_iter=hybrid,
                                       record_every=max(1, hybrid // RECORDED))
        return jobs

    # ---- what comes back
    def begin(self) -> None:
        self.tracks = {key: Track() for key in self.checked()}
        for items in (self.fit_curves, self.loss_curves, self.val_curves):
            for item in items.values():
                item.setData([], [])
        self.floor.setData([], [])
        legend = self.loss_plot.plotItem.legend
        legend.clear()
        for key in self.tracks:
            legend.addItem(self.loss_curves[key], FITS[key][0])
        if self.fit_data is not None and self.fit_data.generated:
            legend.addItem(self.floor, "noise floor ½σ²")
        self._draw_points()

    def receive(self, batch) -> None:
        track = self.tracks.get(batch.key)
        if track is None:
            return
        for step, seconds in zip(batch.items, batch.seconds):
            if "cond" in step.detail:
                track.cond = float(step.detail["cond"])
            if "val_loss" not in step.detail:
                continue  # a step inside the output layer's solve: no network to judge yet
            track.k.append(step.k)
            track.train.append(step.loss)
            track.val.append(float(step.detail["val_loss"]))
            track.seconds.append(seconds)
            if "curve" in step.detail:
                track.curve = step.detail["curve"]
        self._draw_curve(batch.key)
        self._draw_losses()

    def done(self, done) -> None:
        track = self.tracks.get(done.key)
        if track is None:
            return
        if done.error:
            track.status, track.message = "failed", done.error
        else:
            track.status, track.message = done.value.status, done.value.message
            track.warnings = done.value.warnings
        if track.status in ("failed", "diverged"):  # said in the legend too, next to its colour
            legend = self.loss_plot.plotItem.legend
            legend.removeItem(self.loss_curves[done.key])
            legend.addItem(self.loss_curves[done.key], f"{FITS[done.key][0]} — {track.status}")
        self._draw_curve(done.key)
        self._draw_losses()

    def summary(self) -> str:
        parts = []
        for key, track in self.tracks.items():
            name = FITS[key][0]
            if track.status in ("failed", "diverged") or (track.status and not track.train):
                parts.append(f"{name}: {track.status} — {track.message}")
            elif track.train:
                cond = f", κ([1 H]) = {track.cond:.2g}" if track.cond is not None else ""
                parts.append(f"{name}: training {track.train[-1]:.3g}, validation {track.val[-1]:.3g} in "
                             f"{track.seconds[-1]:.3g} s{cond}")
                parts.extend(f"  ⚠ {warning}" for warning in track.warnings)
        return "\n".join(parts)

    # ---- drawing
    def _draw_points(self) -> None:
        fd = self.fit_data
        if fd is None:
            return
        self.train_points.setData(*fd.canvas_train())
        self.val_points.setData(*fd.canvas_val())
        legend = self.fit_plot.plotItem.legend
        legend.removeItem(self.truth)
        if fd.generated:
            self.truth.setData(fd.grid_x, fd.canvas_y(fd.data.y_grid))
            legend.addItem(self.truth, "noiseless curve")
        else:
            self.truth.setData([], [])
        self.fit_plot.setLabel("bottom", "x  (the engine's curve)" if fd.generated else "x")
        clip_to_points(self.fit_plot, np.concatenate([fd.canvas_train()[1], fd.canvas_val()[1]]))

    def _draw_curve(self, key: str) -> None:
        track, fd = self.tracks[key], self.fit_data
        if track.curve is None or fd is None:
            self.fit_curves[key].setData([], [])
            return
        self.fit_curves[key].setData(fd.grid_x, fd.canvas_y(track.curve))
        self.fit_curves[key].setPen(pen(FITS[key][3], dashed=track.status in ("failed", "diverged")))

    def _x(self, track: Track) -> list:
        return track.seconds if self.x_axis.currentData() == "time" else track.k

    def _draw_losses(self) -> None:
        """Iterative fits as curves; a solved fit (one point) as a flat line from where it ended to the right."""
        time_axis = self.x_axis.currentData() == "time"
        self.loss_plot.setLabel("bottom", "seconds computed" if time_axis else "iteration k")
        ends = [self._x(t)[-1] for t in self.tracks.values() if t.train]
        right = max(ends, default=0.0)
        fd = self.fit_data
        if fd is not None and fd.generated and ends:
            self.floor.setData([0.0, right], [0.5 * fd.data.noise ** 2] * 2)
        for key, track in self.tracks.items():
            x = list(self._x(track))
            train, val = list(track.train), list(track.val)
            if FITS[key][1] == "solved" and train:
                x, train, val = [x[-1], max(right, x[-1])], [train[-1]] * 2, [val[-1]] * 2
            self.loss_curves[key].setData(x, positive(_finite(train)))
            self.val_curves[key].setData(x, positive(_finite(val)))


def _finite(values: list) -> list:
    """∞ (a blown-up loss) as a gap: a log axis cannot place it."""
    return [v if math.isfinite(v) else np.nan for v in values]

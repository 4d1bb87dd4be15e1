"""Random features over many seeds (Gaussian against orthogonal), and a deep stack at
initialisation (orthogonal against Gaussian weights): two Neural view pages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout

from engine.neural import FEATURE_KINDS, INITS, init_study, make_curve, network_from_result, run_solved
from engine.neural.canvas_data import canvas_data
from engine.run import run_to_end

from ...look.style import POINT_COLOR
from .widgets import KIND_COLORS, Page, clip_to_points, combo, float_spin, int_spin, pen, plot, positive


def once(compute):
    """A job computed in one go: a generator that yields nothing and returns compute()."""
    yield from ()
    return compute()


@dataclass(frozen=True)
class SeedFit:
    """The solved fit of one random seed: its validation loss (NaN if the solve failed) and curve on the grid."""

    seed: int
    val_loss: float
    curve: np.ndarray | None


def spread_job(data, kind: str, seeds: int, **options):
    """The solved network (output layer by lstsq) for seeds 0..seeds−1, one SeedFit per seed."""
    for seed in range(seeds):
        result = run_to_end(run_solved(data, method="lstsq", seed=seed, kind=kind, **options))
        if not result.ok:
            yield SeedFit(seed, float("nan"), None)
            continue
        curve = network_from_result(result).predict(data.x_grid) if data.dim == 1 else None
        yield SeedFit(seed, float(result.diagnostics["val_loss"]), curve)


def _faint(color: str) -> QColor:
    c = QColor(color)
    c.setAlpha(70)
    return c


class FeaturesPage(Page):
    key = "features"
    label = "Random features"

    def __init__(self):
        super().__init__()
        self.seeds = self.add("seeds", int_spin(2, 500, 20, "How many random hidden layers to draw per kind"))
        self.width = self.add("width", int_spin(2, 500, 15, "Hidden units (random features)"))
        self.dim = self.add("inputs d", int_spin(1, 32, 1, "1: your canvas points. d > 1: the engine's noisy "
                                                 "curve in d dimensions (where the two kinds differ)"))
        self.scale = self.add("scale", float_spin(0.1, 100.0, 16.0, "Spread of the random hidden weights; for "
                                                  "d > 1 about 2–4 (saturated features overfit)", decimals=1,
                                                  step=1.0))
        self.end_row()
        self.fit_plot = plot("x", "y  (one faint curve per seed)")
        self.spread_plot = plot("seed", "validation loss of the solved fit", log_y=True)
        self.points = self.fit_plot.plot([], [], pen=None, symbol="o", symbolSize=7, symbolBrush=POINT_COLOR,
                                         symbolPen=POINT_COLOR)
        self.curves = {k: self.fit_plot.plot([], [], pen=pg.mkPen(_faint(KIND_COLORS[k]), width=1.5),
                                             connect="finite", name=k) for k in FEATURE_KINDS}
        self.losses = {k: self.spread_plot.plot([], [], pen=None, symbol="o" if k == "gaussian" else "t",
                                                symbolSize=9, symbolBrush=KIND_COLORS[k], symbolPen=KIND_COLORS[k],
                                                name=k) for k in FEATURE_KINDS}
        self.means = {k: self.spread_plot.plot([], [], pen=pen(KIND_COLORS[k], dashed=True)) for k in FEATURE_KINDS}
        layout = QHBoxLayout(self.plots)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.fit_plot, 1)
        layout.addWidget(self.spread_plot, 1)
        self.fit_data = None
        self.fits: dict[str, list[SeedFit]] = {}

    def caption(self) -> str:
        return ("Each seed draws a new random hidden layer and the output layer is solved by least squares on it, "
                "so the spread over seeds is the luck of the features (dashed: the median). Orthogonal random "
                "features draw the hidden directions in blocks of d mutually orthogonal rows, each row still "
                "Gaussian. With one input (d = 1, your canvas) a block is a single ±1, so the two kinds are the "
                "same distribution and any difference is chance; set d > 1 to see them differ.")

    def jobs(self, lab) -> dict:
        dim = self.dim.value()
        if dim == 1:
            self.fit_data = canvas_data(lab.points.x, lab.points.y)
            data, self.note = self.fit_data.data, self.fit_data.note
        else:
            self.fit_data = None
            data = make_curve(n_train=200, n_val=200, noise=0.1, seed=0, dim=dim)
            self.note = (f"d = {dim}: the engine's noisy curve in {dim} dimensions (200 training points, noise "
                         "σ = 0.1, so the best possible validation loss is ½σ² = 0.005); curves are drawn for d = 1 "
                         "only, the canvas has one input.")
        options = {"width": self.width.value(), "scale": self.scale.value()}
        return {kind: spread_job(data, kind, self.seeds.value(), **options) for kind in FEATURE_KINDS}

    def begin(self) -> None:
        self.fits = {kind: [] for kind in FEATURE_KINDS}
        for item in (*self.curves.values(), *self.losses.values(), *self.means.values()):
            item.setData([], [])
        fd = self.fit_data
        self.fit_plot.setVisible(fd is not None)
        if fd is not None:
            x, y = (np.concatenate(pair) for pair in zip(fd.canvas_train(), fd.canvas_val()))
            self.points.setData(x, y)
            clip_to_points(self.fit_plot, y)

    def receive(self, batch) -> None:
        fits = self.fits.get(batch.key)
        if fits is None:
            return
        fits.extend(batch.items)
        seeds = np.array([f.seed for f in fits], dtype=float)
        losses = np.array([f.val_loss for f in fits])
        self.losses[batch.key].setData(seeds, positive(losses))
        ok = losses[np.isfinite(losses)]
        if ok.size:
            self.means[batch.key].setData([0, seeds.max()], positive([np.median(ok)] * 2))
        fd = self.fit_data
        curves = [f.curve for f in fits if f.curve is not None]
        if fd is not None and curves:
            gap = np.full(1, np.nan)
            x = np.concatenate([np.concatenate([fd.grid_x, gap]) for _ in curves])
            y = np.concatenate([np.concatenate([fd.canvas_y(c), gap]) for c in curves])
            self.curves[batch.key].setData(x, y)

    def summary(self) -> str:
        parts = []
        for kind, fits in self.fits.items():
            losses = np.array([f.val_loss for f in fits])
            ok = losses[np.isfinite(losses)]
            failed = f", {losses.size - ok.size} failed" if losses.size > ok.size else ""
            if ok.size:
                parts.append(f"{kind}: validation loss median {np.median(ok):.3g}, mean {ok.mean():.3g}, "
                             f"from {ok.min():.3g} to {ok.max():.3g} over {losses.size} seeds{failed}")
        return "\n".join(parts)


class InitPage(Page):
    key = "init"
    label = "Deep init"

    def __init__(self):
        super().__init__()
        self.depth = self.add("depth", int_spin(2, 200, 32, "Number of square layers in the stack"))
        self.width = self.add("width", int_spin(2, 256, 16, "Units per layer"))
        self.activation = self.add("", combo(("linear", "tanh"), "linear", "No activation, or tanh after each layer"))
        self.gain = self.add("gain", float_spin(0.1, 3.0, 1.0, "Every weight matrix is multiplied by the gain",
                                                decimals=2, step=0.05))
        self.seed = self.add("seed", int_spin(0, 9999, 0, "Seed of the random weights and inputs"))
        self.end_row()
        self.act_plot = plot("layer l", "RMS ‖h_l‖ (activations)", log_y=True)
        self.grad_plot = plot("layer l", "RMS ‖∂L/∂h_l‖ (gradients)", log_y=True)
        self.sigma_plot = plot("index i", "σᵢ of the Jacobian ∂h_L/∂h_0", log_y=True)
        self.curves = {}
        for kind in INITS:
            style = {"pen": pen(KIND_COLORS[kind]), "symbol": "o", "symbolSize": 5,
                     "symbolBrush": KIND_COLORS[kind], "symbolPen": None, "name": kind}
            self.curves[kind] = [p.plot([], [], **style) for p in (self.act_plot, self.grad_plot, self.sigma_plot)]
        layout = QHBoxLayout(self.plots)
        layout.setContentsMargins(0, 0, 0, 0)
        for p in (self.act_plot, self.grad_plot, self.sigma_plot):
            layout.addWidget(p, 1)
        self.studies: dict = {}

    def caption(self) -> str:
        text = ("A stack of square layers at initialisation, before any training. An orthogonal W keeps every "
                "vector's length, so without an activation at gain 1 the Jacobian W_L⋯W_1 is orthogonal and all its "
                "singular values are exactly 1 at any depth; Gaussian W (variance 1/width) keep length only on "
                "average, and the Jacobian's singular values spread over decades as depth grows.")
        if self.activation.currentData() == "tanh":
            text += (" With tanh, tanh′ ≤ 1 shrinks the signal and the gradient at every layer whatever the "
                     "weights: orthogonality cannot stop that at gain 1; it only keeps the singular values bunched "
                     "together. A gain a little above 1 offsets the shrinking.")
        return text

    def jobs(self, lab) -> dict:
        self.note = ""
        args = (self.depth.value(), self.width.value(), self.activation.currentData())
        gain, seed = self.gain.value(), self.seed.value()
        return {kind: once(lambda kind=kind: init_study(*args, kind, gain=gain, seed=seed)) for kind in INITS}

    def begin(self) -> None:
        self.studies = {}
        for items in self.curves.values():
            for item in items:
                item.setData([], [])

    def done(self, done) -> None:
        if done.error or done.key not in self.curves:
            self.note = done.error
            return
        study = done.value
        self.studies[done.key] = study
        act, grad, sigma = self.curves[done.key]
        layers = np.arange(1, len(study.activation_norms) + 1)
        act.setData(layers, positive(study.activation_norms))
        grad.setData(np.arange(len(study.gradient_norms)), positive(study.gradient_norms))
        sigma.setData(np.arange(1, len(study.singular_values) + 1), positive(study.singular_values))

    def summary(self) -> str:
        parts = []
        for kind, s in self.studies.items():
            kappa = f"κ(J) = {s.condition_number:.3g}" + ("" if s.resolved else " or more (σmin lost to rounding)")
            parts.append(f"{kind}: {kappa}, max|σ − 1| = {np.abs(s.singular_values - 1).max():.2g}, gradient at "
                         f"layer 0 {s.gradient_norms[0]:.3g}")
        return "\n".join(parts)

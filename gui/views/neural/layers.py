"""Orthogonal layers in training (‖WᵀW − I‖ and σmax per step) and a linear RNN's gradient
against the time step: two Neural view pages."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout

from engine import InputError
from engine.neural import LAYER_KINDS, OPTIMIZERS, RECURRENCES, TARGETS, recurrent_matrix, rnn_study, run_layer_training

from ...look.style import REFERENCE_COLOR
from .studies import once
from .widgets import KIND_COLORS, Page, check, combo, float_spin, int_spin, pen, plot, positive

#: kind → (legend label, colour).
LAYERS = {"free": ("free (unconstrained)", "#000000"), "qr": ("QRLinear", "#0072B2"),
          "cayley": ("Cayley", "#009E73"), "householder": ("Householder", "#D55E00"),
          "penalty": ("penalty ‖WᵀW − I‖²", "#CC79A7"), "spectral": ("spectral norm", "#E69F00")}
#: Recorded steps per layer kind (longer runs are recorded every few steps).
RECORDED = 300


@dataclass
class LayerTrack:
    k: list = field(default_factory=list)
    loss: list = field(default_factory=list)
    error: list = field(default_factory=list)
    sigma_max: list = field(default_factory=list)
    status: str = ""
    message: str = ""


class LayersPage(Page):
    key = "layers"
    label = "Orthogonal layers"

    def __init__(self):
        super().__init__()
        self.boxes = {k: check(LAYERS[k][0], True, f"Train the {LAYERS[k][0]} layer") for k in LAYER_KINDS}
        for box in self.boxes.values():
            self.row.addWidget(box)
        self.new_row()
        self.n = self.add("n", int_spin(2, 64, 16, "The layer is n × n"))
        self.steps = self.add("steps", int_spin(10, 20_000, 300, "Training steps", step=100))
        self.lr = self.add("lr", float_spin(1e-4, 1.0, 0.03, "Learning rate", decimals=4, step=0.005))
        self.optimizer = self.add("", combo(OPTIMIZERS, "adam", "The optimizer"))
        self.target = self.add("target", combo(TARGETS, "gaussian", "The map T the layer learns (y = T x): Gaussian "
                                               "T is not orthogonal, so the constrained layers cannot reach it"))
        self.seed = self.add("seed", int_spin(0, 9999, 0, "Seed of the task and of the initial weights"))
        self.end_row()
        self.loss_plot = plot("step", "loss ½·mean ‖Wx − y‖²", log_y=True, legend=False)
        self.error_plot = plot("step", "‖WᵀW − I‖_F", log_y=True)
        self.sigma_plot = plot("step", "σmax(W)", legend=False)
        self.curves = {k: [p.plot([], [], pen=pen(LAYERS[k][1]), name=LAYERS[k][0] if p is self.error_plot else None)
                           for p in (self.loss_plot, self.error_plot, self.sigma_plot)] for k in LAYER_KINDS}
        self.error_curves = {k: items[1] for k, items in self.curves.items()}
        self.sigma_plot.addItem(pg.InfiniteLine(1.0, angle=0, pen=pen(REFERENCE_COLOR, dashed=True, width=1)))
        layout = QHBoxLayout(self.plots)
        layout.setContentsMargins(0, 0, 0, 0)
        for p in (self.loss_plot, self.error_plot, self.sigma_plot):
            layout.addWidget(p, 1)
        self.tracks: dict[str, LayerTrack] = {}

    def caption(self) -> str:
        return ("A square layer W learns y = T x. QRLinear (W = Q from the QR of a free matrix, gradients through "
                "the QR), Cayley and Householder are orthogonal by construction: ‖WᵀW − I‖ stays at rounding level "
                "(about 10⁻¹⁵) at every step and σmax = 1. The penalty only pulls W towards orthogonality; "
                "spectral normalisation divides by an estimate of σmax (one power-iteration step per update), so "
                "σmax is only near 1 and the other singular values move freely; the free layer leaves the "
                "orthogonal matrices to fit a non-orthogonal T better.")

    def checked(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()]

    def jobs(self, lab) -> dict:
        kinds = self.checked()
        if not kinds:
            raise InputError("check at least one layer kind above the plots")
        self.note = ""
        steps = self.steps.value()
        options = {"n": self.n.value(), "steps": steps, "optimizer": self.optimizer.currentData(),
                   "lr": self.lr.value(), "seed": self.seed.value(), "target": self.target.currentData(),
                   "record_every": max(1, steps // RECORDED)}
        return {kind: run_layer_training(kind, **options) for kind in kinds}

    def begin(self) -> None:
        self.tracks = {k: LayerTrack() for k in self.checked()}
        for items in self.curves.values():
            for item in items:
                item.setData([], [])

    def receive(self, batch) -> None:
        track = self.tracks.get(batch.key)
        if track is None:
            return
        for step in batch.items:
            track.k.append(step.k)
            track.loss.append(step.loss)
            track.error.append(step.detail["orth_error"])
            track.sigma_max.append(step.detail["sigma_max"])
        loss, error, sigma = self.curves[batch.key]
        loss.setData(track.k, positive(track.loss))
        error.setData(track.k, positive(track.error))
        sigma.setData(track.k, track.sigma_max)

    def done(self, done) -> None:
        track = self.tracks.get(done.key)
        if track is not None:
            track.status = "failed" if done.error else done.value.status
            track.message = done.error or done.value.message

    def summary(self) -> str:
        parts = []
        for kind, t in self.tracks.items():
            if t.status in ("failed", "diverged"):
                parts.append(f"{LAYERS[kind][0]}: {t.status} — {t.message}")
            elif t.error:
                parts.append(f"{LAYERS[kind][0]}: max ‖WᵀW − I‖ {max(t.error):.1e}, loss {t.loss[-1]:.3g}")
        return "\n".join(parts)


class RnnPage(Page):
    key = "rnn"
    label = "RNN gradient"

    def __init__(self):
        super().__init__()
        self.n = self.add("state n", int_spin(2, 512, 32, "Size of the hidden state h_t"))
        self.steps = self.add("time steps T", int_spin(10, 500, 100, "Length of the sequence", step=10))
        self.gain = self.add("gain", float_spin(0.1, 2.0, 1.0, "W is multiplied by the gain", decimals=2, step=0.05))
        self.seed = self.add("seed", int_spin(0, 9999, 0, "Seed of W and of the inputs"))
        self.end_row()
        self.grad_plot = plot("time step t", "‖∂L/∂h_t‖  (‖∂L/∂h_T‖ = 1)", log_y=True)
        self.eig_plot = plot("Re λ", "Im λ  (eigenvalues of W)")
        self.eig_plot.setAspectLocked(True)
        circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
        self.eig_plot.plot(circle.real, circle.imag, pen=pen(REFERENCE_COLOR, dashed=True, width=1))
        self.curves = {k: self.grad_plot.plot([], [], pen=pen(KIND_COLORS[k]), name=k) for k in RECURRENCES}
        self.eigs = {k: self.eig_plot.plot([], [], pen=None, symbol="o", symbolSize=6, symbolBrush=KIND_COLORS[k],
                                           symbolPen=None, name=k) for k in RECURRENCES}
        layout = QHBoxLayout(self.plots)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grad_plot, 2)
        layout.addWidget(self.eig_plot, 1)
        self.studies: dict = {}

    def caption(self) -> str:
        return ("A linear RNN h_t = W h_{t−1} + U x_t. Back-propagation through time multiplies the gradient by Wᵀ "
                "once per step back. An orthogonal W (eigenvalues on the unit circle, dashed) keeps its norm exactly "
                "at every step; a Gaussian W (variance 1/n) has eigenvalues filling the disc and is not normal, "
                "so the gradient's norm drifts from 1 by large factors (vanishing or exploding). A gain ≠ 1 scales "
                "every eigenvalue: then even an orthogonal W makes the gradient grow or vanish like gain^(T−t).")

    def jobs(self, lab) -> dict:
        self.note = ""
        n, steps, gain, seed = self.n.value(), self.steps.value(), self.gain.value(), self.seed.value()

        def study(kind):
            eigenvalues = np.linalg.eigvals(recurrent_matrix(n, kind, gain=gain, seed=seed))
            return rnn_study(n, steps, kind, gain=gain, seed=seed), eigenvalues

        return {kind: once(lambda kind=kind: study(kind)) for kind in RECURRENCES}

    def begin(self) -> None:
        self.studies = {}
        for item in (*self.curves.values(), *self.eigs.values()):
            item.setData([], [])

    def done(self, done) -> None:
        if done.error or done.key not in self.curves:
            self.note = done.error
            return
        study, eigenvalues = done.value
        self.studies[done.key] = study
        self.curves[done.key].setData(np.arange(len(study.gradient_norms)), positive(study.gradient_norms))
        self.eigs[done.key].setData(eigenvalues.real, eigenvalues.imag)

    def summary(self) -> str:
        return "\n".join(f"{kind}: ‖∂L/∂h_0‖ = {s.gradient_norms[0]:.3g}, at worst a factor {s.worst_ratio:.3g} "
                          "away from 1" for kind, s in self.studies.items())

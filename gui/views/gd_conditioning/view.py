"""`GdConditioningView`: why gradient descent is slow, drawn from the Hessian's eigenvalues.

It explains the focused run if it is gradient descent or heavy ball (else the first such run):
its error along each eigenvector (bars), the factor per step measured against the prediction,
and heavy ball's rate map over (η, β) for the data on screen, with the run's settings marked.
The button asks the window (through `lr_chosen`, see install.py) to give gradient descent the
optimal step, as the lr slider does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from engine import Problem
from engine.gd_spectrum import HessianSpectrum, heavy_ball_factors, hessian_spectrum, working_optimum

from ...look.style import base_font, caption_label
from ..base import RunView
from .error_bars import ErrorBars, factor_text
from .rate_map import RateMap
from .rate_plot import RatePlot
from .run_errors import RunErrors

if TYPE_CHECKING:
    from ...lab import Lab

#: The methods whose error this view follows (heavy ball is "momentum").
EXPLAINED = ("gd", "momentum")
#: Above this many multiply-adds an AᵀA not formed yet waits for the run (which forms it anyway).
GRAM_BUDGET = 5e7
#: A run's η beyond this many times 1/λ₁ is not stretched onto the map (its mark is still drawn).
MAP_REACH = 20.0
#: Wider than this many times its height, the three plots stand in a row; else the bars go on top.
WIDE = 1.9
#: Alt+O presses it; so does Enter once Tab has brought the focus to it (Space drives the player).
OPTIMAL_STEP_TEXT = "&Optimal Step 2/(λ₁ + λₙ)"


def affordable(problem: Problem | None) -> bool:
    return problem is not None and ("gram" in problem.__dict__ or problem.n * problem.p ** 2 <= GRAM_BUDGET)


class GdConditioningView(RunView):
    """Error bars per eigendirection, measured against predicted rate, heavy ball's rate map."""

    name = "gd-conditioning"
    title = "Why gd is slow"

    # ---- Signals
    lr_chosen = Signal(str, float)
    """The optimal-step button was pressed: give the solver `method` this lr (install.py writes it)."""

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.caption = caption_label(2, 11)
        self.caption.setObjectName("gd_caption")
        self.button = QPushButton(OPTIMAL_STEP_TEXT)
        self.button.setObjectName("gd_optimal_step")
        self.button.setToolTip("Give gradient descent the step η = 2/(λ₁ + λₙ), λ₁ and λₙ the largest and the "
                               "smallest eigenvalue of the Hessian: the steepest and the flattest direction then "
                               "shrink alike, by (κ − 1)/(κ + 1) per step. No single η does better.")
        self.button.setAutoDefault(True)  # Enter clicks it when it has the focus, outside a dialog too
        self.button.setEnabled(False)
        self.button.clicked.connect(self._on_optimal_step_clicked)
        self.bars, self.rates, self.rate_map = ErrorBars(), RatePlot(), RateMap()
        self.map_note = QLabel("map: dark fast, grey diverges")
        self.map_note.setObjectName("gd_map_note")
        self.map_note.setToolTip(self.rate_map.plot.toolTip())
        for plot in (self.bars.plot, self.rates.plot, self.rate_map.plot):
            plot.setMinimumSize(120, 80)
            plot.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # the stretches decide
        side = QVBoxLayout()
        side.setSpacing(0)
        side.addWidget(self.button)
        side.addWidget(self.map_note)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addLayout(side)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)
        self._wide: bool | None = None
        self._arrange(wide=True)

        self._map_problem: Problem | None = None
        self.map_spectrum: HessianSpectrum | None = None
        self.run_spectrum: HessianSpectrum | None = None
        self._errors: dict[str, RunErrors] = {}
        self._marks: dict = {}
        self.run_started()

    # ---- RunView -------------------------------------------------------------------------------
    def data_changed(self, problem) -> None:
        """The data or the model (e.g. scaling) changed: a new Hessian, so a new map and new marks."""
        self._map_problem = problem
        self.map_spectrum = hessian_spectrum(problem) if affordable(problem) and problem.p else None
        self.button.setEnabled(self.map_spectrum is not None and self.map_spectrum.largest > 0)
        if self.isVisible() and not self.visibleRegion().isEmpty():  # hidden: drawn at the next refresh
            self._update_map()

    def run_started(self) -> None:
        self._errors = {}
        self.run_spectrum = None
        self.bars.clear()
        self.rates.clear()
        self._update_map()

    def refresh(self, position: int) -> None:
        self._update_map()
        key = self.explained_key()
        problem = self.lab.problem
        if key is None or problem is None:
            self.caption.setText("Check Gradient descent or Momentum (heavy ball) and run: the bars show its error "
                                 "along each eigenvector of the Hessian, shrinking by its own factor per step.")
            return
        request = next(r for r in self.lab.race.requests if r.key == key)
        if float(request.params.get("l2", 0.0) or 0.0) > 0:
            self.caption.setText(f"{self.lab.solver_label(key)} has a ridge penalty λ₂: its loss has another "
                                 "Hessian and another minimum, so no bars are drawn.")
            self.bars.clear()
            return
        errors = self._run_errors(key)
        trace = self.lab.race.traces.get(key)
        if errors is None or trace is None:
            return
        look = self.lab.solver_look(key)
        lr, beta = self.run_setting(key)
        spectrum = errors.spectrum
        factors = spectrum.factors(lr) if beta == 0 else heavy_ball_factors(spectrum, lr, beta)
        if errors.read(trace):
            self.rates.set_look(look.color)
            self.rates.set_rates(float(np.max(factors)), spectrum.optimal_rate())
            self.rates.set_measured(*errors.ratios())
        self.bars.set_labels(spectrum.eigenvalues, factors)
        step = self.lab.step_at(key, position)
        index = None if step is None else errors.index_at(step.k)
        if index is None:
            return
        self.bars.set_bars(errors.components[index], errors.components[0], factors, look.color)
        ks, ratios = errors.ratios()
        at = int(np.searchsorted(ks, errors.ks[index], side="right")) - 1
        self.rates.set_position(ks[at] if at >= 0 else None, ratios[at] if at >= 0 else None)
        self._update_caption(key, position, lr, beta, factors, errors)

    # ---- what is explained ------------------------------------------------------------------------
    def explained_key(self) -> str | None:
        """The focused run if it is gd or heavy ball, else the first such run (None if none)."""
        methods = {r.key: r.method for r in self.lab.race.requests}
        focus = self.lab.focus_key()
        if methods.get(focus) in EXPLAINED:
            return focus
        return next((key for key, method in methods.items() if method in EXPLAINED), None)

    def run_setting(self, key: str) -> tuple[float, float]:
        """(η, β) the run used: η from its first step (auto resolved there), β = 0 for gd."""
        request = next(r for r in self.lab.race.requests if r.key == key)
        trace = self.lab.race.traces.get(key)
        lr = trace[0].detail.get("lr") if trace is not None and len(trace) else None
        if lr is None:
            lr = self._resolve_lr(request.params.get("lr", "auto"), self.run_spectrum)
        beta = float(request.params.get("beta", 0.0)) if request.method == "momentum" else 0.0
        return float(lr), beta

    def _run_errors(self, key: str) -> RunErrors | None:
        problem = self.lab.problem
        if key not in self._errors:
            if not affordable(problem):
                return None
            if self.run_spectrum is None:
                self.run_spectrum = hessian_spectrum(problem)
            self._errors[key] = RunErrors(problem, self.run_spectrum, self._optimum(problem))
        return self._errors[key]

    def _optimum(self, problem: Problem) -> np.ndarray:
        """θ* in working units: the run's reference answer if it came, else lstsq here."""
        reference = self.lab.race.reference
        if reference is not None and reference.theta is not None:
            return problem.to_working(reference.theta)
        return working_optimum(problem)

    @staticmethod
    def _resolve_lr(lr, spectrum: HessianSpectrum | None) -> float | None:
        if lr != "auto":
            return float(lr)
        return None if spectrum is None or not spectrum.largest > 0 else 1.0 / spectrum.largest

    # ---- drawing ----------------------------------------------------------------------------------------
    def _update_map(self) -> None:
        """The map of the data on screen, with each gd or heavy-ball run's (η, β) marked (auto = 1/λ₁ of it)."""
        spectrum = self.map_spectrum
        if spectrum is None and self._map_problem is None and affordable(self.lab.problem):
            spectrum = self.map_spectrum = hessian_spectrum(self.lab.problem)
        marks = {}
        for request in self.lab.race.requests:
            if request.method not in EXPLAINED or float(request.params.get("l2", 0.0) or 0.0) > 0:
                continue
            lr = self._resolve_lr(request.params.get("lr", "auto"), spectrum)
            if lr is None:
                continue
            beta = float(request.params.get("beta", 0.0)) if request.method == "momentum" else 0.0
            look = self.lab.solver_look(request.key)
            marks[request.key] = (lr, beta, look.color, look.marker)
        reach = 0.0
        if spectrum is not None and spectrum.largest > 0:
            reach = min(max((lr for lr, *_ in marks.values()), default=0.0), MAP_REACH / spectrum.largest)
        signature = (id(spectrum), reach, tuple((k, v[0], v[1]) for k, v in marks.items()))
        if signature == self._marks:
            return
        self._marks = signature
        self.rate_map.set_spectrum(spectrum, reach)
        self.rate_map.set_marks(marks)

    def _update_caption(self, key, position, lr, beta, factors, errors: RunErrors) -> None:
        """Most important first (a narrow dock shows the first words): the rates, then κ and the best step."""
        spectrum = errors.spectrum
        setting = f"η = {lr:.3g}" if beta == 0 else f"η = {lr:.3g}, β = {beta:.3g}"
        kappa = f"{spectrum.kappa:.3g}" if np.isfinite(spectrum.kappa) else "∞ (λₙ = 0: one direction never shrinks)"
        measured = errors.ratios()[1]
        seen = "" if not measured.size else \
            f"measured {factor_text(float(np.exp(np.mean(np.log(measured)))))[1:]} per step, "
        self.caption.setText(
            f"{self.lab.solver_label(key)}, {self.lab.step_caption(key, position)}: {seen}predicted "
            f"{factor_text(np.max(factors))[1:]} ({setting}). κ = λ₁/λₙ = {kappa}; the best gd step "
            f"2/(λ₁ + λₙ) = {spectrum.optimal_step():.3g} gives (κ − 1)/(κ + 1) = "
            f"{factor_text(spectrum.optimal_rate())[1:]}. Each bar: the error along one eigenvector of the "
            "Hessian, multiplied by its own factor every step.")

    # ---- layout -------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange(wide=self.width() >= WIDE * self.height())

    def _arrange(self, *, wide: bool) -> None:
        """A row of three when wide; the bars on top, the rate and the map under them when not."""
        if wide == self._wide:
            return
        self._wide = wide
        for widget in (self.bars.plot, self.rates.plot, self.rate_map.plot):
            self.grid.removeWidget(widget)
        if wide:
            self.grid.addWidget(self.bars.plot, 0, 0)
            self.grid.addWidget(self.rates.plot, 0, 1)
            self.grid.addWidget(self.rate_map.plot, 0, 2)
            for column, stretch in enumerate((5, 3, 3)):
                self.grid.setColumnStretch(column, stretch)
        else:
            self.grid.addWidget(self.bars.plot, 0, 0, 1, 2)
            self.grid.addWidget(self.rates.plot, 1, 0)
            self.grid.addWidget(self.rate_map.plot, 1, 1)
            for column, stretch in enumerate((1, 1, 0)):
                self.grid.setColumnStretch(column, stretch)
        for row, stretch in enumerate((1, 0) if wide else (2, 3)):
            self.grid.setRowStretch(row, stretch)

    # ---- events ---------------------------------------------------------------------------------------------
    def _on_optimal_step_clicked(self) -> None:
        if self.map_spectrum is not None and self.map_spectrum.largest > 0:
            self.lr_chosen.emit("gd", self.map_spectrum.optimal_step())

"""Residuals: r against x and r against ŷ for the focused solver at the player's step.

A right model leaves a shapeless band around the zero line; a pattern (a U, a fan) is something the
model misses. A line through curved data leaves a U (signs +, −, + along x); with degree 2 and the
run redone, it flattens into a band. The plot follows the player, Step Back and the focus, and
labels r for the distance chosen on the canvas (vertical, perpendicular or absolute).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ..data.canvas_density import DENSITY_THRESHOLD, DensityImage
from ..look.style import REFERENCE_COLOR, base_font, caption_label
from .base import RunView
from .residual_meaning import describe_runs, residuals_for, sign_runs
from .residuals.measures import trust_of_weights
from .surface.fitting import FittingAxis

if TYPE_CHECKING:
    from ..lab import Lab

PATTERN_WORDS = ("A pattern here (a U, a fan) means the model misses something; "
                 "a shapeless band around 0 is what a right model leaves.")
#: Marker size in pixels (up to the canvas's density threshold; above, a density image).
SYMBOL_SIZE = 9
#: The plots' least height in text lines: room for the vertical title "r = y − ŷ" and three ticks.
MIN_PLOT_LINES = 7


def _plot(bottom_label: str) -> pg.PlotWidget:
    """A plot with a zero line, axes whose ticks keep room for their labels at ×2, no menu."""
    plot = pg.PlotWidget(axisItems={side: FittingAxis(side) for side in ("left", "bottom")})
    plot.setMenuEnabled(False)
    plot.showGrid(x=True, y=True, alpha=0.2)
    for side in ("left", "bottom"):
        plot.getAxis(side).setTickFont(base_font(10))
        plot.getAxis(side).enableAutoSIPrefix(False)
    plot.setLabel("bottom", bottom_label, **{"font-size": "11pt"})
    zero = pg.InfiniteLine(pos=0.0, angle=0, movable=False, pen=pg.mkPen(REFERENCE_COLOR, width=1.5))
    plot.addItem(zero, ignoreBounds=True)
    return plot


class ResidualPlotView(RunView):
    """r against x (one-feature data) and r against ŷ, side by side, for the focused solver."""

    name = "residuals"
    title = "Residuals"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.caption = caption_label(2, 11)
        self.caption.setObjectName("residuals-caption")
        self.against_x = _plot("x")
        self.against_fit = _plot("ŷ (fitted value)")
        self.against_x.setToolTip("Each point's residual against its x. " + PATTERN_WORDS)
        self.against_fit.setToolTip("Each point's residual against the value the fit gives it. " + PATTERN_WORDS)
        self.x_points = pg.ScatterPlotItem()
        self.fit_points = pg.ScatterPlotItem()
        self.x_density, self.fit_density = DensityImage(), DensityImage()
        for plot, points, density in ((self.against_x, self.x_points, self.x_density),
                                      (self.against_fit, self.fit_points, self.fit_density)):
            plot.addItem(density)
            plot.addItem(points)
            density.hide()
        self._update_min_height()
        plots = QHBoxLayout()
        plots.addWidget(self.against_x)
        plots.addWidget(self.against_fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addLayout(plots, 1)

        self._position = 0
        self._shown_key: str | None = None
        self._drawn = (np.empty(0), np.empty(0), np.empty(0))  # (x, ŷ, r) as drawn
        self.runs: list[str] = []  # the signs along x of what is drawn (a U: + − +)
        lab.focus_changed.connect(self._on_focus_changed)
        lab.residuals.changed.connect(self._on_options_changed)
        self._clear("Run a solver: its residuals r = y − ŷ appear here. " + PATTERN_WORDS)

    # ---- what is drawn (for tests and exports) --------------------------------------------
    def residual_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(x, ŷ, r) as drawn; x is empty when the data have no single x."""
        return self._drawn

    @property
    def shown_key(self) -> str | None:
        """The solver whose residuals are drawn (None: nothing drawn)."""
        return self._shown_key

    # ---- RunView -----------------------------------------------------------------------
    def run_started(self) -> None:
        self._clear("Running… " + PATTERN_WORDS)

    def refresh(self, position: int) -> None:
        self._position = position
        problem, key = self.lab.problem, self.lab.focus_key()
        if problem is None or key is None:
            return
        theta = self.lab.current_thetas(position).get(key)
        label = self.lab.solver_label(key)
        if theta is None or not np.all(np.isfinite(theta)):
            why = "no θ yet" if theta is None else "θ is not a finite number"
            self._clear(f"{label}, {self.lab.step_caption(key, position)}: {why}, so no residuals to draw.")
            return
        residuals = residuals_for(problem, theta, self.lab.residuals.distance)
        x = self._single_x(problem)
        step = self.lab.step_at(key, position)
        self._draw(key, x, residuals.fitted, residuals.r, self._opacity(step, problem.n))
        for plot in (self.against_x, self.against_fit):
            plot.setLabel("left", residuals.label, **{"font-size": "11pt"})
        self.against_x.setVisible(x is not None)
        self.runs = sign_runs(x if x is not None else residuals.fitted, residuals.r)
        along = describe_runs(self.runs) if x is not None else describe_runs(self.runs).replace("along x", "along ŷ")
        where = self.lab.step_caption(key, position)
        parts = [f"{label}, {where}: {along}.", residuals.note, PATTERN_WORDS]
        self.caption.setText(" ".join(part for part in parts if part))

    # ---- inside ---------------------------------------------------------------------------
    def _update_min_height(self) -> None:
        """At the normal font: below it the vertical title "r = y − ŷ" is cut. Not grown with presentation's
        fonts: the docks get taller there, and a taller minimum would squeeze the views beside them."""
        lines = QFontMetrics(base_font(11)).lineSpacing() * MIN_PLOT_LINES
        for plot in (self.against_x, self.against_fit):
            plot.setMinimumHeight(lines)

    @staticmethod
    def _single_x(problem) -> np.ndarray | None:
        """The one x of the data: the points' x, or a table's only feature; None for several."""
        if problem.degree is not None and problem.x is not None:
            return np.asarray(problem.x)
        features = problem.features
        if features is not None and np.ndim(features) == 2 and np.shape(features)[1] == 1:
            return np.asarray(features)[:, 0]
        return None

    @staticmethod
    def _opacity(step, n: int) -> np.ndarray | None:
        """Least absolute deviations' IRLS weights as opacity, when the step has them (as on the canvas)."""
        weights = None if step is None else step.detail.get("weights")
        if weights is None or np.size(weights) != n:
            return None
        return np.clip(trust_of_weights(weights), 0.15, 1.0)

    def _draw(self, key: str, x, fitted, r, opacity) -> None:
        """Symbols in the solver's colour; above the canvas's density threshold a density image
        instead (every point in a shaded bin: 10⁵ symbols take a second to lay out)."""
        self._drawn = (np.asarray(x) if x is not None else np.empty(0), np.asarray(fitted), np.asarray(r))
        self._shown_key = key
        pairs = ((self.against_x, self.x_points, self.x_density, x), (self.against_fit, self.fit_points,
                                                                       self.fit_density, fitted))
        if r.size > DENSITY_THRESHOLD:
            for plot, points, density, along in pairs:
                points.setData([], [])
                if along is None:
                    density.hide()
                    continue
                box = plot.getViewBox()
                extent_x, extent_r = float(np.ptp(along)) or 1.0, float(np.ptp(r)) or 1.0
                density.show_points(np.asarray(along), r, (extent_x / max(box.width(), 1.0),
                                                           extent_r / max(box.height(), 1.0)))
            return
        color = self.lab.solver_color(key)
        pen = pg.mkPen("w", width=0.8)
        if opacity is None:
            brush = pg.mkBrush(color)
        else:
            brush = [pg.mkBrush(color.red(), color.green(), color.blue(), int(255 * a)) for a in opacity]
        for _, points, density, along in pairs:
            density.hide()
            if along is None:
                points.setData([], [])
            else:
                points.setData(along, r, size=SYMBOL_SIZE, pen=pen, brush=brush, symbol="o")

    def _clear(self, words: str) -> None:
        self.x_points.setData([], [])
        self.fit_points.setData([], [])
        self.x_density.hide()
        self.fit_density.hide()
        self._drawn = (np.empty(0), np.empty(0), np.empty(0))
        self._shown_key = None
        self.runs = []
        for plot in (self.against_x, self.against_fit):
            plot.setLabel("left", "r = y − ŷ", **{"font-size": "11pt"})
        self.caption.setText(words)

    @Slot(str)
    def _on_focus_changed(self, _key: str) -> None:
        if self.isVisible():
            self.refresh(self.lab.position)

    @Slot()
    def _on_options_changed(self) -> None:
        if self.isVisible():
            self.refresh(self.lab.position)

"""Three or more columns: R filling in as a heat map, and how orthogonal each method's Q stays.

The heat map shows log₁₀|Rᵢⱼ| of the entries the solver has finished (blank: not yet, or
zero); the curves are ‖Q₁:ⱼᵀQ₁:ⱼ − I‖₂ from engine.orthogonality, one per algorithm, so on an
ill-conditioned problem (NIST Filip) the class sees classical Gram-Schmidt lose orthogonality
while Householder keeps it at ε.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from engine.orthogonality import METHODS
from engine.problem import EPS

from ...look.legend_place import keep_in_emptiest_corner
from ...look.solver_look import solver_look
from ...look.style import base_font

#: Losses are drawn on a log scale: an exact zero is drawn here instead (far below ε).
LOSS_FLOOR = 1e-18
METHOD_COLORS = {method: solver_look(method).color_name for method in ("cgs", "mgs", "householder")}
METHOD_LABELS = {"cgs": "classical GS", "mgs": "modified GS", "householder": "Householder"}
#: Axis labels name the columns up to this many; beyond, every column number would overlap.
MAX_NAMED_COLUMNS = 16


def log_magnitude(values: np.ndarray) -> np.ndarray:
    """log₁₀|v|, NaN (drawn blank) where v is zero or not a number yet."""
    magnitude = np.abs(np.asarray(values, dtype=float))
    shown = np.isfinite(magnitude) & (magnitude > 0)
    return np.where(shown, np.log10(np.where(shown, magnitude, 1.0)), np.nan)


def _style_axes(plot: pg.PlotItem) -> None:
    font = base_font()
    for side in ("bottom", "left"):
        plot.getAxis(side).setStyle(tickFont=font)
    plot.setMenuEnabled(False)
    plot.hideButtons()


class RFactorPlot(pg.GraphicsLayoutWidget):
    """R as a p × p heat map of log₁₀|Rᵢⱼ|, row 1 at the top, as it is written on the board."""

    def __init__(self):
        super().__init__()
        self.title_text = "R so far: log₁₀|Rᵢⱼ|"  # shown above the plot by the view
        self.plot = self.addPlot()
        _style_axes(self.plot)
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(-1, 1), colorMap=pg.colormap.get("viridis"), interactive=False)
        self.colorbar.setImageItem(self.image, insert_in=self.plot)
        self.colorbar.getAxis("right").setStyle(tickFont=base_font())
        self.values: np.ndarray | None = None
        self._labels: tuple[str, ...] | None = None

    def set_labels(self, labels: tuple[str, ...]) -> None:
        """Name the columns (working order) and number the rows, once per run."""
        if labels == self._labels:
            return
        self._labels = labels
        p = len(labels)
        step = 1 if p <= MAX_NAMED_COLUMNS else int(np.ceil(p / MAX_NAMED_COLUMNS))
        columns = [(j + 0.5, labels[j] if p <= MAX_NAMED_COLUMNS else str(j + 1)) for j in range(0, p, step)]
        rows = [(i + 0.5, str(i + 1)) for i in range(0, p, step)]
        self.plot.getAxis("bottom").setTicks([columns])
        self.plot.getAxis("left").setTicks([rows])
        self.plot.setRange(xRange=(0, p), yRange=(0, p), padding=0.02)

    def set_r(self, r: np.ndarray | None, levels: tuple[float, float] | None = None) -> None:
        """Show these entries of R (NaN: not computed yet); `levels` keep colours fixed during a run."""
        if r is None:
            self.values = None
            self.image.clear()
            return
        self.values = log_magnitude(r)
        finite = self.values[np.isfinite(self.values)]
        if levels is None and finite.size:
            levels = (float(finite.min()), float(finite.max()))
        if levels is not None:
            low, high = levels
            self.colorbar.setLevels((low, high if high > low else low + 1))
        self.image.setImage(self.values.T, autoLevels=False)


class OrthogonalityPlot(pg.PlotWidget):
    """‖QᵀQ − I‖ per column for the three ways of forming Q, on a log scale, with ε for scale."""

    def __init__(self):
        super().__init__()
        plot = self.getPlotItem()
        self.plot = plot
        self.title_text = "‖QᵀQ − I‖₂ of the first j columns: orthogonality lost"  # shown above the plot
        _style_axes(plot)
        plot.setLogMode(y=True)
        plot.showGrid(x=True, y=True, alpha=0.2)
        # no axis labels: the title says what both axes are, and pyqtgraph cuts a label scaled ×2
        self.legend = plot.addLegend(offset=(10, 5), labelTextSize="12pt", verSpacing=-6)
        self.legend_placer = keep_in_emptiest_corner(plot, self.legend)
        self.curves = {}
        for method in METHODS:
            color = METHOD_COLORS[method]
            self.curves[method] = plot.plot(pen=pg.mkPen(color, width=2.5), symbol="o", symbolSize=7,
                                            symbolBrush=color, symbolPen=None, name=METHOD_LABELS[method])
        self.epsilon = pg.InfiniteLine(pos=np.log10(EPS), angle=0, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine),
                                       label="ε", labelOpts={"position": 0.97, "color": "#555555"})
        self.epsilon.label.setFont(base_font())
        plot.addItem(self.epsilon)
        self.column = pg.InfiniteLine(angle=90, pen=pg.mkPen("#333333", width=1.5, style=Qt.PenStyle.DotLine))
        plot.addItem(self.column)
        self.note = pg.TextItem(color="#8B0000", anchor=(0.5, 0.5))
        self.note.setFont(base_font())
        plot.addItem(self.note)
        self.losses: dict[str, np.ndarray] = {}

    def set_losses(self, losses: dict[str, np.ndarray]) -> None:
        """Draw the curves (once per run); an empty dict clears them."""
        self.losses = dict(losses)
        self.note.hide()
        self._show_axes(True)
        for method, curve in self.curves.items():
            loss = losses.get(method)
            if loss is None:
                curve.setData([], [])
                continue
            columns = np.arange(1, loss.size + 1)
            curve.setData(columns, np.maximum(loss, LOSS_FLOOR))
        if losses:
            p = max(loss.size for loss in losses.values())
            step = max(1, int(np.ceil(p / MAX_NAMED_COLUMNS)))
            self.plot.getAxis("bottom").setTicks([[(j, str(j)) for j in range(1, p + 1, step)]])
            top = max(float(np.max(loss)) for loss in losses.values())
            self.plot.setXRange(0.5, p + 0.5, padding=0)
            # Headroom above the highest curve keeps the legend (top left) off the curves.
            self.plot.setYRange(np.log10(LOSS_FLOOR) + 1.5, np.log10(max(top, 1e-12)) + 4, padding=0)

    def show_note(self, text: str) -> None:
        """Say why there are no curves (e.g. the problem is too large to form three Q's here)."""
        self.set_losses({})
        self._show_axes(False)
        self.set_column(None)
        self.plot.setXRange(0, 1, padding=0)
        self.plot.setYRange(-1, 1, padding=0)
        self.note.setText(text)
        self.note.setPos(0.5, 0)
        self.note.show()

    def _show_axes(self, visible: bool) -> None:
        for side in ("bottom", "left"):
            self.plot.showAxis(side, visible)
        self.legend.setVisible(visible)
        self.epsilon.setVisible(visible)

    def set_column(self, column: int | None) -> None:
        """Mark the column the focus solver has reached (None: no marker)."""
        self.column.setVisible(column is not None and not self.note.isVisible())
        if column is not None:
            self.column.setValue(column)

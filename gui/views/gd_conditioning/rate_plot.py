"""The factor the error shrank by at each step, measured on the run, against the two predictions:
max|1 − ηλᵢ| at the run's η, and (κ − 1)/(κ + 1) at the best step 2/(λ₁ + λₙ)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ...look.style import REFERENCE_COLOR, base_font
from .roomy_axis import RoomyAxis, fit_left_label


def _line(color, style, text: str, position: float, above: bool) -> pg.InfiniteLine:
    """A horizontal line with its name over it (`above`) or under it: two close lines keep their names apart."""
    anchor = (0.5, 1) if above else (0.5, 0)
    line = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen(color, width=2, style=style), label=text,
                           labelOpts={"position": position, "color": color, "anchors": [anchor, anchor]})
    line.label.setFont(base_font(10))
    line.hide()
    return line


class RatePlot:
    """A small plot: the measured factor per step (curve), the predicted rate and the best rate (lines)."""

    def __init__(self):
        self.plot = pg.PlotWidget(axisItems={"bottom": RoomyAxis("bottom"), "left": RoomyAxis("left")})
        self.plot.setObjectName("gd-rate-plot")
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        fit_left_label(self.plot, ("per step", ""))
        self.plot.setLabel("bottom", "step k", **{"font-size": "11pt"})
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setToolTip("Solid: the factor the error ‖θₖ − θ*‖ shrank by at each step of the run. Dashed: "
                             "the rate predicted for its η, max|1 − ηλᵢ| (for momentum: the largest radius of its "
                             "2×2 iteration). Grey: (κ − 1)/(κ + 1), gradient descent at its best step 2/(λ₁ + λₙ).")
        self.measured = self.plot.plot([], [])
        self.dot = self.plot.plot([], [], pen=None, symbol="o", symbolSize=9, symbolPen="w")
        self.predicted = _line(REFERENCE_COLOR, Qt.PenStyle.DashLine, "predicted", 0.3, above=True)
        self.best = _line(REFERENCE_COLOR, Qt.PenStyle.SolidLine, "best gd", 0.75, above=False)
        self.plot.addItem(self.predicted)
        self.plot.addItem(self.best)

    def clear(self) -> None:
        self.measured.setData([], [])
        self.dot.setData([], [])
        self.predicted.hide()
        self.best.hide()

    def set_look(self, color: QColor) -> None:
        self.measured.setPen(pg.mkPen(color, width=2))
        self.dot.setSymbolBrush(pg.mkBrush(color))
        self.predicted.setPen(pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine))
        self.predicted.label.setColor(color)

    def set_rates(self, predicted: float | None, best: float | None) -> None:
        for line, value in ((self.predicted, predicted), (self.best, best)):
            line.setVisible(bool(value is not None and np.isfinite(value)))
            if line.isVisible():
                line.setValue(value)

    def set_measured(self, ks: np.ndarray, ratios: np.ndarray) -> None:
        self.measured.setData(ks, ratios)
        values = [v for v in (*ratios[-50:], self.predicted.value(), self.best.value()) if np.isfinite(v)]
        low, high = min(values, default=0.0), min(max(values, default=1.0), 1.5)
        margin = max(0.1 * (high - low), 0.01)
        self.plot.setYRange(max(low - margin, 0.0), high + margin, padding=0)
        if ks.size:
            self.plot.setXRange(0, float(ks[-1]), padding=0.02)

    def set_position(self, k: float | None, ratio: float | None) -> None:
        self.dot.setData([] if k is None else [k], [] if ratio is None else [ratio])

"""The digits-against-κ axes: dots per (method, precision), the user's own dots, the lines the error
bounds predict (slope 1: κ·u, slope 2: κ²·u) and each precision's wall at κ = 1/u.

Items are made once per (method, precision) and updated with setData; pens and brushes are reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from engine import SOLVERS
from engine.precision import PRECISION_NAMES, get_precision
from engine.sweep import Measurement, predicted_digits, wall

from ...look.solver_look import solver_look
from ...look.style import REFERENCE_COLOR, base_font
from ..surface.fitting import FittingAxis

#: A marker per precision (the colour is the method's own).
PRECISION_MARKERS = {"float64": "o", "float32": "s", "float16": "t", "bfloat16": "d"}
MARKER_WORDS = {"o": "●", "s": "■", "t": "▼", "d": "◆"}
DOT_SIZE = 9
OWN_SIZE = 17
#: The digits axis: a little below 0 (so dots at 0 show whole) to a little above float64's 15.95.
DIGITS_RANGE = (-0.6, 16.8)
SLOPE_PENS = {1: pg.mkPen(REFERENCE_COLOR, width=1.6),
              2: pg.mkPen(REFERENCE_COLOR, width=1.6, style=Qt.PenStyle.DashLine)}
WALL_PEN = pg.mkPen(REFERENCE_COLOR, width=1.2, style=Qt.PenStyle.DotLine)
OWN_PEN = pg.mkPen("#000000", width=2.2)


class SweepPlot(pg.PlotWidget):
    """The axes log10 κ(A) and correct digits, with everything the view draws on them."""

    def __init__(self):
        super().__init__(axisItems={side: FittingAxis(side) for side in ("left", "bottom")})
        self.setMenuEnabled(False)
        self.showGrid(x=True, y=True, alpha=0.2)
        for side in ("left", "bottom"):
            self.getAxis(side).setTickFont(base_font(10))
            self.getAxis(side).enableAutoSIPrefix(False)
        self.setLabel("bottom", "log₁₀ κ(A)", **{"font-size": "11pt"})
        self.setLabel("left", "correct digits", **{"font-size": "11pt"})
        self.setYRange(*DIGITS_RANGE, padding=0)
        self.setXRange(0, 18, padding=0.02)
        self.dots: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.own_dots: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.prediction_lines: dict[tuple[str, int], pg.PlotDataItem] = {}
        self.walls: dict[str, pg.InfiniteLine] = {}
        for precision in PRECISION_NAMES:
            for exponent in (1, 2):
                line = pg.PlotDataItem(pen=SLOPE_PENS[exponent])
                self.addItem(line)
                self.prediction_lines[(precision, exponent)] = line
            position = wall(precision)
            marker = pg.InfiniteLine(pos=position, angle=90, movable=False, pen=WALL_PEN,
                                     label=f"1/u {precision}",
                                     labelOpts={"position": 0.5, "rotateAxis": (1, 0), "anchors": [(0.5, 1), (0.5, 1)],
                                                "color": "#555555"})
            marker.label.setFont(base_font(9))
            self.addItem(marker, ignoreBounds=True)
            self.walls[precision] = marker

    # ---- what the view asks for -----------------------------------------------------------
    def show_precisions(self, precisions: Iterable[str]) -> None:
        """The predicted lines and the wall of each shown precision; the others hidden."""
        shown = set(precisions)
        for (precision, exponent), line in self.prediction_lines.items():
            if precision in shown:
                cap = get_precision(precision).digits
                x = np.linspace(0.0, cap / exponent, 50)
                line.setData(x, predicted_digits(x, precision, exponent))
            line.setVisible(precision in shown)
        for precision, marker in self.walls.items():
            marker.setVisible(precision in shown)

    def draw(self, dots: Sequence[Measurement], own: Sequence[Measurement], hollow: set[str]) -> None:
        """Every measured dot, grouped by (method, precision); `hollow` methods share their colour with
        another shown method and are drawn as rings."""
        self._fill(self.dots, dots, DOT_SIZE, hollow, own=False)
        self._fill(self.own_dots, own, OWN_SIZE, hollow, own=True)

    def dot_count(self) -> int:
        return sum(len(item.data) for item in self.dots.values())

    # ---- inside ---------------------------------------------------------------------------
    def _fill(self, items: dict, dots: Sequence[Measurement], size: int, hollow: set[str], *, own: bool) -> None:
        groups: dict[tuple[str, str], list[Measurement]] = {}
        for dot in dots:
            groups.setdefault((dot.method, dot.precision), []).append(dot)
        for key, item in items.items():
            if key not in groups:
                item.setData([], [])
        for (method, precision), members in groups.items():
            item = items.get((method, precision))
            if item is None:
                item = pg.ScatterPlotItem(hoverable=True, tip=_tip)
                item.setZValue(10 if own else 5)
                self.addItem(item)
                items[(method, precision)] = item
            color = solver_look(method).color
            ring = method in hollow
            pen = OWN_PEN if own else pg.mkPen(color, width=2.0 if ring else 1.0)
            brush = pg.mkBrush(255, 255, 255, 0) if ring and not own else pg.mkBrush(color)
            item.setData(x=[np.log10(max(d.kappa, 1.0)) for d in members], y=[d.digits for d in members],
                         data=[_words(d) for d in members], symbol=PRECISION_MARKERS[precision], size=size,
                         pen=pen, brush=brush)


def _words(dot: Measurement) -> str:
    label = SOLVERS.get(dot.method).label if dot.method in SOLVERS else dot.method
    where = "your data" if dot.family == "own" else dot.label
    text = f"{where}: {label} in {dot.precision} keeps {dot.digits:.1f} digits (κ(A) = {dot.kappa:.2g})"
    return text + (f". {dot.message}" if dot.status == "failed" and dot.message else "")


def _tip(x: float, y: float, data: str) -> str:
    return data

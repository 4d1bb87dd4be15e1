"""Vectors drawn as a lecturer draws them: a shaft, an arrow head at the tip and the value beside it.

Shared by the pictures of the geometry view. Every item is created once and moved with
setData/setPos, so a frame costs a few small updates however often the player redraws.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ...look.style import base_font

#: Label font on the plane pictures (projector-readable).
LABEL_POINT_SIZE = 12

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(number: int) -> str:
    return str(number).translate(_SUBSCRIPTS)


def vector_text(values) -> str:
    """[0.447, 0.894]: three significant digits, as on the board."""
    return "[" + ", ".join(f"{float(v):.3g}" for v in values) + "]"


def faint_pen(color: str, *, width: float = 1.5, dashed: bool = True) -> pg.QtGui.QPen:
    pen = pg.mkPen(color, width=width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class Arrow:
    """One vector from `tail` to `head` in a plot: line, arrow head and a label at the tip.

    `turn` rotates where the label sits around the tip (degrees, counter-clockwise from
    "straight ahead"), so labels of vectors along the same line do not overlap; `label_at`
    moves it along the shaft (1: the tip, 0.5: the middle).
    """

    def __init__(self, plot: pg.PlotItem, color: str, *, width: float = 3, dashed: bool = False,
                 turn: float = 0.0, label_at: float = 1.0, z: float = 10):
        self.turn = turn
        self.label_at = label_at
        pen = faint_pen(color, width=width, dashed=dashed) if dashed else pg.mkPen(color, width=width)
        self.line = pg.PlotDataItem(pen=pen)
        self.head = pg.ArrowItem(angle=0, headLen=16, tipAngle=32, pen=pg.mkPen(color), brush=QColor(color))
        self.label = pg.TextItem(color=color, anchor=(0, 0.5))
        self.label.setFont(base_font(LABEL_POINT_SIZE))
        for z_offset, item in enumerate((self.line, self.head, self.label)):
            item.setZValue(z + z_offset)
            plot.addItem(item)
        self.hide()

    def set(self, tail, head, text: str = "") -> None:
        """Draw the vector head − tail starting at tail, labelled `text`."""
        tail = np.asarray(tail, dtype=float)
        head = np.asarray(head, dtype=float)
        self.line.setData([tail[0], head[0]], [tail[1], head[1]])
        self.line.show()
        direction = head - tail
        length = math.hypot(*direction)
        angle = math.degrees(math.atan2(direction[1], direction[0])) if length > 0 else 0.0
        self.head.setVisible(length > 0)
        self.head.setPos(head[0], head[1])
        # ArrowItem angle 0 points left, turning clockwise on screen (y down): 180 − φ points along φ.
        self.head.setStyle(angle=180.0 - angle)
        place = math.radians(angle + self.turn)
        self.label.setAnchor(((1 - math.cos(place)) / 2, (1 + math.sin(place)) / 2))
        self.label.setText(text)
        where = tail + self.label_at * direction
        self.label.setPos(where[0], where[1])
        self.label.setVisible(bool(text))

    def hide(self) -> None:
        for item in (self.line, self.head, self.label):
            item.hide()

    @property
    def visible(self) -> bool:
        return self.line.isVisible()

    def drawn(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(tail, head) as drawn, read back from the line item; None while hidden."""
        if not self.visible:
            return None
        x, y = self.line.getData()
        return np.array([x[0], y[0]]), np.array([x[1], y[1]])

    def bounds(self) -> np.ndarray | None:
        drawn = self.drawn()
        return None if drawn is None else np.vstack(drawn)


class PlanePlot(pg.PlotWidget):
    """An equal-aspect plot of vectors that keeps its vectors and labels in view when resized."""

    def __init__(self, title: str):
        super().__init__()
        self.plot = plane_plot(self, title)
        self._fitted: tuple[list[np.ndarray], list[pg.TextItem]] | None = None

    def fit(self, points: list[np.ndarray], texts: list[pg.TextItem]) -> None:
        self._fitted = (points, texts)
        fit_range(self.plot, points, texts)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        fitted = self.__dict__.get("_fitted")  # pyqtgraph resizes once inside PlotWidget.__init__
        if fitted is not None:
            fit_range(self.plot, *fitted)


def plane_plot(plot_widget: pg.PlotWidget, title: str) -> pg.PlotItem:
    """An equal-aspect plot with readable axes, for vectors in a plane."""
    plot = plot_widget.getPlotItem()
    plot.setAspectLocked(True)
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setTitle(title, size="12pt")
    font = base_font()
    for side in ("bottom", "left"):
        plot.getAxis(side).setStyle(tickFont=font)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


def fit_range(plot: pg.PlotItem, points: list[np.ndarray], texts: list[pg.TextItem] = (),
              padding: float = 0.04) -> None:
    """Show every point and every visible label whole, in an equal-aspect view.

    Labels keep their size in pixels, so the data range they need depends on the range
    itself: rounds of "fit, measure the labels in data units, fit again" settle it (the
    labels are few, so thirty rounds cost nothing).
    """
    if not points:
        return
    stacked = np.vstack(points)
    low, high = stacked.min(axis=0), stacked.max(axis=0)
    view = plot.getViewBox()
    width_px, height_px = max(view.width(), 200.0), max(view.height(), 200.0)
    boxes_low, boxes_high = low.copy(), high.copy()
    for _ in range(30):
        size = np.maximum(boxes_high - boxes_low, 1e-12)
        per_pixel = max(size[0] / width_px, size[1] / height_px) * (1 + 2 * padding)
        boxes_low, boxes_high = low.copy(), high.copy()
        for text in texts:
            if not text.isVisible():
                continue
            rect = text.textItem.boundingRect()
            anchor_x, anchor_y = text.anchor.x(), text.anchor.y()
            x, y = text.pos().x(), text.pos().y()
            left = x - anchor_x * rect.width() * per_pixel
            top = y + anchor_y * rect.height() * per_pixel
            corners = np.array([[left, top - rect.height() * per_pixel], [left + rect.width() * per_pixel, top]])
            boxes_low = np.minimum(boxes_low, corners.min(axis=0))
            boxes_high = np.maximum(boxes_high, corners.max(axis=0))
    plot.setRange(xRange=(boxes_low[0], boxes_high[0]), yRange=(boxes_low[1], boxes_high[1]), padding=padding)

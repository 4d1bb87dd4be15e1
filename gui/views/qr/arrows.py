"""Vectors drawn as a lecturer draws them: a shaft, an arrow head at the tip and the value beside it.

Shared by the pictures of the geometry view. Every item is created once and moved with
setData/setPos, so a frame costs a few small updates however often the player redraws.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor

from ...look.style import base_font
from .label_places import Obstacles, Place, anchor_for, choose_place, rect_of_points

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

    `turn` rotates where the label prefers to sit around the tip (degrees, counter-clockwise from
    "straight ahead"), so labels of vectors along the same line do not overlap; `label_at`
    moves it along the shaft (1: the tip, 0.5: the middle). The plot then moves it to a free
    place if that one is taken (`move_label`).
    """

    def __init__(self, plot: pg.PlotItem, color: str, *, width: float = 3, dashed: bool = False,
                 turn: float = 0.0, label_at: float = 1.0, z: float = 10):
        self.turn = turn
        self.label_at = label_at
        self.place: Place | None = None
        self.full_text = ""
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
        self.full_text = text
        self.label.setText(text)
        where = tail + self.label_at * direction
        self.label.setPos(where[0], where[1])
        self.label.setVisible(bool(text))
        self.place = None

    def name_only(self, short: bool) -> None:
        """Label with the vector's name alone ("q₁" for "q₁ = [0.707, 0.707]"), or with its value too."""
        text = self.full_text.split(" = ")[0] if short else self.full_text
        if self.label.textItem.toPlainText() != text:
            self.label.setText(text)

    def move_label(self, place: Place, direction, anchor: tuple[float, float]) -> bool:
        """Put the label at `place` (chosen in pixels by the plot); True if it moved."""
        tail, head = self.drawn()
        where = tail + place.at * (head - tail)
        size = self.label.textItem.boundingRect()
        # the gap in pixels, as a fraction of the label's size: it stays the same when the range changes
        ax = anchor[0] - place.gap * float(direction[0]) / max(size.width(), 1.0)
        ay = anchor[1] - place.gap * float(direction[1]) / max(size.height(), 1.0)
        moved = place != self.place
        self.place = place
        self.label.setPos(float(where[0]), float(where[1]))
        self.label.setAnchor((ax, ay))
        return moved

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
    """An equal-aspect plot of vectors that keeps its vectors and labels in view when resized, and
    each label off every arrow, every mark and every other label.

    Subclasses fill `arrows`, `marks` (lines a label keeps off, such as a dashed drop), `areas`
    (little figures a label keeps out of, such as the right-angle mark) and `fixed_texts`.
    """

    #: Rounds of "fit the range, place the labels" (each place depends on the scale, the scale on them).
    ARRANGE_ROUNDS = 4

    def __init__(self, title: str):
        super().__init__()
        self.title_text = title  # shown above the plot by the view (a plot title would force its width)
        self.plot = plane_plot(self)
        self.arrows: dict[str, Arrow] = {}
        self.marks: list[pg.PlotDataItem] = []
        self.areas: list[pg.PlotDataItem] = []
        self.fixed_texts: list[pg.TextItem] = []
        self._fitted: tuple[list[np.ndarray], list[pg.TextItem]] | None = None

    def fit(self, points: list[np.ndarray], texts: list[pg.TextItem]) -> None:
        self._fitted = (points, texts)
        self._arrange()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.__dict__.get("_fitted") is not None:  # pyqtgraph resizes once inside PlotWidget.__init__
            self._arrange()

    def _arrange(self) -> None:
        """Fit the range and place the labels; if the labels with their values leave the arrows too
        small to see (a narrow plot at presentation ×2), label them with their names alone."""
        for short in (False, True):
            for arrow in self.arrows.values():
                arrow.name_only(short)
            for _ in range(self.ARRANGE_ROUNDS):
                fit_range(self.plot, *self._fitted)
                if not self.place_labels():
                    break
            else:
                self.place_labels()
            if short or not (self._arrows_too_small() or self._labels_cut()):
                return

    def _labels_cut(self) -> bool:
        """Does a label reach past the plot's edge (the range could not make room for them all)?"""
        view = self.plot.getViewBox()
        inside = view.sceneBoundingRect()
        return any(not inside.contains(text_rect(view, arrow.label)) for arrow in self.arrows.values()
                   if arrow.visible and arrow.label.isVisible())

    def _arrows_too_small(self) -> bool:
        """Is the longest arrow under a third of the plot's smaller side (pixels)?"""
        view = self.plot.getViewBox()
        lengths = [float(np.hypot(*(_scene(view, head) - _scene(view, tail))))
                   for arrow in self.arrows.values() if arrow.visible for tail, head in [arrow.drawn()]]
        return bool(lengths) and max(lengths) < min(view.width(), view.height()) / 3

    def place_labels(self) -> bool:
        """Move each visible arrow's label to a free place; True if any label moved."""
        view = self.plot.getViewBox()
        if view.width() < 20 or view.height() < 20:
            return False
        obstacles = self.label_obstacles()
        rects = list(obstacles.rects)
        inside = view.sceneBoundingRect()
        moved = False
        for arrow in self.arrows.values():
            if not (arrow.visible and arrow.label.isVisible()):
                continue
            tail, head = (_scene(view, point) for point in arrow.drawn())
            size = arrow.label.textItem.boundingRect()
            place, direction, rect = choose_place(tail, head, Place(arrow.label_at, arrow.turn, 0.0),
                                                  (size.width(), size.height()),
                                                  Obstacles(obstacles.segments, rects), inside)
            moved |= arrow.move_label(place, direction, anchor_for(direction))
            rects.append(rect)
        return moved

    def label_obstacles(self) -> Obstacles:
        """Every visible arrow (shaft and head), mark, area and fixed text, in scene coordinates."""
        view = self.plot.getViewBox()
        segments, rects = [], []
        for arrow in self.arrows.values():
            if arrow.visible:
                tail, head = (_scene(view, point) for point in arrow.drawn())
                segments.append((tail, head))
                if arrow.head.isVisible():
                    rects.append(head_rect(arrow.head, head))
        for mark in self.marks:
            points = _polyline(view, mark)
            segments += list(zip(points[:-1], points[1:]))
        for area in self.areas:
            points = _polyline(view, area)
            if len(points):
                rects.append(rect_of_points(QPointF(*p) for p in points))
        rects += [text_rect(view, text) for text in self.fixed_texts if text.isVisible()]
        return Obstacles(segments, rects)


def _scene(view: pg.ViewBox, point) -> np.ndarray:
    mapped = view.mapViewToScene(QPointF(float(point[0]), float(point[1])))
    return np.array([mapped.x(), mapped.y()])


def _polyline(view: pg.ViewBox, item: pg.PlotDataItem) -> list[np.ndarray]:
    if not item.isVisible():
        return []
    x, y = item.getData()
    if x is None:
        return []
    return [_scene(view, point) for point in zip(x, y)]


def head_rect(head: pg.ArrowItem, tip: np.ndarray) -> QRectF:
    """Where the arrow head is drawn, in pixels: its path (already turned along the arrow, in pixels
    because it ignores the view's scaling) moved to the tip. Its sceneBoundingRect would scale it."""
    return head.boundingRect().translated(float(tip[0]), float(tip[1])).adjusted(-1, -1, 1, 1)


def text_rect(view: pg.ViewBox, text: pg.TextItem) -> QRectF:
    """Where a label is drawn, in scene coordinates, from its position, anchor and size (pixels)."""
    size = text.textItem.boundingRect()
    point = _scene(view, (text.pos().x(), text.pos().y()))
    return QRectF(point[0] - text.anchor.x() * size.width(), point[1] - text.anchor.y() * size.height(),
                  size.width(), size.height())


def plane_plot(plot_widget: pg.PlotWidget) -> pg.PlotItem:
    """An equal-aspect plot with readable axes, for vectors in a plane."""
    plot = plot_widget.getPlotItem()
    plot.setAspectLocked(True)
    plot.showGrid(x=True, y=True, alpha=0.15)
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

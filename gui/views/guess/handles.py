"""My line's items on the point canvas: the curve, its draggable handles, the loss beside it, the
kept guesses (pale) and, once revealed, the least-squares answer.

The handles are one scatter item that claims only the presses that land on one of its symbols:
a drag there moves the guess (never a point), a click there does nothing (never adds a point),
and every other press goes on to the canvas's own editing, pan and zoom.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Signal

from ...look.style import base_font
from .look import ANSWER_COLOR, KEPT_COLOR, MY_LINE_COLOR

#: Pixels around a handle's centre that still grab it.
GRAB_RADIUS_PX = 12
HANDLE_SIZE = 16
#: Above the points (z 10) and their selection (11): a handle is always grabbable.
Z_HANDLES, Z_CURVE, Z_KEPT, Z_ANSWER, Z_WORDS = 14, 6, 3, 5.5, 13  # the words never hide a handle


#: The words beside My line look at this many of the points at most to find an empty place.
SAMPLE = 4000


def _ends(handles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The leftmost and the rightmost handle."""
    return handles[int(np.argmin(handles[:, 0]))], handles[int(np.argmax(handles[:, 0]))]


class HandleItem(pg.ScatterPlotItem):
    """The handles as one scatter item; `pressed_on(scene_pos)` says which handle a press grabs."""

    dragged = Signal(int, object, str)
    """A handle (its index) is dragged to a point (QPointF, data coordinates); phase "start" (the
    press), then "move" and "finish"."""

    def __init__(self):
        super().__init__(size=HANDLE_SIZE, pen=pg.mkPen("w", width=2), brush=pg.mkBrush(MY_LINE_COLOR),
                         pxMode=True)
        self.setZValue(Z_HANDLES)
        self._dragging: int | None = None

    def pressed_on(self, scene_pos: QPointF) -> int | None:
        """The handle under `scene_pos` (within GRAB_RADIUS_PX), or None."""
        x, y = self.getData()
        view = self.getViewBox()
        if view is None or x is None or not len(x) or not self.isVisible():
            return None
        best, best_d2 = None, GRAB_RADIUS_PX**2
        for index, (hx, hy) in enumerate(zip(x, y)):
            at = view.mapViewToScene(QPointF(float(hx), float(hy)))
            d2 = (at.x() - scene_pos.x()) ** 2 + (at.y() - scene_pos.y()) ** 2
            if d2 <= best_d2:
                best, best_d2 = index, d2
        return best

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph override)
        if ev.button() == Qt.MouseButton.LeftButton and self.pressed_on(ev.scenePos()) is not None:
            ev.accept()  # a click on a handle adds no point
        else:
            ev.ignore()

    def mouseDragEvent(self, ev):  # noqa: N802 (pyqtgraph override)
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            self._dragging = self.pressed_on(ev.buttonDownScenePos())
            if self._dragging is None:
                ev.ignore()  # not on a handle: the canvas pans, or drags a point
                return
        if self._dragging is None:
            ev.ignore()
            return
        ev.accept()
        view = self.getViewBox()
        index = self._dragging
        if ev.isStart():  # where the button went down: the drag is measured from there
            self.dragged.emit(index, view.mapSceneToView(ev.buttonDownScenePos()), "start")
        if ev.isFinish():
            self._dragging = None
        self.dragged.emit(index, view.mapSceneToView(ev.scenePos()), "finish" if ev.isFinish() else "move")

    def hoverEvent(self, ev):  # noqa: N802 (pyqtgraph override)
        view = self.getViewBox()
        if view is None:
            return
        over = not ev.isExit() and self.pressed_on(ev.scenePos()) is not None
        if over:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
            ev.acceptClicks(Qt.MouseButton.LeftButton)
            view.setCursor(Qt.CursorShape.SizeAllCursor)


class BesideText(pg.TextItem):
    """A TextItem that places itself again when its font changes (presentation mode scales it)."""

    def __init__(self, place, **kwargs):
        super().__init__(**kwargs)
        self._place = place

    def setFont(self, font):  # noqa: N802 (pyqtgraph override)
        super().setFont(font)
        self._place()


class MyLineItems(QObject):
    """Every item My line puts on `canvas` (a PointCanvas), built once and updated with setData."""

    def __init__(self, canvas: pg.PlotWidget):
        super().__init__(canvas)
        self.canvas = canvas
        self.view = canvas.getViewBox()
        self.curve = pg.PlotDataItem(pen=pg.mkPen(MY_LINE_COLOR, width=3))
        self.kept = pg.PlotDataItem(pen=pg.mkPen(KEPT_COLOR, width=2), connect="finite")
        answer_pen = pg.mkPen(ANSWER_COLOR, width=3)
        answer_pen.setDashPattern([4, 2])
        self.answer = pg.PlotDataItem(pen=answer_pen)
        self.handles = HandleItem()
        self._ends: tuple[np.ndarray, np.ndarray] | None = None  # the leftmost and rightmost handles
        self.words = BesideText(self._place_words, color=MY_LINE_COLOR, fill=pg.mkBrush(255, 255, 255, 215))
        self.words.setFont(base_font(12))
        for item, z in ((self.curve, Z_CURVE), (self.kept, Z_KEPT), (self.answer, Z_ANSWER), (self.words, Z_WORDS)):
            item.setZValue(z)
            item.setEnabled(False)  # clicks go through to the canvas
            self.view.addItem(item, ignoreBounds=True)
        self.view.addItem(self.handles, ignoreBounds=True)
        self.view.sigRangeChanged.connect(self._place_words)
        self.view.sigResized.connect(self._place_words)
        self.show_guess(None, None, None, "")
        self.show_kept([], None)
        self.show_answer(None, None)

    def show_guess(self, x, y, handles, words: str) -> None:
        """The curve (x, y), the handles (an (h, 2) array) and the words beside it; None hides them."""
        shown = x is not None
        self.curve.setData(x if shown else [], y if shown else [])
        self.curve.setVisible(shown)
        if shown:
            self.handles.setData(pos=np.asarray(handles, dtype=float))
        else:
            self.handles.setData(pos=np.empty((0, 2)))
        self.handles.setVisible(shown)
        self.words.setText(words)
        self.words.setVisible(shown and bool(words))
        self._ends = None if not shown or not len(handles) else _ends(np.asarray(handles, dtype=float))
        self._place_words()

    def _place_words(self, *_args) -> None:
        """Above or below the line at its left or right end handle, wherever the words cover the
        fewest points, and inside the plot."""
        if self._ends is None or not self.words.isVisible():
            return
        (x0, x1), (y0, y1) = self.view.viewRange()
        px, py = (abs(v) for v in self.view.viewPixelSize())
        rect = self.words.textItem.boundingRect()
        width, height = (rect.width() + 8) * px, rect.height() * py
        gap = 10 * py
        points = self._sample_points()
        best = None
        for (x, y), right in ((self._ends[1], True), (self._ends[0], False)):
            left = min(max(x - width if right else x, x0), x1 - width)
            for up in (True, False):
                bottom = min(max(y + gap if up else y - gap - height, y0), y1 - height)
                covered = int(np.count_nonzero((points[0] >= left) & (points[0] <= left + width)
                                               & (points[1] >= bottom) & (points[1] <= bottom + height)))
                if best is None or covered < best[0]:
                    best = (covered, left, bottom)
        _covered, left, bottom = best
        self.words.setAnchor((0.0, 1.0))
        self.words.setPos(left, bottom)

    def _sample_points(self) -> tuple[np.ndarray, np.ndarray]:
        """The canvas's points (a stride through large sets: enough to find an empty place)."""
        model = getattr(self.canvas, "model", None)
        if model is None or not model.count:
            return np.empty(0), np.empty(0)
        stride = max(1, model.count // SAMPLE)
        return model.x[::stride], model.y[::stride]

    def show_kept(self, curves: list[tuple[np.ndarray, np.ndarray]], _names) -> None:
        """The kept guesses' curves, pale, one item for all (NaN between them)."""
        if not curves:
            self.kept.setData([], [])
            self.kept.hide()
            return
        xs = np.concatenate([np.r_[x, np.nan] for x, _y in curves])
        ys = np.concatenate([np.r_[y, np.nan] for _x, y in curves])
        self.kept.setData(xs, ys, connect="finite")
        self.kept.show()

    def show_answer(self, x, y) -> None:
        """The least-squares curve (Reveal); None hides it."""
        shown = x is not None
        self.answer.setData(x if shown else [], y if shown else [])
        self.answer.setVisible(shown)

    def handle_positions(self) -> np.ndarray:
        """The handles as drawn, (h, 2) in data coordinates (tests and the keyboard)."""
        x, y = self.handles.getData()
        return np.column_stack([x, y]) if x is not None and len(x) else np.empty((0, 2))

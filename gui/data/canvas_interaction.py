"""Mouse editing of the points: a ViewBox that hands clicks and drags to a PointInteraction first,
and falls back to pyqtgraph's own pan, zoom and context menu for whatever it does not claim."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from ..look.style import PALETTE
from .points import PointsModel
from .snap import GridSnap, clean_noise

#: A drag of at most this many snapped points cleans their float noise (0.4, not 0.4000000000000001).
CLEAN_MAX_POINTS = 10_000

#: Pixels between the cursor and a point's centre that still count as "on the point".
HIT_RADIUS_PX = 9.0


class PointsViewBox(pg.ViewBox):
    """A ViewBox whose clicks and drags go to the point editor before pan/zoom/menu."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interaction: PointInteraction | None = None

    def mouseClickEvent(self, ev):
        if self.interaction is None or not self.interaction.handle_click(ev):
            super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None):
        if axis is not None or self.interaction is None or not self.interaction.handle_drag(ev):
            super().mouseDragEvent(ev, axis)


class PointInteraction(QObject):
    """Turns mouse gestures into model edits and keeps the selection.

    Left click on empty space adds a point, on a point selects it (Ctrl toggles); left drag on a
    point moves it, or the whole selection if it is selected; Shift+left drag, or a left drag on
    empty space when the ViewBox is in rect mode, selects with a rubber band; right click on a
    point removes it. With `snap` on, an added point and a dragged point land on the axes' minor
    ticks (the other points of a dragged selection keep their offsets to it). Everything else
    (left/middle drag pans, right drag and wheel zoom, right click on empty space opens the menu)
    is pyqtgraph's.
    """

    selection_changed = Signal()
    """The set of selected indices changed."""
    drag_started = Signal()
    """A drag that moves points began (the window pauses live refits)."""
    drag_finished = Signal()
    """The drag ended; the whole drag is one undo step."""

    def __init__(self, view_box: PointsViewBox, model: PointsModel, parent: QObject | None = None):
        super().__init__(parent)
        self._vb, self._model = view_box, model
        self._selected = np.empty(0, dtype=np.intp)
        self._drag_indices: np.ndarray | None = None
        self._drag_start = QPointF()  # the pointer where the drag began, in data coordinates
        self._drag_origin: tuple[np.ndarray, np.ndarray] | None = None  # the dragged points before
        self._drag_anchor = 0  # which of them is under the pointer
        self._drag_moved = False  # this drag has pushed its move (later moves merge into it)
        #: Snap to grid (made by the canvas); None never snaps.
        self.snap: GridSnap | None = None
        self._band_active = False
        #: False in density mode: single points are not drawn, so they cannot be grabbed.
        self.points_grabbable = True
        #: Items (the legend) over which a click must not add a point.
        self.shielding_items: list[QGraphicsItem] = []
        self._band = QGraphicsRectItem(QRectF(0, 0, 1, 1))
        color = QColor(PALETTE[0])
        pen = QPen(color, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._band.setPen(pen)
        color.setAlpha(40)
        self._band.setBrush(color)
        self._band.setZValue(1e6)
        self._band.hide()
        view_box.addItem(self._band, ignoreBounds=True)
        view_box.interaction = self
        view_box.setCursor(Qt.CursorShape.CrossCursor)

    # ---- Selection
    @property
    def selected(self) -> np.ndarray:
        return self._selected.copy()

    @property
    def is_dragging(self) -> bool:
        return self._drag_indices is not None

    def select(self, indices) -> None:
        idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
        idx = idx[(idx >= 0) & (idx < self._model.count)]
        if not np.array_equal(idx, self._selected):
            self._selected = idx
            self.selection_changed.emit()

    def select_all(self) -> None:
        self.select(np.arange(self._model.count))

    def delete_selected(self) -> None:
        selected = self._selected
        if selected.size:
            self.select([])
            self._model.remove_points(selected)

    def handle_key(self, ev) -> bool:
        """Delete/Backspace remove the selection, Ctrl+A selects all, Escape deselects."""
        if ev.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected.size:
            self.delete_selected()
        elif ev.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
        elif ev.key() == Qt.Key.Key_Escape and self._selected.size:
            self.select([])
        else:
            return False
        ev.accept()
        return True

    def update_cursor(self, scene_pos: QPointF) -> None:
        """An open hand over a grabbable point, a cross (click adds) elsewhere."""
        if not self.is_dragging:
            over = self.hit_test(scene_pos) is not None
            self._vb.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.CrossCursor)

    # ---- Geometry
    def hit_test(self, scene_pos: QPointF) -> int | None:
        """Index of the point nearest to scene_pos within HIT_RADIUS_PX, or None."""
        if not self.points_grabbable or self._model.count == 0:
            return None
        sx, sy = self._to_scene(self._model.x, self._model.y)
        d2 = (sx - scene_pos.x()) ** 2 + (sy - scene_pos.y()) ** 2
        best = int(np.argmin(d2))
        return best if d2[best] <= HIT_RADIUS_PX**2 else None

    def _to_scene(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self._vb.childTransform()  # brings a view range change into the matrix first
        t = self._vb.childGroup.sceneTransform()
        return t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()

    def _to_view(self, scene_pos: QPointF) -> QPointF:
        return self._vb.mapSceneToView(scene_pos)

    def _shielded(self, scene_pos: QPointF) -> bool:
        return any(item.isVisible() and item.sceneBoundingRect().contains(scene_pos) for item in self.shielding_items)

    # ---- Clicks
    def handle_click(self, ev) -> bool:
        """Return True when the click was an edit, False to let the ViewBox have it."""
        if ev.double():
            ev.accept()  # the first click of the pair already acted
            return True
        pos = ev.scenePos()
        hit = self.hit_test(pos)
        button = ev.button()
        if button == Qt.MouseButton.LeftButton:
            if self._shielded(pos):
                return False
            ev.accept()
            if hit is None:
                p = self._to_view(pos)
                self.select([])
                self._model.add_point(*self._snapped(p.x(), p.y()))
            elif ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.select(np.setxor1d(self._selected, [hit]))
            else:
                self.select([hit])
            return True
        if button == Qt.MouseButton.RightButton and hit is not None:
            ev.accept()
            self._model.remove_points([hit])
            return True
        return False

    # ---- Drags
    def handle_drag(self, ev) -> bool:
        if ev.button() != Qt.MouseButton.LeftButton:
            return False
        if ev.isStart():
            return self._start_drag(ev)
        if self._band_active:
            self._update_band(ev)
            return True
        if self._drag_indices is not None:
            self._continue_drag(ev)
            return True
        return False

    def _start_drag(self, ev) -> bool:
        start = ev.buttonDownScenePos()
        shift = bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        rect_mode = self._vb.state["mouseMode"] == pg.ViewBox.RectMode
        hit = None if shift else self.hit_test(start)
        if hit is not None:
            if hit not in self._selected:
                self.select([hit])
            self._drag_indices = self._selected.copy()
            self._drag_start = self._to_view(start)
            self._drag_origin = (self._model.x[self._drag_indices].copy(), self._model.y[self._drag_indices].copy())
            self._drag_anchor = int(np.searchsorted(self._drag_indices, hit))
            self._drag_moved = False
            ev.accept()
            self._vb.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.drag_started.emit()
            self._move_to(ev)
            return True
        if shift or rect_mode:
            self._band_active = True
            self._update_band(ev)
            return True
        return False

    def _continue_drag(self, ev) -> None:
        ev.accept()
        self._move_to(ev)
        if ev.isFinish():
            self._drag_indices = self._drag_origin = None
            self._vb.setCursor(Qt.CursorShape.OpenHandCursor)
            self.drag_finished.emit()

    def _snapped(self, x: float, y: float) -> tuple[float, float]:
        return self.snap.snap(x, y) if self.snap is not None else (float(x), float(y))

    def _move_to(self, ev) -> None:
        """The dragged points where the pointer has taken them since the drag began: the one under
        it follows the pointer (onto the grid when snapping), the others keep their offsets."""
        if self._drag_indices[-1] >= self._model.count:  # the points changed under the drag (an undo)
            return
        p = self._to_view(ev.scenePos())
        x0, y0 = self._drag_origin
        a = self._drag_anchor
        ax, ay = self._snapped(x0[a] + (p.x() - self._drag_start.x()), y0[a] + (p.y() - self._drag_start.y()))
        new_x, new_y = x0 + (ax - x0[a]), y0 + (ay - y0[a])
        if self.snap is not None and self.snap.enabled and new_x.size <= CLEAN_MAX_POINTS:
            new_x, new_y = clean_noise(new_x), clean_noise(new_y)
        new_x[a], new_y[a] = ax, ay
        model_x, model_y = self._model.x[self._drag_indices], self._model.y[self._drag_indices]
        if not (np.array_equal(new_x, model_x) and np.array_equal(new_y, model_y)):
            # merge only into this drag's own first move (a snapped drag may not move at once)
            self._model.move_points_to(self._drag_indices, new_x, new_y, merge=self._drag_moved)
            self._drag_moved = True

    def _update_band(self, ev) -> None:
        ev.accept()
        rect = QRectF(self._to_view(ev.buttonDownScenePos()), self._to_view(ev.scenePos())).normalized()
        if not ev.isFinish():
            self._band.setRect(rect)
            self._band.show()
            return
        self._band.hide()
        self._band_active = False
        x, y = self._model.x, self._model.y
        inside = (x >= rect.left()) & (x <= rect.right()) & (y >= rect.top()) & (y <= rect.bottom())
        self.select(np.flatnonzero(inside))

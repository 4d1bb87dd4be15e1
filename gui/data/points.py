"""The points on the canvas and their undo history: pure data, no drawing.

Every change is a QUndoCommand pushed on the model's own QUndoStack, so the window's Edit menu
(undo/redo actions made from the stack) and the canvas see one history. Commands store the
values they overwrite instead of re-applying deltas, so undo restores the arrays bit for bit.
"""

from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

#: QUndoCommand.id() of moves: equal ids let QUndoStack offer a merge to mergeWith.
_MOVE_ID = 0x504D

UNDO_LIMIT = 500


def _frozen(values: np.ndarray) -> np.ndarray:
    """A float array nobody can write to, so it can be handed out without copying."""
    values = np.array(values, dtype=float, copy=True).ravel()
    values.flags.writeable = False
    return values


def _indices(indices, count: int) -> np.ndarray:
    idx = np.unique(np.asarray(indices, dtype=np.intp).ravel())
    if idx.size and (idx[0] < 0 or idx[-1] >= count):
        raise IndexError(f"point index out of range 0..{count - 1}: {idx}")
    return idx


def _fmt(value: float) -> str:
    return f"{value:.3g}"


class PointsModel(QObject):
    """The user's points, changed only through undoable commands."""

    changed = Signal()
    """Emitted after every change of the points, including undo and redo."""
    replaced = Signal()
    """All the points were replaced at once (a data set, a file, Clear), or that was undone;
    emitted after `changed`."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._x = _frozen(np.empty(0))
        self._y = _frozen(np.empty(0))
        self.moved_index: int | None = None  # set for the change that moved exactly one point
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)

    # ---- Read access
    @property
    def x(self) -> np.ndarray:
        """Read-only snapshot: a change replaces the array instead of writing into it."""
        return self._x

    @property
    def y(self) -> np.ndarray:
        return self._y

    @property
    def count(self) -> int:
        return int(self._x.size)

    def __len__(self) -> int:
        return self.count

    # ---- Undoable edits
    def add_point(self, x: float, y: float) -> None:
        self.undo_stack.push(AddPointCommand(self, float(x), float(y)))

    def move_points(self, indices, dx: float, dy: float, *, merge: bool = False) -> None:
        """Shift points by (dx, dy); with merge=True the move joins the previous move of the same
        points into one undo step (a whole drag: first event merge=False, the rest merge=True)."""
        idx = _indices(indices, self.count)
        if idx.size:
            self.undo_stack.push(MovePointsCommand(self, idx, self._x[idx] + dx, self._y[idx] + dy, merge=merge))

    def move_points_to(self, indices, x, y, *, merge: bool = False) -> None:
        """Put points at exactly (x, y) (arrays in the order of `indices`, or one value for all);
        `merge` as in move_points. A typed or snapped value arrives bit for bit, which a shift by
        a difference would not guarantee."""
        idx = np.asarray(indices, dtype=np.intp).ravel()
        order = np.argsort(idx, kind="stable")
        x = np.broadcast_to(np.asarray(x, dtype=float), idx.shape)[order]
        y = np.broadcast_to(np.asarray(y, dtype=float), idx.shape)[order]
        idx = idx[order]
        if idx.size and np.unique(idx).size != idx.size:
            raise ValueError("a point index appears twice")
        idx = _indices(idx, self.count)
        if idx.size:
            self.undo_stack.push(MovePointsCommand(self, idx, x.copy(), y.copy(), merge=merge))

    def remove_points(self, indices) -> None:
        idx = _indices(indices, self.count)
        if idx.size:
            self.undo_stack.push(RemovePointsCommand(self, idx))

    def set_points(self, x, y, text: str = "Load data") -> None:
        """Replace all points in one undo step."""
        x, y = _frozen(x), _frozen(y)
        if x.shape != y.shape:
            raise ValueError(f"x and y differ in length: {x.size} and {y.size}")
        self.undo_stack.push(ReplacePointsCommand(self, x, y, text))

    def clear(self) -> None:
        if self.count:
            self.set_points(np.empty(0), np.empty(0), text=f"Clear {self.count} points")

    # ---- Used by the commands only
    def _assign(self, x: np.ndarray, y: np.ndarray, moved: int | None = None, *, replaced: bool = False) -> None:
        """Take ownership of freshly built arrays (never views of the old ones) and announce them;
        `moved` is the one point that moved, if that was the whole change."""
        x.flags.writeable = False
        y.flags.writeable = False
        self._x, self._y, self.moved_index = x, y, moved
        self.changed.emit()
        if replaced:
            self.replaced.emit()


class _PointsCommand(QUndoCommand):
    """An edit of a PointsModel, which it holds weakly: the model owns the stack that owns the
    command, and a strong reference back would close a cycle. Python's collector frees such a
    cycle in an order Qt cannot survive (the stack's C++ side deletes commands whose Python side
    the collector is still walking: a segmentation fault)."""

    def __init__(self, model: PointsModel, text: str):
        super().__init__(text)
        self._model_ref = weakref.ref(model)

    @property
    def _model(self) -> PointsModel:
        return self._model_ref()


class AddPointCommand(_PointsCommand):
    def __init__(self, model: PointsModel, x: float, y: float):
        super().__init__(model, f"Add point ({_fmt(x)}, {_fmt(y)})")
        self._x, self._y = x, y

    def redo(self) -> None:
        m = self._model
        m._assign(np.append(m.x, self._x), np.append(m.y, self._y))

    def undo(self) -> None:
        m = self._model
        m._assign(m.x[:-1].copy(), m.y[:-1].copy())


class MovePointsCommand(_PointsCommand):
    """Remembers the positions before the first move and after the last, so merged drags undo
    to exactly where they started."""

    def __init__(self, model: PointsModel, indices: np.ndarray, new_x: np.ndarray, new_y: np.ndarray, *,
                 merge: bool = False):
        n = indices.size
        super().__init__(model, f"Move point {indices[0]}" if n == 1 else f"Move {n} points")
        self._indices, self._merge = indices, merge
        self._old_x, self._old_y = model.x[indices].copy(), model.y[indices].copy()
        self._new_x, self._new_y = new_x, new_y

    def id(self) -> int:
        return _MOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, MovePointsCommand) and other._merge and other._model is self._model):
            return False
        if not np.array_equal(other._indices, self._indices):
            return False
        self._new_x, self._new_y = other._new_x, other._new_y
        return True

    def _put(self, x: np.ndarray, y: np.ndarray) -> None:
        m = self._model
        new_x, new_y = m.x.copy(), m.y.copy()
        new_x[self._indices], new_y[self._indices] = x, y
        m._assign(new_x, new_y, int(self._indices[0]) if self._indices.size == 1 else None)

    def redo(self) -> None:
        self._put(self._new_x, self._new_y)

    def undo(self) -> None:
        self._put(self._old_x, self._old_y)


class RemovePointsCommand(_PointsCommand):
    def __init__(self, model: PointsModel, indices: np.ndarray):
        n = indices.size
        text = f"Remove point ({_fmt(model.x[indices[0]])}, {_fmt(model.y[indices[0]])})"
        super().__init__(model, text if n == 1 else f"Remove {n} points")
        self._indices = indices
        self._x, self._y = model.x[indices].copy(), model.y[indices].copy()

    def redo(self) -> None:
        m = self._model
        keep = np.ones(m.count, dtype=bool)
        keep[self._indices] = False
        m._assign(m.x[keep], m.y[keep])

    def undo(self) -> None:
        m = self._model
        total = m.count + self._indices.size
        restored = np.ones(total, dtype=bool)
        restored[self._indices] = False
        x, y = np.empty(total), np.empty(total)
        x[restored], y[restored] = m.x, m.y
        x[self._indices], y[self._indices] = self._x, self._y
        m._assign(x, y)


class ReplacePointsCommand(_PointsCommand):
    def __init__(self, model: PointsModel, x: np.ndarray, y: np.ndarray, text: str):
        super().__init__(model, text)
        self._old = (model.x, model.y)
        self._new = (x, y)

    def redo(self) -> None:
        self._model._assign(*self._new, replaced=True)

    def undo(self) -> None:
        self._model._assign(*self._old, replaced=True)

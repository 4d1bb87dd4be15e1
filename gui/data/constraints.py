"""`ConstraintModel`: the constraints of the fit on screen, as the texts a user typed or clicked.

"through 2, 3" (the curve passes through (2, 3); Alt+click on the canvas), "B0 + B1 = 1", "0 <= B1 <= 2".
Every change is an undo step on the points' stack, so Edit > Undo takes back a pin like a point.
The texts are read against each new problem (engine.constrained.parse_constraints), so they follow a
change of degree; the constrained solvers (kkt, nullspace, bvls) use them, the others fit freely.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine import Problem
from engine.constrained import LinearConstraints, parse_constraint, parse_constraints, through_point


class ConstraintModel(QObject):
    """The constraint texts, changed only through undoable commands."""

    changed = Signal()
    """The constraints changed (an add, a removal, an undo or a redo)."""

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._texts: tuple[str, ...] = ()
        #: True while `replace` applies a session's constraints: the window shows them without running.
        self.quiet = False

    @property
    def texts(self) -> tuple[str, ...]:
        return self._texts

    def __len__(self) -> int:
        return len(self._texts)

    def pinned_points(self) -> list[tuple[float, float]]:
        """(x, y) of every 'through' constraint of a curve in x."""
        points = [through_point(text) for text in self._texts]
        return [(p[0], p[1]) for p in points if p is not None and len(p) == 2]

    def constraints_for(self, problem: Problem) -> LinearConstraints | None:
        """The texts read against `problem` (None without any); InputError names a text that does not fit."""
        return parse_constraints(self._texts, problem) if self._texts else None

    # ---- edits (each one undo step) ---------------------------------------------------------
    def add(self, text: str, problem: Problem | None = None) -> None:
        """Add a constraint; with `problem`, a text that cannot be read raises InputError first."""
        text = " ".join(str(text).split())
        if problem is not None:
            parse_constraint(text, problem)
        self.undo_stack.push(_SetTexts(self, (*self._texts, text), f"Constraint {text}"))

    def pin(self, x: float, y: float) -> None:
        """The curve must pass through (x, y)."""
        self.add(f"through {x:.6g}, {y:.6g}")

    def remove(self, index: int) -> None:
        text = self._texts[index]
        self.undo_stack.push(_SetTexts(self, self._texts[:index] + self._texts[index + 1:], f"Remove {text}"))

    def replace(self, texts, text: str = "Constraints") -> None:
        """All the constraints at once (a session opened), as one undo step; nothing if unchanged."""
        texts = tuple(" ".join(str(t).split()) for t in texts)
        if texts != self._texts:
            self.quiet = True
            try:
                self.undo_stack.push(_SetTexts(self, texts, text))
            finally:
                self.quiet = False

    def clear(self) -> None:
        if self._texts:
            self.undo_stack.push(_SetTexts(self, (), "Remove All Constraints"))

    def _assign(self, texts: tuple[str, ...]) -> None:
        self._texts = texts
        self.changed.emit()


class _SetTexts(QUndoCommand):
    def __init__(self, model: ConstraintModel, texts: tuple[str, ...], text: str):
        super().__init__(text)
        self._model, self._before, self._after = model, model.texts, texts

    def redo(self) -> None:
        self._model._assign(self._after)

    def undo(self) -> None:
        self._model._assign(self._before)

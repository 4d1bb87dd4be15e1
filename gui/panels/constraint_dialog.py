"""Fit > Constraints…: the constraints of the fit as a list, a line to type one, and the two a
lecturer uses most as buttons (the coefficients sum to 1; a bound). Mistakes are shown under the
line, naming the position; nothing is added until it reads."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from engine import InputError, Problem

from ..data.constraints import ConstraintModel

EXPLANATION = ("The constrained methods fit with these: kkt and nullspace with equations, bvls with bounds. "
               "The other methods fit freely, and the free fit is drawn dashed. "
               "Alt+click on the canvas pins the curve through a point.")
PLACEHOLDER = "B0 + B1 = 1,  through 2, 3  or  0 <= B1 <= 2"


def sum_to_one_text(problem: Problem) -> str:
    """'B0 + B1 + … = 1' over the parameters of `problem`."""
    return " + ".join(problem.parameter_names) + " = 1"


class ConstraintDialog(QDialog):
    """The list of constraints with Add, Sum to 1, Remove and Remove All; edits are undo steps."""

    def __init__(self, model: ConstraintModel, problem_of: Callable[[], Problem | None], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Constraints")
        self.model, self._problem_of = model, problem_of
        layout = QVBoxLayout(self)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.list = QListWidget()
        self.list.setAccessibleName("Constraints of the fit")
        layout.addWidget(self.list, stretch=1)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setAccessibleName("A constraint to add")
        self.edit.returnPressed.connect(self._on_add)
        layout.addWidget(self.edit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #8B0000;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "&Add", self._on_add)
        self.sum_button = self._button(buttons, "Coefficients &Sum to 1", self._on_sum_to_one)
        self.remove_button = self._button(buttons, "&Remove", self._on_remove)
        self.clear_button = self._button(buttons, "Remove A&ll", self.model.clear)
        layout.addLayout(buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.model.changed.connect(self._update_list)
        self._update_list()
        # wide enough for the buttons and 60 characters, tall enough for the wrapped explanation
        self.setMinimumWidth(max(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().width()))
        self.adjustSize()

    def _button(self, layout: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Enter adds the typed constraint (the line's returnPressed); it must not close the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def start_with(self, text: str) -> None:
        """Open with `text` typed, the cursor at its end (Fit > Pin Through a Point… types 'through ')."""
        self.edit.setText(text)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.deselect()
        self.edit.end(False)

    def add_text(self, text: str) -> bool:
        """Add `text` if it reads against the fit on screen; else show why (False)."""
        problem = self._problem_of()
        try:
            if problem is None:
                raise InputError("add at least two points first: a constraint is read against the fit's parameters")
            self.model.add(text, problem)
        except InputError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        self.error.hide()
        return True

    @Slot()
    def _on_add(self) -> None:
        if self.edit.text().strip() and self.add_text(self.edit.text()):
            self.edit.clear()

    @Slot()
    def _on_sum_to_one(self) -> None:
        problem = self._problem_of()
        if problem is not None:
            self.add_text(sum_to_one_text(problem))

    @Slot()
    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.model):
            self.model.remove(row)

    @Slot()
    def _update_list(self) -> None:
        self.list.clear()
        self.list.addItems(list(self.model.texts))
        has_any = bool(len(self.model))
        self.remove_button.setEnabled(has_any)
        self.clear_button.setEnabled(has_any)

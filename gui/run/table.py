"""One line per running solver: its colour, iteration, loss, status and the engine's words.

A wrong answer is never shown as right: `failed` and `diverged` are shown in red with the
engine's message, warnings in amber, and the agreement with the reference in digits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from engine import Result, Step

#: "correct digits": against lstsq, or for a method that answers another question (tls, lad, a constrained
#: fit) against its own reference; the note says which.
COLUMNS = ("solver", "step", "loss", "status", "correct digits", "note")
BAD = QColor("#B00020")
WARN = QColor("#8A5A00")


class RunTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("run-table")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.horizontalHeaderItem(COLUMNS.index("correct digits")).setToolTip(
            "Digits agreeing with the reference: lstsq's answer, or the method's own reference when it answers "
            "another question (total least squares, least absolute deviations, a constrained fit); the note says "
            "which.")
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)
        self._rows: dict[str, int] = {}

    def set_solvers(self, entries: list[tuple[str, str, QColor]]) -> None:
        """(key, label, colour) of each solver of the new run."""
        self.setRowCount(len(entries))
        self._rows = {}
        for row, (key, label, color) in enumerate(entries):
            self._rows[key] = row
            item = QTableWidgetItem(f"■ {label}")
            item.setForeground(QBrush(color))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.setItem(row, 0, item)
            for column in range(1, len(COLUMNS)):
                self.setItem(row, column, QTableWidgetItem(""))
            self.item(row, 3).setText("running")

    def rows_height(self) -> int:
        """The height that shows the header and every row without scrolling."""
        rows = sum(self.rowHeight(row) for row in range(self.rowCount()))
        return self.horizontalHeader().height() + rows + 2 * self.frameWidth()

    def cell(self, key: str, column: str) -> str:
        """The text shown in `key`'s row under `column` (one of COLUMNS)."""
        return self.item(self._rows[key], COLUMNS.index(column)).text()

    def keys(self) -> list[str]:
        """The solvers with a row, top to bottom."""
        return sorted(self._rows, key=self._rows.get)

    def show_step(self, key: str, caption: str, step: Step | None) -> None:
        """The step shown now, in the Lab's words ("step k of N"), and its loss."""
        row = self._rows.get(key)
        if row is None or step is None:
            return
        self.item(row, 1).setText(caption.removeprefix("step "))
        self.item(row, 2).setText("" if step.loss is None else f"{step.loss:.6g}")

    def show_result(self, key: str, result: Result | None, *, at_end: bool, playing: bool) -> None:
        """The final status once the playback reaches the end; 'playing' or 'paused' before."""
        row = self._rows.get(key)
        if row is None:
            return
        status, note, digits = self.item(row, 3), self.item(row, 5), self.item(row, 4)
        if result is None:
            status.setText("running")
            return
        if not at_end:
            status.setText("playing" if playing else "paused")
            status.setForeground(self.palette().text())  # the theme's ink, light or dark
            note.setText("")
            digits.setText("")
            return
        status.setText(result.status)
        if result.loss is not None:
            self.item(row, 2).setText(f"{result.loss:.6g}")
        agreement = result.diagnostics.get("digits_vs_reference")
        digits.setText("" if agreement is None else f"{agreement:.1f}")
        text = result.message or " ".join(result.warnings)
        note.setText(text)
        note.setToolTip(text)
        brush = QBrush(BAD) if not result.ok else QBrush(WARN) if result.warnings else self.palette().text()
        status.setForeground(brush)
        note.setForeground(brush)

"""The Points panel: the table of points with Add and Delete, a line naming the point that pulls
the least-squares fit hardest, and a line that says why a typed value was refused. Keys: Insert
adds (opens the empty last row), Delete/Backspace remove the selected points; Ctrl+Z and
Ctrl+Shift+Z are the window's Edit menu, the canvas's history too."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..look.style import caption_label
from .point_table import PointTableModel, rows_of_selection, selection_of_rows
from .points import PointsModel

#: Pixels above and below a row's text.
ROW_PADDING = 6
#: Above this many runs of consecutive rows a canvas selection is not mirrored in the table.
MAX_MIRRORED_RUNS = 2000


class PointTableView(QTableView):
    """A table whose rows keep one fixed height that follows the font (presentation sizes), and
    whose Insert and Delete keys add and remove points."""

    insert_pressed = Signal()
    """Insert was pressed: open the empty row."""
    delete_pressed = Signal()
    """Delete or Backspace was pressed outside an editor: remove the selected points."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(False)
        self._update_row_height()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_row_height()

    def _update_row_height(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 2 * ROW_PADDING)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Insert:
                self.insert_pressed.emit()
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_pressed.emit()
                event.accept()
                return
        super().keyPressEvent(event)


class PointTablePanel(QWidget):
    """The same points as the canvas, as numbers one can type."""

    rows_selected = Signal(object)
    """The user selected these points (an index array) in the table."""
    message = Signal(str)
    """Something to show in the status bar (a refused value, a hint)."""

    def __init__(self, points: PointsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("point-table")
        self.points = points
        self.table_model = PointTableModel(points, self)
        self.view = PointTableView(self)
        self.view.setObjectName("point-table-view")
        self.view.setModel(self.table_model)
        self.add_button = QPushButton("Add")
        self.add_button.setToolTip("Type a new point in the last row (Insert)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected points (Delete)")
        self.headline = caption_label(2, 11)  # whole words that fit, then "…"; the whole sentence in its tooltip
        self.headline.setObjectName("point-table-headline")
        self.headline.hide()
        self.status = QLabel()
        self.status.setObjectName("point-table-status")
        self.status.setWordWrap(True)
        self.status.hide()

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.headline)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.status)

        self._mirroring = False  # True while the table shows a selection made elsewhere
        self.add_button.clicked.connect(self.start_new_point)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.insert_pressed.connect(self.start_new_point)
        self.view.delete_pressed.connect(self.delete_selected)
        self.table_model.edit_refused.connect(self._on_edit_refused)
        self.table_model.pending_changed.connect(self._on_pending_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        points.changed.connect(self._on_points_changed)

    # ---- the fit the influence columns belong to
    def set_problem(self, problem) -> None:
        """The least-squares problem of what is on screen (None: none); computed only when shown."""
        self.table_model.set_problem(problem)
        if self.isVisible():
            self._update_headline()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._update_headline()

    def _update_headline(self) -> None:
        text = self.table_model.influence.headline()
        self.headline.setText(text)
        self.headline.setVisible(bool(text))

    # ---- actions
    def start_new_point(self) -> None:
        """Go to the empty last row and open its x cell for typing."""
        index = self.table_model.index(self.table_model.new_row, 0)
        self.view.scrollTo(index)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def delete_selected(self) -> None:
        rows = rows_of_selection(self.view.selectionModel())
        if rows.size == 0 and self.view.currentIndex().isValid():
            rows = np.array([self.view.currentIndex().row()])
        self.table_model.remove_rows(rows)

    def select_points(self, indices) -> None:
        """Show a selection made elsewhere (the canvas) without sending it back."""
        indices = np.unique(np.asarray(indices, dtype=np.intp))
        if np.array_equal(indices, rows_of_selection(self.view.selectionModel())):
            return  # the table's own selection coming back
        runs = 1 + np.count_nonzero(np.diff(indices) != 1) if indices.size else 0
        selection = selection_of_rows(self.table_model, indices) if runs <= MAX_MIRRORED_RUNS else None
        self._mirroring = True
        try:
            model = self.view.selectionModel()
            if selection is None or selection.isEmpty():
                model.clearSelection()
            else:
                model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                self.view.scrollTo(self.table_model.index(int(indices.min()), 0))
        finally:
            self._mirroring = False

    # ---- what happened
    def _on_selection_changed(self, *_) -> None:
        if not self._mirroring:
            rows = rows_of_selection(self.view.selectionModel())
            self.rows_selected.emit(rows[rows < self.points.count])

    def _on_edit_refused(self, message: str) -> None:
        self._show(message, error=True)

    def _on_pending_changed(self, hint: str) -> None:
        self._show(hint, error=False)

    def _on_points_changed(self) -> None:
        if self.status.property("error"):
            self._show("", error=False)

    def _show(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error and bool(text))
        self.status.setStyleSheet("color: #8B0000;" if error else "")
        self.status.setVisible(bool(text))
        if text:
            self.message.emit(text)

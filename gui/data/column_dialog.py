"""Pick the target and the features of a table with more than two columns."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from engine.table import Table


class ColumnDialog(QDialog):
    """Target (y) from a combo box, features from a checkable list (all others by default)."""

    def __init__(self, table: Table, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Columns of {table.source}")
        self.table = table
        layout = QFormLayout(self)
        layout.addRow(QLabel(f"{table.source} has {len(table.names)} columns. Choose what to fit."))
        self.target = QComboBox()
        self.target.addItems(table.names)
        if "y" in table.names:
            self.target.setCurrentText("y")
        else:
            self.target.setCurrentIndex(len(table.names) - 1)
        layout.addRow("Target (y):", self.target)
        self.features = QListWidget()
        for name in table.names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.features.addItem(item)
        layout.addRow("Features:", self.features)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        self.target.currentTextChanged.connect(self._on_target_changed)
        self._on_target_changed(self.target.currentText())

    def _on_target_changed(self, target: str) -> None:
        for row in range(self.features.count()):
            item = self.features.item(row)
            is_target = item.text() == target
            item.setCheckState(Qt.CheckState.Unchecked if is_target else Qt.CheckState.Checked)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled if is_target
                          else item.flags() | Qt.ItemFlag.ItemIsEnabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen_features()))

    def chosen_target(self) -> str:
        return self.target.currentText()

    def chosen_features(self) -> list[str]:
        return [self.features.item(row).text() for row in range(self.features.count())
                if self.features.item(row).checkState() == Qt.CheckState.Checked]

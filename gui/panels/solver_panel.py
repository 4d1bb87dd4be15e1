"""`SolverPanel`: which solvers race, their settings, and where the iterative ones start.

The tree is built from the registry (families in registration order), so a new solver
appears here with no GUI code. Each checked solver gets the colour it will have in every
plot: `solver_color(name)`, fixed by the solver (gui/look/solver_look.py).
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import SOLVERS, InputError

from ..look.solver_look import solver_color, square_icon
from ..look.style import bold_font
from .hyper_form import ERROR_STYLE, INVALID_STYLE, HyperparameterForm

NAME_ROLE = Qt.ItemDataRole.UserRole
START_POINT_HELP = ("Where the iterative methods start: B0, B1, ... separated by commas, in original units. "
                    "Empty means all zeros. Direct methods ignore it.")


def parse_start_point(text: str) -> list[float] | None:
    """"1, 2.5e-3" → [1.0, 0.0025]; empty → None (the default zeros). Raises InputError."""
    text = text.strip().strip("[]()").strip()
    if not text:
        return None
    values = []
    for position, part in enumerate(re.split(r"\s*[,;]\s*|\s+", text), start=1):
        try:
            value = float(part)
        except ValueError:
            shown = repr(part) if part else "empty"
            raise InputError(f"start point: item {position} is {shown}, not a number "
                             "(expected B0, B1, ... separated by commas)") from None
        if not math.isfinite(value):
            raise InputError(f"start point: item {position} must be a finite number, got {part!r}")
        values.append(value)
    return values


class SolverPanel(QWidget):
    """A checkable tree of solvers by family, the selected solver's form, and the start point."""

    # ---- Signals
    selection_changed = Signal()
    """The set of checked solvers changed (once per user action, set_checked or Clear)."""
    params_changed = Signal(str)
    """A solver's form took a new valid value; the argument is the solver's name."""
    start_point_changed = Signal()
    """The start point took a new valid value (or was emptied back to the default zeros)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._forms: dict[str, HyperparameterForm] = {}
        self._checked: list[str] = []
        self._start_point: list[float] | None = None
        self._start_error: str | None = None
        self._updating = False
        self._icon_size = max(12, self.fontMetrics().height() - 4)

        title = QLabel("Solvers")
        title.setFont(bold_font(title))  # a style sheet would freeze its font size (presentation)
        self._clear_button = QPushButton("Clear")
        self._clear_button.setToolTip("Uncheck every solver.")
        self._clear_button.clicked.connect(self._on_clear_clicked)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self._clear_button)

        self._tree = QTreeWidget()
        self._tree.setHeaderHidden(True)
        self._tree.setIconSize(QSize(self._icon_size, self._icon_size))
        self._tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._tree.setToolTip("Check the solvers to race; click one to see its settings.")
        self._populate_tree()
        self._tree.itemChanged.connect(self._on_item_changed)
        self._tree.currentItemChanged.connect(self._on_current_changed)

        self._splitter = QSplitter(Qt.Orientation.Vertical)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._tree)
        self._splitter.addWidget(self._build_details())
        self._splitter.setStretchFactor(0, 5)
        self._splitter.setStretchFactor(1, 2)
        self._tree.setMinimumHeight(200)  # several families visible at once

        self._start_edit = QLineEdit()
        self._start_edit.setPlaceholderText("B0, B1, …  (empty: zeros)")
        self._start_edit.setToolTip(START_POINT_HELP)
        self._start_edit.textChanged.connect(self._on_start_point_edited)
        start_label = QLabel("Start point")
        start_label.setToolTip(START_POINT_HELP)
        start_label.setBuddy(self._start_edit)
        self._start_error_label = QLabel()
        self._start_error_label.setWordWrap(True)
        self._start_error_label.setStyleSheet(ERROR_STYLE)
        self._start_error_label.hide()
        start_form = QFormLayout()
        start_form.addRow(start_label, self._start_edit)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self._splitter, 1)
        layout.addLayout(start_form)
        layout.addWidget(self._start_error_label)
        QWidget.setTabOrder(self._tree, self._start_edit)
        QWidget.setTabOrder(self._start_edit, self._clear_button)
        self._update_icons()

    # ---- building -------------------------------------------------------------------
    def _populate_tree(self) -> None:
        for family, specs in SOLVERS.families().items():
            top = QTreeWidgetItem(self._tree, [family])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            kinds = {"direct" if spec.direct else "iterative" for spec in specs}
            top.setToolTip(0, f"{family}: {' and '.join(sorted(kinds))} methods")
            for spec in specs:
                item = QTreeWidgetItem(top, [spec.label])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsUserCheckable)
                item.setData(0, NAME_ROLE, spec.name)
                item.setToolTip(0, spec.summary)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                self._items[spec.name] = item
        self._tree.expandAll()

    def _build_details(self) -> QWidget:
        """The selected solver's name, summary and form (one form per solver, kept in a stack)."""
        self._detail_title = QLabel("Settings")
        self._detail_title.setFont(bold_font(self._detail_title))
        self._detail_title.setWordWrap(True)
        self._detail_summary = QLabel("Click a solver to see its settings.")
        self._detail_summary.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(QWidget())  # the empty page while a family (or nothing) is selected
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._stack)
        details = QWidget()
        details.setMinimumHeight(self.fontMetrics().height() * 14)  # title, summary and about six fields
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self._detail_title)
        layout.addWidget(self._detail_summary)
        layout.addWidget(scroll, 1)
        return details

    # ---- public API -------------------------------------------------------------------
    def checked_methods(self) -> list[str]:
        """The checked solvers' names, in registry order (the order of their colours)."""
        return [name for name, item in self._items.items() if item.checkState(0) == Qt.CheckState.Checked]

    def set_checked(self, names: list[str]) -> None:
        """Check exactly these solvers (unknown names raise InputError); emits selection_changed once."""
        wanted = {SOLVERS.get(name).name for name in names}
        self._updating = True
        try:
            for name, item in self._items.items():
                item.setCheckState(0, Qt.CheckState.Checked if name in wanted else Qt.CheckState.Unchecked)
        finally:
            self._updating = False
        self._update_checked()

    def form(self, name: str) -> HyperparameterForm:
        """The solver's form, created on first use and kept so its values are remembered."""
        if name not in self._forms:
            form = HyperparameterForm(SOLVERS.get(name))
            form.changed.connect(lambda name=name: self.params_changed.emit(name))
            self._forms[name] = form
            self._stack.addWidget(form)
        return self._forms[name]

    def params(self, name: str) -> dict:
        """The solver's valid hyperparameter values (its defaults until its form is edited)."""
        if name in self._forms:
            return self._forms[name].values()
        return SOLVERS.get(name).defaults()

    def start_point(self) -> list[float] | None:
        """The last valid start point, or None for the default zeros."""
        return None if self._start_point is None else list(self._start_point)

    def start_point_error(self) -> str | None:
        """Why the start point's current text is invalid, or None when it is valid."""
        return self._start_error

    def set_start_point(self, values: list[float] | None) -> None:
        self._start_edit.setText("" if values is None else ", ".join(repr(float(v)) for v in values))

    def current_method(self) -> str | None:
        """The solver whose settings are shown (None while a family or nothing is selected)."""
        item = self._tree.currentItem()
        return None if item is None else item.data(0, NAME_ROLE)

    def set_current_method(self, name: str) -> None:
        self._tree.setCurrentItem(self._items[SOLVERS.get(name).name])

    def tree(self) -> QTreeWidget:
        return self._tree

    def start_point_edit(self) -> QLineEdit:
        return self._start_edit

    # ---- events -----------------------------------------------------------------------
    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if not self._updating and item.data(0, NAME_ROLE) is not None:
            self._update_checked()

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        name = None if current is None else current.data(0, NAME_ROLE)
        if name is None:
            self._stack.setCurrentIndex(0)
            self._update_stack_size()
            self._detail_title.setText("Settings" if current is None else current.text(0))
            self._detail_summary.setText("Click a solver to see its settings.")
            return
        spec = SOLVERS.get(name)
        self._stack.setCurrentWidget(self.form(name))
        self._update_stack_size()
        self._detail_title.setText(f"{spec.label}  ({spec.name})")
        self._detail_summary.setText(spec.summary)

    def _on_clear_clicked(self) -> None:
        self.set_checked([])

    def _on_start_point_edited(self, text: str) -> None:
        try:
            values = parse_start_point(text)
        except InputError as error:
            self._start_error = str(error)
            self._start_edit.setProperty("invalid", True)
            self._start_edit.setStyleSheet(INVALID_STYLE)
            self._start_error_label.setText(self._start_error)
            self._start_error_label.show()
            return
        self._start_error = None
        self._start_edit.setProperty("invalid", False)
        self._start_edit.setStyleSheet("")
        self._start_error_label.hide()
        if values != self._start_point:
            self._start_point = values
            self.start_point_changed.emit()

    # ---- updaters ---------------------------------------------------------------------
    def _update_checked(self) -> None:
        checked = self.checked_methods()
        if checked == self._checked:
            return
        self._checked = checked
        self._update_icons()
        self.selection_changed.emit()

    def _update_stack_size(self) -> None:
        """Size the stack to the shown form, not the largest one, so a short form needs no scroll bar."""
        current = self._stack.currentWidget()
        for i in range(self._stack.count()):
            page = self._stack.widget(i)
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self._stack.adjustSize()

    def _update_icons(self) -> None:
        """Colour i for the i-th checked solver; setting icons must not look like a check change."""
        colors = {name: solver_color(name) for name in self._checked}
        self._updating = True
        try:
            for name, item in self._items.items():
                item.setIcon(0, square_icon(colors.get(name), self._icon_size))
        finally:
            self._updating = False

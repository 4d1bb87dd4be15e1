"""The solvers of the nonlinear race: a checkable list built from NONLINEAR_SOLVERS, and the
settings of the one selected, built from its declared hyperparameters by the linear lab's own
form (gui/panels/hyper_form.py), so the GUI cannot accept a value the command line refuses."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStackedWidget, QVBoxLayout, QWidget

from ..look.solver_look import solver_color, square_icon
from ..panels.hyper_form import HyperparameterForm
from ..run.worker import RunRequest

#: Checked when the window opens: the two methods this window is about.
DEFAULT_CHECKED = ("gauss-newton", "lm")
KEY_ROLE = Qt.ItemDataRole.UserRole


class SolverList(QWidget):
    """Which solvers race, and the settings of each."""

    # ---- Signals
    selection_changed = Signal()
    """A solver was checked or unchecked."""
    params_changed = Signal()
    """A solver's settings took a new valid value."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from engine.nonlinear import NONLINEAR_SOLVERS

        self.list = QListWidget()
        self.list.setObjectName("nonlinear-solvers")
        self.forms = QStackedWidget()
        self._forms: dict[str, HyperparameterForm] = {}
        icon_size = max(10, self.fontMetrics().height() - 4)
        for spec in NONLINEAR_SOLVERS:
            item = QListWidgetItem(spec.label)
            item.setData(KEY_ROLE, spec.name)
            item.setToolTip(spec.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if spec.name in DEFAULT_CHECKED else Qt.CheckState.Unchecked)
            item.setIcon(square_icon(solver_color(spec.name), icon_size))
            self.list.addItem(item)
            form = HyperparameterForm(spec)
            form.setObjectName(f"form-{spec.name}")
            form.changed.connect(self.params_changed)
            self._forms[spec.name] = form
            self.forms.addWidget(form)
        self._fit_list_height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.forms)
        self.list.currentRowChanged.connect(self.forms.setCurrentIndex)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.setCurrentRow(0)

    @Slot()
    def _fit_list_height(self) -> None:
        """As tall as its rows and as wide as its longest name (no empty box, nothing cut off)."""
        frame = 2 * self.list.frameWidth() + 4
        rows = sum(self.list.sizeHintForRow(i) for i in range(self.list.count()))
        self.list.setFixedHeight(rows + frame)
        self.list.setMinimumWidth(self.list.sizeHintForColumn(0) + frame)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # presentation mode: the rows grew
            QTimer.singleShot(0, self, self._fit_list_height)

    def keys(self) -> list[str]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())]

    def checked(self) -> list[str]:
        """The checked solvers, in the list's order."""
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, keys) -> None:
        """Check exactly these solvers (unknown names raise InputError, as on the command line)."""
        from engine.nonlinear import NONLINEAR_SOLVERS

        wanted = {NONLINEAR_SOLVERS.get(key).name for key in keys}
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(KEY_ROLE) in wanted else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.selection_changed.emit()

    def form(self, key: str) -> HyperparameterForm:
        return self._forms[key]

    def requests(self) -> list[RunRequest]:
        """One request per checked solver, with the last valid value of each setting."""
        return [RunRequest(key, key, self._forms[key].values()) for key in self.checked()]

    @Slot(QListWidgetItem)
    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self.selection_changed.emit()

"""`ModelControls`: the model being fitted (degree, intercept) and how the solvers see it.

Scaling, basis order and loss change the numbers the solvers work on, not the answer in
original units: the controls exist so a class can see why the textbook's choices (descending
basis, summed loss) make some methods struggle.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QSpinBox, QWidget

from engine import InputError
from engine.problem import BASIS_ORDERS, LOSSES, MAX_DEGREE, SCALINGS

SCALING_LABELS = {"none": "none", "unit-norm": "unit norm", "standardize": "standardize"}
# Short enough for a narrow panel at a projector's font size; the longer words are each item's tooltip.
BASIS_LABELS = {"ascending": "1, x, x², …", "descending": "…, x², x, 1"}
BASIS_HELP = {"ascending": "Ascending powers, as NIST orders its columns.",
              "descending": "Descending powers, as the textbook writes (x, 1)."}
LOSS_LABELS = {"mean": "½·mean of squares", "sum": "½·sum of squares"}
LOSS_HELP = {"mean": "Half the mean of the squared residuals: the gradient does not grow with n.",
             "sum": "Half the sum of the squared residuals, as the textbook writes it."}
DEFAULTS = {"degree": 1, "intercept": True, "scaling": "none", "basis_order": "ascending", "loss": "mean"}
DEGREE_HELP = "Degree d of the polynomial y ≈ B0 + B1·x + … + Bd·x^d."
NO_DEGREE_HELP = "A table with several feature columns is fitted linearly in its columns: it has no degree."


class ModelControls(QWidget):
    """A compact form of the problem's options, with engine values (e.g. "unit-norm", "sum")."""

    # ---- Signals
    changed = Signal()
    """An option changed (by the user, or once per `set_options` call that changed something)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._silent = False
        self._degree = QSpinBox()
        self._degree.setRange(0, MAX_DEGREE)
        self._degree.setToolTip(DEGREE_HELP)
        self._intercept = QCheckBox("fit B0")
        self._intercept.setToolTip("Include the constant column 1 (the intercept B0) in the model.")
        self._scaling = self._combo(SCALINGS, SCALING_LABELS, {},
                                    "Scale each column of A before solving; results stay in original units. "
                                    "Unit norm divides each column by its length; standardize centres the "
                                    "columns and divides by their spread.")
        self._basis = self._combo(BASIS_ORDERS, BASIS_LABELS, BASIS_HELP,
                                  "The order of A's columns. Ascending is NIST's; the textbook writes (x, 1). "
                                  "Iterative methods that sweep the columns in order see the difference.")
        self._loss = self._combo(LOSSES, LOSS_LABELS, LOSS_HELP,
                                 "The loss the iterative methods minimise. The sum makes the gradient n times "
                                 "larger, so a fixed learning rate that works for the mean can diverge.")
        self._degree.valueChanged.connect(self._on_edited)
        self._intercept.toggled.connect(self._on_edited)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Degree", self._degree)
        form.addRow("Intercept", self._intercept)
        form.addRow("Scaling", self._scaling)
        form.addRow("Basis order", self._basis)
        form.addRow("Loss", self._loss)
        self._silent = True
        self._show(DEFAULTS)
        self._silent = False

    def _combo(self, values: tuple[str, ...], labels: dict[str, str], item_help: dict[str, str],
               help_text: str) -> QComboBox:
        combo = QComboBox()
        for value in values:
            combo.addItem(labels.get(value, value), value)
            if value in item_help:
                combo.setItemData(combo.count() - 1, item_help[value], Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip(help_text)
        combo.currentIndexChanged.connect(self._on_edited)
        return combo

    # ---- public API -------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        """Keyword arguments for `Problem.from_points` (degree is kept while it is disabled)."""
        return {
            "degree": self._degree.value(),
            "intercept": self._intercept.isChecked(),
            "scaling": self._scaling.currentData(),
            "basis_order": self._basis.currentData(),
            "loss": self._loss.currentData(),
        }

    def set_options(self, **options: Any) -> None:
        """Show these options; bad names or values raise InputError and change nothing.

        Emits `changed` once if any option changed, never once per field.
        """
        self._check(options)
        before = self.options()
        self._silent = True
        try:
            self._show(options)
        finally:
            self._silent = False
        if self.options() != before:
            self.changed.emit()

    def set_degree_enabled(self, enabled: bool) -> None:
        """Disable the degree for a multi-column table, which has no polynomial degree."""
        self._degree.setEnabled(enabled)
        self._degree.setToolTip(DEGREE_HELP if enabled else NO_DEGREE_HELP)

    # ---- events and helpers -----------------------------------------------------------
    def _on_edited(self, *_args: Any) -> None:
        if not self._silent:
            self.changed.emit()

    @staticmethod
    def _check(options: dict[str, Any]) -> None:
        allowed = {"scaling": SCALINGS, "basis_order": BASIS_ORDERS, "loss": LOSSES}
        for key, value in options.items():
            if key not in DEFAULTS:
                raise InputError(f"unknown model option {key!r} (known: {', '.join(DEFAULTS)})")
            if key in allowed and value not in allowed[key]:
                raise InputError(f"{key} must be one of {', '.join(allowed[key])}, got {value!r}")
            if key == "degree" and not (isinstance(value, Integral) and 0 <= value <= MAX_DEGREE):
                raise InputError(f"degree must be an integer from 0 to {MAX_DEGREE}, got {value!r}")

    def _show(self, options: dict[str, Any]) -> None:
        combos = {"scaling": self._scaling, "basis_order": self._basis, "loss": self._loss}
        for key, value in options.items():
            if key == "degree":
                self._degree.setValue(int(value))
            elif key == "intercept":
                self._intercept.setChecked(bool(value))
            else:
                combos[key].setCurrentIndex(combos[key].findData(value))

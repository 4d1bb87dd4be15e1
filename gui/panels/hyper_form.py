"""`HyperparameterForm`: the settings of one solver, built only from its declared hyperparameters.

The GUI never hard-codes a solver (glue's fitter options, STYLE.md): a solver added to the
registry gets its form here with no other code. Every value goes through
`Hyperparameter.parse`, the same check the command line uses, so the GUI cannot accept a
value the CLI would refuse; an invalid field turns red, says why, and is never applied.
A gradient step size (lr) also gets a log slider marked at 1/L and 2/L (lr_slider.py), fed the
problem on screen through `set_problem`.
"""

from __future__ import annotations

import html
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine import InputError, Problem
from engine.registry import Hyperparameter, SolverSpec

from .log_slider import LogSlider
from .lr_slider import LearningRateSlider, format_rate, is_step_size, lipschitz_constant, lipschitz_formula

INT_LIMIT = 2**31 - 1  # QSpinBox holds a C int
INVALID_STYLE = "QLineEdit { background-color: #FDE2E2; border: 2px solid #C62828; }"
ERROR_STYLE = "color: #B71C1C;"
AUTO = "auto"


def format_value(value: Any) -> str:
    """Text for a value that parses back to exactly the same value (repr keeps every digit of ε)."""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def describe_range(h: Hyperparameter) -> str:
    """The range and default in words, for the tooltip."""
    if h.kind == "choice":
        text = "One of: " + ", ".join(h.choices)
    elif h.kind == "bool":
        text = "On or off"
    else:
        low = "−∞" if h.low is None else f"{h.low:g}"
        high = "∞" if h.high is None else f"{h.high:g}"
        kind = "An integer" if h.kind == "int" else "A number"
        text = f"{kind} in [{low}, {high}]"
        if h.kind == "float-or-auto":
            text += ", or auto"
        if h.log_scale:
            text += " (log scale: try powers of ten)"
    return f"{text}. Default: {format_value(h.default)}."


def tooltip_for(h: Hyperparameter) -> str:
    """The registry's help text and the range, as rich text so Qt wraps long lines."""
    return f"<p>{html.escape(h.help, quote=False)}</p><p><i>{html.escape(describe_range(h), quote=False)}</i></p>"


class HyperparameterForm(QWidget):
    """One row per declared hyperparameter of `spec`, validated as the user types."""

    # ---- Signals
    changed = Signal()
    """A field took a new valid value (invalid text never emits)."""

    def __init__(self, spec: SolverSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self._params = {h.name: h for h in spec.hyperparameters}
        self._values: dict[str, Any] = spec.defaults()
        self._errors: dict[str, str] = {}
        self._editors: dict[str, QWidget] = {}
        self._auto_boxes: dict[str, QCheckBox] = {}
        self._last_number: dict[str, str] = {}
        self._sliders: dict[str, LearningRateSlider] = {}
        self._log_sliders: dict[str, LogSlider] = {}
        self._problem: Problem | None = None
        self._silent = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)
        for h in spec.hyperparameters:
            label = QLabel(h.name)
            label.setToolTip(tooltip_for(h))
            field = self._build_field(h)
            label.setBuddy(self._editors[h.name])
            form.addRow(label, field)
        if not spec.hyperparameters:
            none = QLabel("This method has no settings.")
            none.setEnabled(False)
            layout.addWidget(none)
        self._error_label = QLabel()
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet(ERROR_STYLE)
        self._error_label.hide()
        layout.addWidget(self._error_label)
        layout.addStretch(1)
        self.reset()

    # ---- building -------------------------------------------------------------------
    def _build_field(self, h: Hyperparameter) -> QWidget:
        """The editor for one hyperparameter (for float-or-auto: a line edit and an auto box)."""
        tip = tooltip_for(h)
        on_edit = partial(self._on_edited, h.name)
        if h.kind == "int":
            editor: QWidget = QSpinBox()
            editor.setRange(max(int(h.low), -INT_LIMIT) if h.low is not None else -INT_LIMIT,
                            min(int(h.high), INT_LIMIT) if h.high is not None else INT_LIMIT)
            editor.setGroupSeparatorShown(False)
            editor.valueChanged.connect(on_edit)
        elif h.kind == "bool":
            editor = QCheckBox()
            editor.toggled.connect(on_edit)
        elif h.kind == "choice":
            editor = QComboBox()
            for choice in h.choices:
                editor.addItem(choice, choice)
            editor.currentIndexChanged.connect(on_edit)
        else:
            editor = QLineEdit()
            editor.setPlaceholderText("a number, or auto" if h.kind == "float-or-auto" else "a number")
            editor.textChanged.connect(on_edit)
        editor.setObjectName(h.name)
        editor.setProperty("hyperparameter", h.name)
        editor.setToolTip(tip)
        self._editors[h.name] = editor
        if h.kind == "float" and h.slider:
            return self._with_log_slider(h, editor)
        if h.kind != "float-or-auto":
            return editor
        box = QCheckBox(AUTO)
        box.setObjectName(f"{h.name}_auto")
        box.setToolTip(tip)
        box.toggled.connect(partial(self._on_auto_toggled, h.name))
        self._auto_boxes[h.name] = box
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(editor, 1)
        row_layout.addWidget(box)
        if not is_step_size(h):
            return row
        slider = LearningRateSlider()
        slider.value_chosen.connect(partial(self._on_slider_chosen, h.name))
        self._sliders[h.name] = slider
        field = QWidget()
        field_layout = QVBoxLayout(field)
        field_layout.setContentsMargins(0, 0, 0, 0)
        field_layout.addWidget(row)
        field_layout.addWidget(slider)
        return field

    def _with_log_slider(self, h: Hyperparameter, editor: QWidget) -> QWidget:
        """The field with a log slider under it; the slider writes the field as typing does."""
        slider = LogSlider(h)
        slider.value_chosen.connect(lambda value: editor.setText(format_value(value)))
        self._log_sliders[h.name] = slider
        field = QWidget()
        field_layout = QVBoxLayout(field)
        field_layout.setContentsMargins(0, 0, 0, 0)
        field_layout.addWidget(editor)
        field_layout.addWidget(slider)
        return field

    def log_slider(self, name: str) -> LogSlider:
        """The log slider of a hyperparameter declared with slider=True (KeyError for any other)."""
        return self._log_sliders[name]

    # ---- public API -------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The parsed value of every field: the last valid one, or the default if never valid."""
        return dict(self._values)

    def errors(self) -> dict[str, str]:
        """The InputError message of every field whose current text is invalid."""
        return dict(self._errors)

    def editor(self, name: str) -> QWidget:
        """The input widget of one hyperparameter (QLineEdit, QSpinBox, QCheckBox or QComboBox)."""
        return self._editors[name]

    def auto_box(self, name: str) -> QCheckBox:
        """The "auto" check box of a float-or-auto hyperparameter."""
        return self._auto_boxes[name]

    def slider(self, name: str) -> LearningRateSlider:
        """The 1/L–2/L slider of a step-size hyperparameter (KeyError for any other)."""
        return self._sliders[name]

    def set_problem(self, problem: Problem | None) -> None:
        """The problem on screen: its L places the sliders' marks (recomputed with the ridge λ₂)."""
        self._problem = problem
        self._update_lipschitz()

    def lipschitz(self) -> float | None:
        """L of the problem on screen for this solver's loss, or None when not known."""
        return next((slider.lipschitz for slider in self._sliders.values()), None)

    def set_values(self, values: dict[str, Any]) -> None:
        """Show these values (all checked first: a bad one raises InputError and nothing changes).

        Emits `changed` once if any value changed, never once per field.
        """
        parsed = self.spec.parse_params(values)
        before = self.values()
        self._silent = True
        try:
            for name in values:
                self._show(name, parsed[name])
                self._validate(name)
        finally:
            self._silent = False
        self._update_errors()
        if self.values() != before:
            self.changed.emit()

    def reset(self) -> None:
        """Every field back to its declared default (emits `changed` once if anything changed)."""
        self._errors.clear()
        self.set_values(self.spec.defaults())

    # ---- events -----------------------------------------------------------------------
    def _on_edited(self, name: str, *_args: Any) -> None:
        if self._silent:
            return
        if self._validate(name):
            self.changed.emit()
        self._update_errors()

    def _on_auto_toggled(self, name: str, checked: bool) -> None:
        """The box is a shortcut for the text: checked writes auto, unchecked restores the last number."""
        editor = self._editors[name]
        if checked:
            editor.setText(AUTO)
            return
        lipschitz = self._sliders[name].lipschitz if name in self._sliders else None
        if lipschitz is not None:  # the value auto stood for, so nothing jumps and nothing is blank
            editor.setText(format_rate(1.0 / lipschitz))
        else:
            editor.setText(self._last_number.get(name, ""))
        editor.setFocus()

    def _on_slider_chosen(self, name: str, value: float) -> None:
        """The slider writes the field, which validates, stores and emits as typing does."""
        self._editors[name].setText(format_rate(value))

    # ---- helpers ----------------------------------------------------------------------
    def _show(self, name: str, value: Any) -> None:
        editor = self._editors[name]
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            editor.setText(format_value(value))

    def _raw(self, name: str) -> Any:
        editor = self._editors[name]
        if isinstance(editor, QSpinBox):
            return str(editor.value())
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return editor.text()

    def _validate(self, name: str) -> bool:
        """Parse the field; store it if valid. Returns whether the stored value changed."""
        h = self._params[name]
        raw = self._raw(name)
        try:
            value = h.parse(raw, method=self.spec.name)
        except InputError as error:
            self._errors[name] = str(error)
            self._update_field_style(name, valid=False)
            return False
        self._errors.pop(name, None)
        self._update_field_style(name, valid=True)
        if h.kind == "float-or-auto":
            self._update_auto_box(name, value == AUTO)
            if value != AUTO:
                self._last_number[name] = raw
        changed = value != self._values[name] or type(value) is not type(self._values[name])
        self._values[name] = value
        if name in self._sliders:
            self._sliders[name].show_value(None if value == AUTO else float(value))
        if name in self._log_sliders:
            self._log_sliders[name].show_value(float(value))
        if name == "l2" and changed:
            self._update_lipschitz()
        return changed

    def _update_lipschitz(self) -> None:
        if not self._sliders:
            return
        problem = self._problem
        l2 = float(self._values.get("l2", 0.0) or 0.0)
        lipschitz = None if problem is None else lipschitz_constant(problem, l2)
        formula = "" if problem is None else lipschitz_formula(problem, l2)
        for name, slider in self._sliders.items():
            slider.set_lipschitz(lipschitz, formula)
            value = self._values[name]
            slider.show_value(None if value == AUTO else float(value))

    def _update_auto_box(self, name: str, is_auto: bool) -> None:
        box = self._auto_boxes[name]
        box.blockSignals(True)
        box.setChecked(is_auto)
        box.blockSignals(False)

    def _update_field_style(self, name: str, *, valid: bool) -> None:
        editor = self._editors[name]
        editor.setProperty("invalid", not valid)
        editor.setStyleSheet("" if valid else INVALID_STYLE)

    def _update_errors(self) -> None:
        messages = [self._errors[h.name] for h in self.spec.hyperparameters if h.name in self._errors]
        self._error_label.setText("\n".join(messages))
        self._error_label.setVisible(bool(messages))

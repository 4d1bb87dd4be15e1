"""The model and the start of the nonlinear window: a model from the library or a typed formula,
and one field per parameter.

A formula that cannot be read is said under the field with a caret under the character where
reading stopped, and the model in use stays (never a traceback). The start fields are prefilled
from the model's guess, or from NIST's start 1 or 2 for a NIST problem.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine import InputError

from ..panels.hyper_form import ERROR_STYLE, INVALID_STYLE
from .lab import NonlinearLab

TYPED = "typed"
DATA_SET = "data-set"
#: Characters of a long formula shown on each side of the error's position.
EXCERPT = 24


def caret_text(text: str, position: int) -> tuple[str, str]:
    """(the part of `text` around `position`, a line with ^ under that character)."""
    start = max(0, position - EXCERPT)
    end = min(len(text), position + EXCERPT)
    excerpt = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    offset = position - start + (1 if start else 0)
    return excerpt, " " * offset + "^"


class ModelPanel(QWidget):
    """Chooses the model (library or typed formula) and the start of the next run."""

    # ---- Signals
    model_refused = Signal(str)
    """A formula or model could not be used: the words shown under the field."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.x: np.ndarray | None = None
        self.y: np.ndarray | None = None
        self.nist_key: str | None = None
        self._start_fields: list[QLineEdit] = []
        self._silent = False

        self.model_combo = QComboBox()
        self.model_combo.setObjectName("nonlinear-model")
        self.formula_edit = QLineEdit()
        self.formula_edit.setObjectName("nonlinear-formula")
        self.formula_edit.setPlaceholderText("e.g. b1*(1-exp(-b2*x))")
        self.formula_edit.setToolTip("A formula in x and named parameters (b1, b2, … or any other name). "
                                     "Allowed: numbers, + − * / ^, brackets, exp log ln log10 sqrt sin cos tan "
                                     "arctan atan tanh abs, and pi. Press Enter to use it.")
        self.formula_error = QLabel()
        self.formula_error.setObjectName("nonlinear-formula-error")
        self.formula_error.setWordWrap(True)
        self.formula_error.setStyleSheet(ERROR_STYLE)
        self.formula_error.hide()
        self.model_text = QLabel()
        self.model_text.setObjectName("nonlinear-model-text")
        self.model_text.setWordWrap(True)
        self.start_form = QFormLayout()
        self.start_choice = QWidget()
        choice_row = QHBoxLayout(self.start_choice)
        choice_row.setContentsMargins(0, 0, 0, 0)
        self.start_buttons = QButtonGroup(self)
        choice_row.addWidget(QLabel("NIST start"))
        for number in (1, 2):
            button = QRadioButton(str(number))
            button.setToolTip(f"NIST's start {number}" + (" (far from the answer)" if number == 1 else " (near it)"))
            button.setObjectName(f"nist-start-{number}")
            self.start_buttons.addButton(button, number)
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        self.start_buttons.button(1).setChecked(True)
        self.start_choice.hide()
        self.start_error = QLabel()
        self.start_error.setWordWrap(True)
        self.start_error.setStyleSheet(ERROR_STYLE)
        self.start_error.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Model"))
        layout.addWidget(self.model_combo)
        layout.addWidget(self.formula_edit)
        layout.addWidget(self.formula_error)
        layout.addWidget(self.model_text)
        layout.addWidget(QLabel("Start"))
        layout.addWidget(self.start_choice)
        layout.addLayout(self.start_form)
        layout.addWidget(self.start_error)

        self.model_combo.activated.connect(self._on_model_chosen)
        self.formula_edit.returnPressed.connect(self._on_formula_entered)
        self.start_buttons.idClicked.connect(self._on_nist_start_chosen)
        lab.problem_changed.connect(self._on_problem_changed)
        lab.start_changed.connect(self._show_start)
        self._fill_models()
        self._on_problem_changed(lab.problem)

    # ---- the data the models are fitted to ----------------------------------------------------
    def set_data(self, x, y, *, nist_key: str | None = None) -> None:
        """The points (and, for a NIST problem, its key: its own model and starts are offered)."""
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.nist_key = nist_key
        self._fill_models()

    def use_model(self, key: str) -> bool:
        """Fit model `key` of the library (or DATA_SET) to the data; False (and said why) if it cannot."""
        from engine.nonlinear.formula import parse_formula
        from engine.nonlinear.models import MODELS

        if key == DATA_SET and self.nist_key is not None:
            return self._use(lambda: _nist(self.nist_key, self.start_buttons.checkedId()))
        template = MODELS[key]

        def build():
            from engine.nonlinear.problem import NonlinearProblem

            formula = parse_formula(template.formula_text)
            guess = np.asarray(template.guess(self.x, self.y), dtype=float)
            return NonlinearProblem(formula, self.x, self.y, start=guess, name=key, label=template.label)
        return self._use(build)

    def use_formula(self, text: str) -> bool:
        """Parse `text` and fit it to the data, starting from 1 for every parameter."""
        from engine.nonlinear.formula import FormulaError, parse_formula
        from engine.nonlinear.problem import NonlinearProblem

        try:
            formula = parse_formula(text)
        except FormulaError as error:
            excerpt, caret = caret_text(error.text, error.position)
            self._refuse(f"<pre>{escape(excerpt)}\n{escape(caret)}</pre>"
                         f"{escape(error.reason)} (character {error.position + 1})", error.reason)
            return False
        except InputError as error:
            self._refuse(escape(str(error)), str(error))
            return False
        return self._use(lambda: NonlinearProblem(formula, self.x, self.y, start=np.ones(len(formula.parameters)),
                                                  name="typed formula", label=str(formula)))

    # ---- events -----------------------------------------------------------------------------
    @Slot(int)
    def _on_model_chosen(self, index: int) -> None:
        key = self.model_combo.itemData(index)
        self.formula_edit.setVisible(key == TYPED)
        if key == TYPED:
            self.formula_edit.setFocus()
            if self.formula_edit.text().strip():
                self._on_formula_entered()
            return
        self.use_model(key)

    @Slot()
    def _on_formula_entered(self) -> None:
        self.use_formula(self.formula_edit.text())

    @Slot(int)
    def _on_nist_start_chosen(self, number: int) -> None:
        if self.nist_key is not None and self.model_combo.currentData() == DATA_SET:
            self.lab.set_start(_nist(self.nist_key, number).start)

    @Slot(object)
    def _on_problem_changed(self, problem) -> None:
        while self.start_form.rowCount():
            self.start_form.removeRow(0)
        self._start_fields = []
        if problem is None:
            self.model_text.setText("No model yet: choose one above.")
            return
        self.model_text.setText(f"y = {escape(str(problem.formula))}")
        for name in problem.parameter_names:
            field = QLineEdit()
            field.setObjectName(f"start-{name}")
            field.editingFinished.connect(self._on_start_edited)
            self._start_fields.append(field)
            self.start_form.addRow(name, field)
        self._show_start(self.lab.start)

    @Slot(object)
    def _show_start(self, start) -> None:
        if start is None or len(start) != len(self._start_fields):
            return
        self._silent = True
        for field, value in zip(self._start_fields, start):
            field.setText(f"{float(value):.10g}")
            field.setStyleSheet("")
        self._silent = False
        self.start_error.hide()

    @Slot()
    def _on_start_edited(self) -> None:
        if self._silent:
            return
        values, errors = [], []
        for field, name in zip(self._start_fields, self.lab.problem.parameter_names):
            try:
                value = float(field.text())
                if not np.isfinite(value):
                    raise ValueError
            except ValueError:
                errors.append(f"{name}: {field.text()!r} is not a finite number")
                field.setStyleSheet(INVALID_STYLE)
                continue
            field.setStyleSheet("")
            values.append(value)
        self.start_error.setText("; ".join(errors))
        self.start_error.setVisible(bool(errors))
        if not errors and not np.array_equal(values, self.lab.start):
            self.lab.set_start(values)

    def show_model_of(self, problem) -> None:
        """Name `problem`'s own model in the combo: the library model with its formula, else the typed
        formula with its text (a problem opened from outside, e.g. `--model` on the command line)."""
        from engine.nonlinear.models import MODELS

        keys = [key for key, template in MODELS.items() if template.formula_text == problem.formula.text]
        key = keys[0] if keys else TYPED
        self.model_combo.setCurrentIndex(self.model_combo.findData(key))
        if key == TYPED:
            self.formula_edit.setText(problem.formula.text)
        self.formula_edit.setVisible(key == TYPED)

    # ---- helpers -----------------------------------------------------------------------------
    def _fill_models(self) -> None:
        from engine.nonlinear.models import MODELS

        self.model_combo.clear()
        if self.nist_key is not None:
            self.model_combo.addItem(f"NIST model: {_nist_name(self.nist_key)}", DATA_SET)
        for key, template in MODELS.items():
            self.model_combo.addItem(template.label, key)
        self.model_combo.addItem("Typed formula", TYPED)
        self.start_choice.setVisible(self.nist_key is not None)
        self.formula_edit.setVisible(False)

    def _use(self, build) -> bool:
        if self.x is None:
            self._refuse("No data: open the window on points or a NIST data set.", "no data")
            return False
        try:
            problem = build()
        except InputError as error:
            self._refuse(escape(str(error)), str(error))
            return False
        except (ArithmeticError, ValueError) as error:  # a guess that broke on these points: said, not raised
            words = f"This model cannot start on these points ({error}); try another model or a typed formula."
            self._refuse(escape(words), words)
            return False
        self.formula_error.hide()
        self.lab.set_problem(problem)
        self.start_choice.setVisible(self.nist_key is not None and self.model_combo.currentData() == DATA_SET)
        return True

    def _refuse(self, html: str, words: str) -> None:
        """Say why under the field; the model in use stays."""
        self.formula_error.setText(html)
        self.formula_error.show()
        self.model_refused.emit(words)


def _nist(key: str, start: int):
    from engine.nonlinear import nist_problem

    return nist_problem(key, start)


def _nist_name(key: str) -> str:
    from engine.nonlinear.nist import nist_name

    return nist_name(key)


def nist_start_number(key: str, start) -> int:
    """1 or 2: which of NIST's starts `start` is (1 if neither)."""
    return 2 if np.array_equal(np.asarray(start, dtype=float), _nist(key, 2).start) else 1

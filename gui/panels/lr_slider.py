"""The learning rate on a log-scale slider, with the two numbers that decide gradient descent's
fate marked on it: 1/L (the `auto` step, the fastest safe one for a round bowl) and 2/L (above
it the iterates grow without bound). L is the largest eigenvalue of the loss's Hessian, shown
in words beside the slider, so the class sees why lr = 1 diverges on one data set and not on
another.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QLabel, QSlider, QStyle, QStyleOptionSlider, QVBoxLayout, QWidget

from engine import SOLVERS, Problem
from engine.solvers.iterative import LR, Quadratic

#: Slider positions per decade of η (a step of about 2.3 %).
STEPS_PER_DECADE = 100
#: Decades shown below 1/L and above 2/L.
DECADES_BELOW, DECADES_ABOVE = 4, 1
#: Above this many multiply-adds an AᵀA that is not computed yet waits for the next run.
GRAM_BUDGET = 5e7
MARK_COLORS = {"1/L": "#1B5E20", "2/L": "#B71C1C"}


def is_step_size(hyperparameter) -> bool:
    """True for the lr of the methods whose η is a gradient step (auto = 1/L, unstable above 2/L)."""
    return hyperparameter is LR


def lipschitz_constant(problem: Problem, l2: float = 0.0) -> float | None:
    """L = λmax of the Hessian the solvers use, or None while AᵀA would be too slow to form here."""
    if "gram" not in problem.__dict__ and problem.n * problem.p ** 2 > GRAM_BUDGET:
        return None
    with np.errstate(all="ignore"):
        value = Quadratic(problem, l2).lipschitz
    return value if math.isfinite(value) and value > 0 else None


def lipschitz_formula(problem: Problem, l2: float = 0.0) -> str:
    """Which L it is, in symbols: /n for the mean loss, plus the ridge term when there is one."""
    gram = "AᵀA/n" if problem.loss_kind != "sum" else "AᵀA"
    if l2:
        return f"λmax({gram} + λ₂·I)"
    return "λmax(AᵀA)/n" if problem.loss_kind != "sum" else "λmax(AᵀA)"


def format_rate(value: float) -> str:
    """η with four significant digits: enough on a slider, and it parses back to itself."""
    return f"{value:.4g}"


class MarkedLogSlider(QSlider):
    """A horizontal slider over log₁₀ η with labelled tick marks drawn under its groove."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.marks: dict[str, float] = {}
        self.setSingleStep(1)
        self.setPageStep(STEPS_PER_DECADE // 2)

    # ---- η ↔ slider position ---------------------------------------------------------------
    @staticmethod
    def position_of(value: float) -> int:
        return round(math.log10(value) * STEPS_PER_DECADE)

    @staticmethod
    def value_of(position: int) -> float:
        return 10.0 ** (position / STEPS_PER_DECADE)

    def pixel_of(self, value: float) -> float:
        """The x (widget pixels) of the handle's centre when the slider is at `value`."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        exact = (math.log10(value) * STEPS_PER_DECADE - self.minimum()) / max(self.maximum() - self.minimum(), 1)
        return groove.x() + handle.width() / 2 + min(max(exact, 0.0), 1.0) * span

    # ---- drawing -------------------------------------------------------------------------------
    def _mark_band(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self):  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        hint.setHeight(hint.height() + self._mark_band())
        return hint

    def minimumSizeHint(self):  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        hint.setHeight(hint.height() + self._mark_band())
        width = sum(self.fontMetrics().horizontalAdvance(label) + 8 for label in self.marks)
        hint.setWidth(max(hint.width(), width))
        return hint

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The slider in the top part, then each mark as a tick with its label under it."""
        super().paintEvent(event)
        if not self.marks:
            return
        painter = QPainter(self)
        metrics = self.fontMetrics()
        band = self._mark_band()
        top = self.height() - band
        for label, value in self.marks.items():
            x = self.pixel_of(value)
            pen = QPen(MARK_COLORS.get(label, Qt.GlobalColor.black))
            pen.setWidthF(max(1.5, metrics.height() / 10))
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top - 4), QPointF(x, top + 4))
            width = metrics.horizontalAdvance(label) + 4
            left = min(max(x - width / 2, 0.0), self.width() - width)
            painter.drawText(QRectF(left, top + 4, width, metrics.height()), Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.update()


class LearningRateSlider(QWidget):
    """The log slider with its 1/L and 2/L marks, and the value of L in words under it."""

    # ---- Signals
    value_chosen = Signal(float)
    """The user moved the slider: the new η (exactly 1/L or 2/L at their marks)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lipschitz: float | None = None
        self._silent = False
        self.choosing = False  # True while the slider's own value is being written to the field
        self.slider = MarkedLogSlider()
        self.slider.setObjectName("lr_slider")
        self.slider.setToolTip("The learning rate η on a log scale. Gradient descent converges for "
                               "η < 2/L and fastest near 1/L; above 2/L it diverges.")
        self.caption = QLabel()
        self.caption.setObjectName("lr_lipschitz")
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.slider)
        layout.addWidget(self.caption)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.set_lipschitz(None)

    # ---- public API ------------------------------------------------------------------------------
    def set_lipschitz(self, value: float | None, formula: str = "λmax(AᵀA)/n") -> None:
        """Mark 1/L and 2/L and range the slider around them (None: no data yet, or not computed)."""
        self.lipschitz = value
        self.slider.setEnabled(value is not None)
        if value is None:
            self.slider.marks = {}
            self.caption.setText("L: known once there are data (or after the next run)")
            self.slider.update()
            return
        self.slider.marks = {"1/L": 1.0 / value, "2/L": 2.0 / value}
        low = math.floor(math.log10(1.0 / value)) - DECADES_BELOW
        high = math.ceil(math.log10(2.0 / value)) + DECADES_ABOVE
        self._silent = True
        try:
            self.slider.setRange(low * STEPS_PER_DECADE, high * STEPS_PER_DECADE)
        finally:
            self._silent = False
        self.caption.setText(f"L = {formula} = {value:.4g}:  1/L = {1 / value:.4g},  2/L = {2 / value:.4g}")
        self.slider.updateGeometry()
        self.slider.update()

    def show_value(self, value: float | None) -> None:
        """Put the handle at η without emitting (None, or η ≤ 0: at the 1/L mark if known)."""
        if self.choosing:
            return
        if value is None or not value > 0:
            if self.lipschitz is None:
                return
            value = 1.0 / self.lipschitz
        self._silent = True
        try:
            self.slider.setValue(self.slider.position_of(value))
        finally:
            self._silent = False

    def value(self) -> float:
        """The η of the handle's position, to three digits; exactly 1/L or 2/L on a mark's position."""
        position = self.slider.value()
        for mark in self.slider.marks.values():
            if position == self.slider.position_of(mark):
                return mark
        return float(f"{self.slider.value_of(position):.3g}")

    # ---- events ------------------------------------------------------------------------------------
    def _on_slider_moved(self, _position: int) -> None:
        if self._silent:
            return
        self.choosing = True  # the field follows the handle, the handle does not follow the field back
        try:
            self.value_chosen.emit(self.value())
        finally:
            self.choosing = False


def install_lr_sliders(window) -> None:
    """Keep L of every step-size solver's form up to date with what is on screen: when the data
    or the model change, and after a run (which may have formed AᵀA that was too big to form here)."""
    panel, lab = window.solver_panel, window.lab
    names = [spec.name for spec in SOLVERS if any(is_step_size(h) for h in spec.hyperparameters)]

    def update(*_args) -> None:
        for name in names:
            panel.form(name).set_problem(lab.data_problem)

    lab.data_changed.connect(update)
    lab.race.finished.connect(update)
    update()

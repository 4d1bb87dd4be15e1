"""A slider on a log scale beside the field of a hyperparameter declared with `slider=True` (LM's
damping μ): a lecturer drags it and the class sees gradient descent (large μ) turn into Gauss-Newton
(small μ). The field stays the value's one source; the slider writes it and follows it."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.registry import Hyperparameter

from .lr_slider import STEPS_PER_DECADE, MarkedLogSlider


class LogSlider(QWidget):
    """log₁₀ of the value over [low, high] of the hyperparameter, a decade per STEPS_PER_DECADE steps."""

    # ---- Signals
    value_chosen = Signal(float)
    """The user moved the slider: the new value (three significant digits)."""

    def __init__(self, h: Hyperparameter, parent: QWidget | None = None):
        super().__init__(parent)
        self._silent = False
        self.slider = MarkedLogSlider()
        self.slider.setObjectName(f"{h.name}_slider")
        self.slider.setToolTip(f"{h.name} on a log scale, from {h.low:g} to {h.high:g}. {h.help}")
        self.slider.setRange(MarkedLogSlider.position_of(h.low), MarkedLogSlider.position_of(h.high))
        self.slider.setPageStep(STEPS_PER_DECADE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider)
        self.slider.valueChanged.connect(self._on_moved)

    def show_value(self, value: float) -> None:
        """Put the handle at `value` without emitting (a typed value moves the handle)."""
        if not (value > 0 and math.isfinite(value)):
            return
        self._silent = True
        try:
            self.slider.setValue(MarkedLogSlider.position_of(value))
        finally:
            self._silent = False

    def value(self) -> float:
        return float(f"{MarkedLogSlider.value_of(self.slider.value()):.3g}")

    def _on_moved(self, _position: int) -> None:
        if not self._silent:
            self.value_chosen.emit(self.value())

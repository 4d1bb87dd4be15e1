"""Controls of the loss-surface view that keep fitting when presentation mode doubles the fonts:
axes whose ticks are never closer than their labels need, and check boxes whose box grows with
their text (Qt's indicator keeps its 13 px whatever the font)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox

#: Room around a tick label, in widths of a space, so neighbours never touch.
LABEL_GAP = 3
#: The indicator is this fraction of the text's line height.
INDICATOR_FRACTION = 0.7


class FittingAxis(pg.AxisItem):
    """An axis whose automatic tick spacing leaves room for its labels at their font's size.

    pyqtgraph chooses the number of ticks from the axis's length in pixels only, so at twice the
    font size "-1500-1000-500" runs together; here the density is lowered until they fit."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 (pyqtgraph override)
        if self._tickSpacing is None and size > 0 and maxVal != minVal:
            metrics = QFontMetrics(self.style["tickFont"] or self.font())
            if self.orientation in ("bottom", "top"):
                widest = max(abs(minVal), abs(maxVal))
                need = metrics.horizontalAdvance(f"-{widest:.4g}") + LABEL_GAP * metrics.horizontalAdvance(" ")
            else:
                need = 1.8 * metrics.height()
            fits = size / max(need, 1.0)  # intervals whose labels fit side by side
            default = 2.25 * math.sqrt(size / 300.0)
            self._tickDensity = min(1.0, fits / default)
        return super().tickSpacing(minVal, maxVal, size)

    def resizeEvent(self, ev=None) -> None:  # noqa: N802 (pyqtgraph override)
        super().resizeEvent(ev)
        keep_title_inside(self)


def keep_title_inside(axis: pg.AxisItem) -> None:
    """pyqtgraph nudges an axis title 5 px past the axis's outer edge, out of a tight plot: put
    it back inside (call after each resize; for an axis made elsewhere, on geometryChanged)."""
    if axis.label is None:
        return
    position, size = axis.label.pos(), axis.size()
    height = axis.label.boundingRect().height()
    if axis.orientation == "left":
        position.setX(max(position.x(), 0.0))
    elif axis.orientation == "right":
        position.setX(min(position.x(), size.width() - height))
    elif axis.orientation == "bottom":
        position.setY(min(position.y(), size.height() - height))
    axis.label.setPos(position)


class FontScaledCheckBox(QCheckBox):
    """A check box whose indicator is sized from its font, also after the font changes."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self._update_indicator()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_indicator()

    def _update_indicator(self) -> None:
        side = max(13, round(self.fontMetrics().height() * INDICATOR_FRACTION))
        self.setStyleSheet(f"QCheckBox::indicator {{ width: {side}px; height: {side}px; }}")

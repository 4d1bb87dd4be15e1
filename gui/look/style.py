"""The look shared by every view: light background, large readable fonts, a colour-blind-safe
palette (Okabe-Ito). Each solver's own colour, dash and marker are in gui/look/solver_look.py."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProxyStyle, QStyle

#: Okabe-Ito: distinguishable for the common colour-vision deficiencies, and on a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
POINT_COLOR = "#333333"
REFERENCE_COLOR = "#888888"
BASE_POINT_SIZE = 11


def configure_pyqtgraph() -> None:
    """Call once before any plot is created."""
    pg.setConfigOptions(background="w", foreground="k", antialias=True)


def bold_font(widget) -> QFont:
    """The widget's font, bold. (A "font-weight: bold" style sheet would do it too, but a widget
    with a style sheet keeps the font size it had when the style changed: presentation mode
    would leave it big.)"""
    font = QFont(widget.font())
    font.setBold(True)
    return font


def base_font(point_size: int = BASE_POINT_SIZE) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    return font


class Caption(QLabel):
    """A caption of fixed height that shows as many whole words as fit, then "…"; `text()` and
    the tooltip keep the whole text (a narrow dock would otherwise cut a line in half)."""

    def __init__(self, *args):
        super().__init__(*args)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._full = text
        self.setToolTip(text)
        self._fit()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        room = self.contentsRect()
        metrics = self.fontMetrics()

        def fits(text: str) -> bool:
            bounds = metrics.boundingRect(QRect(0, 0, room.width(), 1 << 20), Qt.TextFlag.TextWordWrap, text)
            return bounds.height() <= room.height()

        shown = self._full
        if room.width() > 0 and room.height() > 0 and not fits(shown):
            words = shown.split(" ")
            low, high = 0, len(words)  # the most words that fit with "…" after them
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if fits(" ".join(words[:middle]) + " …") else (low, middle - 1)
            shown = " ".join(words[:low]) + " …"
        super().setText(shown)


def caption_label(lines: int, point_size: int = 12) -> QLabel:
    """A word-wrapped caption `lines` lines high, whatever its text: a caption that changes while
    playing then never moves the plots beside it (each move would redraw them in full)."""
    label = Caption()
    label.setWordWrap(True)
    label.setFont(base_font(point_size))
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 2 * label.margin() + 4)
    return label


class ScaledIndicators(QProxyStyle):
    """The application's style with check boxes and radio buttons `scale` times their size, for
    presentation mode (a style sheet would do it too, but a widget with one no longer follows the
    application's font). Installed at the first presentation, before the fonts grow, and kept:
    swapping styles back would leave widgets at the sizes of the fonts of that moment."""

    METRICS = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
               QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)

    def __init__(self, base: str, scale: float):
        super().__init__(base)
        self.scale = scale

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 (Qt override)
        value = super().pixelMetric(metric, option, widget)
        return round(value * self.scale) if metric in self.METRICS else value

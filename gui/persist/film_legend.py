"""The legend of an exported film: a strip under the pictures, never over the data, naming each
solver in its own colour and dash (a failed one marked ✘), with "step k of N" at its right.

Drawn by QPainter into the frame itself, so it is there whatever is filmed (the canvas, a view
that has no legend of its own, or both side by side) and in the GIF's exact solver colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from ..look.solver_look import FAILED_DASH, SolverLook

#: The legend's text height as a share of the film's height (15 px at 540, 30 px at 1080).
FONT_SHARE = 1 / 36
SAMPLE_CHARS = 2.5  # the line sample is as long as this many "M"s
INK = QColor("#222222")


@dataclass(frozen=True)
class LegendEntry:
    """One solver's row: its label, its look, and whether it failed (drawn dashed, with ✘)."""

    label: str
    look: SolverLook
    failed: bool = False


def legend_font(film_height: int) -> QFont:
    font = QFont()
    font.setPixelSize(max(11, round(film_height * FONT_SHARE)))
    return font


def _layout(entries: list[LegendEntry], width: int, caption: str, metrics: QFontMetrics):
    """[(row, x, entry)] placing the entries left to right, wrapping before the caption's room."""
    pad = metrics.height() // 2
    sample = round(metrics.horizontalAdvance("M") * SAMPLE_CHARS)
    usable = max(width - 2 * pad - metrics.horizontalAdvance(caption) - 2 * pad, sample * 3)
    placed, row, x = [], 0, pad
    for entry in entries:
        text = f"✘ {entry.label}" if entry.failed else entry.label
        needed = sample + pad // 2 + metrics.horizontalAdvance(text)
        if x > pad and x + needed > usable:
            row, x = row + 1, pad
        placed.append((row, x, entry, text))
        x += needed + 2 * pad
    return placed, pad, sample


def legend_height(entries: list[LegendEntry], width: int, film_height: int, caption: str) -> int:
    """The strip's height for these entries in a film `width` wide: one line per row of entries."""
    metrics = QFontMetrics(legend_font(film_height))
    placed, pad, _ = _layout(entries, width, caption, metrics)
    rows = 1 + max((row for row, *_ in placed), default=0)
    return rows * round(metrics.height() * 1.4) + pad


def draw_legend(painter: QPainter, rect: QRect, entries: list[LegendEntry], caption: str, film_height: int) -> None:
    """The entries in rows from the strip's top left, the caption at its top right."""
    font = legend_font(film_height)
    metrics = QFontMetrics(font)
    placed, pad, sample = _layout(entries, rect.width(), caption, metrics)
    line_height = round(metrics.height() * 1.4)
    painter.save()
    painter.setFont(font)
    painter.fillRect(rect, QColor("white"))
    painter.setPen(QPen(QColor("#BBBBBB"), 1))
    painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
    for row, x, entry, text in placed:
        top = rect.top() + pad // 2 + row * line_height
        middle = top + line_height / 2
        pen = QPen(entry.look.color, max(2.0, metrics.height() / 6))
        if entry.failed:
            pen.setDashPattern(list(FAILED_DASH))
        else:
            pen.setStyle(entry.look.dash)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(rect.left() + x, middle), QPointF(rect.left() + x + sample, middle))
        painter.setPen(entry.look.color if entry.failed else INK)
        text_rect = QRect(rect.left() + x + sample + pad // 2, top, rect.width(), line_height)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.setPen(INK)
    caption_rect = QRect(rect.left(), rect.top() + pad // 2, rect.width() - pad, line_height)
    painter.drawText(caption_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)
    painter.restore()

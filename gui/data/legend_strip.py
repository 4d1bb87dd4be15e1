"""The canvas's legend outside the plot: a line of words under it, used when the plot is too
small for a legend inside (a projector at twice the font), so the legend never covers a point.

Each solver is its colour's bar and its name, ✘ before a solver that failed; the reasons are in
the Solvers table and the hand calculation. The rows come from the canvas's own legend, which
stays the one source of what is shown."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QSizePolicy


class LegendStrip(QLabel):
    """Shows the canvas's legend rows in words while the canvas keeps its legend out of the plot."""

    def __init__(self, canvas, parent=None):
        super().__init__(parent)
        self.setObjectName("canvas-legend-strip")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.canvas = canvas
        canvas.legend_changed.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        rows = self.canvas.legend_rows() if self.canvas.legend_outside else []
        self.setVisible(bool(rows))
        self.setText("&nbsp;&nbsp;&nbsp; ".join(
            f'<span style="color:{color}">━━</span>&nbsp;{escape(_plain(text))}' for color, text in rows))

    def texts(self) -> list[str]:
        """The rows' words, as shown (tests, and a screen reader)."""
        return [_plain(text) for _color, text in self.canvas.legend_rows()] if self.isVisible() else []


def _plain(rich: str) -> str:
    return " ".join(QTextDocumentFragment.fromHtml(rich).toPlainText().split())

"""The basin map's colours and legend: a colour per minimum reached, one for the starts from which
the method did not converge, white for the starts not computed yet; each minimum named by its
parameters and its residual sum of squares."""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

#: Colours for the minima, in the order they are found: Paul Tol's light scheme, pale enough for the
#: stars on top and none of them a solver's colour (a basin is a place, not a method); more minima than
#: colours reuse them.
MINIMUM_COLORS = ("#77AADD", "#EE8866", "#EEDD88", "#99DDFF", "#FFAABB", "#44BB99", "#BBCC33", "#AAAA00")
NOT_CONVERGED = "#8C8C8C"
NOT_YET = "#FFFFFF"
#: Minima named one by one in the legend; more are counted.
LEGEND_MINIMA = 5
#: Rows of the legend shown at once (a longer legend scrolls).
SHOWN_ROWS = 3
#: Labels of the cells: -1 did not converge (the engine's), -2 not computed yet (ours).
DID_NOT_CONVERGE = -1
NOT_COMPUTED = -2


def minimum_color(label: int) -> str:
    return MINIMUM_COLORS[label % len(MINIMUM_COLORS)]


def cell_colors(labels: np.ndarray) -> np.ndarray:
    """RGBA (rows × columns × 4, uint8) of a grid of cell labels."""
    rgba = np.empty((*labels.shape, 4), dtype=np.uint8)
    rgba[...] = QColor(NOT_YET).getRgb()
    rgba[labels == DID_NOT_CONVERGE] = QColor(NOT_CONVERGED).getRgb()
    for label in np.unique(labels[labels >= 0]):
        rgba[labels == label] = QColor(minimum_color(int(label))).getRgb()
    return rgba


def swatch(color: str) -> str:
    return f"<span style='color:{color}'>■</span>"


def legend_lines(names, minima: dict[int, tuple[np.ndarray, float]], counts: dict[int, int],
                 failed: int) -> list[str]:
    """One line per minimum ("■ b1 = 238.9, b2 = 0.00055: RSS 0.1245, 812 starts"), at most
    LEGEND_MINIMA of them, the most reached first, then the starts that did not converge."""
    lines = []
    order = sorted(minima, key=lambda label: -counts.get(label, 0))
    for label in order[:LEGEND_MINIMA]:
        theta, rss = minima[label]
        where = ", ".join(f"{html.escape(name)} = {value:.5g}" for name, value in zip(names, theta))
        starts = counts.get(label, 0)
        lines.append(f"{swatch(minimum_color(label))} {where}: RSS {rss:.6g} "
                     f"({starts} start{'s' if starts != 1 else ''})")
    if len(order) > LEGEND_MINIMA:
        rest = order[LEGEND_MINIMA:]
        lines.append(f"… and {len(rest)} more minima ({sum(counts.get(r, 0) for r in rest)} starts)")
    if failed:
        lines.append(f"{swatch(NOT_CONVERGED)} did not converge ({failed} start{'s' if failed != 1 else ''})")
    return lines


class BasinLegend(QScrollArea):
    """The legend's rows (rich text that wraps), SHOWN_ROWS of them in view at the current font."""

    def __init__(self):
        super().__init__()
        self.inner = QWidget()
        self.inner.setObjectName("nonlinear-basin-legend")
        QVBoxLayout(self.inner).setContentsMargins(0, 0, 0, 0)
        self.rows: list[QLabel] = []
        self.setWidget(self.inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap instead

    def set_lines(self, lines: list[str]) -> None:
        while len(self.rows) < len(lines):
            row = QLabel()
            row.setTextFormat(Qt.TextFormat.RichText)
            row.setWordWrap(True)
            self.inner.layout().addWidget(row)
            self.rows.append(row)
        for index, row in enumerate(self.rows):
            row.setVisible(index < len(lines))
            row.setText(lines[index] if index < len(lines) else "")
        self.fit()

    def text(self) -> str:
        """The rows shown (rich text), one per line."""
        return "\n".join(row.text() for row in self.rows if not row.isHidden())

    def fit(self) -> None:
        """As high as the first SHOWN_ROWS rows at the current width and font."""
        shown = [row for row in self.rows if not row.isHidden()][:SHOWN_ROWS]
        width = self.viewport().width()
        spacing = self.inner.layout().spacing()
        self.setFixedHeight(sum(row.heightForWidth(width) for row in shown) + spacing * max(len(shown) - 1, 0))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()

"""The sum-of-squares bars as a small box in a corner of the canvas: a title saying what is added
up, then one row per line (name, bar, number) and the best value as a dashed mark across the bars.

It is a LegendItem (rows of LabelItems in a grid), so presentation mode and the dark theme style
its words and frame like the legend's, the text-fit check reads its labels, and it is placed like
the legend: in the corner with the fewest points (gui/look/legend_place.py), never over the legend.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from ...look.legend_place import CORNERS, DELAY_MS, MARGIN, LegendPlacer

#: A full bar is this many times the height of a row's words.
BAR_LENGTH_IN_ROWS = 4.0


@dataclass(frozen=True)
class BarRow:
    """One bar: who, its value, its colour; `dashed` for My line."""

    name: str
    value: float
    color: str
    dashed: bool = False


def number_text(value: float) -> str:
    return f"{value:.4g}" if value == value else "—"


class Bar(pg.GraphicsWidget):
    """A bar of `fraction` of its width, and the best value's mark at `best_fraction`."""

    def __init__(self):
        super().__init__()
        self.fraction, self.best_fraction = 0.0, None
        self.color, self.dashed = QColor("#888888"), False

    def set_bar(self, fraction: float, best_fraction: float | None, color: str, dashed: bool) -> None:
        self.fraction, self.best_fraction = fraction, best_fraction
        self.color, self.dashed = QColor(color), dashed
        self.update()

    def set_length(self, width: float, height: float) -> None:
        self.setFixedWidth(width)
        self.setFixedHeight(height)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return QRectF(0, 0, self.width(), self.height())

    def paint(self, painter, *_args) -> None:
        w, h = self.width(), self.height()
        bar = QRectF(0, h * 0.2, max(w * min(self.fraction, 1.0), 1.0), h * 0.6)
        fill = QColor(self.color)
        fill.setAlpha(110 if self.dashed else 190)
        painter.setBrush(fill)
        pen = pg.mkPen(self.color, width=1.5, style=Qt.PenStyle.DashLine if self.dashed else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.drawRect(bar)
        if self.best_fraction is not None:
            painter.setPen(pg.mkPen("#222222", width=1.5, style=Qt.PenStyle.DashLine))
            x = w * min(self.best_fraction, 1.0)
            painter.drawLine(x, 0, x, h)


class SumBars(pg.LegendItem):
    """The box of bars: `show_rows(title, rows, best)` rebuilds or refreshes it."""

    def __init__(self):
        super().__init__(labelTextSize="12pt", brush=pg.mkBrush(255, 255, 255, 225), pen=pg.mkPen("#BBBBBB"))
        self.layout.setContentsMargins(6, 4, 6, 4)
        self.layout.setHorizontalSpacing(6)
        self.title = self._label("")
        self.layout.addItem(self.title, 0, 0, 1, 3)
        self.rows: list[tuple[pg.LabelItem, Bar, pg.LabelItem]] = []
        self.shown: list[BarRow] = []

    def _label(self, text: str, **options) -> pg.LabelItem:
        return pg.LabelItem(text, color="#222222", size=self.opts["labelTextSize"], justify="left", **options)

    def show_rows(self, title: str, rows: list[BarRow], best: BarRow | None) -> None:
        everything = rows + ([best] if best is not None else [])
        if len(everything) != len(self.rows):
            self._make_rows(len(everything))
        if self.title.text != title:
            self.title.setText(title)
        top = max([row.value for row in everything if row.value == row.value] + [0.0])
        best_fraction = None if best is None or top <= 0 else best.value / top
        for (name, bar, number), row in zip(self.rows, everything):
            if name.text != row.name:
                name.setText(row.name)
            text = number_text(row.value)
            if number.text != text:
                number.setText(text)
            bar.set_bar(row.value / top if top > 0 else 0.0, best_fraction, row.color, row.dashed)
        self.shown = everything
        self.updateSize()

    def _make_rows(self, count: int) -> None:
        for items in self.rows:
            for item in items:
                self.layout.removeItem(item)
                if item.scene() is not None:
                    item.scene().removeItem(item)
        self.rows = []
        for index in range(count):
            row = (self._label(""), Bar(), self._label(""))
            for column, item in enumerate(row):
                self.layout.addItem(item, index + 1, column, alignment=Qt.AlignmentFlag.AlignVCenter)
            self.rows.append(row)

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        """The box around its words and bars; the bars as long as a few rows are high."""
        height = self.title.item.boundingRect().height() if self.title.text else 16.0
        for _name, bar, _number in self.rows:
            bar.set_length(BAR_LENGTH_IN_ROWS * height, 0.8 * height)
        self.layout.invalidate()
        self.layout.activate()
        size = self.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)
        self.setGeometry(0, 0, size.width(), size.height())

    def texts(self) -> list[str]:
        """The words shown: the title, then "name number" per row (tests, and a screen reader)."""
        return [self.title.text] + [f"{name.text} {number.text}" for name, _bar, number in self.rows]


class BarsPlacer(LegendPlacer):
    """Places the bars like the legend, in the emptiest corner the legend does not take; a little
    after the legend's own placer, so it sees where the legend went."""

    def __init__(self, plot, bars: SumBars, legend: pg.LegendItem):
        super().__init__(plot, bars)
        self.other = legend
        self._timer.setInterval(2 * DELAY_MS)

    def place(self) -> None:
        view = self.plot.vb
        if view is None or not self.legend.isVisible() or view.width() <= 0:
            return
        taken = (self.other.mapRectToScene(self.other.boundingRect())
                 if self.other.isVisible() and self.other.scene() is not None else QRectF())
        xs, ys = self._data_in_scene()
        counts = {}
        for corner in CORNERS:
            rect = self._rect_at(corner)
            if taken.isEmpty() or not rect.intersects(taken):
                counts[corner] = int(((xs >= rect.left()) & (xs <= rect.right())
                                      & (ys >= rect.top()) & (ys <= rect.bottom())).sum())
        if not counts:
            counts = {CORNERS[-1]: 0}
        best = min(counts.values())
        if self.corner in counts and counts[self.corner] == best:
            return
        corner = next(c for c in CORNERS if counts.get(c) == best)
        self.corner = corner
        offset = (-MARGIN if corner[0] else MARGIN, -MARGIN if corner[1] else MARGIN)
        self.legend.anchor(itemPos=corner, parentPos=corner, offset=offset)

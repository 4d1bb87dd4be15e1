"""The iterates of one solver on the loss surface as numbered dots, and an arrow at the edge
when the path leaves the picture (a diverging run): with lr above 2/L the iterates jump from
side to side of the minimum along one line, and only the numbers show that they move *away*.

The numbers go beside the first few dots and every k-th after them, never closer to each other
than a line of text; the arrow says the step and the loss reached out there.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ...look.style import base_font

#: Every dot is numbered up to this step; after it, every k-th (k chosen for about MORE labels).
FIRST = 6
MORE = 8
#: Above this many dots the path is thinned for the dots (scatter symbols are pyqtgraph's slow path).
MOST_DOTS = 2000
NUMBER_POINT_SIZE = 10
#: How far inside the edge the escape arrow's tip sits, in pixels.
EDGE_PX = 14


def label_candidates(count: int) -> list[int]:
    """Rows to number among `count` dots: the first FIRST, then every k-th, and the last."""
    if count <= 0:
        return []
    rows = list(range(min(count, FIRST)))
    if count > FIRST:
        every = max(1, math.ceil((count - FIRST) / MORE))
        rows += list(range(FIRST - 1 + every, count, every))
        if rows[-1] != count - 1:
            rows.append(count - 1)
    return rows


def spaced(pixels: np.ndarray, rows: list[int], gap: float) -> list[int]:
    """Of `rows` (later rows first: the newest matter most), those at least `gap` pixels from every
    one kept before; rows whose pixels are not finite are left out."""
    kept: list[int] = []
    for row in sorted(rows, reverse=True):
        point = pixels[row]
        if not np.all(np.isfinite(point)):
            continue
        if all(np.hypot(*(point - pixels[other])) >= gap for other in kept):
            kept.append(row)
    return sorted(kept)


class IterateMarks:
    """Dots, step numbers and the escape arrow of one solver in one plot (items built once)."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.view = plot.getViewBox()
        self.dots = pg.ScatterPlotItem(size=8, pen=pg.mkPen("w", width=1))
        self.dots.setZValue(4.5)
        self.numbers: list[pg.TextItem] = []
        self.arrow = pg.ArrowItem(headLen=18, tailLen=14, tailWidth=4, pen=pg.mkPen("k", width=1))
        self.arrow.setZValue(6)
        self.escape = pg.TextItem(anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 210))
        self.escape.setFont(base_font())
        self.escape.setZValue(6)
        for item in (self.dots, self.arrow, self.escape):
            plot.addItem(item)
        self.color = pg.mkColor("k")
        self.clear()

    def set_color(self, color) -> None:
        self.color = pg.mkColor(color)
        self.dots.setBrush(pg.mkBrush(self.color))
        self.arrow.setStyle(brush=pg.mkBrush(self.color))
        for number in self.numbers:
            number.setColor(self.color)
        self.escape.setColor(self.color)

    def clear(self) -> None:
        self.dots.setData(pos=np.empty((0, 2)))
        for number in self.numbers:
            number.hide()
        self.arrow.hide()
        self.escape.hide()

    # ---- drawing -----------------------------------------------------------------------------------
    def draw(self, xy: np.ndarray, steps: list[int], reached: tuple[int, float | None] | None) -> None:
        """Dots at the picture points `xy` (one per step shown), numbered with `steps` (the k of
        each row); `reached` is (k, loss) of the last point, for the arrow when it is outside."""
        if len(xy) > MOST_DOTS:
            keep = np.unique(np.r_[np.linspace(0, len(xy) - 1, MOST_DOTS).astype(int), len(xy) - 1])
        else:
            keep = slice(None)
        self.dots.setData(pos=xy[keep])
        self._draw_numbers(xy, steps)
        self._draw_escape(xy, reached)

    def _pixels(self, xy: np.ndarray) -> np.ndarray:
        (x0, _), (y0, _) = self.view.viewRange()
        size = np.array(self.view.viewPixelSize())
        if not np.all(size > 0):
            return np.full(xy.shape, np.nan)
        with np.errstate(all="ignore"):
            return (xy - np.array([x0, y0])) / size

    def _inside(self, xy: np.ndarray) -> np.ndarray:
        (x0, x1), (y0, y1) = self.view.viewRange()
        return (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)

    def _draw_numbers(self, xy: np.ndarray, steps: list[int]) -> None:
        font = base_font(NUMBER_POINT_SIZE)
        font.setBold(True)
        gap = 1.6 * pg.QtGui.QFontMetrics(font).height()
        pixels = self._pixels(xy)
        pixels[~self._inside(xy)] = np.nan
        rows = spaced(pixels, label_candidates(len(xy)), gap)
        while len(self.numbers) < len(rows):
            number = pg.TextItem(anchor=(-0.15, 1.05), color=self.color)
            number.setFont(font)
            number.setZValue(5.5)
            self.plot.addItem(number)
            self.numbers.append(number)
        for number, row in zip(self.numbers, rows):
            number.setText(str(steps[row]))
            number.setPos(float(xy[row, 0]), float(xy[row, 1]))
            number.show()
        for number in self.numbers[len(rows):]:
            number.hide()

    def shown_numbers(self) -> list[str]:
        return [number.toPlainText() for number in self.numbers if number.isVisible()]

    def _draw_escape(self, xy: np.ndarray, reached) -> None:
        """An arrow on the edge, pointing at the last point when it is outside the picture."""
        if not len(xy) or reached is None or bool(self._inside(xy[-1:])[0]):
            self.arrow.hide()
            self.escape.hide()
            return
        (x0, x1), (y0, y1) = self.view.viewRange()
        size = np.array(self.view.viewPixelSize())
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        target = xy[-1]
        if not np.all(np.isfinite(target)) or not np.all(size > 0):
            self.arrow.hide()
            self.escape.hide()
            return
        direction = (target - centre) / size  # in pixels, y up
        half = np.array([(x1 - x0), (y1 - y0)]) / size / 2 - EDGE_PX
        scale = np.min(np.abs(half) / np.maximum(np.abs(direction), 1e-12))
        tip = centre + direction * scale * size
        self.arrow.setStyle(angle=math.degrees(math.atan2(direction[1], -direction[0])))
        self.arrow.setPos(float(tip[0]), float(tip[1]))
        self.arrow.show()
        k, loss = reached
        where = f"step {k}" if loss is None else f"step {k}: loss {loss:.3g}"
        self.escape.setText(where)
        right, up = direction[0] > 0, direction[1] > 0
        self.escape.setAnchor((1.0 if right else 0.0, 0.0 if up else 1.0))
        width = self.escape.textItem.boundingRect().width() * size[0]  # kept inside the picture
        x = tip[0] - np.sign(direction[0]) * 2 * EDGE_PX * size[0]
        x = max(x, x0 + width) if right else min(x, x1 - width)
        self.escape.setPos(float(x), float(tip[1] - np.sign(direction[1]) * 2 * EDGE_PX * size[1]))
        self.escape.show()

    def arrow_shown(self) -> bool:
        return self.arrow.isVisible()

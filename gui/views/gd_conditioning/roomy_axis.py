"""An axis whose ticks stand as far apart as their labels need at the axis's font (presentation
mode doubles it: pyqtgraph always puts at least 2.25 intervals on an axis, and at ×2
"2000 4000 6000 8000" runs together in a narrow plot)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

#: Room between two tick labels, in widths of a space.
LABEL_GAP = 1
NICE = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_step(least: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ that is at least `least`."""
    power = 10.0 ** math.floor(math.log10(least))
    return next(power * factor for factor in NICE if power * factor >= least * (1 - 1e-12))


class RoomyAxis(pg.AxisItem):
    """Major ticks only, spaced so that the widest label the range can show fits between two."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 (pyqtgraph override)
        span = abs(maxVal - minVal)
        if self._tickSpacing is not None or not size > 0 or not span > 0 or not math.isfinite(span) or self.logMode:
            return super().tickSpacing(minVal, maxVal, size)
        metrics = QFontMetrics(self.style["tickFont"] or self.font())
        if self.orientation in ("bottom", "top"):
            guess = nice_step(span / 4)  # labels of round values, as the ticks will be
            first = math.ceil(min(minVal, maxVal) / guess) * guess
            values = [first + i * guess for i in range(5) if first + i * guess <= max(minVal, maxVal)] or [first]
            texts = self.tickStrings(values, self.scale, guess)
            need = max(metrics.horizontalAdvance(t) for t in texts) + LABEL_GAP * metrics.horizontalAdvance(" ")
        else:
            need = 1.8 * metrics.height()
        pyqtgraph_count = 2.25 * self._tickDensity * math.sqrt(size / 300.0) + 1
        count = max(min(size / need, pyqtgraph_count), 1.0)  # intervals whose labels fit side by side
        return [(nice_step(span / count), 0)]


def fit_left_label(plot: pg.PlotWidget, texts: tuple[str, ...]) -> None:
    """Keep the left axis's title to the longest of `texts` (longest first) that fits up its side,
    now and whenever the plot is resized (a short dock, or presentation mode's big fonts)."""
    axis = plot.getAxis("left")
    view = plot.getViewBox()

    def fit(*_args) -> None:
        metrics = QFontMetrics(axis.label.font())
        text = next((t for t in texts if metrics.horizontalAdvance(t) < view.height()), texts[-1])
        if text != axis.labelText:
            plot.setLabel("left", text, **{"font-size": "11pt"})
            axis.showLabel(bool(text))

    view.sigResized.connect(fit)
    fit()

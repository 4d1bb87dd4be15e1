"""One bar per eigendirection of the Hessian: |error component| at the player's step on a log
scale, the start's bars as outlines behind, and under each bar its λᵢ and its factor per step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from ...look.style import base_font

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Components below this are drawn at it (an exact zero has no logarithm).
FLOOR = 1e-300
#: Bars that grow (factor > 1) are drawn in this red, whatever the solver's colour.
GROWING = "#B71C1C"
BAR_WIDTH = 0.6


def eigen_name(i: int) -> str:
    """λ₁, λ₂, … (1-based, the largest first)."""
    return "λ" + str(i + 1).translate(SUBSCRIPTS)


def factor_text(factor: float) -> str:
    """×q with enough decimals to tell a factor near 1 from 1 (0.9998 is not "1")."""
    if 0.99 < factor < 1.0:
        return f"×{factor:.{min(int(np.ceil(-np.log10(1.0 - factor))) + 2, 12)}f}"
    return f"×{factor:.3g}"


class ErrorBars:
    """The bar plot and its two BarGraphItems (now, start). Heights are drawn as log₁₀ on a log axis."""

    def __init__(self):
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("gd-error-bars")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLogMode(False, True)  # the axis writes 10ⁿ for a value n: the bars hold log₁₀ values
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.setLabel("left", "|error|", **{"font-size": "11pt"})
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setToolTip("θₖ − θ* split along the eigenvectors v₁ … vₙ of the Hessian (largest λ first). "
                             "Each part is multiplied by its own factor every step: |1 − ηλᵢ| for gradient "
                             "descent. Outlines: the start. Red: a part that grows.")
        self.start_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=None, pen=pg.mkPen("#777777"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH * 0.7)
        self.plot.addItem(self.start_bars)
        self.plot.addItem(self.bars)
        self.factor_items: list[pg.TextItem] = []
        self._magnitudes = np.empty(0)
        self._base = 0.0

    def clear(self) -> None:
        self.bars.setOpts(x=[], height=[], y0=0)
        self.start_bars.setOpts(x=[], height=[], y0=0)
        self.plot.getAxis("bottom").setTicks([[]])
        for item in self.factor_items:
            item.hide()
        self._magnitudes = np.empty(0)

    def set_labels(self, eigenvalues: np.ndarray, factors: np.ndarray) -> None:
        """λᵢ under each bar, and over it the factor its component is multiplied by per step."""
        ticks = [(i, f"{eigen_name(i)} = {value:.3g}") for i, value in enumerate(eigenvalues)]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.6, len(ticks) - 0.4, padding=0)
        while len(self.factor_items) < len(factors):
            item = pg.TextItem(anchor=(0.5, 0), color="#222222")
            item.setFont(base_font(10))
            self.plot.addItem(item)
            self.factor_items.append(item)
        for i, item in enumerate(self.factor_items):
            item.setVisible(i < len(factors))
            if i < len(factors):
                item.setText(factor_text(factors[i]))
                item.setColor(GROWING if factors[i] > 1 else "#222222")
        self._place_factors()

    def _place_factors(self) -> None:
        top = self.plot.getViewBox().viewRange()[1][1]
        for i, item in enumerate(self.factor_items):
            item.setPos(i, top)

    def set_bars(self, now: np.ndarray, start: np.ndarray, factors: np.ndarray, color: QColor) -> None:
        """|components| now and at the start; the log axis spans both, down to rounding noise."""
        now, start = np.maximum(np.abs(now), FLOOR), np.maximum(np.abs(start), FLOOR)
        self._magnitudes = now
        top = np.log10(max(start.max(), now.max()))
        base = np.floor(max(min(np.log10(now.min()), np.log10(start.min())), top - 17)) - 0.5
        self._base = base
        x = np.arange(now.size)
        brushes = [pg.mkBrush(GROWING if factor > 1 else color) for factor in factors]
        self.bars.setOpts(x=x, y0=base, height=np.maximum(np.log10(now), base) - base, brushes=brushes)
        self.start_bars.setOpts(x=x, y0=base, height=np.maximum(np.log10(start), base) - base)
        self.plot.setYRange(base, np.ceil(top + 0.3) + 0.15 * (np.ceil(top + 0.3) - base), padding=0)
        self._place_factors()

    def magnitudes(self) -> np.ndarray:
        """The heights of the bars drawn, as |component| (10 to the power of each bar's top)."""
        opts = self.bars.opts
        if opts.get("height") is None or not len(opts["height"]):
            return np.empty(0)
        return 10.0 ** (np.asarray(opts["y0"], dtype=float) + np.asarray(opts["height"], dtype=float))

"""One bar per eigendirection of the Hessian: |error component| at the player's step on a log
scale, the start's bars as outlines behind, and under each bar its λᵢ and its factor per step."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetrics

from ...look.style import base_font
from .roomy_axis import RoomyAxis, fit_left_label

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
#: Components below this are drawn at it (an exact zero has no logarithm).
FLOOR = 1e-300
#: Bars that grow (factor > 1) are drawn in this red, whatever the solver's colour.
GROWING = "#B71C1C"
BAR_WIDTH = 0.6


def eigen_name(i: int) -> str:
    """λ₁, λ₂, … (1-based, the largest first)."""
    return "λ" + str(i + 1).translate(SUBSCRIPTS)


def short_factor_text(factor: float) -> str:
    """×q in three digits, "×≈1" when three digits would round a factor below 1 up to 1."""
    return "×≈1" if 0.9995 <= factor < 1.0 else f"×{factor:.3g}"


def factor_text(factor: float) -> str:
    """×q with enough decimals to tell a factor near 1 from 1 (0.9998 is not "1")."""
    if 0.99 < factor < 1.0:
        return f"×{factor:.{min(int(np.ceil(-np.log10(1.0 - factor))) + 2, 12)}f}"
    return f"×{factor:.3g}"


class ErrorBars:
    """The bar plot and its two BarGraphItems (now, start). Heights are drawn as log₁₀ on a log axis."""

    def __init__(self):
        self.plot = pg.PlotWidget(axisItems={"left": RoomyAxis("left")})
        self.plot.setObjectName("gd-error-bars")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLogMode(False, True)  # the axis writes 10ⁿ for a value n: the bars hold log₁₀ values
        self.plot.showGrid(y=True, alpha=0.25)
        fit_left_label(self.plot, ("|error|", ""))
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setToolTip("θₖ − θ* split along the eigenvectors v₁ … vₙ of the Hessian (largest λ first). "
                             "Each part is multiplied by its own factor every step (written over it): "
                             "|1 − ηλᵢ| for gradient descent. Outlines: the start. Red: a part that grows.")
        self.start_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=None, pen=pg.mkPen("#777777"))
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH * 0.7)
        self.plot.addItem(self.start_bars)
        self.plot.addItem(self.bars)
        self.plot.showAxis("top")
        self.plot.getAxis("top").setTickFont(base_font(10))
        self.plot.getAxis("top").setStyle(tickLength=0)
        self.plot.getAxis("bottom").setStyle(tickLength=0)
        self._labels: tuple | None = None
        self._ticks: dict[str, list] = {}
        self.plot.getViewBox().sigResized.connect(self._update_ticks)
        self._magnitudes = np.empty(0)
        self._base = 0.0

    def clear(self) -> None:
        self.bars.setOpts(x=[], height=[], y0=0)
        self.start_bars.setOpts(x=[], height=[], y0=0)
        self._labels, self._ticks = None, {}
        for side in ("bottom", "top"):
            self.plot.getAxis(side).setTicks([[]])
        self._magnitudes = np.empty(0)

    def set_labels(self, eigenvalues: np.ndarray, factors: np.ndarray) -> None:
        """λᵢ under each bar, and over it (the top axis) the factor its component is multiplied by per step."""
        self._labels = ([eigen_name(i) + f" = {value:.3g}" for i, value in enumerate(eigenvalues)],
                        [factor_text(factor) for factor in factors],
                        [eigen_name(i) for i in range(len(eigenvalues))],
                        [short_factor_text(factor) for factor in factors])
        self.plot.setXRange(-0.6, len(eigenvalues) - 0.4, padding=0)
        self._update_ticks()

    def labels(self) -> tuple[list[str], list[str]]:
        """The texts shown under the bars (λᵢ) and over them (factors), as drawn now."""
        return ([text for _, text in self._ticks.get("bottom", [])], [text for _, text in self._ticks.get("top", [])])

    def _update_ticks(self, *_args) -> None:
        """The full texts if they fit side by side at the axis's font, else the short ones."""
        if self._labels is None:
            return
        full_lambda, full_factor, short_lambda, short_factor = self._labels
        slot = self.plot.getViewBox().width() / max(len(full_lambda), 1)
        for side, full, short in (("bottom", full_lambda, short_lambda), ("top", full_factor, short_factor)):
            axis = self.plot.getAxis(side)
            metrics = QFontMetrics(axis.style["tickFont"] or axis.font())
            gap = 2 * metrics.horizontalAdvance(" ")
            texts = full if max(metrics.horizontalAdvance(t) for t in full) + gap <= slot else short
            self._ticks[side] = list(enumerate(texts))
            axis.setTicks([self._ticks[side]])

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
        self.plot.setYRange(base, np.ceil(top + 0.3), padding=0)

    def magnitudes(self) -> np.ndarray:
        """The heights of the bars drawn, as |component| (10 to the power of each bar's top)."""
        opts = self.bars.opts
        if opts.get("height") is None or not len(opts["height"]):
            return np.empty(0)
        return 10.0 ** (np.asarray(opts["y0"], dtype=float) + np.asarray(opts["height"], dtype=float))

"""Heavy ball's rate over (step η, momentum β) as an image: dark where the error shrinks fast, pale
where slowly, grey where it grows. β = 0 (the bottom edge) is plain gradient descent. The run's
settings are marked in each solver's colour; a cross marks the best setting in theory."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from engine.gd_spectrum import HessianSpectrum, heavy_ball_rate_map, optimal_heavy_ball

from ...look.style import base_font
from .roomy_axis import RoomyAxis, fit_left_label

#: Grid of the image: η across, β up.
COLUMNS, ROWS = 240, 120
BETA_TOP = 0.995
#: The colours span this many decades of 1 − ρ below the best rate on the map.
DECADES = 2.0
DIVERGES = (205, 205, 205, 255)
ROUNDING = 1e-12
COLORMAP = pg.colormap.get("viridis")


def rate_colors(rates: np.ndarray) -> np.ndarray:
    """RGBA per rate: viridis over log₁₀(1 − ρ) (dark: fast), grey where ρ ≥ 1. A gap 1 − ρ below
    ROUNDING is rounding noise (a singular Hessian): drawn as slow as can be, not as stripes."""
    gap = 1.0 - rates
    best = float(np.log10(max(gap.max(), ROUNDING)))
    with np.errstate(divide="ignore", invalid="ignore"):
        level = (np.log10(np.where(gap > ROUNDING, gap, np.nan)) - (best - DECADES)) / DECADES
    level = np.clip(np.nan_to_num(level, nan=0.0), 0.0, 1.0)
    colors = COLORMAP.map(1.0 - level, mode="byte")  # viridis is dark at 0: fast is dark
    colors = colors.reshape(*rates.shape, 4)
    colors[rates > 1.0 + ROUNDING] = DIVERGES  # ρ = 1 to rounding (λ = 0): stalls, does not grow
    return colors


class RateMap:
    """The image, the marks of the run's settings and the best heavy-ball setting."""

    def __init__(self):
        self.plot = pg.PlotWidget(axisItems={"bottom": RoomyAxis("bottom"), "left": RoomyAxis("left")})
        self.plot.setObjectName("gd-rate-map")
        self.plot.setMenuEnabled(False)
        fit_left_label(self.plot, ("momentum β", "β"))
        self.plot.setLabel("bottom", "step η", **{"font-size": "11pt"})
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setToolTip("Heavy ball's rate per step for each step η and momentum β: the largest spectral "
                             "radius of [[1 + β − ηλ, −β], [1, 0]] over the Hessian's eigenvalues λ. Dark: fast; "
                             "pale: slow; grey: diverges. The bottom edge (β = 0) is gradient descent. Dots: the "
                             "run's settings; cross: the best (η, β) in theory.")
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.marks = pg.ScatterPlotItem(size=14, pen=pg.mkPen("w", width=2))
        self.marks.setZValue(10)
        self.best = pg.ScatterPlotItem(size=16, symbol="+", pen=pg.mkPen("#D81B60", width=3), brush=None)
        self.best.setZValue(9)
        self.plot.addItem(self.marks)
        self.plot.addItem(self.best)
        self.rates = np.empty((0, 0))
        self.lrs = np.empty(0)
        self.betas = np.empty(0)

    def set_spectrum(self, spectrum: HessianSpectrum | None, lr_reach: float = 0.0) -> None:
        """Compute and draw the map; η runs to past heavy ball's stability edge 4/λ₁ (and `lr_reach`)."""
        if spectrum is None or not spectrum.largest > 0:
            self.image.clear()
            self.best.setData([], [])
            self.rates = np.empty((0, 0))
            return
        top = max(4.2 / spectrum.largest, 1.1 * lr_reach)
        self.lrs = np.linspace(0.0, top, COLUMNS)
        self.betas = np.linspace(0.0, BETA_TOP, ROWS)
        self.rates = heavy_ball_rate_map(spectrum.eigenvalues, self.lrs, self.betas)
        self.image.setImage(np.transpose(rate_colors(self.rates), (1, 0, 2)), autoLevels=False)
        step, row = top / (COLUMNS - 1), BETA_TOP / (ROWS - 1)
        self.image.setRect(QRectF(-step / 2, -row / 2, top + step, BETA_TOP + row))
        best_lr, best_beta = optimal_heavy_ball(spectrum)
        self.best.setData([best_lr], [best_beta])
        self.plot.setRange(xRange=(0.0, top), yRange=(0.0, 1.0), padding=0.02)

    def set_marks(self, marks: dict[str, tuple[float, float, object, str]]) -> None:
        """key → (η, β, colour, symbol): the run's gradient descent at β = 0, momentum at its β."""
        spots = [{"pos": (lr, beta), "brush": pg.mkBrush(color), "symbol": symbol, "data": key}
                 for key, (lr, beta, color, symbol) in marks.items()]
        self.marks.setData(spots)

    def mark_position(self, key: str) -> tuple[float, float] | None:
        """Where the mark of `key` is drawn, read from the scatter item (η, β)."""
        for spot in self.marks.points():
            if spot.data() == key:
                return float(spot.pos().x()), float(spot.pos().y())
        return None

    def rate_at(self, lr: float, beta: float) -> float | None:
        """The map's value nearest (η, β)."""
        if not self.rates.size:
            return None
        i = int(np.clip(np.rint(lr / self.lrs[-1] * (COLUMNS - 1)), 0, COLUMNS - 1))
        j = int(np.clip(np.rint(beta / BETA_TOP * (ROWS - 1)), 0, ROWS - 1))
        return float(self.rates[j, i])

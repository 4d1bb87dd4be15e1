"""Snap to grid: a clicked or dragged point lands exactly on the axes' minor ticks, so a click near
(1, 3) gives (1.0, 3.0) and not (0.995, 2.996). The grid is what the axes show: it follows zoom.

Whether snapping is on follows the data until the user chooses: on for small data (a lecturer
clicking a few points), off for measured data, where a grid would move the points.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

#: Data with at most this many points is snapped by default (small, hand-made data).
SNAP_MAX_POINTS = 50
SNAP_SHORTCUT = "Ctrl+G"
#: Significant digits kept when a shift is cleaned of float noise (0.3 + 0.1 → 0.4, not 0.4000000000000001).
_CLEAN_DIGITS = 15


def grid_step(axis: pg.AxisItem, low: float, high: float, length_px: float) -> float | None:
    """The spacing of the axis's minor ticks over [low, high] drawn `length_px` long (its major
    ticks if it draws no minor ones), in data units; None for an empty or non-finite range."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low or length_px <= 0:
        return None
    scale = axis.scale or 1.0  # ticks are computed in the axis's display units (SI prefix, setScale)
    levels = axis.tickSpacing(low * scale, high * scale, length_px)
    if not levels:
        return None
    spacing = levels[1][0] if len(levels) > 1 else levels[0][0]
    step = abs(spacing / scale)
    return step if math.isfinite(step) and step > 0 else None


def step_decimals(step: float) -> int:
    """Decimal digits a multiple of `step` needs: 0.1 → 1, 0.05 → 2, 2 → 0 (steps are 1, 2 or 5 × 10ᵏ)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def snap_value(value: float, step: float | None) -> float:
    """`value` rounded to the nearest multiple of `step`, then to the step's decimals, so that
    3 × 0.1 reads 0.3 and not 0.30000000000000004."""
    if step is None or not math.isfinite(value):
        return float(value)
    snapped = round(value / step) * step
    return float(round(snapped, step_decimals(step)))


def clean_noise(values: np.ndarray) -> np.ndarray:
    """Each value at 15 significant digits: removes the last-bit noise of a sum, nothing a user typed."""
    return np.array([float(f"{v:.{_CLEAN_DIGITS}g}") for v in np.asarray(values, dtype=float).ravel()])


class GridSnap(QObject):
    """Whether clicks and drags snap, and where: the minor ticks of a plot's bottom and left axes.

    `action` is the checkable "Snap to Grid" (Ctrl+G) for the canvas's context menu and the Edit
    menu. Until the user toggles it, `follow_data(count)` sets it from the size of the data.
    """

    changed = Signal(bool)
    """Snapping was turned on (True) or off."""

    def __init__(self, plot_item: pg.PlotItem, parent: QObject | None = None):
        super().__init__(parent)
        self._plot = plot_item
        self.user_chose = False  # once the user toggles, the data size no longer decides
        self.action = QAction("Snap to Grid", self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SNAP_SHORTCUT))
        self.action.setToolTip(f"New and dragged points land on the axes' minor ticks ({SNAP_SHORTCUT})")
        self.action.setStatusTip("New and dragged points land exactly on the axes' minor ticks")
        self.action.triggered.connect(self._on_user_toggled)
        self.action.toggled.connect(self.changed)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, on: bool) -> None:
        self.action.setChecked(on)

    def follow_data(self, count: int) -> None:
        """On for small data, off for large, unless the user has chosen."""
        if not self.user_chose:
            self.set_enabled(count <= SNAP_MAX_POINTS)

    def _on_user_toggled(self, _checked: bool) -> None:
        self.user_chose = True

    def steps(self) -> tuple[float | None, float | None]:
        """The grid's (x, y) spacing for the current view."""
        vb = self._plot.vb
        (x0, x1), (y0, y1) = vb.viewRange()
        bottom, left = self._plot.getAxis("bottom"), self._plot.getAxis("left")
        width = bottom.geometry().width() if bottom.isVisible() else 0  # the length the axis ticks over
        height = left.geometry().height() if left.isVisible() else 0
        return grid_step(bottom, x0, x1, width or vb.width()), grid_step(left, y0, y1, height or vb.height())

    def snap(self, x: float, y: float) -> tuple[float, float]:
        """(x, y) on the grid if snapping is on, unchanged otherwise."""
        if not self.enabled:
            return float(x), float(y)
        sx, sy = self.steps()
        return snap_value(x, sx), snap_value(y, sy)

"""The density image the canvas shows instead of symbols when too many points are in view.

Every non-empty bin is drawn, with log shading, so a lone point stays visible next to a bin
that holds thousands: no point silently disappears, however many there are.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

#: Above this many points in view, symbols give way to a density image (scatter symbols are the
#: slow path, and overlapping symbols hide how many points sit in one place). Zoomed in so that
#: fewer are in view, the symbols come back and can be dragged again.
DENSITY_THRESHOLD = 20_000
#: Bins when the view's size in pixels is not known yet (a widget never shown).
DENSITY_BINS = 400
#: Screen pixels per density bin and side: a lone point is a 2 × 2 dot, and the histogram of a
#: 1400 × 900 canvas has 0.3 M bins (cheap to count and to draw on every frame).
DENSITY_PIXELS = 2
MAX_DENSITY_BINS = 2048


def density_lut() -> np.ndarray:
    """Index 0 (empty bin) transparent, then light grey to near black as counts grow."""
    lut = np.zeros((256, 4), dtype=np.ubyte)
    t = np.linspace(0.0, 1.0, 255)[:, None]
    light, dark = np.array([185, 185, 185]), np.array([15, 15, 15])
    lut[1:, :3] = np.round(light + (dark - light) * t)
    lut[1:, 3] = 255
    return lut


def _bins(extent: float, pixel: float) -> int:
    """Bins along one side: one per DENSITY_PIXELS screen pixels of `extent` (in data units)."""
    if not (math.isfinite(pixel) and pixel > 0):
        return DENSITY_BINS
    return int(min(max(math.ceil(extent / (pixel * DENSITY_PIXELS)), 1), MAX_DENSITY_BINS))


class DensityImage(pg.ImageItem):
    """Points binned at screen resolution over their extent, shaded by the log of each bin's count."""

    def __init__(self):
        super().__init__(axisOrder="col-major")
        self.setLookupTable(density_lut())
        self.rect = QRectF()

    def show_points(self, x: np.ndarray, y: np.ndarray, pixel_size: tuple[float, float]) -> None:
        """Bin (x, y) (at least one point), a bin per DENSITY_PIXELS pixels of `pixel_size`
        (data units per screen pixel, x and y), and show the image."""
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        px, py = (abs(v) for v in pixel_size)
        half_x = px * DENSITY_PIXELS / 2 if math.isfinite(px) and px > 0 else 0.5
        half_y = py * DENSITY_PIXELS / 2 if math.isfinite(py) and py > 0 else 0.5
        if x1 <= x0:
            x0, x1 = x0 - half_x, x1 + half_x
        if y1 <= y0:
            y0, y1 = y0 - half_y, y1 + half_y
        nx, ny = _bins(x1 - x0, px), _bins(y1 - y0, py)
        ix = ((x - x0) * (nx / (x1 - x0))).astype(np.intp)
        iy = ((y - y0) * (ny / (y1 - y0))).astype(np.intp)
        np.clip(ix, 0, nx - 1, out=ix)
        np.clip(iy, 0, ny - 1, out=iy)
        ix *= ny
        ix += iy
        counts = np.bincount(ix, minlength=nx * ny).reshape(nx, ny)
        shade = np.zeros(counts.shape, dtype=np.ubyte)
        filled = counts > 0
        scale = 254.0 / np.log1p(counts.max())
        shade[filled] = 1 + np.round(np.log1p(counts[filled]) * scale).clip(0, 254).astype(np.ubyte)
        self.setImage(shade, autoLevels=False, levels=(0, 255))
        self.rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.setRect(self.rect)
        self.show()

    def grid(self) -> tuple[QRectF, tuple[int, int]]:
        """The data rectangle the image covers and its bins (x, y)."""
        return QRectF(self.rect), (0, 0) if self.image is None else self.image.shape

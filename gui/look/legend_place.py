"""A legend sits in the corner of its plot where it covers the fewest data points (issue 14: a
legend never hides the points the class is looking at). The corner is chosen again when the view
is panned, zoomed or resized, when the legend grows, and when the plot asks (new points), a
moment later so that a drag or a zoom does not make it jump at every frame."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, QTimer
from shiboken6 import isValid

#: The corners, as pyqtgraph anchors, in the order preferred when several are equally empty.
CORNERS = ((1, 0), (0, 0), (1, 1), (0, 1))
#: Pixels between the legend and the plot's edge.
MARGIN = 8
#: Data points read per item at most (a stride through larger sets): enough to find the emptiest
#: corner, cheap on a million points.
SAMPLE = 4000
#: Wait this long after the last change before choosing again.
DELAY_MS = 120


class LegendPlacer(QObject):
    """Keeps `legend` (a pg.LegendItem on `plot`'s view box) in its plot's emptiest corner."""

    def __init__(self, plot: pg.PlotItem | pg.PlotWidget, legend: pg.LegendItem):
        super().__init__(legend)
        plot = getattr(plot, "plotItem", plot)  # a PlotWidget's own PlotItem
        self.plot, self.legend = plot, legend
        self.corner: tuple[int, int] | None = None  # None: not placed yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.place)
        plot.vb.sigRangeChanged.connect(self.schedule)
        plot.vb.sigResized.connect(self.schedule)
        legend.geometryChanged.connect(self.schedule)

    def schedule(self, *_) -> None:
        self._timer.start()

    def place(self) -> None:
        """Move the legend now to the corner that covers the fewest data points."""
        view = self.plot.vb
        if view is None or not isValid(view) or not self.legend.isVisible() or view.width() <= 0:
            return  # torn down, or nothing to place
        xs, ys = self._data_in_scene()
        counts = {corner: _count_inside(self._rect_at(corner), xs, ys) for corner in CORNERS}
        best = min(counts.values())
        if self.corner is not None and counts[self.corner] == best:
            return  # no better corner: stay, rather than jump between equals
        corner = next(c for c in CORNERS if counts[c] == best)
        self.corner = corner
        offset = (-MARGIN if corner[0] else MARGIN, -MARGIN if corner[1] else MARGIN)
        self.legend.anchor(itemPos=corner, parentPos=corner, offset=offset)

    def covered(self) -> int:
        """How many data points the legend covers where it is now (tests, and a user's doubt)."""
        xs, ys = self._data_in_scene()
        return _count_inside(self.legend.mapRectToScene(self.legend.boundingRect()), xs, ys)

    def _rect_at(self, corner: tuple[int, int]) -> QRectF:
        """The legend's rectangle in scene coordinates if it were anchored at `corner`."""
        box = self.plot.vb.sceneBoundingRect()
        size = self.legend.mapRectToScene(self.legend.boundingRect()).size()
        left = box.right() - MARGIN - size.width() if corner[0] else box.left() + MARGIN
        top = box.bottom() - MARGIN - size.height() if corner[1] else box.top() + MARGIN
        return QRectF(left, top, size.width(), size.height())

    def _data_in_scene(self) -> tuple[np.ndarray, np.ndarray]:
        """The plotted data's points (a sample of each item) in scene coordinates."""
        to_scene = self.plot.vb.childGroup.sceneTransform()
        xs, ys = [], []
        for item in self.plot.vb.addedItems:
            if not isinstance(item, (pg.PlotDataItem, pg.ScatterPlotItem)) or not item.isVisible():
                continue
            x, y = item.getData()
            if x is None or y is None or len(x) == 0:
                continue
            stride = max(1, len(x) // SAMPLE)
            x, y = np.asarray(x[::stride], float), np.asarray(y[::stride], float)
            xs.append(to_scene.m11() * x + to_scene.m21() * y + to_scene.dx())
            ys.append(to_scene.m12() * x + to_scene.m22() * y + to_scene.dy())
        if not xs:
            return np.empty(0), np.empty(0)
        return np.concatenate(xs), np.concatenate(ys)


def _count_inside(rect: QRectF, xs: np.ndarray, ys: np.ndarray) -> int:
    inside = (xs >= rect.left()) & (xs <= rect.right()) & (ys >= rect.top()) & (ys <= rect.bottom())
    return int(np.count_nonzero(inside))


def keep_in_emptiest_corner(plot: pg.PlotItem | pg.PlotWidget, legend: pg.LegendItem) -> LegendPlacer:
    """Place `legend` now and whenever its plot changes; the placer lives as long as the legend."""
    placer = LegendPlacer(plot, legend)
    placer.schedule()
    return placer

"""The plot of a nonlinear loss surface: log₁₀ of the loss as a heat map with contour lines, the
certified (or best) answer as a white star, the other minima as grey stars, and every solver's
path and current point in its own colour. Items are built once and updated with setData.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from engine.surface import contour_segments

from ..look.style import base_font
from ..views.surface.fitting import FittingAxis, keep_title_inside

#: Light colours, low loss palest, so the solvers' colours stay readable on top (as the linear lab).
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], ["#FFFBEA", "#A9CCE3", "#4A6F96"])
CONTOUR_PEN = pg.mkPen("#505050", width=1)
CONTOURS = 14
#: The contours span at most this many decades of loss below the largest on the grid.
DECADES = 8.0
LABEL_STYLE = {"font-size": "11pt"}
#: A path of more steps is drawn as a line only, without a dot per step.
MOST_DOTS = 400


def shade_of(values: np.ndarray) -> np.ndarray:
    """log₁₀ of the loss, non-finite values (an overflowing exponential) drawn as the highest."""
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 1.0
    floor = max(top * 1e-16, 1e-300) if top > 0 else 1e-300
    clean = np.where(np.isfinite(values), values, top)
    return np.log10(np.maximum(clean, floor))


def contour_levels(shade: np.ndarray, count: int = CONTOURS) -> np.ndarray:
    """`count` levels of log₁₀ loss, evenly spaced from just above the lowest to the highest (at
    most DECADES below it): rings close to the minimum and across the walls alike."""
    high, low = float(shade.max()), float(shade.min())
    low = max(low, high - DECADES)
    if not high > low:
        return np.empty(0)
    return np.linspace(low, high, count + 2)[1:-1]



def parameter_plane(**widget_options):
    """(widget, plot, view box, image) of a plot over (b1, b2) with a colour image under everything:
    the frame the loss surface and the basin map share (no buttons or menu, the app's tick font)."""
    widget = pg.PlotWidget(**widget_options)
    widget.setMinimumSize(240, 180)
    plot = widget.getPlotItem()
    plot.hideButtons()
    plot.setMenuEnabled(False)
    for name in ("bottom", "left"):
        plot.getAxis(name).setTickFont(base_font())
        plot.getAxis(name).enableAutoSIPrefix(False)
    image = pg.ImageItem(axisOrder="row-major")
    image.setZValue(-10)
    plot.addItem(image)
    return widget, plot, widget.getViewBox(), image

class SurfacePlot:
    """One plot: heat map, contours, stars for the minima, and a path + marker per solver."""

    def __init__(self, names: tuple[str, str] = ("b1", "b2")):
        self.widget, self.plot, self.view, self.image = parameter_plane(
            axisItems={"bottom": FittingAxis("bottom"), "left": FittingAxis("left")})
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=COLORMAP, interactive=False, width=14,
                                   colorMapMenu=False)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.bar.axis.setTickFont(base_font())
        self.bar.axis.enableAutoSIPrefix(False)
        self.bar.axis.setLabel("log₁₀ loss", **LABEL_STYLE)
        self.bar.axis.setWidth(None)
        self.bar.axis.geometryChanged.connect(lambda: keep_title_inside(self.bar.axis))
        self.contours = pg.PlotDataItem(pen=CONTOUR_PEN, connect="pairs")
        self.others = pg.ScatterPlotItem(symbol="star", size=18, pen=pg.mkPen("k", width=1),
                                         brush=pg.mkBrush("#B0B0B0"))
        self.answer = pg.ScatterPlotItem(symbol="star", size=26, pen=pg.mkPen("k", width=1.2),
                                         brush=pg.mkBrush("w"))
        self.start = pg.ScatterPlotItem(symbol="+", size=18, pen=pg.mkPen("k", width=2.5), brush=pg.mkBrush("k"))
        for item, z in ((self.contours, 0), (self.others, 3), (self.answer, 4), (self.start, 4)):
            item.setZValue(z)
            self.plot.addItem(item)
        self.paths: dict[str, pg.PlotDataItem] = {}
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        self._pool: list[tuple[pg.PlotDataItem, pg.ScatterPlotItem]] = []
        self.set_names(names)

    def set_names(self, names: tuple[str, str]) -> None:
        self.plot.setLabel("bottom", names[0], **LABEL_STYLE)
        self.plot.setLabel("left", names[1], **LABEL_STYLE)

    # ---- the surface ------------------------------------------------------------------------------
    def show_range(self, box: tuple[np.ndarray, np.ndarray]) -> None:
        (x0, y0), (x1, y1) = box
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def draw_surface(self, b1: np.ndarray, b2: np.ndarray, values: np.ndarray) -> None:
        """`values[i, j]` is the loss at (b1[j], b2[i]) (engine.nonlinear.loss_grid's layout)."""
        shade = shade_of(values)
        self.image.setImage(shade, autoLevels=False)
        dx, dy = b1[1] - b1[0], b2[1] - b2[0]
        self.image.setRect(QRectF(b1[0] - dx / 2, b2[0] - dy / 2, dx * len(b1), dy * len(b2)))
        low, high = float(shade.min()), float(shade.max())
        self.bar.setLevels((low, high if high > low else low + 1))
        segments = contour_segments(b1, b2, shade.T, contour_levels(shade))
        self.contours.setData(segments[:, 0], segments[:, 1])

    def clear_surface(self) -> None:
        self.image.clear()
        self.contours.setData([], [])

    def mark_minima(self, answer: np.ndarray | None, others: list[np.ndarray]) -> None:
        self.answer.setData(pos=np.empty((0, 2)) if answer is None else [tuple(answer)])
        self.others.setData(pos=np.array(others, dtype=float).reshape(-1, 2))

    def mark_start(self, start) -> None:
        """The start of the next run as a black +."""
        shown = start is not None and np.size(start) == 2 and np.all(np.isfinite(start))
        self.start.setData(pos=[tuple(np.asarray(start, dtype=float))] if shown else np.empty((0, 2)))

    # ---- the solvers --------------------------------------------------------------------------------
    def set_solvers(self, keys: list[str], colors: list) -> None:
        """A path and a marker in each solver's colour; items are reused, never removed (a removed Qt
        item left to Python's collector might be freed in a worker thread)."""
        while len(self._pool) < len(keys):
            path = pg.PlotDataItem()
            marker = pg.ScatterPlotItem(size=14, pen=pg.mkPen("w", width=1.5))
            path.setZValue(5)
            marker.setZValue(6)
            self.plot.addItem(path)
            self.plot.addItem(marker)
            self._pool.append((path, marker))
        self.paths, self.markers = {}, {}
        for slot, (path, marker) in enumerate(self._pool):
            path.setData([], [])
            marker.setData(pos=np.empty((0, 2)))
            if slot < len(keys):
                path.setPen(pg.mkPen(colors[slot], width=2.5))
                path.setSymbol("o")
                path.setSymbolSize(5)
                path.setSymbolBrush(pg.mkBrush(colors[slot]))
                path.setSymbolPen(None)
                marker.setBrush(pg.mkBrush(colors[slot]))
                self.paths[keys[slot]] = path
                self.markers[keys[slot]] = marker

    def draw_solver(self, key: str, path: np.ndarray, current: np.ndarray | None) -> None:
        """`path` (m × 2) the θ of the steps so far; drawn as given (non-finite rows break the line)."""
        if key not in self.paths:
            return
        path = np.asarray(path, dtype=float).reshape(-1, 2)
        item = self.paths[key]
        dots = "o" if len(path) <= MOST_DOTS else None  # scatter symbols are pyqtgraph's slow path
        if item.opts["symbol"] != dots:
            item.setSymbol(dots)
        item.setData(path[:, 0], path[:, 1], connect="finite")
        finite = current is not None and np.all(np.isfinite(current))
        self.markers[key].setData(pos=[tuple(np.asarray(current, dtype=float))] if finite else np.empty((0, 2)))

    def theta_at(self, scene_pos) -> np.ndarray | None:
        """The (b1, b2) under a scene position, or None outside the plot."""
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view.mapSceneToView(scene_pos)
        return np.array([point.x(), point.y()])

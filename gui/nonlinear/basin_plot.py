"""The basin map's plot: the grid of starts as coloured cells (basin_legend.cell_colors), a white
star at each minimum reached, and a black + at the start of the next run."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from .basin_legend import cell_colors
from .surface_plot import LABEL_STYLE, parameter_plane


class BasinPlot:
    """Cells, minima and start over (b1, b2); items built once and updated with setData."""

    def __init__(self):
        self.widget, self.plot, self.view, self.image = parameter_plane()
        self.minima = pg.ScatterPlotItem(symbol="star", size=20, pen=pg.mkPen("k", width=1.2), brush=pg.mkBrush("w"))
        self.start = pg.ScatterPlotItem(symbol="+", size=18, pen=pg.mkPen("k", width=2.5), brush=pg.mkBrush("k"))
        for item in (self.minima, self.start):
            self.plot.addItem(item)

    def set_names(self, names) -> None:
        self.plot.setLabel("bottom", names[0], **LABEL_STYLE)
        self.plot.setLabel("left", names[1], **LABEL_STYLE)

    def lay_out(self, b1_values: np.ndarray, b2_values: np.ndarray) -> None:
        """Each cell centred on its start; the view shows the whole grid."""
        (x0, x1), (y0, y1) = (b1_values[0], b1_values[-1]), (b2_values[0], b2_values[-1])
        dx, dy = (x1 - x0) / max(len(b1_values) - 1, 1), (y1 - y0) / max(len(b2_values) - 1, 1)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, dx * len(b1_values), dy * len(b2_values)))
        self.view.setRange(xRange=(x0 - dx / 2, x1 + dx / 2), yRange=(y0 - dy / 2, y1 + dy / 2), padding=0)

    def draw(self, labels: np.ndarray, minima: list[np.ndarray]) -> None:
        self.image.setImage(cell_colors(labels), autoLevels=False, levels=(0, 255))
        self.minima.setData(pos=np.array(minima, dtype=float).reshape(-1, 2))

    def mark_start(self, start) -> None:
        shown = start is not None and np.size(start) == 2 and np.all(np.isfinite(start))
        self.start.setData(pos=[tuple(np.asarray(start, dtype=float))] if shown else np.empty((0, 2)))

    def theta_at(self, scene_pos) -> np.ndarray | None:
        """The (b1, b2) under a scene position, or None outside the plot."""
        if not self.view.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.view.mapSceneToView(scene_pos)
        return np.array([point.x(), point.y()])

"""Which point pulls hardest, shown while a point is dragged: a halo around every point whose area
follows its Cook's distance, and a line of words on the canvas ("point 7 pulls hardest: Cook's
distance 1.3"), both updated at each move and hidden when the drag ends.

Cook's distance, not leverage: leverage depends on x alone, so a point dragged up and down would
keep its halo; Cook's distance is how far the fitted curve moves without the point (leverage times
the squared residual), which is what the student's hand is changing. Above the canvas's density
threshold no halos are drawn (single points are not drawn, nor can they be dragged, there).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QColor

from ...data.canvas_density import DENSITY_THRESHOLD
from ...data.point_influence import PointInfluence
from ...look.style import PALETTE

#: Halo diameter in pixels: SMALLEST for D = 0, growing with √D (so the area follows D), at most LARGEST.
SMALLEST, PER_ROOT_COOK, LARGEST = 12.0, 26.0, 90.0
#: Below the points (z 10) and above the curves (z 5): a halo never hides the point it rings.
HALO_Z = 9


def halo_sizes(cooks_distance: np.ndarray) -> np.ndarray:
    """Diameters in pixels whose areas grow in proportion to Cook's distance (0 where not defined)."""
    d = np.asarray(cooks_distance, dtype=float)
    sizes = SMALLEST + PER_ROOT_COOK * np.sqrt(np.where(np.isfinite(d), np.maximum(d, 0.0), 0.0))
    return np.where(np.isfinite(d), np.minimum(sizes, LARGEST), 0.0)


class InfluenceHalos(QObject):
    """The halos and the words of one canvas, live while its points are dragged."""

    def __init__(self, canvas, points, influence: PointInfluence, parent: QObject | None = None):
        super().__init__(parent)
        self.canvas, self.points, self.influence = canvas, points, influence
        color = QColor(PALETTE[4])
        fill = QColor(color)
        fill.setAlpha(60)
        self.item = pg.ScatterPlotItem(pen=pg.mkPen(color, width=1.5), brush=pg.mkBrush(fill), pxMode=True)
        self.item.setZValue(HALO_Z)
        self.item.setEnabled(False)  # clicks go through to the canvas's editing
        canvas.getViewBox().addItem(self.item, ignoreBounds=True)
        self.item.hide()
        self._words = ""  # shown in the canvas's title line (kept free for it), so no point is covered
        self.dragging = False
        canvas.drag_started.connect(self._on_drag_started)
        canvas.drag_finished.connect(self._on_drag_finished)

    @property
    def shown(self) -> bool:
        return self.item.isVisible()

    def text(self) -> str:
        """The words on the canvas ("" when none)."""
        return self._words

    def update(self) -> None:
        """Draw the halos for the data as they are now (the drag's latest move)."""
        n = self.points.count
        if not self.dragging or n > DENSITY_THRESHOLD or self.influence.n != n:
            self._hide()
            return
        whole = self.influence.whole()
        if whole is None:
            self._hide()
            return
        self.item.setData(self.points.x, self.points.y, size=halo_sizes(whole.cooks_distance))
        self.item.show()
        self._set_words(self.influence.headline().removesuffix("."))

    def _set_words(self, words: str) -> None:
        if words != self._words:
            self._words = words
            self.canvas.set_title_text(words)

    @Slot(object)
    def _on_data_changed(self, _problem) -> None:
        if self.dragging or self.shown:
            self.update()

    @Slot()
    def _on_drag_started(self) -> None:
        self.dragging = True
        self.update()

    @Slot()
    def _on_drag_finished(self) -> None:
        self.dragging = False
        self._hide()

    def _hide(self) -> None:
        self.item.hide()
        self._set_words("")


def install_influence(window) -> InfluenceHalos:
    """The point table's leverage and Cook's columns and the canvas's halos follow the data on
    screen (the Lab's data problem, rebuilt after each edit): the window's one call."""
    table, lab = window.point_table, window.lab
    table.set_problem(lab.data_problem)
    lab.data_changed.connect(table.set_problem)
    halos = InfluenceHalos(window.canvas, lab.points, table.table_model.influence, window)
    lab.data_changed.connect(halos._on_data_changed)
    window.influence_halos = halos
    return halos

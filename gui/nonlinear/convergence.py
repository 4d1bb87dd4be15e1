"""The convergence plot: each solver's loss (½·Σr²) against the iteration, on a log scale, up to
the player's frame. A loss that became infinite or not a number ends its curve there."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..look.solver_look import FAILED_DASH, solver_look
from .canvas import LABEL_STYLE
from .lab import NonlinearLab
from .names import failed


class ConvergencePlot(QWidget):
    """Loss against iteration for every solver of the run."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("nonlinear-convergence-plot")
        self.plot.setLogMode(x=False, y=True)
        self.plot.setLabel("bottom", "iteration", **LABEL_STYLE)
        self.plot.setLabel("left", "loss ½·Σr²", **LABEL_STYLE)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.curves: dict[str, pg.PlotDataItem] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        lab.run_changed.connect(self._update_curves)
        lab.position_changed.connect(self._update_curves)
        lab.problem_changed.connect(self._update_curves)

    def curve_data(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """(iterations, losses) drawn for `key`."""
        curve = self.curves.get(key)
        if curve is None:
            return np.empty(0), np.empty(0)
        x, y = curve.getOriginalDataset()
        return (np.empty(0), np.empty(0)) if x is None else (x, y)

    @Slot()
    def _update_curves(self, *_args) -> None:
        keys = self.lab.solver_keys()
        for key in [k for k in self.curves if k not in keys]:
            self.plot.removeItem(self.curves.pop(key))
        position = self.lab.position
        for key in keys:
            curve = self.curves.get(key)
            if curve is None:
                curve = self.curves[key] = pg.PlotDataItem()
                self.plot.addItem(curve)
            steps = self.lab.traces.get(key, [])[: position + 1]
            k = np.array([s.k for s in steps if s.loss is not None], dtype=float)
            loss = np.array([s.loss for s in steps if s.loss is not None], dtype=float)
            keep = np.isfinite(loss) & (loss > 0)
            end = int(np.argmin(keep)) if not np.all(keep) else keep.size  # the curve stops where it broke
            curve.setData(k[:end], loss[:end])
            pen = pg.mkPen(solver_look(key).color, width=2)
            if failed(self.lab.results.get(key)):
                pen.setDashPattern(list(FAILED_DASH))
            else:
                pen.setStyle(solver_look(key).dash)
            curve.setPen(pen)

"""The fit canvas: the points and each solver's curve at the player's frame, in its colour.

A solver that failed or diverged is never removed: its curve stays, drawn with the failed dash at
the last parameters it computed that give finite values, and its legend row says ✘ and why. The
legend is a line of words under the plot (it wraps, so at twice the font nothing is cut off).
"""

from __future__ import annotations

from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..look.solver_look import FAILED_DASH, solver_look
from .lab import NonlinearLab
from .names import failed, short_reason, solver_label

#: Points of the drawn curve for a model in one variable.
GRID_POINTS = 400
#: How many earlier steps a failed solver's curve looks back through for finite values.
MAX_TRIED = 200
#: A failed solver's curve is drawn where it stays within this many heights of the data.
SIGHT = 10.0
#: Axis labels at a size the presentation look can scale (gui/look/themes.py).
LABEL_STYLE = {"font-size": "12pt"}
POINT_BRUSH = pg.mkBrush(60, 60, 60, 200)


class FitCanvas(QWidget):
    """The data and the fitted curves of the run, following the lab."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("nonlinear-fit-plot")
        self.plot.setMinimumSize(200, 160)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.points = pg.ScatterPlotItem(size=7, brush=POINT_BRUSH, pen=None)
        self.plot.addItem(self.points)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.legend = QLabel()
        self.legend.setObjectName("nonlinear-legend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        lab.problem_changed.connect(self._on_problem_changed)
        lab.run_changed.connect(self._update_curves)
        lab.position_changed.connect(self._update_curves)
        self._on_problem_changed(lab.problem)

    # ---- what the tests and the screenshot read -----------------------------------------------
    def legend_rows(self) -> dict[str, str]:
        """Each solver's legend words, as shown (plain text)."""
        return dict(self._rows)

    # ---- following the lab ---------------------------------------------------------------------
    @Slot(object)
    def _on_problem_changed(self, problem) -> None:
        self._rows: dict[str, str] = {}
        for curve in self.curves.values():
            self.plot.removeItem(curve)
        self.curves = {}
        if problem is None:
            self.points.setData([], [])
            self.plot.setLabel("bottom", "", **LABEL_STYLE)
            self.plot.setLabel("left", "", **LABEL_STYLE)
        else:
            x_axis = self._x_axis(problem)
            self.points.setData(x_axis, np.asarray(problem.y, dtype=float))
            self.plot.setLabel("bottom", "x" if self._one_variable(problem) else "observation", **LABEL_STYLE)
            self.plot.setLabel("left", "y", **LABEL_STYLE)
        self._update_curves()
        self.plot.enableAutoRange()

    @Slot()
    def _update_curves(self, *_args) -> None:
        lab, problem = self.lab, self.lab.problem
        keys = lab.solver_keys() if problem is not None else []
        for key in [k for k in self.curves if k not in keys]:
            self.plot.removeItem(self.curves.pop(key))
        rows = {}
        for key in keys:
            curve = self.curves.get(key)
            if curve is None:
                curve = self.curves[key] = pg.PlotDataItem(connect="finite")
                curve.setZValue(2)
                self.plot.addItem(curve, ignoreBounds=True)  # the points set the range, not a runaway curve
            result = lab.results.get(key)
            broke = failed(result)
            theta = self._drawn_theta(key, broke)
            x, y = self._curve(problem, theta)
            curve.setData(x, y)
            curve.setPen(self._pen(key, broke))
            curve.setZValue(3 if broke else 2)  # a failed curve's dashes on top, never hidden
            rows[key] = self._row_text(key, result)
        self._rows = rows
        self.legend.setText("&nbsp;&nbsp; ".join(self._row_html(key, text) for key, text in rows.items()))
        self.legend.setVisible(bool(rows))

    # ---- helpers -----------------------------------------------------------------------------
    def _drawn_theta(self, key: str, broke: bool) -> np.ndarray | None:
        """The θ at the player's frame; for a failed solver at its end, the last one whose curve
        is still in sight of the data (else its last finite one), so it never vanishes."""
        theta = self.lab.theta_at(key, self.lab.position)
        if theta is not None and np.all(np.isfinite(theta)) and self._curve_in_sight(theta, strict=broke):
            return theta
        steps = self.lab.traces.get(key, [])
        upto = min(self.lab.position, len(steps) - 1) if not broke else len(steps) - 1
        candidates = []
        for step in reversed(steps[: upto + 1]):
            if step.theta is not None and np.all(np.isfinite(step.theta)):
                candidates.append(np.asarray(step.theta))
                if len(candidates) >= MAX_TRIED:
                    break
        for strict in (True, False):
            for candidate in candidates:
                if self._curve_in_sight(candidate, strict=strict):
                    return candidate
        return None

    def _curve_in_sight(self, theta, *, strict: bool) -> bool:
        """The curve has finite values (`strict`: and they stay within ten heights of the data)."""
        _, y = self._curve(self.lab.problem, theta)
        if not y.size or not np.any(np.isfinite(y)):
            return False
        if not strict:
            return True
        data = np.asarray(self.lab.problem.y, dtype=float)
        height = max(float(np.ptp(data)), float(np.max(np.abs(data))), 1e-300)
        with np.errstate(all="ignore"):
            return bool(np.nanmax(np.abs(y - np.mean(data))) <= SIGHT * height)

    def _curve(self, problem, theta) -> tuple[np.ndarray, np.ndarray]:
        if problem is None or theta is None:
            return np.empty(0), np.empty(0)
        with np.errstate(all="ignore"):
            if self._one_variable(problem):
                x = np.asarray(problem.x, dtype=float).ravel()
                grid = np.linspace(float(np.min(x)), float(np.max(x)), GRID_POINTS)
                try:
                    y = np.asarray(problem.predict(theta, grid), dtype=float)
                except (ArithmeticError, ValueError):
                    return grid, np.full(grid.shape, np.nan)
                return grid, np.where(np.isfinite(y), y, np.nan)
            order = np.arange(problem.n, dtype=float)
            try:
                y = np.asarray(problem.predict(theta, problem.x), dtype=float)
            except (ArithmeticError, ValueError):
                return order, np.full(order.shape, np.nan)
            return order, np.where(np.isfinite(y), y, np.nan)

    @staticmethod
    def _one_variable(problem) -> bool:
        return np.ndim(problem.x) == 1

    def _x_axis(self, problem) -> np.ndarray:
        if self._one_variable(problem):
            return np.asarray(problem.x, dtype=float)
        return np.arange(problem.n, dtype=float)

    @staticmethod
    def _pen(key: str, broke: bool):
        look = solver_look(key)
        pen = pg.mkPen(look.color, width=2)
        if broke:
            pen.setDashPattern(list(FAILED_DASH))
        else:
            pen.setStyle(look.dash)
        return pen

    @staticmethod
    def _row_text(key: str, result) -> str:
        if failed(result):
            return f"✘ {solver_label(key)} — {short_reason(result)}"
        return solver_label(key)

    def _row_html(self, key: str, text: str) -> str:
        """The bar in the solver's colour and its words; a solver's name never breaks across lines."""
        color = solver_look(key).color.name()
        bar = "╍╍" if failed(self.lab.results.get(key)) else "━━"
        name = solver_label(key)
        start = text.index(name)
        unbroken = escape(name).replace(" ", "&nbsp;").replace("-", "\u2011")  # a non-breaking hyphen
        words = escape(text[:start]).replace(" ", "&nbsp;") + unbroken + escape(text[start + len(name):])
        return f'<span style="color:{color}">{bar}</span>&nbsp;{words}'

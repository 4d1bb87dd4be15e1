"""Log-linearised fit against the true least-squares fit of y = a·exp(b·x): a common mistake made
visible. Taking logs turns the exponential into a line, log y = log a + b·x, which ordinary least
squares fits at once; but that line minimises the errors of log y, not of y. On the left both
curves over the data, with both sums of squares in y's units; on the right the (x, log y) plot where
the log-linear fit is the best line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from engine.errors import InputError
from engine.nonlinear import log_linear_fit
from engine.run import error_text

from ..look.style import POINT_COLOR, base_font
from .log_linear_model import exponential_form
from .surface_caption import LinesCaption
from .surface_plot import LABEL_STYLE

if TYPE_CHECKING:
    from .lab import NonlinearLab

CURVE_POINTS = 300
#: Two colours no solver has (Tol's wine, and the points' dark grey), so neither fit is taken for a solver's curve.
LOG_LINEAR_PEN = pg.mkPen("#882255", width=2.5, style=Qt.PenStyle.DashLine)
LEAST_SQUARES_PEN = pg.mkPen(POINT_COLOR, width=2.5)
WHY = ("Why they differ: the line through (x, ln y) makes the errors of ln y small, and an error of ln y "
       "is a relative error, so a point with a small y weighs as much as one with a large y (about (ȳ/y)² "
       "times more than in the fit of y). The least-squares fit makes the errors of y itself small: no a, b "
       "give a smaller sum of squares. The log-linear answer is a good start for it, not its answer.")


def exponential_text(a: float, b: float) -> str:
    sign = "−" if b < 0 else ""
    return f"y = {a:.5g}·exp({sign}{abs(b):.5g}·x)"


def _plot(left: str, tooltip: str) -> pg.PlotWidget:
    """A plot without title or legend (the caption names the lines): in a tab beside the fit, at twice
    the text, two plots side by side have no room for them."""
    widget = pg.PlotWidget()
    widget.setMinimumSize(160, 140)
    widget.setToolTip(tooltip)
    plot = widget.getPlotItem()
    plot.hideButtons()
    plot.setMenuEnabled(False)
    for name in ("bottom", "left"):
        plot.getAxis(name).setTickFont(base_font())
        plot.getAxis(name).enableAutoSIPrefix(False)
    plot.setLabel("bottom", "x", **LABEL_STYLE)
    plot.setLabel("left", left, **LABEL_STYLE)
    return widget


class LogLinearView(QWidget):
    """The data with both exponential fits, the (x, log y) plot, and both sums of squares."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.comparison = None
        self.message = LinesCaption(3)
        self.message.setObjectName("nonlinear-log-linear-message")
        self.why = LinesCaption(3)
        self.why.setObjectName("nonlinear-log-linear-why")
        self.why.setText(WHY)
        self.data_plot = _plot("y", "The data and both fits: dashed the log-linear one, solid least squares")
        self.log_plot = _plot("ln y", "ln y against x: the log-linear fit is the best straight line here")
        self.points, self.log_points = (pg.ScatterPlotItem(size=7, pen=None, brush=pg.mkBrush(POINT_COLOR))
                                        for _ in range(2))
        self.log_linear_curve = pg.PlotDataItem(pen=LOG_LINEAR_PEN)
        self.least_squares_curve = pg.PlotDataItem(pen=LEAST_SQUARES_PEN)
        self.log_line = pg.PlotDataItem(pen=LOG_LINEAR_PEN)
        self.log_least_squares = pg.PlotDataItem(pen=LEAST_SQUARES_PEN)
        data = self.data_plot.getPlotItem()
        for item in (self.points, self.log_linear_curve, self.least_squares_curve):
            data.addItem(item)
        for item in (self.log_points, self.log_line, self.log_least_squares):
            self.log_plot.getPlotItem().addItem(item)
        self.body = QWidget()
        plots = QHBoxLayout(self.body)
        plots.setContentsMargins(0, 0, 0, 0)
        plots.addWidget(self.data_plot)
        plots.addWidget(self.log_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.body, stretch=1)
        layout.addWidget(self.why)
        layout.addStretch(0)  # a sentence alone stays at the top
        lab.problem_changed.connect(self._on_problem_changed)
        self._on_problem_changed(lab.problem)

    @property
    def rss_log_linear(self) -> float | None:
        return None if self.comparison is None else float(self.comparison.rss_log_linear)

    @property
    def rss_least_squares(self) -> float | None:
        return None if self.comparison is None else float(self.comparison.rss_least_squares)

    # ---- the problem ------------------------------------------------------------------------------------
    @Slot(object)
    def _on_problem_changed(self, problem) -> None:
        self.comparison = None
        text = self._refusal(problem)
        if text is None:
            try:
                self.comparison = log_linear_fit(problem)
            except InputError as error:
                text = f"The log-linear fit cannot be made here: {error}"
            except Exception as error:  # never a traceback: say what stopped
                text = f"The log-linear fit could not be computed ({error_text(error)})."
        shown = self.comparison is not None
        self.body.setVisible(shown)
        self.why.setVisible(shown)
        self.message.set_lines(3 if shown else 8)
        if not shown:
            self.message.setText(text)
            return
        self._draw(problem)

    @staticmethod
    def _refusal(problem) -> str | None:
        """Why the comparison does not apply to `problem`, or None when it does."""
        if problem is None:
            return "Choose data and an exponential model to compare the log-linear fit with least squares."
        if exponential_form(problem.formula) is None:
            return (f"The log-linear trick is for an exponential model y = a·exp(b·x), whose logarithm is a line in "
                    f"x. This model, {problem.formula}, is not one. Choose the exponential decay or growth model "
                    "to compare the two fits.")
        bad = np.flatnonzero(problem.y <= 0)
        if bad.size:
            row = int(bad[0])
            return (f"The log-linear fit needs every y above 0 (ln y of 0 or of a negative number does not "
                    f"exist), and row {row + 1} has y = {problem.y[row]:.6g}"
                    f"{f' ({bad.size - 1} more rows too)' if bad.size > 1 else ''}. The least-squares fit of y "
                    "itself has no such limit.")
        return None

    def _draw(self, problem) -> None:
        comparison = self.comparison
        x, y = np.asarray(problem.x, dtype=float), np.asarray(problem.y, dtype=float)
        a_log, b_log = (float(v) for v in comparison.b_log_linear)
        a_ls, b_ls = (float(v) for v in comparison.b_least_squares)
        grid = np.linspace(x.min(), x.max(), CURVE_POINTS)
        self.points.setData(x, y)
        self.log_points.setData(x, np.log(y))
        with np.errstate(all="ignore"):
            self.log_linear_curve.setData(grid, a_log * np.exp(b_log * grid))
            self.least_squares_curve.setData(grid, a_ls * np.exp(b_ls * grid))
            self.log_line.setData(grid, np.log(a_log) + b_log * grid)
            if a_ls > 0:
                self.log_least_squares.setData(grid, np.log(a_ls) + b_ls * grid)
            else:
                self.log_least_squares.setData([], [])
        rss_log, rss_ls = comparison.rss_log_linear, comparison.rss_least_squares
        if getattr(comparison, "status", "converged") != "converged":
            self.message.setText(
                f"Sum of squares of y − ŷ: log-linear fit (dashed) {rss_log:.6g}, {exponential_text(a_log, b_log)}; "
                f"the least-squares fit (solid) did not reach a minimum from there ({comparison.message}): "
                f"{rss_ls:.6g} where it stopped.")
            return
        smaller = f", {rss_log / rss_ls:.3g} times smaller" if rss_ls > 0 else ""
        self.message.setText(
            f"Sum of squares of y − ŷ: log-linear fit (dashed) {rss_log:.6g}, least-squares fit (solid) "
            f"{rss_ls:.6g}{smaller}. Dashed: {exponential_text(a_log, b_log)}; solid: {exponential_text(a_ls, b_ls)}.")

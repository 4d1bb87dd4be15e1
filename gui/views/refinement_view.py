"""Refinement: the digits of θ regained at each step of iterative refinement in mixed precision.

One dot per refinement step of the run's `refine` solver, at the digits of its θ measured against the
run's reference (lstsq in float64 on the same data), joined by a line that climbs from the digits of the
low-precision solve alone (step 0, dotted) towards float64's ceiling of ≈ 16 digits; the dashed line is
what the low precision itself holds (−log10 u: 3.3 digits for float16). The dots follow the player: a
step not yet played is not drawn, and the current one is ringed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout

from engine.honesty import DOUBLE_DIGITS, error_digits, relative_error
from engine.precision import Precision, get_precision

from ..look.style import REFERENCE_COLOR, base_font, caption_label
from .base import RunView
from .surface.fitting import FittingAxis

if TYPE_CHECKING:
    from engine import Problem, Result

    from ..lab import Lab

METHOD = "refine"
NOTHING_TO_SHOW = ("Check “Iterative refinement (mixed precision)” and run: its digits after each refinement "
                   "step appear here, rising from the low precision's own few digits towards float64's 16.")
LINE_COLOR = "#1f77b4"
LOW_COLOR = "#d62728"
#: The plot's least height in text lines (the vertical axis title and five ticks).
MIN_PLOT_LINES = 8


def _horizontal(color: str, style: Qt.PenStyle, position: float, below: bool) -> pg.InfiniteLine:
    """A level line with a short label at `position` (0 left … 1 right) of the view, above or below it."""
    line = pg.InfiniteLine(angle=0, movable=False, pen=pg.mkPen(color, width=1.5, style=style), label=" ",
                           labelOpts={"position": position, "color": color})
    line.label.setFont(base_font(10))
    _put_label(line, below)
    return line


def _put_label(line: pg.InfiniteLine, below: bool) -> None:
    """The label's text hangs below the line or stands on it, and stays inside the view's width."""
    anchor = (line.label.orthoPos, 0.0 if below else 1.0)
    line.label.anchors = [anchor, anchor]
    line.label.updatePosition()


class RefinementView(RunView):
    """Digits of θ against the refinement step, for the run's iterative refinement."""

    name = "refinement"
    title = "Refinement"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.caption = caption_label(3, 11)
        self.caption.setObjectName("refinement-caption")
        self.plot = pg.PlotWidget(axisItems={side: FittingAxis(side) for side in ("left", "bottom")})
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)
        self.plot.setLabel("left", "correct digits of θ", **{"font-size": "11pt"})
        self.plot.setLabel("bottom", "refinement step", **{"font-size": "11pt"})
        self.plot.setYRange(-0.6, 17, padding=0)
        self.plot.setMinimumHeight(QFontMetrics(base_font(11)).lineSpacing() * MIN_PLOT_LINES)
        self.ceiling = _horizontal(REFERENCE_COLOR, Qt.PenStyle.SolidLine, 0.03, below=True)
        self.ceiling.setValue(DOUBLE_DIGITS)
        self.ceiling.label.setFormat("float64 holds ≈ 16 digits")
        self.low_ceiling = _horizontal(LOW_COLOR, Qt.PenStyle.DashLine, 0.45, below=False)
        self.alone = _horizontal(LOW_COLOR, Qt.PenStyle.DotLine, 0.97, below=True)
        self.curve = pg.PlotDataItem([], [], pen=pg.mkPen(LINE_COLOR, width=2), symbol="o", symbolSize=10,
                                     symbolBrush=pg.mkBrush(LINE_COLOR), symbolPen="w")
        self.current = pg.ScatterPlotItem(size=20, pen=pg.mkPen(LINE_COLOR, width=2), brush=None)
        self.promise = pg.PlotDataItem([], [], pen=pg.mkPen(LINE_COLOR, width=1, style=Qt.PenStyle.DashLine))
        for item in (self.ceiling, self.low_ceiling, self.alone, self.promise, self.curve, self.current):
            self.plot.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self._drawn = (np.empty(0, dtype=int), np.empty(0))
        self._shown_key: str | None = None
        lab.focus_changed.connect(self._on_focus_changed)
        self._clear(NOTHING_TO_SHOW)

    # ---- what is drawn (for tests and exports) --------------------------------------------
    def drawn_digits(self) -> tuple[np.ndarray, np.ndarray]:
        """(the refinement steps, the digits of θ at each) as drawn."""
        return self._drawn

    @property
    def shown_key(self) -> str | None:
        """The refinement run whose digits are drawn (None: nothing drawn)."""
        return self._shown_key

    def low_precision_lines(self) -> tuple[float | None, float | None]:
        """(the digits the low precision holds, the digits of its solve alone) as drawn (None: hidden)."""
        return (self.low_ceiling.value() if self.low_ceiling.isVisible() else None,
                self.alone.value() if self.alone.isVisible() else None)

    # ---- RunView ---------------------------------------------------------------------------
    def run_started(self) -> None:
        self._clear("Running… " + NOTHING_TO_SHOW)

    def refresh(self, position: int) -> None:
        key = self._refinement_key()
        if key is None:
            self._clear(NOTHING_TO_SHOW)
            return
        problem, reference = self.lab.measured_against(key)
        trace = self.lab.traces.get(key)
        if problem is None or reference is None or reference.theta is None or trace is None or not len(trace):
            self._clear(f"{self.lab.solver_label(key)}: waiting for its steps and for lstsq's float64 answer "
                        "to measure them against.")
            return
        played = [trace[i] for i in range(min(position, len(trace) - 1) + 1)]
        steps = np.array([step.k for step in played], dtype=int)
        digits = np.array([self._digits(problem, step.theta, reference) for step in played])
        self._draw(key, steps, digits, played[0].detail.get("factor_precision", "float16"))
        self.caption.setText(self._caption(key, problem, position, digits))

    # ---- inside ------------------------------------------------------------------------------
    def _refinement_key(self) -> str | None:
        """The focused solver if it is a refinement, else the run's first refinement."""
        methods = {request.key: request.method for request in self.lab.race.requests}
        focus = self.lab.focus_key()
        if focus is not None and methods.get(focus) == METHOD:
            return focus
        return next((key for key, method in methods.items() if method == METHOD), None)

    @staticmethod
    def _digits(problem: Problem, theta, reference: Result) -> float:
        if theta is None:
            return 0.0
        return error_digits(relative_error(problem, theta, reference.theta))

    def _draw(self, key: str, steps: np.ndarray, digits: np.ndarray, low_name: str) -> None:
        low = get_precision(low_name)
        self._shown_key = key
        self._drawn = (steps, digits)
        self.curve.setData(steps, digits)
        self.promise.setData(*self._promised(key, digits[0], low))
        self.current.setData([steps[-1]], [digits[-1]])
        self.low_ceiling.setValue(low.digits)
        self.low_ceiling.label.setFormat(f"{low.name} holds {low.digits:.1f} digits")
        self.alone.setValue(digits[0])
        _put_label(self.alone, below=digits[0] >= 1.5)  # near 0 digits, below would leave the view
        self.alone.label.setFormat(f"{low.name} alone (step 0): {digits[0]:.1f}")
        for item in (self.low_ceiling, self.alone, self.current):
            item.show()
        last = max(self.lab.last_step(key) or 0, 1)
        self.plot.setXRange(-0.3, last + 0.3, padding=0)
        self.plot.getAxis("bottom").setTickSpacing(major=max(1, math.ceil(last / 10)), minor=1)

    def _promised(self, key: str, start: float, low: Precision) -> tuple[np.ndarray, np.ndarray]:
        """What theory promises when κ(A)·u(low) < 1: −log10(κ·u) more digits a step, up to float64's."""
        problem = self.lab.problem
        kappa_u = problem.cond_scaled * low.unit_roundoff if problem is not None else math.inf
        if not kappa_u < 1:
            return np.empty(0), np.empty(0)
        gain = -math.log10(max(kappa_u, 1e-16))
        steps = np.arange(max(self.lab.last_step(key) or 0, 1) + 1)
        return steps, np.minimum(start + gain * steps, DOUBLE_DIGITS)

    def _caption(self, key: str, problem: Problem, position: int, digits: np.ndarray) -> str:
        step = self.lab.step_at(key, position)
        low = get_precision(step.detail.get("factor_precision", "float16"))
        kappa_u = problem.cond_scaled * low.unit_roundoff
        if kappa_u < 1:
            promise = (f"κ(A)·u({low.name}) ≈ {kappa_u:.2g}\u00a0<\u00a01: about "
                       f"{-math.log10(max(kappa_u, 1e-16)):.1f} digits regained per step (dashed), "
                       "up to what float64 itself reaches on these data.")
        else:
            promise = (f"κ(A)·u({low.name}) ≈ {kappa_u:.2g}\u00a0≥\u00a01: the {low.name} factors are too "
                       "inaccurate to refine.")
        where = self.lab.step_caption(key, position)
        text = (f"A factored in {low.name}, {where}: θ has {digits[-1]:.1f} correct digits ({low.name} alone: "
                f"{digits[0]:.1f}), measured against lstsq in float64. {promise}")
        result = self.lab.results.get(key)
        if result is not None and self.lab.at_end(key, position) and not result.ok:
            text = f"It stopped ({result.status}). " + text
        return text

    def _clear(self, text: str) -> None:
        self._shown_key = None
        self._drawn = (np.empty(0, dtype=int), np.empty(0))
        for item in (self.curve, self.current, self.promise):
            item.setData([], [])
        for item in (self.low_ceiling, self.alone, self.current):
            item.hide()
        self.caption.setText(text)

    @Slot(str)
    def _on_focus_changed(self, _key: str) -> None:
        if self.isVisible():
            self.refresh(self.lab.position)

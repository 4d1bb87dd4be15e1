"""Convergence: how fast each iterative solver approaches the optimum, next to what theory promises.

Left, the loss gap L(θₖ) − L* (L* = problem.loss of lstsq's answer); right, the gradient norm;
both on log scales against the iteration k or the wall time. The curves hold every recorded
step of the run that carries a loss (not only those up to the player's position); the grey
vertical line and one dot per solver mark the player's position. Dashed: the theory —

* gradient descent with step η on a quadratic: θₖ − θ* = (I − ηH)ᵏ(θ₀ − θ*), so with
  q = max|1 − ηλ| over the eigenvalues λ of the loss's Hessian H = s·AᵀA,
  L(θₖ) − L* ≤ q²ᵏ·(L(θ₀) − L*) and ‖∇L(θₖ)‖ ≤ qᵏ·‖∇L(θ₀)‖; for η = 1/L, q = 1 − 1/κ;
* Newton with damping d: the gap is exactly (1 − d)²ᵏ·(L(θ₀) − L*), one step when d = 1;
* conjugate gradient: exact after at most p steps (in exact arithmetic).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from engine import SOLVERS
from engine.convergence_series import Series, gd_rate
from engine.own_references import OWN_REFERENCE_METHODS
from engine.precision import get_precision
from engine.rescale import rescaling_for

from ..look.legend_place import keep_in_emptiest_corner
from ..look.solver_look import SolverLook
from ..look.style import REFERENCE_COLOR, base_font
from .base import RunView

if TYPE_CHECKING:
    from ..lab import Lab

#: Gaps and norms below this are drawn at it, so that a log axis can show an exact 0.
FLOOR = 1e-32
#: A bound that grows (η > 2/L) is cut here rather than drawn as ∞.
CEILING = 1e300
#: The iterative solvers evaluate the loss from AᵀA, Aᵀy and yᵀy (O(p²) a step, whatever n is): a
#: difference of numbers of the size of L(0), so below about this many ε·L(0) the gap L − L* is
#: rounding noise. The curves stop there, on a dashed line, instead of jumping about under it.
ROUNDING_ULPS = 4

#: x-axis label and units; wall time spreads each solver's Result.elapsed_s evenly over its iterations.
#: What the methods of another distance make small instead of the squares (the note's words).
OTHER_DISTANCE_WORDS = {"tls": "makes the perpendicular distances small",
                        "lad": "makes the sum of |r| small"}
X_MODES = {"iteration": ("iteration k", None), "time": ("wall time, even per iteration", "s")}


def _plot(y_label: str) -> pg.PlotWidget:
    """A log-y plot; no title, so the curves keep the height of a short dock."""
    plot = pg.PlotWidget()
    plot.setLogMode(False, True)
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.setMenuEnabled(False)
    plot.setLabel("left", y_label, **{"font-size": "12pt"})
    for side in ("left", "bottom"):
        plot.getAxis(side).setTickFont(base_font(11))
        plot.getAxis(side).enableAutoSIPrefix(False)  # real values: "(x0.001)" beside a log axis misleads
    plot.setLabel("bottom", X_MODES["iteration"][0], **{"font-size": "12pt"})
    return plot


class _Slot:
    """The plot items of the i-th solver of a run, created once and reused by later runs."""

    def __init__(self, loss_plot: pg.PlotWidget, grad_plot: pg.PlotWidget):
        self.curves = [plot.plot([], [], connect="finite") for plot in (loss_plot, grad_plot)]
        self.bounds = [plot.plot([], []) for plot in (loss_plot, grad_plot)]
        self.dots = [plot.plot([], [], pen=None, symbol="o", symbolSize=11, symbolPen="w")
                     for plot in (loss_plot, grad_plot)]
        self.marker = pg.InfiniteLine(angle=90, movable=False, label=" ",
                                      labelOpts={"position": 0.92, "anchors": [(0, 0), (0, 0)]})
        self.marker.label.setFont(base_font(11))
        loss_plot.addItem(self.marker)

    def set_look(self, look: SolverLook) -> None:
        """Draw in the solver's own colour, dash and marker (the same as on the canvas)."""
        color = look.color
        for curve in self.curves:
            curve.setPen(pg.mkPen(color, width=2, style=look.dash))
        theory = pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine)
        for bound in self.bounds:
            bound.setPen(theory)
        for dot in self.dots:
            dot.setSymbol(look.marker)
            dot.setSymbolBrush(pg.mkBrush(color))
        self.marker.setPen(theory)
        self.marker.label.setColor(color)

    def clear(self) -> None:
        for item in (*self.curves, *self.bounds, *self.dots):
            item.setData([], [])
        self.marker.hide()


class ConvergenceView(RunView):
    """Loss gap and gradient norm per solver on log scales, with the theory dashed."""

    name = "convergence"
    title = "Convergence"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.x_box = QComboBox()
        self.x_box.addItem("iteration k", "iteration")
        self.x_box.addItem("wall time", "time")
        self.x_box.setToolTip("Wall time spreads each solver's measured time (Result.elapsed_s) evenly over "
                              "its iterations; a solver appears once it has ended.")
        self.x_box.currentIndexChanged.connect(self._on_x_mode_changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("x axis:"))
        top.addWidget(self.x_box)
        top.addWidget(self.note, 1)

        self.loss_plot = _plot("L(θₖ) − L*")
        self.grad_plot = _plot("‖∇L(θₖ)‖")
        self.loss_plot.setToolTip("The loss minus the optimum L* (the loss of lstsq's answer), log scale. Below the "
                                  f"dashed rounding level, {ROUNDING_ULPS}·ε·L(0), the gap is rounding noise (it can "
                                  "even come out negative): the curves are drawn on that line.")
        self.grad_plot.setToolTip("The norm of the loss's gradient, log scale (the linear-system methods: ‖c − Hθ‖).")
        self.grad_plot.setXLink(self.loss_plot)
        legend_style = {"offset": (-10, 10), "labelTextSize": "11pt", "brush": pg.mkBrush(255, 255, 255, 220),
                        "pen": pg.mkPen("#BBBBBB")}
        self.loss_legend = self.loss_plot.addLegend(colCount=2, **legend_style)
        self.grad_legend = self.grad_plot.addLegend(**legend_style)
        self.legend_placers = [keep_in_emptiest_corner(self.loss_plot, self.loss_legend),
                               keep_in_emptiest_corner(self.grad_plot, self.grad_legend)]
        position_pen = pg.mkPen(REFERENCE_COLOR, width=2)
        self.position_lines = [pg.InfiniteLine(angle=90, pen=position_pen, movable=False)
                               for _ in (self.loss_plot, self.grad_plot)]
        self.loss_plot.addItem(self.position_lines[0])
        self.rounding_level = FLOOR
        self._start_loss = 0.0
        rounding_pen = pg.mkPen("#888888", width=1.5, style=Qt.PenStyle.DashLine)
        self.rounding_line = pg.InfiniteLine(angle=0, movable=False, label="rounding level", pen=rounding_pen,
                                             labelOpts={"position": 0.08, "color": "#555555",
                                                        "anchors": [(0, 1), (0, 1)]})
        self.rounding_line.label.setFont(base_font(10))
        self.rounding_line.hide()
        self.loss_plot.addItem(self.rounding_line)
        self.grad_plot.addItem(self.position_lines[1])
        plots = QHBoxLayout()
        plots.addWidget(self.loss_plot)
        plots.addWidget(self.grad_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(plots, 1)

        self._slots: list[_Slot] = []
        self._series: dict[str, Series] = {}
        self._index: dict[str, int] = {}
        self._methods: dict[str, str] = {}
        self._params: dict[str, dict] = {}
        self._optimum: float | None = None
        self._eigenvalues: np.ndarray | None = None
        self._theory: dict[str, float] = {}  # key → q of its dashed bound
        self._ended: frozenset[str] = frozenset()
        self._position = 0
        self.run_started()

    # ---- public --------------------------------------------------------------------------
    @property
    def x_mode(self) -> str:
        return self.x_box.currentData()

    def set_x_mode(self, mode: str) -> None:
        """'iteration' or 'time'."""
        self.x_box.setCurrentIndex(self.x_box.findData(mode))

    def series(self, key: str) -> Series | None:
        """The recorded (k, gap, gradient norm) of an iterative solver (raw, unclipped)."""
        return self._series.get(key)

    def items(self, key: str) -> _Slot | None:
        return self._slots[self._index[key]] if key in self._index else None

    def rate(self, key: str) -> float | None:
        """q of the dashed bound drawn for this solver (None: no bound drawn)."""
        return self._theory.get(key)

    # ---- RunView -------------------------------------------------------------------------
    def run_started(self) -> None:
        for slot in self._slots:
            slot.clear()
        self.loss_legend.clear()
        self.grad_legend.clear()
        for line in self.position_lines:
            line.hide()
        requests = self.lab.race.requests
        self._methods = {r.key: r.method for r in requests}
        self._index = {r.key: i for i, r in enumerate(requests)}
        self._params = {r.key: r.params for r in requests}
        # Another distance (tls, lad) has another optimum than L*: no gap to draw (said in the note).
        self._series = {key: Series() for key, method in self._methods.items()
                        if not SOLVERS.get(method).direct and method not in OWN_REFERENCE_METHODS}
        while len(self._slots) < len(requests):
            self._slots.append(_Slot(self.loss_plot, self.grad_plot))
        for key, index in self._index.items():
            self._slots[index].set_look(self.lab.solver_look(key))
        for key in self._series:
            self.loss_legend.addItem(self._slots[self._index[key]].curves[0], self.lab.solver_label(key))
        self._optimum = None
        self.rounding_line.hide()
        self._eigenvalues = None
        self._theory = {}
        self._ended = frozenset()
        self.note.setText("")

    def refresh(self, position: int) -> None:
        self._position = position
        problem = self.lab.problem
        if problem is None or not self._methods:
            return
        if rescaling_for(problem) is not None:  # losses near 1e600: not floating-point numbers
            self.note.setText("The losses of these data (numbers near 1e±300) are beyond floating point: "
                              "no curve can be drawn. The comparison table gives each answer.")
            return
        if self._optimum is None and not self._find_optimum():
            return
        grew = [key for key in self._series if self._sync(key)]
        ended = frozenset(self.lab.race.results)
        if grew or ended != self._ended:
            self._ended = ended
            self._update_theory()
            self._update_curves()
            self._update_note()
        self._update_position(position)

    # ---- data ------------------------------------------------------------------------------
    def _rounding_level(self, precision: str) -> float:
        """About ROUNDING_ULPS·ε·L(0) of that precision: below it, a gap is rounding noise."""
        return max(ROUNDING_ULPS * get_precision(precision).epsilon * self._start_loss, FLOOR)

    def _find_optimum(self) -> bool:
        reference = self.lab.race.reference
        if reference is None:
            return False
        problem = self.lab.problem
        self._optimum = problem.loss(reference.theta) if reference.theta is not None else 0.0
        self._start_loss = 0.5 * problem.loss_scale * problem.yty  # L(0)
        # The line marks the coarsest precision of the run (float16's is far above float64's);
        # each curve stops at its own precision's level.
        precisions = {self.lab.solver_precision(key) for key in self.lab.solver_keys()} or {"float64"}
        coarsest = max(precisions, key=lambda name: get_precision(name).unit_roundoff)
        self.rounding_level = self._rounding_level(coarsest)
        self.rounding_line.setValue(np.log10(self.rounding_level))  # a log axis places items by log₁₀
        label = "rounding level" if coarsest == "float64" else f"rounding level ({coarsest})"
        self.rounding_line.label.setFormat(label)
        self.rounding_line.show()
        # λ ≥ 0 in exact arithmetic; rounding can make λmin of a singular Hessian −1e-17.
        self._eigenvalues = np.maximum(np.linalg.eigvalsh(problem.gram * problem.loss_scale), 0.0)
        return True

    def _sync(self, key: str) -> bool:
        """Append the steps recorded since the last frame; True if any was new."""
        trace = self.lab.race.traces.get(key)
        series = self._series[key]
        if trace is None:
            return False
        if trace.stride != series.stride:  # the trace thinned its steps: read them again
            series.reset(trace.stride)
        # While a solver runs, the trace's last step may still be dropped by thinning: wait for it.
        stable = len(trace) if key in self.lab.race.results else len(trace) - 1
        return series.read(trace, stable, self._optimum)

    def _dt(self, key: str) -> float | None:
        """Seconds per iteration, once the solver ended (its time is known only then)."""
        result = self.lab.race.results.get(key)
        if result is None:
            return None
        series = self._series.get(key)
        iterations = result.iterations or (int(series.k[series.size - 1]) if series and series.size else 0)
        return result.elapsed_s / max(iterations, 1)

    def _x(self, key: str, k):
        if self.x_mode == "iteration":
            return k
        dt = self._dt(key)
        return None if dt is None else np.asarray(k) * dt

    # ---- drawing ------------------------------------------------------------------------------
    def _update_theory(self) -> None:
        """Work out each drawable bound once its solver's start is recorded (O(p³) once per run)."""
        for key, series in self._series.items():
            if key in self._theory or not series.size or series.k[0] != 0:
                continue
            method, params = self._methods[key], self._params[key]
            if float(params.get("l2", 0.0) or 0.0) > 0:
                continue  # a penalised loss has another optimum than L*
            start = self.lab.race.traces[key][0]
            if method == "gd" and "lr" in start.detail:
                lr = float(start.detail["lr"])
                q = gd_rate(self._eigenvalues, lr)
                lo, hi = self._eigenvalues[0], self._eigenvalues[-1]
                kappa = hi / lo if lo > 0 else np.inf
                rate = "(1 − 1/κ)" if np.isclose(lr * hi, 1.0) else "q"
                name = f"gd theory: ∝ {rate}ᵏ"  # short for a narrow plot; the tooltip has the bounds
                text = (f"Upper bounds for gradient descent on a quadratic: loss gap (L₀ − L*)·{rate}²ᵏ, gradient "
                        f"‖∇L₀‖·{rate}ᵏ; the error shrinks by q = max|1 − ηλ| "
                        f"= {q:.4g} per step (η = {lr:.3g}, λ of the Hessian s·AᵀA, κ = λmax/λmin = {kappa:.3g}).")
            elif method == "newton" and float(params.get("damping", 1.0)) < 1.0:
                q = 1.0 - float(params["damping"])
                name = "Newton theory: ∝ (1 − d)²ᵏ"
                text = f"Damped Newton on a quadratic: the gap shrinks by exactly (1 − d)² = {q * q:.3g} per step."
            else:
                continue
            self._theory[key] = q
            slot = self._slots[self._index[key]]
            for item in slot.bounds:
                item.setToolTip(text)
            self.grad_legend.addItem(slot.bounds[1], name)

    def _update_curves(self) -> None:
        problem = self.lab.problem
        for key, series in self._series.items():
            slot = self._slots[self._index[key]]
            self._update_marker(key, slot, problem.p)
            n = series.size
            x = self._x(key, series.k[:n])
            if x is None or not n:
                for item in (*slot.curves, *slot.bounds):
                    item.setData([], [])
                continue
            slot.curves[0].setData(x, np.maximum(series.gap[:n], self._rounding_level(self.lab.solver_precision(key))))
            slot.curves[1].setData(x, np.maximum(series.grad[:n], FLOOR))
            q = self._theory.get(key)
            if q is not None:
                k = series.k[:n]
                with np.errstate(under="ignore", over="ignore"):  # q = 0 (one step) and q > 1 (η > 2/L)
                    gap_bound = max(series.gap[0], 0.0) * q ** (2 * k)
                    grad_bound = series.grad[0] * q ** k
                slot.bounds[0].setData(x, np.clip(gap_bound, FLOOR, CEILING))
                slot.bounds[1].setData(x, np.clip(grad_bound, FLOOR, CEILING))

    def _update_marker(self, key: str, slot: _Slot, p: int) -> None:
        """CG's finite termination at k = p, Newton's single step at k = 1."""
        method = self._methods[key]
        at = {"cg": p, "newton": 1}.get(method)
        if at is None or (method == "newton" and float(self._params[key].get("damping", 1.0)) != 1.0):
            return
        x = self._x(key, at)
        if x is None:
            slot.marker.hide()
            return
        slot.marker.label.setFormat(f"CG: exact after p = {p} steps" if method == "cg"
                                    else "Newton: exact after 1 step")
        slot.marker.setToolTip("In exact arithmetic CG ends at the minimum after at most p steps (p = number of "
                               "parameters); rounding can add a few." if method == "cg" else
                               "On a quadratic loss one undamped Newton step θ − H⁻¹∇L lands on the minimum.")
        slot.marker.label.setPosition(0.95 if method == "cg" else 0.8)  # two labels near k = 0 must not overlap
        slot.marker.setValue(float(x))
        slot.marker.show()

    def _update_position(self, position: int) -> None:
        """The grey line at the focused solver's current step, one dot per solver: O(solvers)."""
        keys = [key for key in self._series if self._series[key].size]
        focus = self.lab.focus_key()
        focus = focus if focus in keys else (keys[0] if keys else None)
        line_x = None
        for key in self._series:
            slot = self._slots[self._index[key]]
            step = self.lab.step_at(key, position)
            x = None if step is None else self._x(key, step.k)
            if x is None or step.loss is None:
                for dot in slot.dots:
                    dot.setData([], [])
                continue
            gap = max(step.loss - self._optimum, self._rounding_level(self.lab.solver_precision(key)))
            slot.dots[0].setData([x], [gap])
            slot.dots[1].setData([x], [max(step.grad_norm or 0.0, FLOOR)])
            if key == focus:
                line_x = x
        for line in self.position_lines:
            line.setVisible(line_x is not None)
            if line_x is not None:
                line.setValue(float(line_x))

    def _update_note(self) -> None:
        """The solvers without a curve, and why."""
        parts = []
        results = self.lab.race.results
        for key in self._methods:
            label = self.lab.solver_label(key)
            if self._methods[key] in OWN_REFERENCE_METHODS:
                parts.append(f"{label}: {OTHER_DISTANCE_WORDS[self._methods[key]]}, not the squares, so its loss "
                             "has no gap to L* to draw")
            elif key not in self._series:
                result = results.get(key)
                gap = "" if result is None or result.loss is None else \
                    f", L − L* = {max(result.loss - self._optimum, 0.0):.2g}"
                parts.append(f"{label}: direct, no iterations{gap}")
            elif key in results and not self._series[key].size:
                parts.append(f"{label}: no loss recorded")
        if self.x_mode == "time":
            running = [self.lab.solver_label(k) for k in self._series if k not in results]
            if running:
                parts.append("still running (no time yet): " + ", ".join(running))
        self.note.setText(";  ".join(parts))

    def _on_x_mode_changed(self) -> None:
        label, units = X_MODES[self.x_mode]
        for plot in (self.loss_plot, self.grad_plot):
            plot.setLabel("bottom", label, units=units, **{"font-size": "12pt"})
        if self._optimum is not None:
            self._update_curves()
            self._update_note()
            self._update_position(self._position)
        for plot in (self.loss_plot, self.grad_plot):
            plot.enableAutoRange()

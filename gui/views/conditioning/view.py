"""Digits against κ: why the normal equations lose twice the digits, as a law and in every precision.

A family of problems whose κ(A) grows is solved by each checked method in each checked precision,
in a worker; each answer is measured against exact arithmetic on the same rounded data and drawn as
a dot (colour: the method, as everywhere; marker: the precision) as soon as it is measured. Beside
them, the digits the error bounds promise: −log10(κ·u), slope 1 (QR, SVD), and −log10(κ²·u), slope 2
(the normal equations), and each precision's wall at κ = 1/u. The data on screen are one more,
larger, ringed dot per method at their own κ(A).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from engine import SOLVERS
from engine.precision import PRECISION_NAMES, PRECISIONS
from engine.sweep import FAMILIES, FAMILY_NAMES, SWEEP_METHODS, Measurement, family_problems, own_problem

from ...look.solver_look import solver_look
from ...look.style import base_font, caption_label
from ...run.threads import WorkerThreads
from ..base import RunView
from .menus import check_only, checkable_actions, menu_button
from .plot import MARKER_WORDS, PRECISION_MARKERS, SweepPlot
from .worker import SweepWorker

if TYPE_CHECKING:
    from engine import Problem

    from ...lab import Lab

#: Every direct method the view offers (the first ones checked at the start).
OFFERED_METHODS = (*SWEEP_METHODS, "cgs", "givens")
DEFAULT_PRECISIONS = ("float64", "float16")
PROBLEMS_PER_FAMILY = 12
#: Redraw at most this often while dots arrive (ms).
REDRAW_MS = 60
#: Measure the data on screen this long after their last change (ms).
OWN_DELAY_MS = 250


#: What the status says of the data on screen while they are measured.
MEASURING = "Your data: measuring…"

class ConditioningView(RunView):
    """The sweep of one family, live, with the predicted lines and the user's own data."""

    name = "conditioning"
    title = "Digits against κ"

    # ---- Signals
    sweep_finished = Signal()
    """The family's sweep has measured its last dot (not sent when it was cancelled)."""
    own_finished = Signal()
    """The data on screen have been measured (or found impossible to measure)."""

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.family_actions = checkable_actions(
            self, [(name, FAMILIES[name].title, None) for name in FAMILY_NAMES], FAMILY_NAMES[:1],
            self._on_settings_changed, exclusive=True)
        for name, action in self.family_actions.items():
            action.setToolTip(FAMILIES[name].description)
        self.precision_actions = checkable_actions(
            self, [(name, PRECISIONS[name].label + f"  {MARKER_WORDS[PRECISION_MARKERS[name]]}", None)
                   for name in PRECISION_NAMES], DEFAULT_PRECISIONS, self._on_settings_changed)
        self.method_actions = checkable_actions(
            self, [(name, SOLVERS.get(name).label, solver_look(name).color) for name in OFFERED_METHODS
                   if name in SOLVERS], SWEEP_METHODS, self._on_settings_changed)
        self.family_button = menu_button("Family", self.family_actions)
        self.precision_button = menu_button("Precisions", self.precision_actions)
        self.method_button = menu_button("Methods", self.method_actions)
        self.status = caption_label(2, 10)
        self.status.setObjectName("conditioning-status")
        top = QHBoxLayout()
        top.addWidget(self.family_button)
        top.addWidget(self.precision_button)
        top.addWidget(self.method_button)
        top.addWidget(self.status, 1)
        self.plot = SweepPlot()
        self.plot.setMinimumHeight(120)
        self.legend = caption_label(2, 10)
        self.legend.setObjectName("conditioning-legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)

        self._jobs = WorkerThreads(self)
        self._sweep_run = 0  # the run ids of the current sweep and of the current measuring of the data
        self._own_run = 0
        self._next_run = 0
        self.dots: list[Measurement] = []
        self.own_dots: list[Measurement] = []
        self.sweep_running = False
        self._own_problem: Problem | None = lab.problem or lab.data_problem
        self._own_note = ""
        self._stale = True  # the settings changed since the last sweep began
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_MS)
        self._redraw.timeout.connect(self._update_plot)
        self._own_delay = QTimer(self)
        self._own_delay.setSingleShot(True)
        self._own_delay.setInterval(OWN_DELAY_MS)
        self._own_delay.timeout.connect(self._on_own_delay)
        self._update_legend()

    @property
    def busy(self) -> bool:
        """True while the sweep or the data on screen are still being measured (a screenshot waits)."""
        return self.sweep_running or self._own_delay.isActive() or self._own_note == MEASURING

    # ---- public: the settings ------------------------------------------------------------
    def family(self) -> str:
        return next(name for name, action in self.family_actions.items() if action.isChecked())

    def precisions(self) -> list[str]:
        return [name for name, action in self.precision_actions.items() if action.isChecked()]

    def methods(self) -> list[str]:
        return [name for name, action in self.method_actions.items() if action.isChecked()]

    def set_family(self, name: str) -> None:
        check_only(self.family_actions, [name])
        self._on_settings_changed()

    def set_precisions(self, names) -> None:
        check_only(self.precision_actions, names)
        self._on_settings_changed()

    def set_methods(self, names) -> None:
        check_only(self.method_actions, names)
        self._on_settings_changed()

    def start_sweep(self) -> None:
        """Measure the family again with the current settings (the old sweep is cancelled), and the
        data on screen with them."""
        self._stale = False
        family = self.family()
        self._sweep_run = self._start(self._sweep_run, lambda: family_problems(family, PROBLEMS_PER_FAMILY),
                                         self._on_sweep_done)
        self.dots = []
        self.sweep_running = True
        self.plot.show_precisions(self.precisions())
        self._measure_own()
        self._update_plot()

    # ---- RunView -------------------------------------------------------------------------
    def data_changed(self, problem) -> None:
        """Measured a moment after the last edit: a dragged point does not start a thread per frame."""
        self._own_problem = problem
        if not self._stale and not self.lab.closing:
            self._own_delay.start()

    def refresh(self, position: int) -> None:
        """The sweep does not follow the player: it starts the first time the view is drawn."""
        if self._stale and not self.lab.closing:
            self.start_sweep()

    def shutdown(self) -> None:
        self._redraw.stop()
        self._own_delay.stop()
        self._jobs.shutdown(timeout_ms=None)
        self.sweep_running = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale and not self.lab.closing:
            self.start_sweep()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

    # ---- running -------------------------------------------------------------------------
    def _start(self, old_run: int, build, on_done) -> int:
        """The run id of a new worker in place of run `old_run` (cancelled: whatever it still sends is
        dropped by its run id). No reference to a worker is kept: WorkerThreads lets go of it at its end."""
        self._cancel(old_run)
        self._next_run += 1
        worker = SweepWorker(self._next_run, build, self.methods(), self.precisions())
        worker.measured.connect(self._on_measured)
        worker.failed.connect(self._on_failed)
        worker.completed.connect(on_done)
        self._jobs.start(self._next_run, worker)
        return self._next_run

    def _cancel(self, run_id: int) -> None:
        for worker in self._jobs.workers():
            if worker.run_id == run_id:
                worker.cancel()

    def _measure_own(self) -> None:
        self.own_dots = []
        problem = self._own_problem
        if problem is None:
            self._cancel(self._own_run)
            self._own_run = 0
            self._own_note = "Your data: none on screen yet."
            self.own_finished.emit()
            return
        self._own_note = MEASURING
        self._own_run = self._start(self._own_run, lambda: [own_problem(problem)], self._on_own_done)

    @Slot()
    def _on_own_delay(self) -> None:
        if not self.lab.closing:
            self._measure_own()
            self._update_plot()

    @Slot(int, object)
    def _on_measured(self, run_id: int, dot: Measurement) -> None:
        if run_id == self._sweep_run:
            self.dots.append(dot)
        elif run_id == self._own_run:
            self.own_dots.append(dot)
        else:
            return
        if not self._redraw.isActive():
            self._redraw.start()

    @Slot(int, str)
    def _on_failed(self, run_id: int, text: str) -> None:
        if run_id == self._sweep_run or run_id == self._own_run:
            self.lab.message.emit(text)
            self.status.setText(text)

    @Slot(int)
    def _on_sweep_done(self, run_id: int) -> None:
        if run_id != self._sweep_run:
            return
        self.sweep_running = False
        self._update_plot()
        self.sweep_finished.emit()

    @Slot(int)
    def _on_own_done(self, run_id: int) -> None:
        if run_id != self._own_run:
            return
        self._own_note = self._own_words()
        self._update_plot()
        self.own_finished.emit()

    # ---- drawing -------------------------------------------------------------------------
    def _update_plot(self) -> None:
        self._redraw.stop()
        self.plot.draw(self.dots, self.own_dots, self._hollow_methods())
        self._update_status()

    def _hollow_methods(self) -> set[str]:
        """Methods whose colour an earlier checked method already has (householder and svd are both
        blue): drawn as rings, so every method stays told apart."""
        seen, hollow = set(), set()
        for method in self.methods():
            color = solver_look(method).color_name
            (hollow if color in seen else seen).add(method)
        return hollow

    def _update_status(self) -> None:
        family = FAMILIES[self.family()].title
        expected = PROBLEMS_PER_FAMILY * len(self.methods()) * len(self.precisions())
        if self.sweep_running:
            state = f"{family}: {len(self.dots)} dots measured so far (up to {expected})…"
        else:
            state = f"{family}: {len(self.dots)} dots, against exact arithmetic on the same rounded data."
        skipped = [f"{m} in {p}" for p in self.precisions() for m in self.methods()
                   if p not in SOLVERS.get(m).precisions]
        missing = f" Not measured (the method has no such precision): {', '.join(skipped)}." if skipped else ""
        self.status.setText(f"{state} {self._own_note}{missing}")

    def _own_words(self) -> str:
        if not self.own_dots:
            return ("Your data: not measured (too large for exact arithmetic, or a value the chosen "
                    "precisions cannot hold).")
        kappa = self.own_dots[0].kappa
        best = max(self.own_dots, key=lambda d: d.digits)
        worst = min(self.own_dots, key=lambda d: d.digits)
        return (f"Your data, κ(A) = {kappa:.2g}: from {worst.digits:.1f} digits ({SOLVERS.get(worst.method).label}, "
                f"{worst.precision}) to {best.digits:.1f} ({SOLVERS.get(best.method).label}, {best.precision}).")

    def _update_legend(self) -> None:
        markers = ", ".join(f"{MARKER_WORDS[PRECISION_MARKERS[p]]} {p}" for p in PRECISION_NAMES)
        self.legend.setText(
            f"Colour: the method; marker: the precision ({markers}); a ring: a second method of that colour. "
            "Grey lines: the digits left by κ·u (solid, slope 1: QR, SVD) and by κ²·u (dashed, slope 2: normal "
            "equations); dotted: the wall κ = 1/u. Black edge: your data.")

    @Slot()
    def _on_settings_changed(self, *_) -> None:
        self._stale = True
        if self.isVisible() and not self.lab.closing:
            QTimer.singleShot(0, self._start_if_stale)

    @Slot()
    def _start_if_stale(self) -> None:
        if self._stale and not self.lab.closing:
            self.start_sweep()

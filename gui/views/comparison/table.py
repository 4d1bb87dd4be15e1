"""Comparison: every solver of the run side by side, and how many of its digits are right.

Digits are the log relative error (engine.lre, NIST's LRE) against the exact rational solution
when the problem is small enough (n·p² ≤ 500,000; computed in a thread when the run ends),
else against the reference lstsq; the header's tooltip says which. The badge never shows a
wrong answer as right:

* ✘ (red): failed or diverged, no answer, or fewer than 1 correct digit;
* ✔ (green): converged or max_iter with at least 6 correct digits (κ warnings predict a loss of
  digits; the digits column measures it, so a warning alone does not take a ✔ away);
* ⚠ (amber): everything else (1 to 6 digits, a penalised answer, nothing to compare with).
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from engine import Problem, Result, lre
from engine.constrained import CONSTRAINED_METHODS
from engine.honesty import relative_error
from engine.own_references import OWN_REFERENCE_METHODS, own_digits
from engine.solvers.exact import EXACT_LIMIT

from ...look.solver_look import square_icon
from ...look.style import base_font
from ...run.threads import WorkerThreads
from ..base import RunView
from .cells import (
    BAD,
    BADGE_ROLE,
    BADGES,
    COLUMNS,
    EXACT_KEY,
    SORT_ROLE,
    WARN,
    ComparisonTable,
    SortableItem,
    badge,
    compact,
    predicted_digits_item,
)
from .exact_worker import ExactWorker
from .statistics_cells import HEADER_TIPS, StatisticsCells

if TYPE_CHECKING:
    from ...lab import Lab


class ComparisonView(RunView):
    """One row per solver (and exact), sortable, with a badge that cannot flatter."""

    name = "table"
    title = "Comparison"

    exact_ready = Signal()
    """The exact solution of the current run is known (or known to be unavailable)."""

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.table = ComparisonTable(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setFont(base_font(11))
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # run order until a header is clicked
        self.table.setSortingEnabled(True)
        self.table.copy_requested.connect(self.copy_csv)
        self.copy_button = QPushButton("Copy as CSV")
        self.copy_button.setToolTip("Copy the whole table, as shown, to the clipboard as CSV (Ctrl+C in the table).")
        self.copy_button.clicked.connect(self.copy_csv)
        self.truth_label = QLabel()
        self.truth_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.truth_label, 1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self.exact_result: Result | None = None
        self.exact_note = ""
        self._exact_run = -1
        self._jobs = WorkerThreads(self)
        self._jobs.ended.connect(self._on_job_ended)
        self._digits: dict[str, float | None] = {}
        self._shown_state = None
        self._position = 0
        self._statistics = StatisticsCells()
        lab.race.finished.connect(self._on_race_finished)
        self._update_header_tips()

    # ---- public ----------------------------------------------------------------------------
    def row_of(self, key: str) -> int:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == key:
                return row
        raise KeyError(key)

    def cell(self, key: str, column: str) -> str:
        return self.table.item(self.row_of(key), COLUMNS.index(column)).text()

    def badge_of(self, key: str) -> str:
        """'✔', '⚠', '✘', or '' (running, or the exact row)."""
        return self.table.item(self.row_of(key), 0).data(BADGE_ROLE)

    def digits(self, key: str) -> float | None:
        """The LRE shown for a solver (unrounded; None when there is nothing to measure)."""
        return self._digits.get(key)

    @property
    def computing(self) -> bool:
        """True while exact arithmetic runs in its thread."""
        return bool(self._jobs)

    @property
    def truth(self) -> tuple[str, np.ndarray | None]:
        """(name, θ) the digits are measured against: the exact solution if known, else lstsq's."""
        if self.exact_result is not None and self.exact_result.theta is not None:
            return "exact", self.exact_result.theta
        reference = self.lab.race.reference
        return "lstsq", None if reference is None else reference.theta

    def csv_text(self) -> str:
        """The table as shown (header, then rows in their sorted order) as CSV."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())])
        for row in range(self.table.rowCount()):
            writer.writerow([self.table.item(row, c).text() for c in range(self.table.columnCount())])
        return out.getvalue()

    @Slot()
    def copy_csv(self) -> None:
        QGuiApplication.clipboard().setText(self.csv_text())

    # ---- RunView -------------------------------------------------------------------------------
    def run_started(self) -> None:
        self.exact_result = None
        self.exact_note = ""
        self._shown_state = None
        self._update_table()

    def refresh(self, position: int) -> None:
        """Each row as it is at the player's `position`: the step's θ, loss and digits while a
        solver's playback is before its end, its final answer and badge from then on."""
        self._position = position
        race = self.lab.race
        if not race.running and race.requests and self._exact_run != race.run_id and not self._jobs:
            self._on_race_finished()  # this view was added after the run ended
        if self._state() != self._shown_state:
            self._update_table()

    def _shown_step(self, key: str) -> int | None:
        """The index of the step a row shows at the current position; None once it shows the answer."""
        trace = self.lab.race.traces.get(key)
        if trace is None or not len(trace):
            return None
        index = min(self._position, len(trace) - 1)
        if key in self.lab.race.results and index == len(trace) - 1:
            return None
        return index

    def _state(self) -> tuple:
        race = self.lab.race
        steps = tuple(self._shown_step(key) for key in self.lab.solver_keys())
        return race.run_id, len(race.results), race.reference is not None, self.exact_note, steps

    # ---- exact arithmetic in a thread ------------------------------------------------------------
    @Slot()
    def _on_race_finished(self) -> None:
        race, problem = self.lab.race, self.lab.problem
        if self.lab.closing:
            return  # the window is shutting down: start nothing new
        if problem is None or race.problem is not problem or self._exact_run == race.run_id:
            return  # no run, or the old run being cancelled because a new one starts
        raced = race.results.get(EXACT_KEY)
        if raced is not None and raced.theta is not None:
            self._exact_run = race.run_id
            self._on_exact_done(race.run_id, raced)
            return
        work = problem.n * problem.p ** 2
        if work > EXACT_LIMIT:
            self._exact_run = race.run_id
            self.exact_note = f"too large for exact arithmetic (n·p² = {work:,} > {EXACT_LIMIT:,})"
            self._update_table()
            self.exact_ready.emit()
            return
        if self._jobs:
            return  # one at a time: the job's end starts the current run's
        self._exact_run = race.run_id
        self.exact_note = "computing the exact solution…"
        worker = ExactWorker(race.run_id, problem)
        worker.done.connect(self._on_exact_done)
        self._jobs.start(race.run_id, worker)
        self._update_table()

    @Slot(int, object)
    def _on_exact_done(self, run_id: int, result: Result) -> None:
        if run_id != self.lab.race.run_id:
            return
        self.exact_result = result
        self.exact_note = "exact" if result.theta is not None else f"exact arithmetic failed: {result.message}"
        self._update_table()
        self.exact_ready.emit()

    @Slot()
    def _on_job_ended(self) -> None:
        race = self.lab.race
        if not self._jobs and not race.running and self._exact_run != race.run_id:
            self._on_race_finished()  # a newer run ended while the old job was computing

    def shutdown(self) -> None:
        """Wait for the exact computation (it cannot be interrupted; small problems only)."""
        self._jobs.shutdown(timeout_ms=None)

    # ---- drawing -----------------------------------------------------------------------------------
    def _update_header_tips(self) -> None:
        name, _ = self.truth
        against = ("θref, the exact solution computed in rational arithmetic (no rounding at all)" if name == "exact"
                   else "θref, LAPACK's least-squares answer (lstsq), since the exact solution is not known: "
                   + (self.exact_note or "exact arithmetic runs when the run ends"))
        tips = {
            "solver": "✔ converged/max_iter with ≥ 6 correct digits; ⚠ fewer digits, a penalised answer or "
                      "nothing to compare with; ✘ failed, diverged or < 1 correct digit.",
            "parameters θ": "[B0, B1, …] in original units; hover a cell for every digit.",
            "‖θ − θref‖/‖θref‖": "Relative distance to θref (the verdict's measure: columns scaled to length 1).",
            "correct digits": f"Log relative error (NIST's LRE, min over the parameters) against {against}. "
                              "A solver computing in a lower precision is measured against lstsq in float64 on the "
                              "same rounded data.",
            "predicted digits": "What κ and the precision leave: −log10(κ·u) for QR and the SVD, −log10(κ²·u) for "
                                "the normal equations and the iterations (u = the unit roundoff of the precision).",
            "κ(A)": "κ(A): the condition number of the working design matrix A (the same for every solver); "
                    "hover a cell for κ(A) with unit columns.",
        }
        for column, tip in {**tips, **HEADER_TIPS}.items():
            self.table.horizontalHeaderItem(COLUMNS.index(column)).setToolTip(tip)
        self.truth_label.setText(f"Correct digits measured against {against}.")

    def _update_table(self) -> None:
        race, problem = self.lab.race, self.lab.problem
        self._shown_state = self._state()
        self._update_header_tips()
        rows = [(key, self.lab.solver_label(key), race.results.get(key), self.lab.solver_color(key))
                for key in self.lab.solver_keys()]
        if problem is not None and EXACT_KEY not in race.results and rows:
            rows.append((EXACT_KEY, "exact (ground truth)", self.exact_result, None))
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        self._digits = {}
        for row, entry in enumerate(rows):
            key = entry[0]
            step_index = self._shown_step(key) if key != EXACT_KEY else None
            items = (self._row_items(*entry) if step_index is None else
                     self._step_items(key, entry[1], race.traces[key][step_index], entry[3]))
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)

    def _first_item(self, key: str, label: str, mark: str, color: QColor | None) -> QTableWidgetItem:
        if (precision := self.lab.solver_precision(key)) != "float64":
            label = f"{label} · {precision}"
        first = SortableItem(f"{mark} {label}".strip(), label)
        first.setData(Qt.ItemDataRole.UserRole, key)
        first.setData(BADGE_ROLE, mark)
        first.setForeground(QBrush(BADGES.get(mark, QColor("black"))))
        first.setIcon(square_icon(color, 14))  # the solver's colour in every plot
        return first

    def _kappa_item(self) -> QTableWidgetItem:
        problem = self.lab.problem
        tip = (f"κ(A) = {problem.cond:.6g}; κ(A) with unit columns (each scaled to length 1) = "
               f"{problem.cond_scaled:.3g}; κ(AᵀA) ≈ {problem.cond_scaled ** 2:.3g} with unit columns")
        return SortableItem(f"{problem.cond:.3g}", problem.cond, tip)

    def truth_for(self, key: str) -> tuple[str, np.ndarray | None, Problem | None]:
        """(name, θ, problem) solver `key`'s digits are measured against: `truth`, or for a solver
        computing in a lower precision, lstsq in float64 on the same rounded data it saw."""
        precision = self.lab.solver_precision(key)
        if precision == "float64":
            return (*self.truth, self.lab.problem)
        problem, reference = self.lab.measured_against(key)
        theta = None if reference is None else reference.theta
        return f"lstsq in float64 on the data rounded to {precision}", theta, problem

    def _own_reference(self, key: str) -> bool:
        """tls and lad answer other problems, and a constrained method on a constrained problem its own:
        each is measured against its own reference, never against θref of the free fit."""
        constraints = getattr(self.lab.problem, "constraints", None)
        constrained = key in CONSTRAINED_METHODS and constraints is not None and not constraints.empty
        return key in OWN_REFERENCE_METHODS or constrained

    def _distance(self, key: str, theta: np.ndarray | None) -> float | None:
        _, truth, problem = self.truth_for(key)
        if theta is None or truth is None:
            return None
        return relative_error(problem, theta, truth)  # the verdict's own measure

    def _step_items(self, key: str, label: str, step, color: QColor | None) -> list[QTableWidgetItem]:
        """A row before the solver's end: that step's numbers, no badge (there is no answer yet)."""
        problem = self.lab.problem
        name, truth, _ = self.truth_for(key)
        theta = step.theta
        digits = None if theta is None or truth is None or self._own_reference(key) else lre(theta, truth)
        self._digits[key] = digits
        result = self.lab.race.results.get(key)
        status = "running" if result is None else "playing" if self.lab.player.playing else "paused"
        words = ("running…" if result is None else
                 f"playing back {self.lab.step_caption(key, self.lab.position)}; the run ended {result.status}")
        distance = self._distance(key, theta)
        full = "" if theta is None else "\n".join(f"{n} = {v!r}" for n, v in zip(problem.parameter_names, theta))
        cells = [
            self._first_item(key, label, "", color),
            SortableItem(compact(theta), None, full),
            SortableItem("—" if step.loss is None else f"{step.loss:.6g}", step.loss),
            SortableItem(str(step.k), step.k),
            SortableItem("—", None),
            SortableItem(status),
            SortableItem("—" if distance is None else f"{distance:.2e}", distance),
            SortableItem("—" if digits is None else f"{max(digits, 0.0):.1f}", math.inf if digits is None else digits,
                  "" if digits is None else f"LRE = {digits:.3f} against {name}, at step {step.k}"),
            predicted_digits_item(self.truth_for(key)[2], key, self.lab.solver_precision(key)),
            self._kappa_item(),
            *self._statistics.items(problem, theta, method=key, step=True),
            SortableItem(words, words, words),
        ]
        for item in cells:
            if item.data(SORT_ROLE) is None:
                item.setData(SORT_ROLE, math.inf)
        return cells

    def _steps_item(self, key: str, result: Result) -> SortableItem:
        """The solver's last step number, as the Solvers table and the captions count them."""
        last = self.lab.last_step(key)
        steps = result.iterations if last is None else last
        return SortableItem(str(steps), steps)

    def _row_items(self, key: str, label: str, result: Result | None, color: QColor | None) -> list[QTableWidgetItem]:
        problem = self.lab.problem
        name, truth, _ = self.truth_for(key)
        ground_truth = key == EXACT_KEY and name == "exact"
        digits = None
        if result is not None and result.theta is not None and truth is not None and not ground_truth:
            digits = own_digits(result) if self._own_reference(key) else lre(result.theta, truth)
        self._digits[key] = digits
        mark = "" if ground_truth or key == EXACT_KEY else badge(result, digits)
        first = self._first_item(key, label, mark, color)
        if result is None:
            pending = self.exact_note if key == EXACT_KEY else "running…"
            blanks = [SortableItem("", math.inf) for _ in COLUMNS[1:-1]]
            return [first, *blanks, SortableItem(pending, pending, pending)]
        theta = result.theta
        full = "" if theta is None else "\n".join(f"{n} = {v!r}" for n, v in zip(problem.parameter_names, theta))
        distance = 0.0 if ground_truth else self._distance(key, theta)  # θref itself: 0 by definition
        if self._own_reference(key):  # another problem than least squares: measured by its own reference
            distance, name = result.diagnostics.get("own_reference_error"), result.diagnostics.get("own_reference")
        words = " ".join(filter(None, [result.message, *result.warnings]))
        shown_digits = "ground truth" if ground_truth else "—" if digits is None else f"{max(digits, 0.0):.1f}"
        digits_tip = "" if digits is None else f"LRE = {digits:.3f} against {name}"
        cells = [
            first,
            SortableItem(compact(theta), None, full),
            SortableItem("—" if result.loss is None else f"{result.loss:.6g}", result.loss),
            self._steps_item(key, result),
            SortableItem(f"{result.elapsed_s * 1e3:.3g} ms", result.elapsed_s),
            SortableItem(result.status),
            SortableItem("—" if distance is None else f"{distance:.2e}", distance),
            SortableItem(shown_digits, math.inf if digits is None else digits, digits_tip),
            predicted_digits_item(self.truth_for(key)[2], key, self.lab.solver_precision(key)),
            self._kappa_item(),
            *self._statistics.items(problem, theta, method=key),
            SortableItem(words, words, words),
        ]
        for item in cells:
            if item.data(SORT_ROLE) is None:
                item.setData(SORT_ROLE, math.inf)
        if mark in BADGES:
            cells[5].setForeground(QBrush(BADGES[mark]))
            cells[-1].setForeground(QBrush(BAD if mark == "✘" else WARN))
        return cells

"""The basin map: every start of a grid over (b1, b2) coloured by where Gauss-Newton or
Levenberg-Marquardt ends from it. One colour per minimum, grey where the method did not converge:
the picture shows why the start matters for a nonlinear fit, and which starts are safe.

Computed in a worker thread (basin_worker.py), row by row, drawn as the rows arrive; Cancel stops
it, as do a new problem, a change of method and closing the window, none of them freezing it.
A click on the map starts the solvers from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..run.threads import WorkerThreads
from .basin_legend import DID_NOT_CONVERGE, NOT_COMPUTED, BasinLegend, legend_lines
from .basin_plot import BasinPlot
from .basin_worker import BasinWorker
from .surface_caption import LinesCaption
from .surface_closing import WindowCloseWatch
from .surface_view import parameters_sentence, same_data

if TYPE_CHECKING:
    from .lab import NonlinearLab

METHODS = {"lm": "Levenberg-Marquardt", "gauss-newton": "Gauss-Newton"}
#: Starts per row and rows of the map.
GRID = (40, 40)


class BasinView(QWidget):
    """The map of where each start goes, its legend, and the controls that start and cancel it."""

    # ---- Signals
    map_finished = Signal()
    """The map was completed, cancelled or stopped by an error (the worker may still be winding down)."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None, grid: tuple[int, int] = GRID):
        super().__init__(parent)
        self.lab = lab
        self.grid_size = grid
        self.labels = np.full((grid[1], grid[0]), NOT_COMPUTED, dtype=int)
        self.ends = np.full((grid[1], grid[0], 2), np.nan)
        self.minima: list[np.ndarray] = []  # the distinct minima reached, by label (the engine's)
        self.b1_values: np.ndarray | None = None
        self.b2_values: np.ndarray | None = None
        self.rows_done = 0
        self.running = False
        self._problem = None
        self._stale = True
        self._jobs = WorkerThreads(self)
        self._run_id = 0
        self._close_watch = WindowCloseWatch(self, self.shutdown)

        self.method_box = QComboBox()
        for key, label in METHODS.items():
            self.method_box.addItem(label, key)
        self.method_box.setToolTip("The method run from every start of the grid")
        self.method_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.map_button = QPushButton("Map")
        self.map_button.setToolTip("Run the method from every start of the grid again")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the map where it is")
        controls = QHBoxLayout()
        for widget in (self.method_box, self.map_button, self.cancel_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.message = LinesCaption(2)
        self.message.setObjectName("nonlinear-basin-message")
        self.map = BasinPlot()
        self.plot_widget, self.plot, self.image = self.map.widget, self.map.plot, self.map.image
        self.legend = BasinLegend()
        self.legend_area = self.legend
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(controls)
        body.addWidget(self.plot_widget, stretch=1)
        body.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self.body, stretch=1)
        layout.addStretch(0)  # a sentence alone stays at the top

        self.method_box.currentIndexChanged.connect(self._on_method_changed)
        self.map_button.clicked.connect(self.start_map)
        self.cancel_button.clicked.connect(self.cancel)
        self.plot_widget.scene().sigMouseClicked.connect(self._on_clicked)
        lab.problem_changed.connect(self._on_problem_changed)
        lab.start_changed.connect(self.map.mark_start)
        self._on_problem_changed(lab.problem)

    # ---- public ---------------------------------------------------------------------------------------
    @property
    def method(self) -> str:
        return self.method_box.currentData()

    @property
    def busy(self) -> bool:
        """True while the map is being computed (a screenshot waits)."""
        return self.running

    def filled_count(self) -> int:
        """How many starts of the grid have been computed so far."""
        return int(np.count_nonzero(self.labels != NOT_COMPUTED))

    def start_map(self) -> None:
        """Map the basins of the current problem with the chosen method (a map in progress is cancelled)."""
        problem = self.lab.problem
        if problem is None or problem.p != 2 or self.lab.closing:
            return
        self._stop_worker()
        self._stale = False
        self._run_id += 1
        self.labels[...] = NOT_COMPUTED
        self.ends[...] = np.nan
        self.minima = []
        self.rows_done = 0
        self.running = True
        self._draw()
        worker = BasinWorker(self._run_id, problem, self.method, self.grid_size)
        worker.laid_out.connect(self._on_laid_out)
        worker.row_ready.connect(self._on_row_ready)
        worker.completed.connect(self._on_completed)
        worker.failed.connect(self._on_failed)
        self._jobs.start(self._run_id, worker)
        self._update_buttons()
        self.message.setText(f"Running {METHODS[self.method]} from every start of a "
                             f"{self.grid_size[0]} × {self.grid_size[1]} grid …")

    def cancel(self) -> None:
        """Stop the map where it is (cooperative: the worker ends after its current row)."""
        if not self.running:
            return
        self._stop_worker()
        self._stale = True
        rows = self.grid_size[1]
        self.message.setText(f"The basin map was cancelled after {self.rows_done} of {rows} rows of starts. "
                             "Press “Map” to compute it.")
        self.map_finished.emit()

    def shutdown(self) -> None:
        """Cancel and wait for the worker's thread (the window is closing)."""
        self._stop_worker()
        self._jobs.shutdown(timeout_ms=None)

    # ---- the worker ------------------------------------------------------------------------------------
    def _stop_worker(self) -> None:
        for worker in self._jobs.workers():
            worker.cancel()
        self._run_id += 1  # whatever the old worker still sends is dropped
        self.running = False
        self._update_buttons()

    @Slot(int, object, object)
    def _on_laid_out(self, run_id: int, b1_values, b2_values) -> None:
        if run_id != self._run_id:
            return
        self.b1_values, self.b2_values = np.asarray(b1_values), np.asarray(b2_values)
        self.map.lay_out(self.b1_values, self.b2_values)
        self._draw()

    @Slot(int, object)
    def _on_row_ready(self, run_id: int, row) -> None:
        if run_id != self._run_id:
            return
        self.labels[row.index] = np.asarray(row.minimum, dtype=int)
        self.ends[row.index] = np.asarray(row.ends, dtype=float).reshape(-1, 2)
        self.minima = [np.asarray(m, dtype=float) for m in getattr(row, "minima", ())]
        self.rows_done += 1
        self._draw()
        self.message.setText(f"Running {METHODS[self.method]} from every start: {self.rows_done} of "
                             f"{self.grid_size[1]} rows done …")

    @Slot(int)
    def _on_completed(self, run_id: int) -> None:
        if run_id != self._run_id:
            return
        self.running = False
        self._update_buttons()
        found = len(np.unique(self.labels[self.labels >= 0]))
        failed = int(np.count_nonzero(self.labels == DID_NOT_CONVERGE))
        self.message.setText(
            f"Each start's colour: the minimum {METHODS[self.method]} reaches from it ({found}, white ★); grey: "
            f"it did not converge ({failed}); + the start. Click to run from there.")
        self.map_finished.emit()

    @Slot(int, str)
    def _on_failed(self, run_id: int, text: str) -> None:
        if run_id != self._run_id:
            return
        self.running = False
        self._update_buttons()
        self.message.setText(text)
        self.map_finished.emit()

    # ---- drawing -----------------------------------------------------------------------------------------
    def _draw(self) -> None:
        minima, counts = {}, {}
        for label in np.unique(self.labels[self.labels >= 0]):
            cells = np.argwhere(self.labels == label)
            end = self.minima[label] if label < len(self.minima) else self.ends[tuple(cells[0])]
            with np.errstate(all="ignore"):
                rss = 2.0 * self.lab.problem.loss(end) if self.lab.problem is not None else np.nan
            minima[int(label)], counts[int(label)] = (end, float(rss)), len(cells)
            self.lab.note_minimum(end, float(rss))  # the table then tells a local minimum from the lowest known
        self.map.draw(self.labels, [m[0] for m in minima.values()])
        names = self.lab.problem.parameter_names if self.lab.problem is not None else ("b1", "b2")
        failed = int(np.count_nonzero(self.labels == DID_NOT_CONVERGE))
        self.legend.set_lines(legend_lines(names, minima, counts, failed))
        self.map.mark_start(self.lab.start)

    def _update_buttons(self) -> None:
        self.cancel_button.setEnabled(self.running)
        self.map_button.setEnabled(not self.running)

    # ---- what the lab and the user do ------------------------------------------------------------------------
    @Slot(object)
    def _on_problem_changed(self, problem) -> None:
        if same_data(problem, self._problem) and not self._stale:
            self._problem = problem
            return
        self._problem = problem
        self._stop_worker()
        self._stale = True
        self.labels[...] = NOT_COMPUTED
        self.rows_done = 0
        if problem is None or problem.p != 2:
            self.body.setVisible(False)
            self.message.set_lines(8)
            self.message.setText("Choose data and a model to see where each start leads." if problem is None else
                                 f"The basin map colours a plane of starts, so it needs a model with two "
                                 f"parameters; this model has {parameters_sentence(problem)}.")
            return
        self.body.setVisible(True)
        self.message.set_lines(2)
        self.map.set_names(problem.parameter_names)
        self._draw()
        if self.isVisible():
            self.start_map()
        else:
            self.message.setText("The map is computed when this view is shown.")

    @Slot(int)
    def _on_method_changed(self, _index: int) -> None:
        self._stale = True
        if self.isVisible():
            self.start_map()

    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double() or self.b1_values is None:
            return
        theta = self.map.theta_at(event.scenePos())
        if theta is not None:
            event.accept()
            self.lab.restart_from(theta)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._close_watch.watch()
        if self._stale and not self.running and self.lab.problem is not None and self.lab.problem.p == 2:
            self.start_map()

    @property
    def legend_rows(self):
        return self.legend.rows

    def legend_text(self) -> str:
        """The legend's rows as shown (rich text), one per line."""
        return self.legend.text()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

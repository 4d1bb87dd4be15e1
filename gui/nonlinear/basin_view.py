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
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..look.style import base_font
from ..run.threads import WorkerThreads
from .basin_legend import DID_NOT_CONVERGE, NOT_COMPUTED, cell_colors, legend_lines
from .basin_worker import BasinWorker
from .surface_caption import LinesCaption
from .surface_closing import WindowCloseWatch
from .surface_plot import LABEL_STYLE
from .surface_view import parameters_sentence, same_data

if TYPE_CHECKING:
    from .lab import NonlinearLab

METHODS = {"lm": "Levenberg-Marquardt", "gauss-newton": "Gauss-Newton"}
#: Starts per row and rows of the map.
GRID = (40, 40)
#: Lines of the legend shown at once (a longer legend scrolls).
LEGEND_LINES = 3


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
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(240, 180)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        for name in ("bottom", "left"):
            self.plot.getAxis(name).setTickFont(base_font())
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.minima_marks = pg.ScatterPlotItem(symbol="star", size=20, pen=pg.mkPen("k", width=1.2),
                                               brush=pg.mkBrush("w"))
        self.start_mark = pg.ScatterPlotItem(symbol="+", size=18, pen=pg.mkPen("k", width=2.5), brush=pg.mkBrush("k"))
        for item in (self.minima_marks, self.start_mark):
            self.plot.addItem(item)
        self.legend = QWidget()
        self.legend.setObjectName("nonlinear-basin-legend")
        QVBoxLayout(self.legend).setContentsMargins(0, 0, 0, 0)
        self.legend_rows: list[QLabel] = []
        self.legend_area = QScrollArea()
        self.legend_area.setWidget(self.legend)
        self.legend_area.setWidgetResizable(True)
        self.legend_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.legend_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows wrap
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(controls)
        body.addWidget(self.plot_widget, stretch=1)
        body.addWidget(self.legend_area)
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
        if hasattr(lab, "start_changed"):
            lab.start_changed.connect(self._on_start_changed)
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
        (x0, x1), (y0, y1) = (b1_values[0], b1_values[-1]), (b2_values[0], b2_values[-1])
        dx, dy = (x1 - x0) / max(len(b1_values) - 1, 1), (y1 - y0) / max(len(b2_values) - 1, 1)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, dx * len(b1_values), dy * len(b2_values)))
        self.plot.getViewBox().setRange(xRange=(x0 - dx / 2, x1 + dx / 2), yRange=(y0 - dy / 2, y1 + dy / 2),
                                        padding=0)
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
            f"Each start coloured by the minimum {METHODS[self.method]} reaches from it ({found} "
            f"minim{'a' if found != 1 else 'um'}, white ★), grey where it did not converge ({failed} starts); "
            "+ the current start. Click to run the solvers from there.")
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
        self.image.setImage(cell_colors(self.labels), autoLevels=False, levels=(0, 255))
        minima, counts = {}, {}
        for label in np.unique(self.labels[self.labels >= 0]):
            cells = np.argwhere(self.labels == label)
            end = self.minima[label] if label < len(self.minima) else self.ends[tuple(cells[0])]
            with np.errstate(all="ignore"):
                rss = 2.0 * self.lab.problem.loss(end) if self.lab.problem is not None else np.nan
            minima[int(label)], counts[int(label)] = (end, float(rss)), len(cells)
        self.minima_marks.setData(pos=np.array([m[0] for m in minima.values()], dtype=float).reshape(-1, 2))
        names = self.lab.problem.parameter_names if self.lab.problem is not None else ("b1", "b2")
        failed = int(np.count_nonzero(self.labels == DID_NOT_CONVERGE))
        self._set_legend(legend_lines(names, minima, counts, failed))
        self._on_start_changed(getattr(self.lab, "start", None))

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
        names = problem.parameter_names
        self.plot.setLabel("bottom", names[0], **LABEL_STYLE)
        self.plot.setLabel("left", names[1], **LABEL_STYLE)
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

    @Slot(object)
    def _on_start_changed(self, start) -> None:
        shown = start is not None and np.size(start) == 2 and np.all(np.isfinite(start))
        self.start_mark.setData(pos=[tuple(np.asarray(start, dtype=float))] if shown else np.empty((0, 2)))

    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double() or self.b1_values is None:
            return
        view = self.plot.getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        event.accept()
        self.lab.restart_from(np.array([point.x(), point.y()]))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._close_watch.watch()
        if self._stale and not self.running and self.lab.problem is not None and self.lab.problem.p == 2:
            self.start_map()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_legend()

    def legend_text(self) -> str:
        """The legend's lines as shown (rich text), one per line."""
        return "\n".join(row.text() for row in self.legend_rows if not row.isHidden())

    def _set_legend(self, lines: list[str]) -> None:
        while len(self.legend_rows) < len(lines):
            row = QLabel()
            row.setTextFormat(Qt.TextFormat.RichText)
            row.setWordWrap(True)
            self.legend.layout().addWidget(row)
            self.legend_rows.append(row)
        for index, row in enumerate(self.legend_rows):
            row.setVisible(index < len(lines))
            row.setText(lines[index] if index < len(lines) else "")
        self._fit_legend()

    def _fit_legend(self) -> None:
        """Room for LEGEND_LINES rows of the legend at the current font (more rows scroll)."""
        shown = [row for row in self.legend_rows if not row.isHidden()][:LEGEND_LINES]
        spacing = self.legend.layout().spacing()
        width = self.legend_area.viewport().width()
        height = sum(row.heightForWidth(width) for row in shown) + spacing * max(len(shown) - 1, 0)
        self.legend_area.setFixedHeight(max(height, 0))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_legend()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

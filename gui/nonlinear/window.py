"""`NonlinearWindow`: fit a model or a typed formula by Gauss-Newton, Levenberg-Marquardt and the
gradient methods, racing in a worker thread, on the main window's points or a NIST problem.

Top: Run, Step, Play, Reset. Left: the model, the start and the solvers. Centre: the fit canvas beside the
tabs of the views (loss surface, basin map, log-linear fit, convergence). Below: the comparison
table with the certified digits. Every part follows one NonlinearLab; none asks the window.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..run.player import SPEEDS
from .canvas import FitCanvas
from .lab import NonlinearLab
from .model_panel import DATA_SET, ModelPanel, nist_start_number
from .presenting import WindowPresentation
from .solver_list import SolverList
from .table import NonlinearTable
from .view_tabs import ViewTabs

DEFAULT_SIZE = (1280, 720)
LEFT_WIDTH = 300


class NonlinearWindow(QMainWindow):
    """The nonlinear fit window; `NonlinearWindow(problem=None)` opens it alone (tests, screenshots)."""

    # ---- Signals
    view_built = Signal(object)
    """A tab's view was built (the plot styler restyles it, as in the main window)."""

    def __init__(self, problem=None, *, data: tuple | None = None, nist_key: str | None = None, parent=None):
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("Nonlinear fit — Least Squares Lab")
        self.lab = NonlinearLab(None, self)
        self.race = self.lab.race  # the plot styler (gui/look/themes.py) restyles when a run starts
        self.model_panel = ModelPanel(self.lab)
        self.solvers = SolverList()
        self.canvas = FitCanvas(self.lab)
        self.tabs = ViewTabs(self.lab, self.view_built)
        self.table = NonlinearTable(self.lab)
        self._build_layout()
        self._build_actions()
        self.presentation = WindowPresentation(self)
        self.lab.message.connect(self.show_message)
        self.solvers.selection_changed.connect(self._on_solvers_changed)
        self.solvers.params_changed.connect(self._on_solvers_changed)
        self._on_solvers_changed()
        self.model_panel.model_refused.connect(self.show_message)
        self.resize(*DEFAULT_SIZE)
        self._fit_left_panel()
        if problem is not None:
            self.open_problem(problem, nist_key=nist_key)
        elif data is not None:
            self.open_points(*data)

    # ---- what is fitted ---------------------------------------------------------------------------
    def open_problem(self, problem, *, nist_key: str | None = None) -> None:
        """Fit this problem (its model, data and start); a NIST problem also offers its two starts."""
        key = nist_key or (problem.name if str(problem.name).startswith("nist-") else None)
        self.model_panel.set_data(problem.x, problem.y, nist_key=key)
        self.lab.set_problem(problem)
        if key is not None:
            self.model_panel.model_combo.setCurrentIndex(self.model_panel.model_combo.findData(DATA_SET))
            self.model_panel.start_buttons.button(nist_start_number(key, problem.start)).setChecked(True)
            self.model_panel.start_choice.show()
        else:
            self.model_panel.show_model_of(problem)
        self.setWindowTitle(f"Nonlinear fit: {problem.label or problem.name} — Least Squares Lab")

    def open_nist(self, key: str, start: int = 1) -> None:
        from engine.nonlinear import nist_problem

        self.open_problem(nist_problem(key, start), nist_key=key)

    def open_points(self, x, y) -> None:
        """Fit the first model of the library to these points (said why if it cannot)."""
        self.model_panel.set_data(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        self.lab.set_problem(None)
        self.model_panel.use_model(self.model_panel.model_combo.itemData(0))

    # ---- the run ----------------------------------------------------------------------------------
    @Slot()
    def run(self) -> bool:
        """Run the checked solvers from the start in the fields."""
        if self.lab.problem is None:
            self.show_message("Choose a model first.")
            return False
        requests = self.solvers.requests()
        if not requests:
            self.show_message("Check at least one solver.")
            return False
        self.statusBar().clearMessage()
        return self.lab.run(requests)

    @Slot()
    def _on_solvers_changed(self) -> None:
        """The lab knows the checked solvers, so a click on the surface or the basin map runs them."""
        self.lab.requests = self.solvers.requests()

    @Slot()
    def step(self) -> None:
        self.lab.player.step_forward()

    @Slot()
    def play(self) -> None:
        self.lab.player.toggle()

    @Slot()
    def reset(self) -> None:
        self.lab.reset()

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text)

    # ---- fonts ------------------------------------------------------------------------------------
    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            QTimer.singleShot(0, self, self._fit_left_panel)  # once the children have their new fonts

    @Slot()
    def _fit_left_panel(self) -> None:
        """The settings as wide as their widest row at this font (×2 in a lecture), never cut off."""
        scroll = self._left_scroll
        width = self._left.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(max(LEFT_WIDTH, width + 2 * scroll.frameWidth()))

    # ---- closing ----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop the player, cancel and wait for every worker (safe twice)."""
        if self.lab.closing:
            return
        self.tabs.shutdown()
        self.lab.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.presentation.leave()
        self.shutdown()
        event.accept()

    # ---- building ---------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        model_box = QGroupBox("Model and start")
        QVBoxLayout(model_box).addWidget(self.model_panel)
        solver_box = QGroupBox("Solvers")
        QVBoxLayout(solver_box).addWidget(self.solvers)
        left_layout.addWidget(model_box)
        left_layout.addWidget(solver_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("nonlinear-left")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(LEFT_WIDTH)
        self._left, self._left_scroll = left, scroll
        self.settings_panel = scroll  # what presentation mode hides (the run toolbar stays)
        side = scroll

        centre = QSplitter(Qt.Orientation.Horizontal)
        centre.addWidget(self.canvas)
        centre.addWidget(self.tabs)
        centre.setChildrenCollapsible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(centre)
        right.addWidget(self.table)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([500, 180])
        centre.setStretchFactor(0, 2)  # the views (surface, basin map with its settings) get the larger part
        centre.setStretchFactor(1, 3)
        centre.setSizes([400, 600])
        right.setChildrenCollapsible(False)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(side)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setChildrenCollapsible(False)
        self.setCentralWidget(main)

    def _build_actions(self) -> None:
        """Run, Step, Play and Reset: a toolbar above everything, and their keys anywhere in the window."""
        toolbar = QToolBar("Run")
        toolbar.setObjectName("nonlinear-run-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        self.run_toolbar = toolbar
        self.run_action = self._action(toolbar, "Run", "Ctrl+R", self.run)
        self.step_action = self._action(toolbar, "Step", "Right", self.step)
        self.play_action = self._action(toolbar, "Play", "Space", self.play)
        self.reset_action = self._action(toolbar, "Reset", "Ctrl+Backspace", self.reset)
        toolbar.addSeparator()
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("nonlinear-speed")
        self.speed_box.setToolTip("Playback speed: steps per second, or instant")
        for speed in SPEEDS:
            self.speed_box.addItem("instant" if math.isinf(speed) else f"{speed:g} steps/s", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(self.lab.player.speed))
        self.speed_box.currentIndexChanged.connect(self._on_speed_chosen)
        toolbar.addWidget(self.speed_box)
        self.frame_label = QLabel()
        self.frame_label.setObjectName("nonlinear-frame")
        toolbar.addWidget(self.frame_label)
        self.lab.player.playing_changed.connect(self._on_playing_changed)
        self.lab.position_changed.connect(self._update_frame_label)
        self.lab.run_changed.connect(self._update_frame_label)

    @Slot(int)
    def _on_speed_chosen(self, index: int) -> None:
        self.lab.player.set_speed(self.speed_box.itemData(index))

    @Slot()
    def _update_frame_label(self, *_args) -> None:
        """"step k of N" of the run's longest trace, as the player shows it."""
        player = self.lab.player
        shown = f"  step {player.position} of {max(player.length - 1, 0)}" if player.length else ""
        self.frame_label.setText(shown + ("" if player.run_finished or not player.length else " so far"))

    @Slot(bool)
    def _on_playing_changed(self, playing: bool) -> None:
        self.play_action.setText("Pause" if playing else "Play")

    def _action(self, toolbar: QToolBar, text: str, key: str, slot) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(f"{text} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        toolbar.addAction(action)
        self.addAction(action)
        return action

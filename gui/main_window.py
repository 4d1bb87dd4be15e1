"""The main window: the point canvas in the middle, solvers and model on the right, the run
toolbar on top, one status line per solver below, and the menus.

It owns no computation: it builds the engine's Problem from what is on screen, hands it to
the Race (worker thread), and redraws when the Player moves.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QMargins, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine import SOLVERS, InputError, Problem
from engine.datasets import get_dataset

from .data.canvas import PointCanvas
from .data.data_source import Selection, selection_for_dataset
from .data.exact_points import install_exact_points
from .data.legend_strip import LegendStrip
from .docking import DockedViews
from .lab import Lab
from .look.legend_label import legend_label, legend_name
from .menus import build_menus
from .nonlinear.install import install_nonlinear
from .panels.constraint_install import install_constraints
from .panels.lr_slider import install_lr_sliders
from .panels.model_controls import ModelControls
from .panels.precision_menu import install_precision_menu
from .panels.preset_methods import check_preset_methods
from .panels.solver_panel import SolverPanel
from .presenter_layouts import PresenterLayouts
from .run.controls import RunControls
from .run.keyboard import install_player_keys
from .run.table import RunTable
from .run.worker import RunRequest
from .under_canvas import gather_under_canvas
from .views import VIEWS, ViewSpec
from .views.base import RunView
from .views.divergence_note import install_divergence_note
from .views.gd_conditioning.install import install_gd_conditioning
from .views.guess.install import install_my_line
from .views.residuals.influence_halos import install_influence
from .views.residuals.install import install_residual_pictures

#: While playing, the teaching views redraw at most this often (the canvas every frame): they
#: explain the run, they need not move at 60 Hz, and drawing them less keeps the app responsive.
VIEW_PERIOD_S = 0.1
#: Edits within this many milliseconds restart the solvers once (live refit while dragging).
REFIT_DELAY_MS = 120
#: The window's first size on a large screen.
DEFAULT_SIZE = (1400, 900)
#: The Solvers table's least height in pixels (it grows with the solvers of a run).
MIN_TABLE_HEIGHT = 120


class ScrollingPanel(QScrollArea):
    """A panel in a vertical scroll area that asks for the panel's own size: on a large screen it
    shows whole, with no scroll bar; on a laptop's 768-pixel screen it scrolls rather than make the
    window taller than the screen (the settings' minimum height alone is ~740 pixels)."""

    def __init__(self, panel: QWidget):
        super().__init__()
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(panel.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())

    def sizeHint(self):  # noqa: N802 (Qt override)
        panel = self.widget()
        bar = self.verticalScrollBar().sizeHint().width()
        return panel.sizeHint().expandedTo(panel.minimumSizeHint()).grownBy(QMargins(0, 0, bar, 0))


class MainWindow(DockedViews, QMainWindow):
    view_built = Signal(object)
    """A teaching view was built, on its first showing (presentation mode and themes style it)."""

    def __init__(self):
        super().__init__()
        self.setWindowTitle("Least Squares Lab")
        self.lab = Lab(self)
        # The window's own parts of the Lab, by their short names (the Lab owns them).
        self.points, self.race, self.player = self.lab.points, self.lab.race, self.lab.player
        self._follow_end = False
        self._has_run = False
        self._closed = False

        self.canvas = PointCanvas(self.points)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel#banner { background: #FDECEA; color: #8B0000; padding: 6px; }")
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.canvas, stretch=1)
        self.legend_strip = LegendStrip(self.canvas)  # the legend, when the plot has no room for it
        layout.addWidget(self.legend_strip)
        self.setCentralWidget(central)

        self.solver_panel = SolverPanel()
        self.model_controls = ModelControls()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 4, 4)
        side_layout.addWidget(self.model_controls)
        side_layout.addWidget(self.solver_panel, stretch=1)
        self.side_dock = self._dock("Model and solvers", ScrollingPanel(side), Qt.DockWidgetArea.RightDockWidgetArea)
        self.run_table = RunTable()
        self.run_table.setMinimumHeight(MIN_TABLE_HEIGHT)
        self.table_dock = self._dock("Solvers", self.run_table, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.view_docks: dict[str, QDockWidget] = {}
        self._view_specs: dict[str, ViewSpec] = {}
        self._built_views: dict[str, RunView] = {}
        for spec in VIEWS:
            self.add_view(spec)
        if "geometry" in self.view_docks:  # the left tab in front on start-up: cheap to keep drawn
            self.view_docks["geometry"].raise_()
        self.table_dock.raise_()
        self._views_drawn_at = 0.0
        self._next_view = -1  # the view refreshed last while playing (they take turns)

        self.presenter_layouts = PresenterLayouts(self)
        self.run_controls = RunControls(self.player, self)
        self.run_controls.add_to(self)
        self.data_label = QLabel()
        self.cursor_label = QLabel()
        self.statusBar().addWidget(self.data_label, 1)
        self.statusBar().addPermanentWidget(self.cursor_label)

        self._refit_timer = QTimer(self)
        self._refit_timer.setObjectName("refit-timer")
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(REFIT_DELAY_MS)
        self._refit_timer.timeout.connect(self._on_refit_due)

        install_residual_pictures(self)  # segments, squares, sum bars: self.residual_actions (issue 15)
        self.auto_range_action = QAction("Auto range", self, shortcut=QKeySequence("Ctrl+0"))
        self.auto_range_action.triggered.connect(self.canvas.auto_range)
        build_menus(self)
        self.player_keys = install_player_keys(self)  # the Run menu; the player keys whatever has the focus
        self.precision_actions = install_precision_menu(self)  # Run > Precision: every solver in float16, …
        install_exact_points(self)  # Edit > Snap to Grid and the Points dock
        install_influence(self)  # the Points table's leverage and Cook's columns, halos while dragging

        self.points.changed.connect(self._on_points_changed)
        self.model_controls.changed.connect(self._on_model_changed)
        self.solver_panel.selection_changed.connect(self._on_solvers_changed)
        self.solver_panel.params_changed.connect(lambda _: self._on_solvers_changed())
        self.canvas.cursor_moved.connect(self._on_cursor_moved)
        self.run_controls.run_requested.connect(self.run)
        self.run_controls.cancel_requested.connect(self.cancel)
        self.race.started.connect(self._on_race_started)
        self.race.traces_grew.connect(self._on_traces_grew)
        self.race.solver_finished.connect(self._on_solver_finished)
        self.race.finished.connect(self._on_race_finished)
        self.race.run_failed.connect(self.show_message)
        self.lab.message.connect(self.show_message)
        self.player.position_changed.connect(self._update_views)
        self.player.playing_changed.connect(self._on_playing_changed)
        self.solver_panel.tree().currentItemChanged.connect(self._on_panel_focus_changed)
        self.lab.restart_requested.connect(self.restart_from)
        self.setAcceptDrops(True)
        self.resize(*DEFAULT_SIZE)  # the app a user runs then fits it to the screen (gui/app.py)
        install_lr_sliders(self)
        install_divergence_note(self)  # "diverged at iteration k: η = … > 2/L = …" on the canvas
        install_my_line(self)  # My line: a guess the class drags, kept guesses, Reveal (gui/views/guess/)
        install_gd_conditioning(self)  # the "Why gd is slow" view's optimal-step button sets gd's lr
        install_constraints(self)  # Fit menu: pin the curve through a point (Alt+click), sum to 1, bounds (issue 17)
        install_nonlinear(self)  # Fit > Nonlinear Fit… and Data Sets > NIST nonlinear (issue 17)
        self.under_canvas = gather_under_canvas(self.canvas)  # the strips never push the window off screen
        self._rebuild_data_problem()

    # ---- the Lab's state, for the window's own menus and dialogs ----------------------------
    @property
    def selection(self) -> Selection | None:
        return self.lab.selection

    @property
    def problem(self) -> Problem | None:
        return self.lab.problem

    @property
    def data_problem(self) -> Problem | None:
        return self.lab.data_problem

    def set_focus_key(self, key: str) -> None:
        """Make `key` the solver the views explain (as if clicked in the panel), and redraw them."""
        self.solver_panel.set_current_method(key)
        self.lab.set_focus(key)
        self._update_views(self.player.position)

    @Slot(object)
    def restart_from(self, start) -> None:
        """Set the start point (original units) and run again (a click on the loss surface)."""
        self.solver_panel.set_start_point(list(start))
        self.run()

    # ---- data -----------------------------------------------------------------------
    def load_dataset(self, name: str) -> None:
        if self.apply_selection(selection_for_dataset(get_dataset(name))):
            check_preset_methods(self, get_dataset(name))  # a preset opens with its solvers checked

    def apply_selection(self, selection: Selection, *, confirm: bool = True) -> bool:
        """Show this data; the points on the canvas are replaced only if the user agrees
        (and the replacement is one undo step)."""
        if confirm and self.points.count and not self.confirm_replace(selection.table.source):
            return False
        self.hide_message()
        self.lab.selection = None if selection.is_points else selection
        options = {"intercept": selection.intercept}
        if selection.degree is not None:
            options["degree"] = selection.degree
        if selection.basis_order is not None:
            options["basis_order"] = selection.basis_order
        self.model_controls.set_options(**options)
        self.model_controls.set_degree_enabled(selection.is_points)
        self.points.set_points(selection.x, selection.y, text=f"Load {selection.table.source}")
        self.canvas.auto_range()
        return True

    def confirm_replace(self, source: str) -> bool:
        answer = QMessageBox.question(self, "Replace the points?",
                                      f"Replace the {self.points.count} points on the canvas with {source}? "
                                      "(Edit > Undo brings them back.)")
        return answer == QMessageBox.StandardButton.Yes

    def build_problem(self) -> Problem:
        options = self.model_controls.options()
        model = {k: options[k] for k in ("scaling", "basis_order", "loss")}
        if self.selection is not None:
            return self.selection.table_problem(intercept=options["intercept"], **model)
        return Problem.from_points(self.points.x, self.points.y, options["degree"],
                                   intercept=options["intercept"], name="canvas", **model)

    def show_message(self, text: str) -> None:
        """An error or warning the user must see, above the canvas (never a traceback)."""
        self.banner.setText(text)
        self.banner.show()
        self.statusBar().showMessage(text, 10_000)

    def hide_message(self) -> None:
        self.banner.hide()

    # ---- running ----------------------------------------------------------------------
    def requests(self) -> list[RunRequest]:
        start = self.solver_panel.start_point()
        return [RunRequest(name, name, self.solver_panel.params(name),
                           None if SOLVERS.get(name).direct or start is None else tuple(start))
                for name in self.solver_panel.checked_methods()]

    @Slot()
    def run(self, *, follow_end: bool = False) -> bool:
        """Run the checked solvers on what is on screen; False (with a message) if impossible."""
        self._refit_timer.stop()  # this run supersedes a refit that was due
        requests = self.requests()
        if not requests:
            self.show_message("Check at least one solver on the right, then Run (Ctrl+R).")
            return False
        try:
            problem = self.data_problem if self.data_problem is not None else self.build_problem()
            start = self.solver_panel.start_point()
            if start is not None and len(start) != problem.p:
                raise InputError(f"the start point needs {problem.p} numbers "
                                 f"({', '.join(problem.parameter_names)}), got {len(start)}")
        except InputError as error:
            self.show_message(f"Cannot run: {error}")
            return False
        self.hide_message()
        self._has_run = True
        self._follow_end = follow_end
        self.race.start(problem, requests)
        self.player.begin_run(refit=follow_end)
        return True

    @Slot()
    def cancel(self) -> None:
        self.race.cancel()
        self.player.pause()

    def _schedule_refit(self) -> None:
        if self._has_run and self.solver_panel.checked_methods():
            self._refit_timer.start()

    @Slot()
    def _on_refit_due(self) -> None:
        self.run(follow_end=True)

    # ---- events -------------------------------------------------------------------------
    @Slot()
    def _on_points_changed(self) -> None:
        self._rebuild_data_problem(moved=self.points.moved_index)
        self._schedule_refit()

    @Slot()
    def _on_model_changed(self) -> None:
        self._rebuild_data_problem()
        self._schedule_refit()

    def _rebuild_data_problem(self, moved: int | None = None) -> None:
        """The problem of what is on screen, built once per edit: the status bar and the views
        show it at once, and the next run starts from it (None while it cannot be built). When
        one point moved (a drag), AᵀA, Aᵀy and R are updated in O(p²) instead of rebuilt."""
        old = self.data_problem
        try:
            if moved is not None and old is not None and self.selection is None and old.n == self.points.count:
                self.lab.data_problem = old.with_point_moved(moved, float(self.points.x[moved]),
                                                             float(self.points.y[moved]))
            else:
                self.lab.data_problem = self.build_problem() if self.points.count >= 2 else None
        except InputError:
            self.lab.data_problem = None
        self._update_status()
        for view in self.built_views():
            view.data_changed(self.data_problem)
        self.lab.data_changed.emit(self.data_problem)

    @Slot()
    def _on_solvers_changed(self) -> None:
        self._schedule_refit()

    @Slot()
    def _on_panel_focus_changed(self, *_args) -> None:
        self.lab.set_focus(self.solver_panel.current_method())

    @Slot(bool)
    def _on_playing_changed(self, _playing: bool) -> None:
        self._update_views(self.player.position)  # "playing" or "paused" in the tables

    @Slot(float, float)
    def _on_cursor_moved(self, x: float, y: float) -> None:
        self.cursor_label.setText(f"x = {x:.4g}, y = {y:.4g}")

    @Slot()
    def _on_race_started(self) -> None:
        self.player.reset()
        self.run_controls.set_length(0)
        self.canvas.clear_curves()
        self.canvas.curve_order = [r.key for r in self.race.requests]
        entries = [(r.key, legend_name(self.lab.solver_label(r.key), self.lab.solver_precision(r.key), None),
                    self.lab.solver_color(r.key)) for r in self.race.requests]  # "… · float16" as in the legend
        self.run_table.set_solvers(entries)
        self._fit_run_table()
        for view in self.built_views():
            view.run_started()
        self._update_status()

    def _fit_run_table(self) -> None:
        """The Solvers table grows to show every solver of the run (up to 40% of the window's
        height; beyond, it scrolls), so no checked solver is hidden below the others."""
        self.run_table.resizeRowsToContents()
        wanted = max(MIN_TABLE_HEIGHT, min(self.run_table.rows_height(), int(0.4 * self.height())))
        self.run_table.setMinimumHeight(wanted)
        if self.table_dock.isVisible() and self.table_dock.height() < wanted:
            self.resizeDocks([self.table_dock], [wanted + self.table_dock.height() - self.run_table.height()],
                             Qt.Orientation.Vertical)

    @Slot()
    def _on_traces_grew(self) -> None:
        length = max((len(t) for t in self.race.traces.values()), default=0)
        self.player.set_length(length, finished=not self.race.running)
        self.run_controls.set_length(length)

    @Slot(str)
    def _on_solver_finished(self, key: str) -> None:
        self._update_views(self.player.position)

    @Slot()
    def _on_race_finished(self) -> None:
        self._on_traces_grew()
        self.player.set_length(self.player.length, finished=True)
        if self._follow_end:
            self.player.seek(self.player.length - 1)
        self._update_views(self.player.position)

    # ---- drawing ------------------------------------------------------------------------
    def show_frame(self, position: int | None = None) -> None:
        """Draw the canvas, the tables and the visible views at `position` (the player's frame if
        None) now, as a paused player would: for drivers that render without playing."""
        self._update_views(self.player.position if position is None else position)

    @Slot(int)
    def _update_views(self, position: int) -> None:
        problem = self.problem
        if problem is None:
            return
        lab = self.lab
        grid = self.canvas.curve_grid()
        for key, theta in lab.current_thetas(position).items():
            self.run_table.show_step(key, lab.step_caption(key, position), lab.step_at(key, position))
            at_end = lab.at_end(key, position)
            result = lab.results.get(key)
            self.run_table.show_result(key, result, at_end=at_end, playing=self.player.playing)
            failed = at_end and not result.ok
            drawable = theta is not None and bool(np.all(np.isfinite(theta)))
            x, y = self._fit_curve(problem, theta, grid) if drawable else ((), ())
            name = legend_name(lab.solver_label(key), lab.solver_precision(key), result if at_end else None)
            self.canvas.set_curve(key, legend_label(name, result if failed else None, drawn=drawable),
                                  x, y, lab.solver_look(key), failed=failed)
        self._refresh_views(position)
        reference = self.race.reference
        if reference is not None and reference.theta is not None:
            self.canvas.set_reference_curve(*self._fit_curve(problem, reference.theta, grid))

    def _refresh_views(self, position: int) -> None:
        """Every visible view when paused; while playing, one view at a time in turn, so each
        redraws VIEW_PERIOD_S apart and no frame has to paint them all at once."""
        visible = [view for view in self.built_views()
                   if self.view_docks[view.name].isVisible() and not view.visibleRegion().isEmpty()]
        if not self.player.playing:
            for view in visible:
                view.refresh(position)
            return
        now = time.perf_counter()
        if not visible or now - self._views_drawn_at < VIEW_PERIOD_S / len(visible):
            return
        self._views_drawn_at = now
        self._next_view = (self._next_view + 1) % len(visible)
        visible[self._next_view].refresh(position)

    def _fit_curve(self, problem: Problem, theta, grid):
        if problem.degree is not None:
            return grid, problem.predict(theta, grid)
        order = self.points.x.argsort()
        return self.points.x[order], (problem.design @ theta)[order]

    def _update_status(self) -> None:
        """n, degree, κ(A) and the loss in the status bar."""
        problem = self.data_problem
        if problem is None:
            self.data_label.setText(f"n = {self.points.count}: add at least two points (click on the canvas) "
                                    "or open data")
            return
        features = problem.p - int(problem.intercept)
        degree = f"degree {problem.degree}" if problem.degree is not None else f"{features} features"
        loss = ""
        if self.race.results:
            first = next(iter(self.race.results.values()))
            loss = "" if first.loss is None else f",  loss {first.loss:.6g}"
        self.data_label.setText(f"n = {problem.n},  {degree},  κ(A) = {problem.cond:.3g}{loss}")
        self.data_label.setToolTip(
            f"κ(A) = {problem.cond:.6g}: the condition number of the design matrix A as it is.\n"
            f"κ(A) with unit columns = {problem.cond_scaled:.3g}: each column scaled to length 1 first; "
            "it decides the digits QR loses.\n"
            f"κ(AᵀA) = κ(A)² ≈ {problem.cond_scaled ** 2:.3g} (unit columns): what the normal equations work with.")

    # ---- drag and drop, closing ------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        from .persist.file_actions import load_file
        for url in event.mimeData().urls():
            if url.isLocalFile():
                load_file(self, url.toLocalFile())
                break

    @property
    def closing(self) -> bool:
        """True once shutdown began: views start no new work."""
        return self._closed

    def shutdown(self) -> None:
        """Stop timers, ask the worker to quit and wait for it: safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.lab.closing = True
        self._refit_timer.stop()
        self.player.stop()
        self.race.shutdown()
        for view in self.built_views():
            view.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        event.accept()

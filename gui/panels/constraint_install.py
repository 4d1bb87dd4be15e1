"""Constrained fits in the window (issue 17, point 6): the Fit menu, Alt+click to pin the curve
through a point, the pinned points drawn on the canvas, and the problem of the run carrying the
constraints. The window calls `install_constraints(window)` once.

The constraints live in `lab.constraints` (gui/data/constraints.py). Each new problem of what is on
screen gets them (engine.Problem.with_constraints); the constrained solvers use them and the others
fit freely, so the race's reference, lstsq, is the free fit: the canvas names its dashed line so.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from engine import InputError, Problem
from engine.constrained import CONSTRAINED_METHODS

from ..data.canvas import REFERENCE_LABEL
from ..data.constraints import ConstraintModel
from ..look.style import PALETTE
from .constraint_dialog import ConstraintDialog, sum_to_one_text

FREE_FIT_LABEL = "free fit (no constraint)"
PIN_COLOR = PALETTE[3]
#: The pinned points are drawn above the curves and the points.
_Z_PINS = 40
STATUS_MS = 8000


class ConstraintControls(QObject):
    """The Fit menu's actions, the pin overlay and the wiring between the Lab and the constraints."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.lab, self.canvas = window, window.lab, window.canvas
        self.model = ConstraintModel(self.lab.points.undo_stack, self.lab)
        self.lab.constraints = self.model
        self.dialog: ConstraintDialog | None = None
        self.pins = pg.ScatterPlotItem(size=22, symbol="star", pen=pg.mkPen("k", width=1.5),
                                       brush=pg.mkBrush(PIN_COLOR), pxMode=True)
        self.pins.setZValue(_Z_PINS)
        self.pins.setEnabled(False)  # a click on a pin goes to the canvas like any other click
        self.canvas.plotItem.vb.addItem(self.pins, ignoreBounds=True)
        self.pin_labels: list[pg.TextItem] = []
        self.menu = self._build_menu()
        self.canvas.viewport().installEventFilter(self)
        self.lab.data_changed.connect(self._on_data_changed)
        self.model.changed.connect(self._on_constraints_changed)

    # ---- the Fit menu -------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        bar = self.window.menuBar()
        menu = QMenu("F&it", self.window)
        view = next((a for a in bar.actions() if a.menu() is not None and a.text().replace("&", "") == "View"), None)
        bar.insertMenu(view, menu) if view is not None else bar.addMenu(menu)
        self.constraints_action = self._action(menu, "&Constraints…", "Ctrl+Shift+K", self.open_dialog,
                                               "Type equations and bounds the fit must satisfy")
        self.pin_action = self._action(menu, "&Pin Through a Point…", "Ctrl+Shift+T",
                                       lambda: self.open_dialog("through "),
                                       "The curve must pass through a point you type (or Alt+click on the canvas)")
        self.pin_click_action = self._action(menu, "Pin at the &Next Click", "Ctrl+Alt+P", None,
                                             "The next click on the canvas pins the curve there instead of adding a "
                                             "point")
        self.pin_click_action.setCheckable(True)
        self.sum_action = self._action(menu, "Coefficients &Sum to 1", None, self.add_sum_to_one,
                                       "B0 + B1 + … = 1")
        menu.addSeparator()
        self.clear_action = self._action(menu, "&Remove All Constraints", None, self.model.clear,
                                         "Fit freely again (Edit > Undo brings them back)")
        self.clear_action.setEnabled(False)
        return menu

    def _action(self, menu: QMenu, text: str, shortcut: str | None, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.window.addAction(action)  # the key works with the menu bar hidden (presentation mode)
        return action

    def open_dialog(self, text: str = "") -> ConstraintDialog:
        if self.dialog is None:
            self.dialog = ConstraintDialog(self.model, lambda: self._unconstrained(self.lab.data_problem), self.window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.start_with(text)
        return self.dialog

    def add_sum_to_one(self) -> None:
        problem = self.lab.data_problem
        if problem is None:
            self.window.show_message("Add at least two points first: the constraint is on the fit's coefficients.")
            return
        self.model.add(sum_to_one_text(problem))

    # ---- Alt+click (or the next click after Fit > Pin at the Next Click) ------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return False
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if not (alt or self.pin_click_action.isChecked()):
            return False
        if kind == QEvent.Type.MouseButtonPress:
            scene = self.canvas.mapToScene(event.position().toPoint())
            self.pin_at(self.canvas.plotItem.vb.mapSceneToView(QPointF(scene)))
        return True  # the click pins: it adds no point

    def pin_at(self, point: QPointF) -> None:
        """Pin the curve through `point` (data coordinates; onto the grid when Snap to Grid is on)."""
        x, y = self.canvas.snap.snap(point.x(), point.y())
        self.pin_click_action.setChecked(False)
        self.model.pin(x, y)

    # ---- the problem of the run ------------------------------------------------------------------
    @staticmethod
    def _unconstrained(problem: Problem | None) -> Problem | None:
        return None if problem is None else problem.with_constraints(None)

    @Slot(object)
    def _on_data_changed(self, problem) -> None:
        """A new problem of what is on screen: give it the constraints."""
        if problem is None or not len(self.model):
            return
        try:
            self.lab.data_problem = problem.with_constraints(self.model.constraints_for(problem))
        except InputError as error:
            self.lab.data_problem = problem.with_constraints(None)
            self.lab.message.emit(f"The constraints do not fit this model, so none is used: {error}")

    @Slot()
    def _on_constraints_changed(self) -> None:
        problem = self._unconstrained(self.lab.data_problem)
        if problem is not None:
            self.lab.data_problem = problem
            self._on_data_changed(problem)
        self._update_pins()
        self.clear_action.setEnabled(bool(len(self.model)))
        self.canvas.set_reference_label(FREE_FIT_LABEL if len(self.model) else REFERENCE_LABEL)
        if self.model.quiet:
            return  # a session being opened: it brings its own solvers, and runs when asked
        if len(self.model):
            self._check_a_constrained_method()
        # at once for a user looking at the window, or once a run was asked for (not in a scene being built)
        looking = self.window.isVisible() or bool(self.lab.race.requests)
        if looking and self.lab.points.count >= 2 and self.window.solver_panel.checked_methods():
            self.window.run(follow_end=True)

    def _check_a_constrained_method(self) -> None:
        """With a constraint and no constrained method checked, check the one that fits it (else nothing
        on the canvas would change): nullspace for equations, bvls for bounds."""
        panel = self.window.solver_panel
        checked = panel.checked_methods()
        if any(name in CONSTRAINED_METHODS for name in checked):
            return
        problem = self.lab.data_problem
        constraints = getattr(problem, "constraints", None)
        if constraints is None:
            return
        method = "bvls" if constraints.has_bounds and not constraints.has_equalities else "nullspace"
        panel.set_checked([*checked, method])
        self.window.statusBar().showMessage(f"{method} fits with the constraints; the dashed line is the free fit.",
                                            STATUS_MS)

    def _update_pins(self) -> None:
        points = self.model.pinned_points()
        self.pins.setData([p[0] for p in points], [p[1] for p in points])
        for label in self.pin_labels:
            self.canvas.plotItem.vb.removeItem(label)
        self.pin_labels = []
        for x, y in points:
            label = pg.TextItem(f"pinned ({x:.4g}, {y:.4g})", color=PIN_COLOR, anchor=(0, 1.2))
            label.setPos(x, y)
            label.setZValue(_Z_PINS)
            self.canvas.plotItem.vb.addItem(label, ignoreBounds=True)
            self.pin_labels.append(label)


def install_constraints(window) -> ConstraintControls:
    """The Fit menu, Alt+click pins and constrained problems for `window` (its one call)."""
    window.constraint_controls = ConstraintControls(window)
    return window.constraint_controls


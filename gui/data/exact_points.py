"""Exact points in the window (issue 14, point 3): Edit > Snap to Grid, and the Points dock, a
table of the same Lab points as the canvas. The window calls both installers once its menus exist.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from ..look.menu_bar import find_menu
from .point_table_panel import PointTablePanel

POINTS_DOCK_TITLE = "Points"
#: The View menu's docks are on Alt+1 … Alt+6 (the teaching views); the points come next.
POINTS_SHORTCUT = "Alt+7"
#: How long a message of the table stays in the status bar.
STATUS_MS = 6000


def install_exact_points(window) -> None:
    """Both: snap to grid and the Points dock (the window's one call)."""
    install_snap(window)
    install_point_table(window)


def install_snap(window) -> None:
    """Edit > Snap to Grid (Ctrl+G; also in the canvas's right-click menu), on for small data until
    the user chooses, and the user's choice kept for the rest of the session."""
    canvas, points = window.canvas, window.lab.points
    edit_menu = find_menu(window, "Edit")
    edit_menu.addSeparator()
    edit_menu.addAction(canvas.snap.action)
    window.addAction(canvas.snap.action)  # the shortcut works with the menu bar hidden (presentation)
    points.replaced.connect(lambda: canvas.snap.follow_data(points.count))
    canvas.snap.follow_data(points.count)


def install_point_table(window) -> QDockWidget:
    """The Points dock: tabbed with the Solvers table below the canvas, hidden until View > Points
    (Alt+7); its selection and the canvas's follow each other."""
    panel = PointTablePanel(window.lab.points)
    dock = QDockWidget(POINTS_DOCK_TITLE, window)
    dock.setObjectName(POINTS_DOCK_TITLE)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(window.table_dock, dock)
    dock.hide()
    window.table_dock.raise_()  # hiding the new tab would bring the group's last tab (Neural networks) to the front
    toggle = dock.toggleViewAction()
    toggle.setShortcut(QKeySequence(POINTS_SHORTCUT))
    toggle.setStatusTip("The points as a table: type, edit, add and delete coordinates")
    view_menu = find_menu(window, "View")
    view_menu.insertAction(_after_the_docks(view_menu), toggle)
    window.addAction(toggle)
    toggle.triggered.connect(lambda shown: shown and dock.raise_())  # in front of its tab group

    canvas = window.canvas
    panel.rows_selected.connect(canvas.select)
    canvas.selection_changed.connect(lambda: panel.select_points(canvas.selected_indices()))
    panel.message.connect(lambda text: window.statusBar().showMessage(text, STATUS_MS))
    window.points_dock, window.point_table = dock, panel
    return dock


def _after_the_docks(menu: QMenu):
    """The separator that ends the View menu's list of docks (the action to insert before)."""
    separators = [action for action in menu.actions() if action.isSeparator()]
    return separators[1] if len(separators) > 1 else None

"""The menu bar: File, Edit, Data Sets (built from the engine's list), View."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from engine.datasets import DATASETS

from .persist import export_actions, file_actions
from .presenter_layouts import ALL_PANELS_KEY, LAYOUT_KEYS, LAYOUT_TITLES
from .views import VIEWS

if TYPE_CHECKING:
    from .main_window import MainWindow


#: Each teaching view's key in the View menu (Alt+7 is View > Points).
VIEW_KEYS = {"surface": "Alt+1", "geometry": "Alt+2", "hand": "Alt+3", "convergence": "Alt+4", "table": "Alt+5",
             "neural": "Alt+6", "residuals": "Alt+8", "conditioning": "Alt+9", "gd-conditioning": "Alt+0",
             "singular-values": "Ctrl+Alt+9", "refinement": "Ctrl+Alt+0"}


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    _add(window, file_menu, "&Open CSV…", "Ctrl+O", lambda: file_actions.open_dialog(window))
    _add(window, file_menu, "&Save Points As CSV…", "Ctrl+S", lambda: file_actions.save_dialog(window))
    file_menu.addSeparator()
    export_menu = file_menu.addMenu("&Export")
    _add(window, export_menu, "&Animation (GIF, MP4)…", "Ctrl+E",
         lambda: export_actions.export_animation_dialog(window))
    _add(window, export_menu, "&Trace (CSV, JSON)…", "Ctrl+Shift+E", lambda: export_actions.export_trace_dialog(window))
    _add(window, export_menu, "Comparison &Table (CSV)…", None, lambda: export_actions.export_table_dialog(window))
    pictures = export_menu.addMenu("&Picture (PNG, SVG) of")
    _add(window, pictures, "the &Window…", None, lambda: export_actions.export_picture_dialog(window, window, "window"))
    _add(window, pictures, "the &Canvas…", None,
         lambda: export_actions.export_picture_dialog(window, window.canvas, "canvas"))
    for spec in VIEWS:
        _add(window, pictures, f"{spec.title}…", None,
             lambda _=False, name=spec.name: export_actions.export_picture_dialog(window, window.view(name), name))
    file_menu.addSeparator()
    _add(window, file_menu, "&Quit", "Ctrl+Q", window.close)

    edit_menu = bar.addMenu("&Edit")
    undo = window.points.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.points.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    _add(window, edit_menu, "Select &All", "Ctrl+A", window.canvas.select_all)
    _add(window, edit_menu, "&Clear Points", "Ctrl+Shift+Backspace", window.points.clear)

    data_menu = bar.addMenu("&Data Sets")
    groups: dict[str, object] = {}
    for data_set in DATASETS.values():
        if data_set.group not in groups:
            groups[data_set.group] = data_menu.addMenu(data_set.group)
        action = groups[data_set.group].addAction(data_set.title)
        action.setToolTip(data_set.description)
        action.setStatusTip(data_set.description)
        action.triggered.connect(lambda _=False, name=data_set.name: window.load_dataset(name))
    data_menu.setToolTipsVisible(True)

    view_menu = bar.addMenu("&View")
    view_menu.addAction(window.auto_range_action)
    view_menu.addSeparator()
    for action in window.residual_actions:  # segments, squares, bars, the Distance submenu (issue 15)
        view_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(window.side_dock.toggleViewAction())
    view_menu.addAction(window.table_dock.toggleViewAction())
    window.view_actions = {}
    for name, dock in window.view_docks.items():  # Alt+1 … Alt+0 and Ctrl+Alt+9, 0: each view
        window.view_actions[name] = action = view_action(window, name, dock)
        view_menu.addAction(action)
    view_menu.addSeparator()
    layouts = window.presenter_layouts
    for layout, title in LAYOUT_TITLES.items():
        action = _add(window, view_menu, title, LAYOUT_KEYS[layout], lambda _=False, name=layout: layouts.show(name))
        action.setToolTip(f"{title} ({LAYOUT_KEYS[layout]}); press again for the next view")
    _add(window, view_menu, "All Panels", ALL_PANELS_KEY, layouts.show_panels)
    _add(window, view_menu, "&Reset Layout", "Ctrl+Shift+R", window.reset_layout)


def _add(window: MainWindow, menu, text: str, shortcut: str | None, slot) -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def view_action(window: MainWindow, name: str, dock) -> QAction:
    """The View menu's entry of one view: its key brings the view to the front when it is closed or
    behind another tab (in the presenter layout on screen, if one is), and closes it only when it is
    already in front (a plain toggle would close a view the lecturer asked to see). F6 and F7 then
    start with it. Checked while the view is open, as the dock's own toggle is."""
    action = QAction(dock.windowTitle(), window, checkable=True)
    if name in VIEW_KEYS:
        action.setShortcut(QKeySequence(VIEW_KEYS[name]))
    toggle = dock.toggleViewAction()
    action.setChecked(toggle.isChecked())
    toggle.toggled.connect(action.setChecked)

    def show_or_close() -> None:
        layouts = window.presenter_layouts
        if dock.isHidden() or dock.visibleRegion().isEmpty():
            if layouts.layout:  # F6/F7 on screen: that layout, with this view
                layouts.show(layouts.layout, name)
            else:
                window.show_view(name)
                layouts.view_name = name  # the view F6 and F7 start with next
        else:
            dock.hide()
        action.setChecked(not dock.isHidden())

    action.triggered.connect(show_or_close)
    return action

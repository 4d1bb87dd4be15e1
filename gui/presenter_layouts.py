"""Two layouts for the front of a lecture hall, each on one key, with the settings and tables out
of the way: the canvas and one teaching view side by side (F6), and one view filling the window
(F7). Pressing the key of the layout on screen moves on to the next view, so a clicker or one
finger walks through the views; F8 brings every panel back as it was.

A layout is a set of docks shown, not a new window: the view's dock is moved beside the canvas
(or the canvas is hidden and the dock fills the window), and Qt's saved dock state brings the
panels back. With a layout on screen the menus may be hidden (presentation mode), so a row of
buttons beside the timeline, the classroom bar, keeps the residual pictures and My line in reach."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QToolBar, QToolButton

from .views import LEFT_VIEWS

CANVAS_AND_VIEW = "canvas-and-view"
ONE_VIEW = "one-view"
LAYOUT_TITLES = {CANVAS_AND_VIEW: "Canvas and One View", ONE_VIEW: "One View Full"}
LAYOUT_KEYS = {CANVAS_AND_VIEW: "F6", ONE_VIEW: "F7"}
ALL_PANELS_KEY = "F8"


class PresenterLayouts(QObject):
    """Shows a presenter layout in one main window, and the panels again after it."""

    changed = Signal(str)
    """The layout on screen: CANVAS_AND_VIEW, ONE_VIEW, or "" for the panels as they were."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.layout = ""
        self.view_name: str | None = None
        self._panels_state: QByteArray | None = None
        self._classroom_bar: QToolBar | None = None

    # ---- which view -----------------------------------------------------------------------
    def front_view(self) -> str:
        """The view a layout starts with: the one shown last in a layout, else the view in front
        on screen (the left views first: they picture the parameters), else the first."""
        docks = self.window.view_docks
        if self.view_name in docks:
            return self.view_name
        shown = [name for name, dock in docks.items() if dock.isVisible() and not dock.visibleRegion().isEmpty()]
        shown.sort(key=lambda name: name not in LEFT_VIEWS)
        return shown[0] if shown else next(iter(docks))

    def _next_view(self) -> str:
        names = list(self.window.view_docks)
        return names[(names.index(self.front_view()) + 1) % len(names)]

    # ---- showing --------------------------------------------------------------------------
    def show(self, layout: str, view: str | None = None) -> None:
        """Show `layout` with `view` (default: the front view; the next one when this layout is
        already on screen)."""
        if layout not in LAYOUT_TITLES:
            raise ValueError(f"no presenter layout {layout!r}; there are {', '.join(LAYOUT_TITLES)}")
        window = self.window
        if view is None:
            view = self._next_view() if layout == self.layout else self.front_view()
        if not self.layout:
            self._panels_state = window.saveState()
        for dock in window.findChildren(QDockWidget):
            if dock is not window.view_docks[view] and not dock.isFloating():
                dock.hide()
        dock = window.view_docks[view]
        if window.dockWidgetArea(dock) != Qt.DockWidgetArea.LeftDockWidgetArea:
            window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.show()
        dock.raise_()
        window.view(view)  # built, if it never was
        window.centralWidget().setVisible(layout == CANVAS_AND_VIEW)
        if layout == CANVAS_AND_VIEW:
            window.resizeDocks([dock], [window.width() // 2], Qt.Orientation.Horizontal)
            # The strips under the canvas wrap their words (height for width); Qt keeps the heights
            # of the old width unless the canvas's layout is asked again at the new one.
            QTimer.singleShot(0, window, window.centralWidget().layout().invalidate)
        self.layout, self.view_name = layout, view
        beside_canvas = layout == CANVAS_AND_VIEW  # one view full has no canvas to draw the pictures on
        self.classroom_bar().setVisible(beside_canvas)
        window.my_line.bar.show_round_buttons(not beside_canvas)  # else Keep and Reveal are on the bar
        window.show_frame(window.player.position)
        self.changed.emit(layout)

    def show_panels(self) -> None:
        """Every panel back where it was before the first layout (F8)."""
        if not self.layout:
            return
        self.window.centralWidget().show()
        if self._panels_state is not None:
            self.window.restoreState(self._panels_state)
        self.forget()

    def forget(self) -> None:
        """No layout on screen any more (presentation mode left and restored the docks itself)."""
        self.window.centralWidget().show()
        if self._classroom_bar is not None:
            self._classroom_bar.hide()
            self.window.my_line.bar.show_round_buttons(True)
        QTimer.singleShot(0, self.window, self.window.whole_tab_titles)  # restored docks, new tab bars
        self.layout, self._panels_state = "", None
        self.changed.emit("")

    # ---- the classroom bar ------------------------------------------------------------------
    def classroom_bar(self) -> QToolBar:
        """The residual toggles, the distance and My line's actions as buttons (the same actions
        as the View menu, so their keys and check marks agree), made at the first layout."""
        if self._classroom_bar is None:
            window = self.window
            bar = QToolBar("Classroom", window)
            bar.setObjectName("classroom-bar")
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            for action in window.residual_actions:
                bar.addAction(action)
                button = bar.widgetForAction(action)
                if action.menu() is not None and isinstance(button, QToolButton):
                    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)  # Distance ▾
            bar.addSeparator()
            my_line = window.my_line
            for action in (my_line.guess_action, my_line.keep_action, my_line.reveal_action):
                bar.addAction(action)
            # at the top, beside the timeline when the row has room (a row of its own costs the
            # canvas and the views 50 px at twice the font)
            window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
            window.run_controls.toolbar_rows.add(bar)
            self._classroom_bar = bar
        return self._classroom_bar

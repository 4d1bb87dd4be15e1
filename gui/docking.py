"""Where the teaching views live: docked left and below the canvas, tabbed per area, pinned at
their size once shown, and back to the first layout on View > Reset Layout."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTabBar, QWidget

from .views import LEFT_VIEWS, ViewSpec
from .views.base import RunView

#: The share of the window's width the left views (pictures of the parameters) start with, at most.
LEFT_SHARE = 0.38
#: The share of the width the canvas keeps first: the points are what the class looks at
#: (issue 14: at least 45 % on a 1280 × 720 projector).
CANVAS_SHARE = 0.5
#: A teaching view narrower than this beside the canvas is not worth it: on a small screen the
#: left views become tabs beside the settings instead.
MIN_LEFT_WIDTH = 320
#: The height the docks below the canvas start with, at least: a convergence plot with readable
#: ticks, or five rows of the Solvers table.
MIN_BOTTOM_HEIGHT = 170


class DockedViews:
    """Mixed into MainWindow (a QMainWindow with `view_docks`, `side_dock`, `table_dock`, `player`,
    `data_problem`, `race` and a `view_built` signal). A view is built the first time its dock is
    shown or `view(name)` asks for it; until then its dock holds an empty placeholder and the view
    costs nothing."""

    _dock_sizes_fixed = False
    _default_layout = None  # the docks as first shown, for View > Reset Layout

    def add_view(self, spec: ViewSpec) -> None:
        """Dock a teaching view (built later); views of the same area are tabbed together."""
        left = spec.name in LEFT_VIEWS
        area = Qt.DockWidgetArea.LeftDockWidgetArea if left else Qt.DockWidgetArea.BottomDockWidgetArea
        placeholder = QWidget()
        placeholder.setObjectName(f"placeholder-{spec.name}")
        dock = self._dock(spec.title, placeholder, area)
        same_area = [d for name, d in self.view_docks.items() if (name in LEFT_VIEWS) == left]
        if same_area:
            self.tabifyDockWidget(same_area[-1], dock)
        elif not left:
            self.tabifyDockWidget(self.table_dock, dock)
        self.view_docks[spec.name] = dock
        self._view_specs[spec.name] = spec
        dock.visibilityChanged.connect(lambda visible: visible and self._on_view_shown(spec.name))

    def view(self, name: str) -> RunView:
        """The docked view called `name` (surface, geometry, hand, convergence, table, neural),
        built now if it has not been yet, and told what the window holds."""
        view = self._built_views.get(name)
        if view is None:
            view = self._view_specs[name].load()(self.lab)
            self._built_views[name] = view
            placeholder = self.view_docks[name].widget()
            self.view_docks[name].setWidget(view)
            placeholder.deleteLater()
            view.data_changed(self.data_problem)
            if self.race.requests:  # a run has begun: the view sets itself up for it
                view.run_started()
            self.view_built.emit(view)
        return view

    @property
    def views(self) -> list[RunView]:
        """Every teaching view in tab order, built (tests, export and screenshots want them all)."""
        return [self.view(name) for name in self.view_docks]

    def built_views(self) -> list[RunView]:
        """The views built so far: the only ones an edit or a run has to tell."""
        return [self._built_views[name] for name in self.view_docks if name in self._built_views]

    def _on_view_shown(self, name: str) -> None:
        self.view(name).refresh(self.player.position)

    def show_view(self, name: str, *, prominent: bool = False) -> None:
        """Bring a view's tab to the front (screenshot --view, the View menu); `prominent`
        also gives its dock about half of the window."""
        dock = self.view_docks[name]
        dock.show()
        dock.raise_()
        if prominent:
            if name in LEFT_VIEWS:
                self.resizeDocks([dock], [int(self.width() * 0.45)], Qt.Orientation.Horizontal)
            else:
                self.resizeDocks([dock], [int(self.height() * 0.45)], Qt.Orientation.Vertical)
        self._update_views(self.player.position)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._dock_sizes_fixed:
            self._dock_sizes_fixed = True
            self._first_layout()
            self._default_layout = self.saveState()
            # resizeDocks takes effect when the layout next runs: keep the state it gives.
            QTimer.singleShot(0, self._keep_default_layout)

    def _keep_default_layout(self) -> None:
        self._default_layout = self.saveState()

    def _first_layout(self) -> None:
        """Share the window out for the screen it opened on. The views are built when shown, so
        their sizes cannot set the widths: the canvas gets `CANVAS_SHARE`, the settings what they
        need, the left views the rest; if that is too narrow for a view (a 1024-pixel projector),
        the left views become tabs beside the settings."""
        self.fix_dock_sizes()
        width = self.width()
        settings_width = self.side_dock.minimumSizeHint().width()
        left_width = min(int(width * LEFT_SHARE), width - settings_width - int(width * CANVAS_SHARE))
        left = [dock for name, dock in self.view_docks.items() if name in LEFT_VIEWS and dock.isVisible()]
        if left and left_width < MIN_LEFT_WIDTH:
            front = next((dock for dock in left if not dock.visibleRegion().isEmpty()), left[0])
            for dock in left:
                self.tabifyDockWidget(self.side_dock, dock)
            front.raise_()
            self.resizeDocks([self.side_dock], [width - int(width * CANVAS_SHARE)], Qt.Orientation.Horizontal)
        elif left:
            self.resizeDocks(left[:1], [left_width], Qt.Orientation.Horizontal)
            self.resizeDocks([self.side_dock], [settings_width], Qt.Orientation.Horizontal)
        self._share_the_height()
        self._hide_stale_tab_bars()
        self.whole_tab_titles()

    def _share_the_height(self) -> None:
        """The docks below the canvas start at a usable height (`MIN_BOTTOM_HEIGHT`, more on a tall
        screen); above that, the settings take what they ask for, so they scroll only on a screen
        too small for them. The settings and the docks below share one column of the window."""
        if not self.table_dock.isVisible():
            return
        column = self.side_dock.height() + self.table_dock.height()
        settings_need = self.side_dock.widget().sizeHint().height() + (
            self.side_dock.height() - self.side_dock.widget().height())  # and the dock's title
        wanted = max(MIN_BOTTOM_HEIGHT, int(self.height() * 0.28))
        bottom = max(MIN_BOTTOM_HEIGHT, min(wanted, column - settings_need))
        self.resizeDocks([self.table_dock], [bottom], Qt.Orientation.Vertical)

    def _hide_stale_tab_bars(self) -> None:
        """Tabifying a third dock into a group leaves the tab bar of its first two behind, shown at
        a stale place (a Qt quirk; a 768-pixel-high window lets "Solvers | Convergence" show through
        the left docks). It is the bar whose tabs begin another bar's longer list: hide it."""
        bars = {bar: [bar.tabText(i) for i in range(bar.count())] for bar in self.findChildren(QTabBar)
                if bar.parent() is self and bar.count()}  # the docks' bars, not a view's own tabs
        for bar, tabs in bars.items():
            if any(len(other) > len(tabs) and other[:len(tabs)] == tabs for other in bars.values()):
                bar.hide()

    def whole_tab_titles(self) -> None:
        """Dock tabs show their whole titles ("Hand calculation", not "Hand calcu…") and scroll
        with arrows when they do not fit."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)

    def reset_layout(self) -> None:
        """Every dock back where it was when the window first opened (View > Reset Layout)."""
        self.presenter_layouts.forget()
        if self._default_layout is not None:
            self.restoreState(self._default_layout)
        self.whole_tab_titles()

    def fix_dock_sizes(self) -> None:
        """Pin each dock area at the size it has now. Until a dock's size is set, Qt sizes it from
        its contents' size hint, so a caption changing during a run would shift every dock and
        redraw the whole window; pinned, only the user's dragging resizes them."""
        docks = [dock for dock in self.findChildren(QDockWidget) if dock.isVisible() and not dock.isFloating()]
        for orientation, extent in ((Qt.Orientation.Horizontal, QWidget.width), (Qt.Orientation.Vertical,
                                                                                   QWidget.height)):
            self.resizeDocks(docks, [extent(dock) for dock in docks], orientation)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

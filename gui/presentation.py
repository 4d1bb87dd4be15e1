"""Presentation mode for a lecture hall: big fonts, thick curves and big markers, high contrast,
only the canvas, the views and the run toolbar on screen; plus full screen and the theme.

Fonts: the application font is scaled (every widget that does not set its own follows), and so
is each widget that sets its own (its fixed height too, for captions sized to their lines).
Plots: `themes.ItemStyler` scales every pen, marker and plot font and restyles items created
later (see its docstring). Leaving restores the exact fonts, pens, panels and shortcuts.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QMenu, QRadioButton, QWidget
from shiboken6 import isValid

from .look.mapping import THEMES, Look, map_font
from .look.menu_bar import find_menu
from .look.style import ScaledIndicators
from .look.themes import apply_look, apply_theme, styler_for
from .presenter_layouts import CANVAS_AND_VIEW
from .shortcut_overlay import install_shortcuts
from .views import LEFT_VIEWS

SCALES = (1.5, 2.0, 2.5)
DEFAULT_SCALE = 2.0
THEME_KEY = "appearance/theme"
SCALE_KEY = "presentation/scale"
PRESENTING_KEY = "presentation/on"
ESCAPE = QKeySequence("Esc")
_MAX_HEIGHT = 16777215  # QWIDGETSIZE_MAX: no fixed height



class Presentation(QObject):
    """Enters and leaves presentation mode for one window, and remembers the choice."""

    toggled = Signal(bool)
    """Presentation mode was entered (True) or left (False)."""

    def __init__(self, window, settings: QSettings | None = None):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.scale = DEFAULT_SCALE
        self.presenting = False
        self._app_font = None
        self._fonts: list[tuple[QWidget, object, object, int, int]] = []  # widget, original, applied, heights
        self._dock_state = None
        self._menu_hidden = False
        self._escape_owners: dict[QAction, list[QKeySequence]] = {}
        self._alt_alone = False
        self.present_action: QAction | None = None  # made by install_presentation
        self.full_screen_action: QAction | None = None
        self.dark_action: QAction | None = None
        self.overlay = None
        self.leave_action = QAction("Leave Presentation", self)
        self.leave_action.triggered.connect(self.leave)
        window.addAction(self.leave_action)
        window.installEventFilter(self)

    def panels(self) -> list[QWidget]:
        """What a lecture does not need on screen: the settings, the solvers' and the points' tables,
        and the views docked below the canvas (too short at a large scale; the presenter layouts,
        F6 and F7, show any view)."""
        below = [dock for name, dock in self.window.view_docks.items() if name not in LEFT_VIEWS]
        return [self.window.side_dock, self.window.table_dock, self.window.points_dock, *below]

    # ---- entering and leaving -------------------------------------------------------------
    def enter(self, scale: float | None = None) -> None:
        scale = _valid_scale(self.scale if scale is None else scale)
        if self.presenting:
            self._set_scale(scale)
            return
        window = self.window
        self._app_font = QApplication.font()
        self._fonts = _own_fonts(window)
        self._dock_state = window.saveState()
        for panel in self.panels():
            panel.hide()
        _hide_empty_tab_bars(window)
        self._menu_hidden = window.menuBar().isHidden()
        window.menuBar().hide()
        self._take_escape()
        self.presenting = True
        self._set_scale(scale)
        self._remember(PRESENTING_KEY, True)
        self.toggled.emit(True)

    def leave(self, *, remember: bool = True) -> None:
        if not self.presenting:
            return
        window = self.window
        self.presenting = False
        _scale_indicators(1.0)
        for widget, original, applied, height, applied_height in self._fonts:
            if not isValid(widget):
                continue
            if widget.font() == applied:
                widget.setFont(original)
            if applied_height is not None and _fixed_height(widget) == applied_height:
                widget.setFixedHeight(height)
        self._fonts = []
        QApplication.setFont(self._app_font)
        apply_look(window, replace(styler_for(window).look, scale=1.0, contrast=False))
        QTimer.singleShot(0, window, lambda: _relayout_status_bar(window))
        window.restoreState(self._dock_state)
        window.menuBar().setHidden(self._menu_hidden)
        self._give_back_escape()
        if remember:
            self._remember(PRESENTING_KEY, False)
        self.toggled.emit(False)

    def toggle(self) -> None:
        self.leave() if self.presenting else self.enter()

    def set_presenting(self, on: bool) -> None:
        self.enter() if on else self.leave()

    def set_scale(self, scale: float) -> None:
        """The scale of the next (or the current) presentation."""
        scale = _valid_scale(scale)
        if self.presenting:
            self._set_scale(scale)
        else:
            self.scale = scale
            self._remember(SCALE_KEY, scale)

    def set_theme(self, name: str) -> None:
        apply_theme(self.window, name)
        self._remember(THEME_KEY, name)

    def adopt(self, view: QWidget) -> None:
        """A view built while presenting: its own fonts are scaled like the others'."""
        if self.presenting:
            self._fonts += _own_fonts(view)
            self._scale_fonts(Look(self.scale))

    def _set_scale(self, scale: float) -> None:
        self.scale = scale
        look = Look(scale)
        _scale_indicators(scale)  # before the fonts: a style set at the big fonts would keep their sizes
        QApplication.setFont(map_font(look, self._app_font))
        self._scale_fonts(look)
        apply_look(self.window, replace(styler_for(self.window).look, scale=scale, contrast=True))
        QTimer.singleShot(0, self.window, lambda: _relayout_status_bar(self.window))  # once the fonts arrived
        self._remember(SCALE_KEY, scale)

    def _scale_fonts(self, look: Look) -> None:
        """Every widget's own font (and fixed height) at the look's scale of its original."""
        fonts = []
        for widget, original, applied, height, applied_height in self._fonts:
            if not isValid(widget):
                continue
            if applied is None or widget.font() == applied:
                applied = map_font(look, original)
                widget.setFont(applied)
            if height is not None and (applied_height is None or _fixed_height(widget) == applied_height):
                applied_height = round(height * look.scale)
                widget.setFixedHeight(applied_height)
            fonts.append((widget, original, applied, height, applied_height))
        self._fonts = fonts

    # ---- Esc leaves while presenting (it cancels a run otherwise) ---------------------------
    def _take_escape(self) -> None:
        for action in self.window.findChildren(QAction):
            shortcuts = action.shortcuts()
            if action is not self.leave_action and ESCAPE in shortcuts:
                self._escape_owners[action] = shortcuts
                action.setShortcuts([s for s in shortcuts if s != ESCAPE])
        self.leave_action.setShortcut(ESCAPE)

    def _give_back_escape(self) -> None:
        self.leave_action.setShortcuts([])
        for action, shortcuts in self._escape_owners.items():
            if isValid(action):
                action.setShortcuts(shortcuts)
        self._escape_owners.clear()

    # ---- Alt alone shows the hidden menu bar; closing the window leaves ----------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        # A shortcut such as Alt+↑ (My line's nudge) never arrives as a KeyPress, only as the
        # ShortcutOverride asked first: either means Alt was not pressed alone.
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            self._alt_alone = event.key() == Qt.Key.Key_Alt and not event.isAutoRepeat()
        elif kind == QEvent.Type.KeyRelease and event.key() == Qt.Key.Key_Alt:
            if self._alt_alone and self.presenting:
                bar = self.window.menuBar()
                bar.setVisible(bar.isHidden())
            self._alt_alone = False
        elif kind == QEvent.Type.Close and self.presenting:
            self.leave(remember=False)  # the layout saved at quit is the normal one; the next start presents
        return False

    def _remember(self, key: str, value) -> None:
        if self.settings is not None:
            self.settings.setValue(key, value)
            self.settings.sync()


def _own_fonts(root: QWidget) -> list[tuple]:
    """(widget, its font, applied, fixed height, applied height) for `root` and its children that
    set a font of their own (they do not follow the application font)."""
    own = [w for w in (root, *root.findChildren(QWidget)) if w.testAttribute(Qt.WidgetAttribute.WA_SetFont)]
    return [(w, w.font(), None, _fixed_height(w), None) for w in own]


def _scale_indicators(scale: float) -> None:
    """Check boxes at `scale` times their size. The scaling style is installed at the first
    presentation, not at start-up (its Python pixelMetric costs the GUI thread ~6 µs a call, ~10 %
    while a long run streams), and then stays at scale 1: swapping the application's style back
    would leave every widget at the sizes of the big fonts."""
    style = QApplication.style()
    if not isinstance(style, ScaledIndicators):
        if scale == 1.0:
            return
        QApplication.setStyle(ScaledIndicators(style.name(), scale))
        return
    style.scale = scale
    for widget in QApplication.allWidgets():
        if isinstance(widget, (QCheckBox, QRadioButton)):
            widget.updateGeometry()
            widget.update()


def _relayout_status_bar(window) -> None:
    """The main window keeps its status bar at the height it had: a new font size would cut the
    status line in half, so the bar is given the height its widgets now ask for."""
    bar = window.statusBar()
    bar.setMinimumHeight(0)
    widgets = bar.findChildren(QLabel)
    if widgets:
        bar.setMinimumHeight(max(widget.sizeHint().height() for widget in widgets) + 4)


def _fixed_height(widget: QWidget) -> int | None:
    height = widget.maximumHeight()
    return height if widget.minimumHeight() == height and 0 < height < _MAX_HEIGHT else None


def _valid_scale(scale) -> float:
    """A scale in [1.5, 2.5] (a value outside is clamped, one that is no number is the default)."""
    try:
        scale = float(scale)
    except (TypeError, ValueError):
        return DEFAULT_SCALE
    return DEFAULT_SCALE if scale != scale else min(max(scale, SCALES[0]), SCALES[-1])


def _read_bool(settings: QSettings, key: str) -> bool:
    """True only for a value written as true (a damaged file's 'maybe' is False)."""
    return str(settings.value(key, "false")).strip().lower() in ("true", "1")


def _hide_empty_tab_bars(window) -> None:
    """Qt leaves the tab bar of a dock group on screen when every dock of the group is hidden
    (an empty strip over the views beside it); hide such bars. Leaving restores the saved state,
    and Qt shows the bars it needs again."""
    from PySide6.QtWidgets import QDockWidget, QTabBar

    hidden = {dock.windowTitle() for dock in window.findChildren(QDockWidget) if dock.isHidden()}
    for bar in window.findChildren(QTabBar):
        titles = {bar.tabText(i) for i in range(bar.count())}
        if bar.parent() is window and bar.isVisible() and titles and titles <= hidden:
            bar.hide()


def install_presentation(window, settings: QSettings) -> Presentation:
    """F5 presentation, F11 full screen, the theme and the keyboard additions, in the View menu,
    on the run toolbar and on the window itself (so every shortcut works with the menu bar hidden);
    then the remembered theme, scale and mode come back."""
    presentation = Presentation(window, settings)
    window.view_built.connect(presentation.adopt)  # a view first shown while presenting
    layouts = window.presenter_layouts  # presenting starts with the canvas and one view (F6, F7, F8)
    presentation.toggled.connect(lambda on: layouts.show(CANVAS_AND_VIEW) if on else layouts.forget())
    window.player_keys.follow_presentation(presentation)  # runs start paused while presenting
    view_menu = find_menu(window, "View")  # made by gui/menus.py
    view_menu.addSeparator()

    present = _action(window, view_menu, "&Presentation Mode", ["F5"], checkable=True)
    present.setToolTip("Presentation mode: big fonts, thick lines, panels hidden (F5; Esc leaves)")
    present.toggled.connect(presentation.set_presenting)
    presentation.toggled.connect(lambda on: _set_checked(present, on))
    window.run_controls.addSeparator()
    window.run_controls.addAction(present)

    scale_menu = QMenu("Presentation Si&ze", view_menu)
    view_menu.addMenu(scale_menu)
    scales = QActionGroup(scale_menu)
    for scale in SCALES:
        action = scale_menu.addAction(f"×{scale:g}")
        action.setCheckable(True)
        action.setData(scale)
        scales.addAction(action)
        action.triggered.connect(lambda _=False, s=scale: presentation.set_scale(s))

    full = _action(window, view_menu, "&Full Screen", ["F11"], checkable=True)
    full.toggled.connect(lambda on: window.setWindowState(
        window.windowState() | Qt.WindowState.WindowFullScreen if on
        else window.windowState() & ~Qt.WindowState.WindowFullScreen))
    window.installEventFilter(_StateWatcher(window, lambda: _set_checked(full, window.isFullScreen())))

    dark = _action(window, view_menu, "&Dark Theme", ["Ctrl+Shift+D"], checkable=True)
    dark.toggled.connect(lambda on: presentation.set_theme("dark" if on else "light"))

    presentation.overlay = install_shortcuts(window)
    for action in _menu_actions(window.menuBar()):
        if action.shortcuts() and action not in window.actions():
            window.addAction(action)

    theme = settings.value(THEME_KEY, "light")
    theme = theme if theme in THEMES else "light"
    _set_checked(dark, theme == "dark")
    presentation.set_theme(theme)
    presentation.scale = _valid_scale(settings.value(SCALE_KEY, DEFAULT_SCALE))

    def show_scale(_presenting: bool) -> None:
        for action in scales.actions():
            action.setChecked(action.data() == presentation.scale)

    show_scale(False)
    presentation.toggled.connect(show_scale)
    presentation.present_action, presentation.full_screen_action, presentation.dark_action = present, full, dark
    if _read_bool(settings, PRESENTING_KEY):
        presentation.enter()
    return presentation


def _action(window, menu, text: str, keys: list[str], *, checkable: bool = False) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setCheckable(checkable)
    menu.addAction(action)
    window.addAction(action)
    return action


def _set_checked(action: QAction, on: bool) -> None:
    """Show a state without acting on it again."""
    blocked = action.blockSignals(True)
    action.setChecked(on)
    action.blockSignals(blocked)


def _menu_actions(widget) -> list[QAction]:
    found = []
    for action in widget.actions():
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


class _StateWatcher(QObject):
    """Calls back when the window's state (full screen, maximised) changes."""

    def __init__(self, window, callback):
        super().__init__(window)
        self._callback = callback

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.WindowStateChange:
            self._callback()
        return False


"""The window's layout between sessions: which views are shown, where they are docked and how
big. Saved with Qt's own saveState/saveGeometry in the user's settings when the app quits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: Raise when docks are added, removed or renamed: a state saved by another layout is ignored.
LAYOUT_VERSION = 1
GEOMETRY_KEY = "layout/geometry"
STATE_KEY = "layout/state"


def save_layout(window: MainWindow, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState(LAYOUT_VERSION))
    settings.sync()


def restore_geometry(window: MainWindow, settings: QSettings) -> bool:
    """The window's size and place (call before showing it)."""
    geometry = settings.value(GEOMETRY_KEY)
    return isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)


def restore_layout(window: MainWindow, settings: QSettings) -> bool:
    """The docks as saved (call once the window is shown); False, and the default layout kept,
    when nothing usable was saved (first start, another version, a damaged file)."""
    state = settings.value(STATE_KEY)
    return isinstance(state, QByteArray) and window.restoreState(state, LAYOUT_VERSION)

"""The main window's way into the nonlinear fit window: Fit > Nonlinear Fit… (Ctrl+Shift+N) on
the points on screen, and Data Sets > NIST nonlinear (NIST's 27 certified problems).

One nonlinear window per main window, reused; it closes with the main window (its worker is
waited for).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence

from ..look.menu_bar import find_menu

SHORTCUT = "Ctrl+Shift+N"


def install_nonlinear(window) -> None:
    """Add the nonlinear window's menu entries to `window` (a MainWindow)."""
    from engine.nist_catalog import NIST_NONLINEAR, nist_difficulty, nist_name  # not the engine: start-up

    window.nonlinear_window = None
    action = QAction("&Nonlinear Fit…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setToolTip("Fit a curve (a model or a formula you type) to the points by Gauss-Newton, "
                      "Levenberg-Marquardt and the gradient methods")
    action.triggered.connect(partial(open_on_points, window))
    fit_menu = find_menu(window, "Fit")
    fit_menu.addSeparator()
    fit_menu.addAction(action)
    window.addAction(action)  # the key works while the menu bar is hidden (presentation mode)
    window.nonlinear_action = action

    nist_menu = find_menu(window, "Data Sets").addMenu("NIST nonlinear")
    nist_menu.setToolTipsVisible(True)
    for key in NIST_NONLINEAR:
        entry = nist_menu.addAction(nist_name(key))
        entry.setToolTip(f"{nist_difficulty(key)}; opens the nonlinear fit window")
        entry.triggered.connect(partial(open_on_nist, window, key))
    window.nonlinear_nist_menu = nist_menu
    window.installEventFilter(_CloseWithWindow(window))


def nonlinear_window(window):
    """The main window's nonlinear window, made on first use, shown and raised."""
    from .window import NonlinearWindow

    if window.nonlinear_window is None:
        window.nonlinear_window = NonlinearWindow(parent=window)
    nonlinear = window.nonlinear_window
    nonlinear.show()
    nonlinear.raise_()
    nonlinear.activateWindow()
    return nonlinear


def open_on_points(window, *_args) -> None:
    """The nonlinear window on the main window's points (x, y)."""
    points = window.points
    if points.count < 2:
        window.show_message("Nonlinear fit: put at least two points on the canvas first "
                            "(or choose Data Sets > NIST nonlinear).")
        return
    nonlinear_window(window).open_points(points.x, points.y)


def open_on_nist(window, key: str, *_args) -> None:
    """The nonlinear window on NIST problem `key`, from NIST's start 1."""
    nonlinear_window(window).open_nist(key, 1)


class _CloseWithWindow(QObject):
    """Closes the nonlinear window (waiting for its worker) when the main window closes."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Close and getattr(self._window, "nonlinear_window", None) is not None:
            self._window.nonlinear_window.close()
        return False

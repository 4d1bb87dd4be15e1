"""Stop a view's worker when its window closes: a view inside a tab gets no close event of its own,
so it watches the window it is shown in (and the application's last moment, aboutToQuit)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget


class WindowCloseWatch(QObject):
    """Calls `shutdown` when the window of `view` closes; follow it with `watch()` from showEvent."""

    def __init__(self, view: QWidget, shutdown: Callable[[], None]):
        super().__init__(view)
        self._view = view
        self._shutdown = shutdown
        self._window: QWidget | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_about_to_quit)

    def watch(self) -> None:
        """Watch the view's current window (call when the view is shown: it may have been re-parented)."""
        window = self._view.window()
        if window is self._window:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self._window = window
        if window is not self._view:
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._window and event.type() == QEvent.Type.Close:
            self._shutdown()
        return False

    def _on_about_to_quit(self) -> None:
        self._shutdown()

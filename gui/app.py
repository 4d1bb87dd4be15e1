"""Starting the desktop app: one QApplication, the main window, the data and solvers asked for."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from .look.style import base_font, configure_pyqtgraph
from .run.threads import shutdown_all

#: Qt messages that say nothing to a user: the offscreen platform has no window manager.
_SILENCED = ("This plugin does not support propagateSizeHints", "This plugin does not support raise()")
_default_handler = None

#: How long (s) a thread may hold the GIL while another waits for it (Python's default: 5 ms).
#: The worker computes in Python without pause; each time the GUI thread calls into Python
#: (a slot, a paint, a bounding box) it waits for the GIL, so with 5 ms a single frame could
#: wait ten times over. A fifth of a millisecond keeps the GUI's waits short; the worker
#: loses no measurable speed (`main.py bench`).
GIL_SWITCH_INTERVAL_S = 0.0002


def _message_handler(kind: QtMsgType, context, message: str) -> None:
    if any(text in message for text in _SILENCED):
        return
    if _default_handler is not None:
        _default_handler(kind, context, message)
    else:
        print(message, file=sys.stderr)


def application() -> QApplication:
    """The QApplication (created once), with the app's fonts and pyqtgraph's settings."""
    app = QApplication.instance()
    if app is None:
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Least Squares Lab")
        app.setOrganizationName("Least Squares Lab")
        app.setFont(base_font())
        global _default_handler
        _default_handler = qInstallMessageHandler(_message_handler)
        # Whatever window started them, no worker thread outlives the app (STYLE.md, threads).
        app.aboutToQuit.connect(shutdown_all)
    configure_pyqtgraph()
    return app


def build_window(*, file: str | None = None, dataset: str | None = None, methods: list[str] | None = None):
    """The main window with this data loaded and these solvers checked (nothing run yet)."""
    from .main_window import MainWindow
    from .persist.file_actions import load_file

    window = MainWindow()
    if file:
        load_file(window, file)
    elif dataset:
        window.load_dataset(dataset)
    if methods:
        window.solver_panel.set_checked(methods)
    return window


#: What a window manager's frame (borders, title bar) takes around the window.
FRAME_ALLOWANCE = (8, 40)


def fit_to_screen(window) -> None:
    """Shrink the window to its screen's free area, less the frame, if it is larger, and bring it
    onto that area (the first size is 1400 × 900, more than a 1280 × 720 projector has)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    width = min(window.width(), free.width() - FRAME_ALLOWANCE[0])
    height = min(window.height(), free.height() - FRAME_ALLOWANCE[1])
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        window.move(free.topLeft())


def is_session_path(path: str) -> bool:
    """A session or lecture (.json, a folder of them, or a file whose content is JSON whatever its
    name) rather than data to load."""
    from engine.session_file import looks_like_json

    return path.lower().endswith(".json") or Path(path).is_dir() or looks_like_json(path)


def run_app(*, file: str | None = None, dataset: str | None = None, methods: list[str] | None = None) -> int:
    # Imported here, not at the top: what only the app a user runs needs (sessions, autosave,
    # presentation) stays out of the start-up of tests, screenshots and the first paint.
    from .persist.autosave import default_autosave_dir, install_sessions, offer_recovery
    from .persist.layout import restore_geometry, restore_layout, save_layout
    from .presentation import install_presentation

    app = application()
    session_file = file if file and is_session_path(file) else None
    window = build_window(file=None if session_file else file, dataset=dataset, methods=methods)
    # What exists now lives as long as the app: keep the garbage collector from walking it
    # again and again while a long run streams in (each walk would pause the GUI).
    gc.freeze()
    settings = QSettings()
    # Sessions, autosave and the question about unsaved edits belong to the app a user runs, not
    # to every window a test or `main.py screenshot` builds.
    sessions = install_sessions(window, settings, default_autosave_dir())
    if session_file:
        sessions.open_path(session_file)
    restore_geometry(window, settings)
    fit_to_screen(window)  # a window saved on a laptop, opened on a 1280 × 720 projector
    app.aboutToQuit.connect(lambda: save_layout(window, settings))
    app.aboutToQuit.connect(window.shutdown)
    window.show()
    restore_layout(window, settings)
    install_presentation(window, settings)  # after the layout: presenting hides panels the layout would show
    offer_recovery(window, default_autosave_dir())
    return app.exec()

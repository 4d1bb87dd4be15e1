"""GUI test settings: offscreen Qt, pyqtgraph configured once, and a check that no test leaves
a worker thread or one of our timers running (napari's dangling-thread fixture, in spirit)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QFont  # noqa: E402

from gui.look.style import configure_pyqtgraph  # noqa: E402
from gui.run.threads import running_threads  # noqa: E402

configure_pyqtgraph()


@pytest.fixture(autouse=True)
def no_dangling_threads_or_timers(qapp):
    """Fail a test that leaves a worker thread running or one of our named timers active."""
    yield
    qapp.processEvents()
    gc.collect()  # the closed windows of this test are freed here, in the GUI thread
    timers = [t.objectName() for w in qapp.topLevelWidgets() for t in w.findChildren(QTimer)
              if t.isActive() and t.objectName()]
    threads = running_threads()
    assert not threads, f"worker threads still running after the test: {threads}"
    assert not timers, f"timers still active after the test: {timers}"


@pytest.fixture
def window(qtbot):
    """The main window as a user sees it: shown, 1600 × 1000, with the "replace the points?"
    question (a modal dialog) answered yes."""
    from .driving import open_window

    win = open_window(qtbot, (1600, 1000))
    yield win
    win.close()


@pytest.fixture
def settings(tmp_path):
    """The app's settings in a file of this test's own: nothing read from or left for the user's."""
    return QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def app_font(qapp):
    """The application's font, given back after the test (presentation mode doubles it)."""
    font = QFont(qapp.font())
    yield font
    qapp.setFont(font)  # whatever a failing test left behind

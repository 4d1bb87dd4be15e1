"""Files at the edges, opened in the window: a named pipe, a session given as data, JSON nested
10⁵ deep, a view range of ±1e308, a lecture folder with a link that loops. Each is opened or
refused with a message naming it; nothing hangs, nothing is dropped without a word, and pyqtgraph
logs nothing (pytest-qt fails a test on a Qt warning or an exception in the event loop)."""

import errno
import json
import os
import threading

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from gui.app import is_session_path
from gui.persist.autosave import install_sessions
from gui.persist.file_actions import load_file
from gui.persist.lecture import load_lecture
from gui.persist.session import SessionError, apply_session, load_session

from .driving import open_window


def session(x, y, **parts) -> dict:
    return {"format": "least-squares-lab-session", "version": 1, "data": {"kind": "points", "x": x, "y": y},
            **parts}


@pytest.fixture
def window(qtbot, tmp_path):
    """A window with File > Open Session (as the app a user runs has), never asking a question."""
    win = open_window(qtbot, (1200, 800))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    manager = install_sessions(win, settings, tmp_path / "autosave")
    manager.ask_unsaved = lambda: "discard"
    yield win
    win.close()


class PipeWriter(threading.Thread):
    """Writes `text` to a named pipe each time a reader opens it, until `stop`: a reader that opens
    the pipe gets the text instead of waiting forever, so a test of a reader that should never
    open it fails instead of hanging."""

    def __init__(self, path, text: bytes):
        super().__init__(daemon=True)
        self.path, self.text, self.stop, self.fed = path, text, threading.Event(), 0

    def run(self):
        while not self.stop.wait(0.02):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno == errno.ENXIO:  # no reader has it open
                    continue
                raise
            try:
                os.write(fd, self.text)
                self.fed += 1
            finally:
                os.close(fd)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_with_a_message_and_never_opened(window, tmp_path):
    window.load_dataset("seed-4pt")
    before = window.points.y.copy()
    fifo = tmp_path / "live.csv"
    os.mkfifo(fifo)
    writer = PipeWriter(fifo, b"x,y\n1,3\n2,5\n")
    writer.start()
    try:
        assert not load_file(window, str(fifo))
    finally:
        writer.stop.set()
        writer.join()
    assert writer.fed == 0
    assert "live.csv" in window.banner.text() and "named pipe (FIFO)" in window.banner.text()
    assert np.array_equal(window.points.y, before)


def test_a_session_given_as_data_is_opened_as_a_session(qtbot, window, tmp_path):
    path = tmp_path / "lesson.data"  # recognised by its content, whatever the name says
    path.write_text(json.dumps(session([1.0, 2.0, 4.0], [3.0, 5.0, 9.0], solvers={"checked": ["householder"]})))
    assert is_session_path(str(path))
    assert load_file(window, str(path))
    assert np.array_equal(window.points.x, [1, 2, 4]) and np.array_equal(window.points.y, [3, 5, 9])
    assert window.solver_panel.checked_methods() == ["householder"]
    plain = open_window(qtbot, (1000, 700))  # a window without File > Open Session (a screenshot's)
    try:
        assert load_file(plain, str(path))
        assert np.array_equal(plain.points.y, [3, 5, 9])
    finally:
        plain.close()


def test_a_session_nested_a_hundred_thousand_deep_is_refused_with_a_message(window, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert not window.sessions.open_path(deep)
    assert "deep.json" in window.banner.text() and "nested too deeply" in window.banner.text()
    with pytest.raises(SessionError, match="deep.json: nested too deeply"):
        load_session(deep)  # what the autosave's recovery reads
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "01-deep.json").write_text("{\"a\":" * 100_000 + "1" + "}" * 100_000)
    with pytest.raises(SessionError, match="01-deep.json: nested too deeply"):
        load_lecture(tmp_path / "course")


@pytest.mark.parametrize("span", [1e308, 1.7e308])
def test_a_view_range_too_wide_to_draw_falls_back_to_the_datas_range(qtbot, window, span):
    apply_session(window, session([1.0, 2.0, 3.0], [3.0, 5.0, 4.0],
                                  view_range=[[-span, span], [-span, span]]))
    window.canvas.grab()  # paint it: the axes and the grid compute their ticks
    (x0, x1), (y0, y1) = window.canvas.getViewBox().viewRange()
    assert np.all(np.isfinite([x0, x1, y0, y1]))
    assert x0 < 1 and 3 < x1 < 100 and y0 < 3 and 5 < y1 < 100


def test_a_sane_view_range_is_kept(window):
    apply_session(window, session([1.0, 2.0], [3.0, 5.0], view_range=[[-1e300, 1e300], [0.5, 0.75]]))
    (x0, x1), (y0, y1) = window.canvas.getViewBox().viewRange()
    assert (x0, x1) == (-1e300, 1e300) and (y0, y1) == (0.5, 0.75)


@pytest.mark.skipif(not hasattr(os, "symlink") or not hasattr(os, "mkfifo"), reason="POSIX links and pipes")
def test_a_lecture_folder_names_every_scene_it_leaves_out(window, tmp_path):
    folder = tmp_path / "week 3"
    folder.mkdir()
    (folder / "01-a.json").write_text(json.dumps(session([1.0, 2.0], [3.0, 5.0])))
    os.symlink("02-x.json", folder / "02-x.json")  # a link to itself
    os.mkfifo(folder / "03-pipe.json")
    (folder / "04-folder.json").mkdir()
    (folder / "05-b.json").write_text(json.dumps(session([1.0, 2.0], [4.0, 4.0])))
    lecture = load_lecture(folder)
    assert lecture.titles == ["01-a", "05-b"]
    reasons = dict(lecture.dropped)
    assert list(reasons) == ["02-x.json", "03-pipe.json", "04-folder.json"]
    assert "loops" in reasons["02-x.json"] and "named pipe" in reasons["03-pipe.json"]
    assert "folder" in reasons["04-folder.json"]
    assert window.sessions.open_path(folder)
    assert window.windowTitle().endswith("scene 1 of 2: 01-a")
    banner = window.banner.text()
    assert window.banner.isVisible() and "left out 3 files" in banner
    assert all(name in banner for name in reasons)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="POSIX links")
def test_a_folder_with_only_links_that_loop_says_why_it_has_no_scenes(window, tmp_path):
    folder = tmp_path / "L"
    folder.mkdir()
    os.symlink("loop.json", folder / "loop.json")
    assert not window.sessions.open_path(folder)
    assert "no session files" in window.banner.text() and "loop.json" in window.banner.text()

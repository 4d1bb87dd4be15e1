"""Autosave and recovery after a crash, unsaved edits asked about on closing, recent files:
real windows, real files in tmp_path, a real timer."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QTimer

from gui.main_window import MainWindow
from gui.persist.autosave import RECENT_LIMIT, install_sessions, offer_recovery, recent_files
from gui.persist.session import load_session

X = np.array([0.1, 1 / 3, 1e-300, -0.0, 2.5])
Y = np.array([-0.0, 0.2, 1 / 7, 3.0, 1e-10])


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.array_equal(a, b) and np.array_equal(a.view(np.uint64), b.view(np.uint64))


class Answers:
    """What the user answers, and how often they were asked."""

    def __init__(self):
        self.recovery, self.unsaved, self.save_path = True, "discard", None
        self.asked: list[str] = []

    def wire(self, manager):
        manager.ask_recovery = lambda path: self.asked.append("recovery") or self.recovery
        manager.ask_unsaved = lambda: self.asked.append("unsaved") or self.unsaved
        manager.ask_save_path = lambda: self.asked.append("save path") or self.save_path


def open_window(qtbot, tmp_path, answers, *, crashes=False, **options) -> MainWindow:
    win = MainWindow()
    win.confirm_replace = lambda source: True
    if not crashes:  # pytest-qt closes its widgets after the test; a crashed one is gone by then
        qtbot.addWidget(win)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    answers.wire(install_sessions(win, settings, tmp_path / "appdata", **options))
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def answers():
    return Answers()


@pytest.fixture
def window(qtbot, tmp_path, answers):
    win = open_window(qtbot, tmp_path, answers)
    yield win
    answers.unsaved = "discard"
    win.close()


def autosaves(tmp_path) -> list:
    """Every autosave in the data folder (each window writes its own)."""
    return sorted((tmp_path / "appdata").glob("autosave*.json"))


def test_after_a_crash_the_autosave_is_offered_and_brings_the_points_back(qtbot, tmp_path, answers):
    crashed = open_window(qtbot, tmp_path, answers, crashes=True)
    crashed.points.set_points(X, Y)
    crashed.solver_panel.set_checked(["gd"])
    assert crashed.sessions.autosaver.save_now()  # what the timer does every 30 s
    assert autosaves(tmp_path) == [crashed.sessions.autosaver.path]
    with qtbot.waitSignal(crashed.destroyed):  # gone without closing: no close event, no clean exit
        crashed.deleteLater()
    assert len(autosaves(tmp_path)) == 1

    fresh = open_window(qtbot, tmp_path, answers)
    assert fresh.points.count == 0
    assert offer_recovery(fresh, tmp_path / "appdata")
    assert answers.asked == ["recovery"]
    assert same_bits(fresh.points.x, X) and same_bits(fresh.points.y, Y)
    assert fresh.solver_panel.checked_methods() == ["gd"]
    assert fresh.sessions.tracker.dirty  # recovered, not yet saved anywhere
    assert autosaves(tmp_path) == [fresh.sessions.autosaver.path]  # moved into the window's own autosave
    fresh.close()
    assert autosaves(tmp_path) == []  # the clean exit


def test_a_declined_recovery_removes_the_autosave_and_changes_nothing(qtbot, tmp_path, answers):
    crashed = open_window(qtbot, tmp_path, answers, crashes=True)
    crashed.points.set_points(X, Y)
    assert crashed.sessions.autosaver.save_now()
    with qtbot.waitSignal(crashed.destroyed):
        crashed.deleteLater()
    answers.recovery = False
    fresh = open_window(qtbot, tmp_path, answers)
    assert not offer_recovery(fresh, tmp_path / "appdata")
    assert fresh.points.count == 0 and autosaves(tmp_path) == []
    assert not offer_recovery(fresh, tmp_path / "appdata")  # nothing left to offer
    assert answers.asked == ["recovery"]
    fresh.close()


def test_the_timer_writes_the_autosave_only_after_a_change_and_a_clean_exit_removes_it(qtbot, tmp_path, answers):
    win = open_window(qtbot, tmp_path, answers, interval_ms=20)
    timer = win.findChild(QTimer, "autosave-timer")
    assert timer is not None and timer.isActive()
    qtbot.wait(100)
    own = win.sessions.autosaver.path
    assert autosaves(tmp_path) == []  # nothing changed: nothing to save
    win.points.set_points(X, Y)
    qtbot.waitUntil(own.is_file, timeout=5000)
    saved = load_session(own)
    assert same_bits(saved["data"]["x"], X) and same_bits(saved["data"]["y"], Y)
    win.close()
    assert not timer.isActive()
    assert autosaves(tmp_path) == []
    assert answers.asked == ["unsaved"]


def test_closing_with_unsaved_edits_asks_and_cancel_keeps_the_window(qtbot, window, answers, tmp_path):
    window.points.set_points(X, Y)
    answers.unsaved = "cancel"
    assert not window.close()
    assert window.isVisible() and not window.closing
    assert window.findChild(QTimer, "autosave-timer").isActive()
    answers.unsaved, answers.save_path = "save", str(tmp_path / "kept.json")
    assert window.close()
    assert answers.asked == ["unsaved", "unsaved", "save path"]
    kept = load_session(tmp_path / "kept.json")
    assert same_bits(kept["data"]["x"], X) and same_bits(kept["data"]["y"], Y)


def test_nothing_is_asked_when_nothing_changed_since_the_last_save(qtbot, window, answers, tmp_path):
    window.points.set_points(X, Y)
    assert window.sessions.save_as(tmp_path / "saved.json")
    assert window.sessions.tracker.dirty is False
    assert window.close()
    assert answers.asked == []


def test_recent_files_keep_the_last_eight_newest_first_and_open_from_the_menu(qtbot, window, tmp_path):
    paths = []
    for i in range(RECENT_LIMIT + 2):
        window.points.set_points(X + i, Y)
        paths.append(tmp_path / f"session{i}.json")
        assert window.sessions.save_as(paths[-1])
    expected = [str(p.resolve()) for p in reversed(paths)][:RECENT_LIMIT]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)  # as the next start reads it
    assert recent_files(settings) == expected
    menu = window.sessions.recent_menu
    assert [a.data() for a in menu.actions()] == expected
    menu.actions()[-1].trigger()  # the oldest one kept: session2
    assert same_bits(window.points.x, X + 2)
    assert window.sessions.current_path == paths[2]

    paths[5].unlink()
    next(a for a in menu.actions() if a.data() == str(paths[5].resolve())).trigger()
    assert "no longer exists" in window.banner.text()
    assert str(paths[5].resolve()) not in recent_files(window.sessions.settings)
    assert same_bits(window.points.x, X + 2)


def test_the_file_menu_has_the_session_actions(window):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    shortcuts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert shortcuts["Open Session or &Lecture…"] == "Ctrl+Shift+O"
    assert shortcuts["Save Session &As…"] == "Ctrl+Shift+S"
    assert {"Open &Recent", "&Next Scene", "&Previous Scene"} <= set(texts)
    assert texts[-1] == "&Quit"


def test_an_unwritable_autosave_folder_gives_a_message_not_a_traceback(qtbot, tmp_path, answers):
    (tmp_path / "appdata").write_text("a file where the folder should be")
    win = open_window(qtbot, tmp_path, answers)
    win.points.set_points(X, Y)
    assert not win.sessions.autosaver.save_now()
    assert "Autosave" in win.statusBar().currentMessage()
    win.close()


def test_an_autosave_is_valid_json(qtbot, window, tmp_path):
    window.points.set_points(X, Y)
    assert window.sessions.autosaver.save_now()
    assert not window.sessions.autosaver.save_now()  # nothing changed since
    json.loads(window.sessions.autosaver.path.read_text(), parse_constant=lambda name: pytest.fail(name))

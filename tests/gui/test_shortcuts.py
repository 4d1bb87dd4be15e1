"""The keyboard: every shortcut the F1 overlay lists reaches its action, and the playback,
speed and solver keys do what they say. Real key presses on a real window."""

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication

from gui.run.player import SPEEDS

from .driving import FINISH_MS, open_presentation_window, run_to_end

CTRL, SHIFT, KEYPAD = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                       Qt.KeyboardModifier.KeypadModifier)


@pytest.fixture
def window(qtbot, tmp_path, qapp):
    font = QFont(qapp.font())
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1200, 800))
    yield window
    window.close()
    qapp.setFont(font)


def open_overlay(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    overlay = window.presentation.overlay
    assert overlay.isVisible()
    return overlay


def test_f1_lists_every_shortcut_of_the_window(qtbot, window):
    overlay = open_overlay(qtbot, window)
    listed = {id(entry.action) for entry in overlay.entries}
    with_keys = {id(a) for a in window.findChildren(QAction) if a.shortcuts()}
    assert listed == with_keys
    text = overlay.text()
    for line in ("File: Open CSV… — Ctrl+O", "File: Save Points As CSV… — Ctrl+S", "Run: Pause — Space",
                 "Run: Step ▶ — Right or PgDown", "Run: ◀ Step — Left or PgUp", "Run: Reset — Home",
                 "View: Presentation Mode — F5", "View: Full Screen — F11", "Help: Keyboard Shortcuts — F1 or ?",
                 "Playback Speed: Faster — + or = or Keypad +", "Playback Speed: Slower — - or Keypad -",
                 "Explain Solver: Checked solver 1 — 1", "Explain Solver: Checked solver 9 — 9",
                 "Run: Cancel — Esc"):
        assert line in text.splitlines()


def test_the_overlay_follows_the_actions_it_is_built_from(qtbot, window):
    extra = QAction("Something new", window)
    extra.setShortcut("Ctrl+Shift+N")
    window.addAction(extra)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # presenting: Esc leaves instead of cancelling
    text = open_overlay(qtbot, window).text()
    assert "Window: Something new — Ctrl+Shift+N" in text
    assert "Window: Leave Presentation — Esc" in text
    assert "Run: Cancel" not in text


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Space, Qt.Key.Key_F5, Qt.Key.Key_A])
def test_any_key_closes_the_overlay_and_does_nothing_else(qtbot, window, key):
    window.load_dataset("seed-2pt")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 20})
    window.player.seek(3)
    overlay = open_overlay(qtbot, window)
    qtbot.keyClick(window, key)
    assert not overlay.isVisible()
    assert not window.player.playing and window.player.position == 3
    assert not window.presentation.presenting


def test_question_mark_opens_the_overlay_and_a_click_closes_it(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Question)
    overlay = window.presentation.overlay
    assert overlay.isVisible() and overlay.geometry() == window.rect()
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()


def test_space_arrows_home_and_page_keys_drive_the_player(qtbot, window):
    window.load_dataset("seed-2pt")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 20})
    window.player.seek(5)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.player.position == 6
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.player.position == 7
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.player.position == 5
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.player.position == 0
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.player.playing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.player.playing


def test_plus_and_minus_change_the_speed_one_notch(qtbot, window):
    box = window.run_controls.speed_box
    start = box.currentIndex()
    plain = Qt.KeyboardModifier.NoModifier
    presses = [(Qt.Key.Key_Plus, plain, +1), (Qt.Key.Key_Equal, plain, +1),
               (Qt.Key.Key_Plus, KEYPAD, +1), (Qt.Key.Key_Minus, plain, -1),
               (Qt.Key.Key_Minus, KEYPAD, -1)]
    expected = start
    for key, modifier, step in presses:
        qtbot.keyClick(window, key, modifier)
        expected += step
        assert box.currentIndex() == expected
        assert window.player.speed == SPEEDS[expected]
    for _ in range(len(SPEEDS) + 2):  # it stops at the ends
        qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert box.currentIndex() == len(SPEEDS) - 1
    for _ in range(len(SPEEDS) + 2):
        qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert box.currentIndex() == 0


def test_digits_choose_the_solver_the_views_explain(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["householder", "gd", "adam"])
    checked = window.solver_panel.checked_methods()
    text = open_overlay(qtbot, window).text()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert f"Explain Solver: Explain {window.lab.solver_label(checked[1])} — 2" in text
    assert "Explain Solver: Checked solver 4 — 4" in text
    for number in (3, 1, 2):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0.value + number))
        assert window.lab.focus_key() == checked[number - 1]
        assert window.solver_panel.current_method() == checked[number - 1]
    qtbot.keyClick(window, Qt.Key.Key_9)  # only three are checked: nothing changes, the status bar says why
    assert window.lab.focus_key() == checked[1]
    assert "No solver 9" in window.statusBar().currentMessage()


def test_typing_digits_into_a_field_types_them(qtbot, window):
    edit = window.solver_panel.start_point_edit()
    edit.setFocus()
    qtbot.keyClicks(edit, "1-2+3")
    assert edit.text() == "1-2+3"
    assert window.run_controls.speed_box.currentIndex() == SPEEDS.index(10)


def _close_dialogs_until(done: list) -> None:
    """Reject a modal dialog (Open, Save) as soon as it shows, until `done` is set."""
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.reject()
    if not done:
        QTimer.singleShot(20, lambda: _close_dialogs_until(done))


def test_every_listed_shortcut_triggers_its_action_and_no_other(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["householder", "gd"])
    overlay = open_overlay(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    entries = overlay.entries
    quit_entry = next(e for e in entries if e.text == "Quit")
    entries = [e for e in entries if e is not quit_entry] + [quit_entry]  # Quit closes the window: last
    fired = []
    for entry in entries:
        entry.action.triggered.connect(lambda _=False, a=entry.action: fired.append(a))

    for entry in entries:
        for sequence in entry.action.shortcuts():
            combination = sequence[0]
            if entry.text == "Undo":
                window.points.add_point(7.0, 7.0)
            if entry.text == "Redo" and not window.points.undo_stack.canRedo():
                window.points.undo_stack.undo()
            fired.clear()
            done = []
            _close_dialogs_until(done)
            qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())
            done.append(True)
            assert fired == [entry.action], f"{entry.text} ({sequence.toString()})"
            # put back what the action changed, so the next key meets the same window
            if window.race.running:
                qtbot.waitUntil(lambda: not window.race.running, timeout=FINISH_MS)
            window.player.pause()
            if overlay.isVisible():
                overlay.close_overlay()
            if entry.action.isCheckable() and entry.text != "Quit":
                entry.action.trigger()
            if window.isVisible() and QApplication.activeWindow() is not window:  # a dialog was open
                with qtbot.waitActive(window):
                    window.activateWindow()
    assert not window.isVisible()  # Ctrl+Q closed it
    qtbot.wait(50)  # the last dialog closer runs out

"""The keyboard always drives the player (issue 14, point 2): real key presses sent to the widget
that has the focus (QApplication.focusWidget()), in a 1280 × 720 window, as a lecturer types them.

Expected positions come from the run's length and the key's meaning (→ and Page Down one step on,
End the last step, Shift+→ a tenth of the run), never from the player's own arithmetic."""

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from .driving import FINISH_MS, open_presentation_window, run_to_end

LECTURE_SIZE = (1280, 720)
GD = {"max_iter": 20, "lr": 0.1}
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path, qapp):
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, LECTURE_SIZE)
    window.load_dataset("seed-2pt")
    yield window
    window.close()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed where the focus is, as the keyboard would send it."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def lr_field(window) -> QLineEdit:
    """gd's learning-rate field, found by its name (the form around it may change), scrolled into
    view and clicked, as a user would click it."""
    window.solver_panel.set_current_method("gd")
    field = window.solver_panel.form("gd").findChild(QLineEdit, "lr")
    window.side_dock.widget().ensureWidgetVisible(field)
    return field


def click_into(qtbot, field) -> None:
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is field


def test_typing_moves_the_text_cursor_and_enter_gives_the_keys_back(qtbot, window):
    run_to_end(qtbot, window, ["gd"], gd=GD)
    window.player.seek(5)
    field = lr_field(window)
    click_into(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "0.05")
    press(qtbot, Qt.Key.Key_Left)  # while typing, → and ← move the text cursor, not the player
    press(qtbot, Qt.Key.Key_Left)
    assert field.cursorPosition() == len("0.05") - 2
    assert window.player.position == 5
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):  # the new lr refits
        press(qtbot, Qt.Key.Key_Return)
    assert window.solver_panel.form("gd").values()["lr"] == 0.05
    assert QApplication.focusWidget() is not field
    last = len(window.race.traces["gd"]) - 1

    press(qtbot, Qt.Key.Key_Home)
    assert window.player.position == 0
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Right)
    assert window.player.position == 2
    press(qtbot, Qt.Key.Key_Left)
    assert window.player.position == 1
    press(qtbot, Qt.Key.Key_End)
    assert window.player.position == last
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Space)
    assert window.player.playing
    press(qtbot, Qt.Key.Key_Space)
    assert not window.player.playing


def test_escape_puts_the_field_back_and_gives_the_keys_back(qtbot, window):
    run_to_end(qtbot, window, ["gd"], gd=GD)
    window.player.seek(3)
    field = lr_field(window)
    click_into(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "0.5")
    assert window.solver_panel.form("gd").values()["lr"] == 0.5
    press(qtbot, Qt.Key.Key_Escape)
    assert field.text() == "0.1"
    assert window.solver_panel.form("gd").values()["lr"] == 0.1
    assert QApplication.focusWidget() is not field
    assert window.presentation.present_action.isChecked() is False  # Esc was the field's
    if window.race.running or window._refit_timer.isActive():  # the edits may have started a refit
        qtbot.waitUntil(lambda: not window.race.running and not window._refit_timer.isActive(), timeout=FINISH_MS)
    window.player.seek(3)
    press(qtbot, Qt.Key.Key_Right)
    assert window.player.position == 4


def test_end_reaches_the_last_step_with_the_speed_box_focused(qtbot, window):
    run_to_end(qtbot, window, ["gd"], gd=GD)
    window.player.seek(2)
    box = window.run_controls.speed_box
    speed = box.currentIndex()
    box.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_End)
    assert window.player.position == len(window.race.traces["gd"]) - 1
    assert box.currentIndex() == speed
    press(qtbot, Qt.Key.Key_Home)
    assert window.player.position == 0
    assert box.currentIndex() == speed


def test_page_keys_step_and_shift_arrows_jump_whatever_has_the_focus(qtbot, window):
    run_to_end(qtbot, window, ["gd"], gd=GD)
    last = len(window.race.traces["gd"]) - 1
    assert last == 20
    tenth = 2
    window.player.seek(5)
    window.solver_panel.tree().setFocus(Qt.FocusReason.MouseFocusReason)
    press(qtbot, Qt.Key.Key_Right, SHIFT)
    assert window.player.position == 5 + tenth
    press(qtbot, Qt.Key.Key_Left, SHIFT)
    press(qtbot, Qt.Key.Key_Left, SHIFT)
    assert window.player.position == 5 - tenth
    press(qtbot, Qt.Key.Key_PageDown)  # a presenter's clicker: one step, as →
    assert window.player.position == 5 - tenth + 1
    press(qtbot, Qt.Key.Key_PageUp)
    assert window.player.position == 5 - tenth
    checked = window.solver_panel.checked_methods()
    press(qtbot, Qt.Key.Key_Space)  # the tree does not take Space for its check boxes
    assert window.player.playing
    press(qtbot, Qt.Key.Key_Space)
    assert window.solver_panel.checked_methods() == checked


def test_right_with_no_run_starts_one_and_shows_step_1(qtbot, window):
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values(GD)
    window.canvas.setFocus()
    assert window.player.length == 0
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        press(qtbot, Qt.Key.Key_Right)
        assert "started" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.player.position == 1, timeout=FINISH_MS)
    assert not window.player.playing
    assert len(window.race.traces["gd"]) == 21
    press(qtbot, Qt.Key.Key_Right)
    assert window.player.position == 2


def test_start_runs_paused_waits_at_step_0_for_the_keys(qtbot, window):
    action = window.run_controls.start_paused_action
    assert not action.isChecked()  # at a desk, a run plays at once
    action.trigger()
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values(GD)
    window.canvas.setFocus()
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        press(qtbot, Qt.Key.Key_R, CTRL)
    qtbot.wait(100)  # a player that plays would have moved by now
    assert window.player.position == 0 and not window.player.playing
    assert "Paused at step 0" in window.statusBar().currentMessage()
    press(qtbot, Qt.Key.Key_Right)
    assert window.player.position == 1
    press(qtbot, Qt.Key.Key_Space)
    assert window.player.playing
    window.player.pause()


def test_start_runs_paused_is_on_while_presenting_and_remembered(qtbot, window, tmp_path):
    keys = window.player_keys
    keys.follow_presentation(window.presentation)  # the call install_presentation makes
    keys.follow_presentation(window.presentation)  # a second call changes nothing
    action = window.run_controls.start_paused_action
    assert not action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presentation.presenting and action.isChecked()
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values(GD)
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        press(qtbot, Qt.Key.Key_R, CTRL)
    assert window.player.position == 0 and not window.player.playing
    press(qtbot, Qt.Key.Key_Escape)  # leaves presentation mode
    assert not window.presentation.presenting and not action.isChecked()
    action.trigger()  # on at the desk too, from now on

    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    again = open_presentation_window(qtbot, settings, LECTURE_SIZE)
    again.player_keys.follow_presentation(again.presentation)
    assert again.run_controls.start_paused_action.isChecked()
    again.close()

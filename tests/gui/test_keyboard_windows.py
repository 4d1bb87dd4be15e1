"""The player keys belong to the window that has them: a second window drives its own player, a
text dialog keeps its keys, and a field that got the focus by itself lets the keys through until
it is typed in. Real key presses on the focused widget."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from .driving import open_window, run_to_end

LECTURE_SIZE = (1280, 720)
GD = {"max_iter": 20, "lr": 0.1}


def press(qtbot, key):
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key)


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def ran_window(qtbot):
    window = open_window(qtbot, LECTURE_SIZE, active=True)
    window.load_dataset("seed-2pt")
    run_to_end(qtbot, window, ["gd"], gd=GD)
    window.player.seek(4)
    return window


def test_each_window_drives_its_own_player_and_a_dialog_keeps_its_keys(qtbot):
    first, second = ran_window(qtbot), ran_window(qtbot)
    activate(qtbot, second)
    speed = second.run_controls.speed_box
    speed.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_End)
    assert second.player.position == len(second.race.traces["gd"]) - 1
    assert first.player.position == 4

    activate(qtbot, first)
    first.run_controls.speed_box.setFocus(Qt.FocusReason.TabFocusReason)
    press(qtbot, Qt.Key.Key_Home)
    assert first.player.position == 0
    assert second.player.position == len(second.race.traces["gd"]) - 1

    dialog = QInputDialog(first)
    dialog.setLabelText("A name")
    dialog.setTextValue("abc")
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    text = dialog.findChild(QLineEdit)
    assert QApplication.focusWidget() is text
    text.setCursorPosition(3)
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Right, Qt.Key.Key_End, Qt.Key.Key_Left):
        press(qtbot, key)
    press(qtbot, Qt.Key.Key_Space)
    assert text.text() == "ab c"
    assert first.player.position == 0 and not first.player.playing
    dialog.reject()
    first.close()
    second.close()


def test_a_field_focused_by_itself_lets_the_keys_through_until_typed_in(qtbot):
    window = ran_window(qtbot)
    edit = window.solver_panel.start_point_edit()
    edit.setFocus(Qt.FocusReason.OtherFocusReason)  # as code or the window's activation gives it
    press(qtbot, Qt.Key.Key_Right)
    assert window.player.position == 5
    assert QApplication.focusWidget() is edit
    qtbot.keyClicks(edit, "1, 2")
    press(qtbot, Qt.Key.Key_Home)  # now it is being edited: Home is the text's
    assert edit.cursorPosition() == 0
    assert window.player.position == 5
    window.close()

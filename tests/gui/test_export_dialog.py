"""File > Export > Animation: the dialog with pytest-qt on a real window after a real run. The
options chosen are in the file (read back with Pillow); Cancel writes nothing; a bad folder is
said in the dialog, which stays open; the keyboard alone can drive it; no text is clipped."""

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from .driving import run_to_end
from .text_fit import clipped_texts


@pytest.fixture
def raced(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd", "adam"], gd={"max_iter": 40}, adam={"max_iter": 30})
    return window


def open_dialog(qtbot, window, path):
    from gui.persist.export_dialog import ExportDialog

    dialog = ExportDialog(window, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def button(dialog, which):
    return dialog.buttons.button(which)


def test_the_file_has_the_frames_size_and_steps_chosen(qtbot, raced, tmp_path):
    out = tmp_path / "lecture.gif"
    dialog = open_dialog(qtbot, raced, out)
    dialog.film_combo.setCurrentIndex(dialog.film_combo.findData("presenter"))
    dialog.view_combo.setCurrentIndex(dialog.view_combo.findData("surface"))
    dialog.size_combo.setCurrentIndex(dialog.size_combo.findData("1280x720"))
    dialog.fps_spin.setValue(10)
    dialog.first_spin.setValue(5)
    dialog.last_spin.setValue(20)
    dialog.frames_spin.setValue(24)  # 16 steps in 24 frames: some shown twice
    assert dialog.options()["target"] == "canvas+surface"
    assert "GIF" in dialog.summary.text() and "24 frames" in dialog.summary.text()
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    with Image.open(out) as gif:
        assert gif.n_frames == 24 and gif.size == (1280, 720)
    assert "Wrote" in raced.statusBar().currentMessage()


def test_one_frame_per_step_when_no_count_is_asked(qtbot, raced, tmp_path):
    out = tmp_path / "steps.gif"
    dialog = open_dialog(qtbot, raced, out)
    dialog.film_combo.setCurrentIndex(dialog.film_combo.findData("canvas"))
    dialog.first_spin.setValue(0)
    dialog.last_spin.setValue(9)
    dialog.frames_spin.setValue(0)
    assert dialog.frames_spin.text() == "one per step" and "10 frames" in dialog.summary.text()
    dialog.legend_check.setChecked(False)
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with Image.open(out) as gif:
        assert gif.n_frames == 10 and gif.size == (960, 540)  # the default size


def test_cancel_writes_nothing(qtbot, raced, tmp_path):
    out = tmp_path / "never.gif"
    dialog = open_dialog(qtbot, raced, out)
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected and not out.exists()


@pytest.mark.parametrize("where, words", [("missing/run.gif", "does not exist"), ("run.avi", ".gif")])
def test_a_bad_path_is_said_and_the_dialog_stays(qtbot, raced, tmp_path, where, words):
    out = tmp_path / where
    dialog = open_dialog(qtbot, raced, out)
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert str(out) in dialog.message.text() and words in dialog.message.text()
    assert not out.exists()


def test_the_keyboard_alone_drives_it(qtbot, raced, tmp_path):
    """Enter in the file field exports (the default button); Esc closes without writing."""
    dialog = open_dialog(qtbot, raced, tmp_path / "missing" / "run.gif")
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "does not exist" in dialog.message.text()
    dialog.path_edit.setText(str(tmp_path / "keys.gif"))
    dialog.frames_spin.setValue(3)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with Image.open(tmp_path / "keys.gif") as gif:
        assert gif.n_frames == 3
    other = open_dialog(qtbot, raced, tmp_path / "esc.gif")
    qtbot.keyClick(other, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected and not (tmp_path / "esc.gif").exists()


def clipped(root):
    """clipped_texts, less the labels it measures with their mnemonic "&" (Qt does not draw it:
    Alt+letter moves to the field)."""
    def fits_as_drawn(label):
        return label.fontMetrics().horizontalAdvance(label.text().replace("&", "")) <= label.contentsRect().width() + 1

    fine = {label.text() for label in root.findChildren(QLabel) if "&" in label.text() and fits_as_drawn(label)}
    return [text for text in clipped_texts(root) if not any(repr(name) in text for name in fine)]


@pytest.mark.parametrize("scale", [1, 2])
def test_no_text_of_the_dialog_is_clipped(qtbot, raced, tmp_path, scale):
    dialog = open_dialog(qtbot, raced, tmp_path / "run.gif")
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * scale)  # as presentation mode enlarges the text
    dialog.setFont(font)
    dialog.film_combo.setCurrentIndex(dialog.film_combo.findData("presenter"))
    dialog.adjustSize()
    qtbot.wait(10)
    assert clipped(dialog) == []


def test_the_menu_says_why_before_a_run(qtbot, window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui.persist.export_actions import export_animation_dialog

    def close_any_dialog():  # a dialog opened for nothing would wait for a user forever
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    window.load_dataset("seed-4pt")
    QTimer.singleShot(3000, close_any_dialog)
    assert export_animation_dialog(window) is None
    assert window.banner.isVisible() and "run at least one solver" in window.banner.text()

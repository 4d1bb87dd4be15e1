"""File > Export to a place that cannot be written: the banner names the file and the problem,
nothing is raised, and nothing claims "Wrote …". The save dialog is the one piece replaced: its
answer (the path a user would type) comes from `_ask`.

We run as root, so permissions do not stop a write: the bad places are a "folder" that is a
regular file and /proc, where no new file can be created."""

from pathlib import Path

import pytest

import gui.persist.export_actions as actions

from .driving import run_to_end


def bad_places(tmp_path, name):
    afile = tmp_path / "notes.txt"
    afile.write_text("a file, not a folder\n")
    return [afile / name, Path("/proc") / name, tmp_path / "missing" / name]


def export_to(window, monkeypatch, path, dialog):
    window.hide_message()
    window.statusBar().clearMessage()
    monkeypatch.setattr(actions, "_ask", lambda *args: str(path))
    dialog()
    assert window.banner.isVisible(), f"no message for {path}"
    text = window.banner.text()
    assert str(path) in text and "Wrote" not in window.statusBar().currentMessage(), text
    return text


@pytest.mark.parametrize("name", ["trace.csv", "trace.json"])
def test_the_trace_to_a_bad_place_names_it(qtbot, window, tmp_path, monkeypatch, name):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 5})
    texts = [export_to(window, monkeypatch, path, lambda: actions.export_trace_dialog(window))
             for path in bad_places(tmp_path, name)]
    assert "is a file, not a folder" in texts[0] and "does not exist" in texts[2]


def test_a_picture_to_a_bad_place_names_it_and_does_not_say_it_was_written(qtbot, window, tmp_path, monkeypatch):
    """The canvas's PNG went through pyqtgraph's exporter, whose failure was ignored: the status
    bar said "Wrote /proc/canvas.png"."""
    window.load_dataset("seed-4pt")
    monkeypatch.setattr(actions.QInputDialog, "getDouble", lambda *args: (1.0, True))
    for path in bad_places(tmp_path, "canvas.png"):
        export_to(window, monkeypatch, path, lambda: actions.export_picture_dialog(window, window.canvas, "canvas"))


def test_an_animation_to_a_bad_place_names_it_in_the_dialog(qtbot, window, tmp_path):
    """The export dialog says it and stays open (gui/persist/export_dialog.py)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.persist.export_dialog import ExportDialog

    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 5})
    for path in bad_places(tmp_path, "run.gif"):
        dialog = ExportDialog(window, str(path))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and str(path) in dialog.message.text(), dialog.message.text()
        assert "Wrote" not in window.statusBar().currentMessage()
        dialog.reject()

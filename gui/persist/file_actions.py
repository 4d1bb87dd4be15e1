"""File > Open, Save Points As: dialogs around the engine's readers, with messages, not tracebacks.

A file is looked at before it is read: a named pipe or a device is refused at once (reading it
could wait forever, and the loading dialog's Cancel could not stop a read that never returns),
and a session or lecture, recognised by its content, is opened as one. What a data file means
(its columns, degree, intercept: NIST's certified model for a .dat) is the engine's decision.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QDialog, QFileDialog

from engine import InputError
from engine.file_model import ColumnsNeeded, file_kind, read_file_model
from engine.session_file import SessionError, kind_of, read_json

from ..data.column_dialog import ColumnDialog
from ..data.data_source import Selection
from ..run.load_progress import LoadCancelled, load_with_progress

if TYPE_CHECKING:
    from ..main_window import MainWindow


def load_file(window: MainWindow, path: str, *, choose_columns=None) -> bool:
    """Read a file and show the model it means (engine.file_model); a bad file leaves the canvas as
    it was and says why.

    `choose_columns(window, table)` returns a Selection for a table whose file does not decide its
    columns (by default the column dialog).
    """
    try:
        kind = file_kind(path)  # before the reading thread starts: a named pipe is never opened
        if kind in ("lecture-folder", "json"):
            return open_session_file(window, path)
        model = load_with_progress(window, lambda progress: read_file_model(path, progress=progress),
                                   f"Reading {Path(path).name}…")
    except LoadCancelled:
        window.statusBar().showMessage("Loading cancelled: the canvas is as it was", 5000)
        return False
    except ColumnsNeeded as needed:
        selection = (choose_columns or _ask_columns)(window, needed.table)
        return selection is not None and window.apply_selection(selection)
    except InputError as error:
        window.show_message(f"Could not open the file: {error}")
        return False
    return window.apply_selection(model.selection)


def open_session_file(window: MainWindow, path: str) -> bool:
    """A session or lecture given where data was expected (dropped, opened, on the command line):
    opened as File > Open Session would, or, in a window without sessions, the session applied."""
    sessions = getattr(window, "sessions", None)
    if sessions is not None:
        return sessions.open_path(path)
    from .session import apply_session

    name = Path(path).name
    try:
        data = read_json(path)
        if kind_of(data) != "session":
            raise SessionError(f"{name}: not a session; open a lecture with File > Open Session or Lecture")
        apply_session(window, data, source=name)
    except SessionError as error:
        window.show_message(f"Could not open the file: {error}")
        return False
    return True


def _ask_columns(window: MainWindow, table) -> Selection | None:
    dialog = ColumnDialog(table, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    features = tuple(dialog.chosen_features())
    return Selection(table, dialog.chosen_target(), features, 1 if len(features) == 1 else None)


def open_dialog(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open data", "", "Data (*.csv *.txt *.dat);;All files (*)")
    if path:
        load_file(window, path)


def save_points(window: MainWindow, path: str) -> None:
    data = np.column_stack([window.points.x, window.points.y])
    np.savetxt(path, data, delimiter=",", header="x,y", comments="", fmt="%.17g")
    window.statusBar().showMessage(f"Saved {len(data)} points to {path}", 5000)


def save_dialog(window: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "Save points as CSV", "points.csv", "CSV (*.csv)")
    if path:
        save_points(window, path)

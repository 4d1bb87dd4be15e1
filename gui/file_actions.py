"""File > Open, Save Points As: dialogs around the engine's readers, with messages, not tracebacks.

A file is looked at before it is read: a named pipe or a device is refused at once (reading it
could wait forever, and the loading dialog's Cancel could not stop a read that never returns),
and a session or lecture, recognised by its content, is opened as one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QDialog, QFileDialog

from engine import InputError
from engine.files import require_file
from engine.readers import read_csv, read_nist
from engine.session_file import SessionError, is_lecture_folder, kind_of, looks_like_json, read_json

from .column_dialog import ColumnDialog
from .data_source import Selection, default_selection
from .load_progress import LoadCancelled, load_with_progress

if TYPE_CHECKING:
    from .main_window import MainWindow


def read_table(path: str, progress=None):
    """The table of a CSV or NIST .dat file (InputError names the file and line)."""
    if Path(path).suffix.lower() == ".dat":
        return read_nist(path).table
    return read_csv(path, progress=progress)


def load_file(window: MainWindow, path: str, *, choose_columns=None) -> bool:
    """Read a file and show it; a bad file leaves the canvas as it was and says why.

    `choose_columns(table)` returns a Selection for tables of more than two columns (by
    default the column dialog).
    """
    if os.path.isdir(path) and is_lecture_folder(path) or looks_like_json(path):
        return open_session_file(window, path)
    try:
        require_file(path)  # before the reading thread starts: a named pipe is never opened
        table = load_with_progress(window, lambda progress: read_table(path, progress), f"Reading {Path(path).name}…")
    except LoadCancelled:
        window.statusBar().showMessage("Loading cancelled: the canvas is as it was", 5000)
        return False
    except InputError as error:
        window.show_message(f"Could not open the file: {error}")
        return False
    selection = default_selection(table)
    if selection is None:
        selection = (choose_columns or _ask_columns)(window, table)
        if selection is None:
            return False
    return window.apply_selection(selection)


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

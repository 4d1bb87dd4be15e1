"""File > Open, Save Points As: dialogs around the engine's readers, with messages, not tracebacks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QDialog, QFileDialog

from engine import InputError
from engine.readers import read_csv, read_nist

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
    try:
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

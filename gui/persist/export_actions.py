"""File > Export: the run as an animation, its trace, the comparison table, a picture of the
window or of one view. `export_*` do the work (and raise ValueError with the reason); the
`*_dialog` functions ask for the file and report in the status bar or the banner."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from engine.outputs import check_output_path
from engine.trace_io import write_trace_csv, write_trace_json

if TYPE_CHECKING:
    from ..main_window import MainWindow


def export_trace(window: MainWindow, path: str) -> int:
    """Every solver's recorded steps (iteration, parameters, loss, gradient norm) as CSV or JSON."""
    if not window.race.traces or window.problem is None:
        raise ValueError("nothing to export yet: run at least one solver first (Ctrl+R)")
    check_output_path(path, (".csv", ".json"), formats=".csv or .json")
    traces = {key: list(trace) for key, trace in window.race.traces.items()}
    if Path(path).suffix.lower() == ".json":
        write_trace_json(path, traces)
        return sum(len(steps) for steps in traces.values())
    return write_trace_csv(path, traces, window.problem.parameter_names)


def export_table(window: MainWindow, path: str) -> None:
    check_output_path(path, (".csv",))
    Path(path).write_text(window.view("table").csv_text(), encoding="utf-8")


def export_picture(widget: QWidget, path: str, scale: float = 2.0) -> None:
    """PNG at `scale` times the size on screen, or SVG (vectors and text)."""
    check_output_path(path, (".png", ".svg"), formats=".png or .svg")
    from .export import export_view_png, export_view_svg  # here: the film's modules are not needed at start-up

    if Path(path).suffix.lower() == ".svg":
        export_view_svg(widget, path)
    else:
        export_view_png(widget, path, scale=scale)


# ---- the dialogs --------------------------------------------------------------------------
def _ask(window: MainWindow, title: str, name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(window, title, name, filters)
    return path


def _attempt(window: MainWindow, what: str, path: str, work) -> None:
    try:
        work()
    except ValueError as error:  # InputError too: its text names the file and the problem
        window.show_message(f"Could not export the {what}: {error}")
        return
    except OSError as error:  # the checks passed, the write did not (a full disk, a folder gone)
        window.show_message(f"Could not export the {what}: {path}: {error.strerror or error}")
        return
    window.statusBar().showMessage(f"Wrote {path}", 8_000)


def export_animation_dialog(window: MainWindow):
    """The export dialog (gui/persist/export_dialog.py) once there is a finished run to film;
    else the banner says why. Returns the dialog (None when it did not open)."""
    from .export_dialog import ExportDialog

    if window.race.running:
        window.show_message("Could not export the animation: the solvers are still running; "
                            "export when the run has finished")
        return None
    if window.player.length <= 0:
        window.show_message("Could not export the animation: nothing to export yet; run at least one solver first "
                            "(Ctrl+R)")
        return None
    dialog = ExportDialog(window)
    dialog.exec()
    return dialog


def export_trace_dialog(window: MainWindow) -> None:
    path = _ask(window, "Export the trace", "trace.csv", "CSV (*.csv);;JSON (*.json)")
    if path:
        _attempt(window, "trace", path, lambda: export_trace(window, path))


def export_table_dialog(window: MainWindow) -> None:
    path = _ask(window, "Export the comparison table", "comparison.csv", "CSV (*.csv)")
    if path:
        _attempt(window, "table", path, lambda: export_table(window, path))


def export_picture_dialog(window: MainWindow, widget: QWidget, name: str) -> None:
    path = _ask(window, f"Export a picture of the {name}", f"{name}.png", "PNG image (*.png);;SVG drawing (*.svg)")
    if not path:
        return
    scale = 1.0
    if Path(path).suffix.lower() != ".svg":
        scale, ok = QInputDialog.getDouble(window, "Resolution", "Times the size on screen:", 2.0, 0.5, 8.0, 1)
        if not ok:
            return
    _attempt(window, "picture", path, lambda: export_picture(widget, path, scale))

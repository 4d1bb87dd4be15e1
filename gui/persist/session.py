"""A session: everything a lecturer set up in the window, in one versioned JSON file.

Numbers are written as JSON numbers, which Python writes with `repr` and reads back correctly
rounded, so every float (0.1, 1e-300, -0.0, subnormals) comes back bit for bit; hand-written
files may also give a float as `float.hex()` text. A file is checked completely before the
window is touched, so a bad or newer file changes nothing and says what is wrong and where.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray

from engine.session_file import FORMAT, VERSION, SessionError, SessionParts, brief, check_parts, read_json, strings

from ..run.player import SPEEDS
from .layout import LAYOUT_VERSION

if TYPE_CHECKING:
    from ..main_window import MainWindow

__all__ = ["FORMAT", "VERSION", "SessionError", "apply_session", "capture_session", "check_session", "load_session",
           "read_json", "save_session"]


# ---- capture ------------------------------------------------------------------------------------
def shown(widget) -> bool:
    """Visible and in front of its tab group (Qt calls a tab behind another visible)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def capture_session(window: MainWindow) -> dict[str, Any]:
    """The window's state as a JSON-ready dict (arrays as lists of floats, full precision)."""
    if window.selection is not None:
        table, selection = window.selection.table, window.selection
        data = {"kind": "table", "source": table.source, "names": list(table.names),
                "columns": [table.data[:, j].tolist() for j in range(len(table.names))],
                "lines": list(table.lines), "target": selection.target, "features": list(selection.features),
                "degree": selection.degree, "intercept": selection.intercept}
    else:
        data = {"kind": "points", "x": window.points.x.tolist(), "y": window.points.y.tolist()}
    panel = window.solver_panel
    checked = panel.checked_methods()
    speed = window.player.speed
    (x0, x1), (y0, y1) = window.canvas.getViewBox().viewRange()
    state = bytes(window.saveState(LAYOUT_VERSION).toBase64()).decode("ascii")
    return {
        "format": FORMAT, "version": VERSION, "data": data,
        "model": window.model_controls.options(),
        "solvers": {"checked": checked, "params": {name: panel.params(name) for name in checked},
                    "current": panel.current_method()},
        "start_point": panel.start_point(),
        "speed": "instant" if math.isinf(speed) else speed,
        "view_range": [[float(x0), float(x1)], [float(y0), float(y1)]],
        "layout": state,
        "front_views": [view.name for view in window.built_views() if shown(view)],  # one never built was never shown
        "constraints": list(window.lab.constraints.texts),  # "through 2, 3", "B0 + B1 = 1" (gui/data/constraints.py)
    }


# ---- checking -----------------------------------------------------------------------------------
@dataclass
class _Checked(SessionParts):
    """A session whose every part was checked: applying it cannot fail half way. The parts that
    need no window are checked by the engine (engine/session_file.py), the rest here."""

    speed: float | None = None
    layout: QByteArray | None = None
    front_views: list[str] | None = None


def check_session(data: Any, view_names=None) -> _Checked:
    """Every part of a session checked; SessionError (without the file's name) says what is wrong."""
    out = _Checked(**vars(check_parts(data)))
    if "speed" in data:
        speed = math.inf if data["speed"] == "instant" else data["speed"]
        if isinstance(speed, bool) or not isinstance(speed, int | float) or speed not in SPEEDS:
            raise SessionError(f"speed: expected one of {', '.join(f'{s:g}' for s in SPEEDS[:-1])} or instant, "
                               f"got {brief(data['speed'])}")
        out.speed = speed
    if "layout" in data:
        try:
            out.layout = QByteArray(base64.b64decode(str(data["layout"]), validate=True))
        except (binascii.Error, ValueError):
            raise SessionError("layout: not base64 text") from None
    if "front_views" in data:
        out.front_views = strings(data["front_views"], "front_views")
        unknown = [name for name in out.front_views if view_names is not None and name not in view_names]
        if unknown:
            raise SessionError(f"front_views: no view {brief(unknown[0])} (known: {', '.join(view_names)})")
    return out


# ---- applying -----------------------------------------------------------------------------------
def apply_session(window: MainWindow, data: dict, *, source: str = "session") -> None:
    """Show a session in the window. A bad session raises SessionError (a ValueError) naming
    `source` and the problem, before anything in the window changed."""
    try:
        checked = check_session(data, list(window.view_docks))
    except SessionError as error:
        raise SessionError(f"{source}: {error}") from None
    window.hide_message()
    if checked.selection is not None:
        window.apply_selection(checked.selection, confirm=False)
    elif checked.points is not None:
        window.lab.selection = None
        window.model_controls.set_degree_enabled(True)
        window.points.set_points(*checked.points, text=f"Open {source}")
    if checked.model:
        window.model_controls.set_options(**checked.model)
    if checked.constraints is not None or checked.points is not None or checked.selection is not None:
        window.lab.constraints.replace(checked.constraints or (), text=f"Open {source}")  # new data: its own
    panel = window.solver_panel
    if checked.checked is not None:
        panel.set_checked(checked.checked)
    for name, values in (checked.params or {}).items():
        panel.form(name).set_values(values)
    if checked.current is not None:
        panel.set_current_method(checked.current)
    if checked.has_start_point:
        panel.set_start_point(checked.start_point)
    if checked.speed is not None:
        window.run_controls.set_speed(checked.speed)
    if checked.layout is not None:
        window.restoreState(checked.layout, LAYOUT_VERSION)  # another version's layout is ignored
    for name in checked.front_views or []:
        window.show_view(name)
    if checked.view_range is not None:
        window.canvas.getViewBox().setRange(xRange=checked.view_range[0], yRange=checked.view_range[1], padding=0)
    elif checked.auto_range or checked.selection is None and checked.points is not None:
        window.canvas.auto_range()  # also for a saved range too wide or too narrow to draw


# ---- files --------------------------------------------------------------------------------------
def save_session(path, data: dict) -> None:
    """Write atomically (a crash mid-write leaves the old file); OSError says why it failed."""
    path = Path(path)
    text = json.dumps(data, indent=1, allow_nan=False)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


def load_session(path) -> dict:
    """A checked session from a file (SessionError names the file and the problem)."""
    data = read_json(path)
    try:
        check_session(data)
    except SessionError as error:
        raise SessionError(f"{Path(path).name}: {error}") from None
    return data

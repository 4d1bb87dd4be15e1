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

import numpy as np
from PySide6.QtCore import QByteArray

from engine import SOLVERS, InputError
from engine.datasets import DATASETS, get_dataset
from engine.problem import BASIS_ORDERS, LOSSES, MAX_DEGREE, SCALINGS
from engine.table import Table

from .data_source import Selection, selection_for_dataset
from .layout import LAYOUT_VERSION
from .player import SPEEDS

if TYPE_CHECKING:
    from .main_window import MainWindow

FORMAT = "least-squares-lab-session"
VERSION = 1
KEYS = ("format", "version", "data", "model", "solvers", "start_point", "speed", "view_range", "layout",
        "front_views")
MODEL_CHOICES = {"scaling": SCALINGS, "basis_order": BASIS_ORDERS, "loss": LOSSES}


class SessionError(ValueError):
    """A session file that cannot be used; the message names the file and the problem."""


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
    }


# ---- checking -----------------------------------------------------------------------------------
@dataclass
class _Checked:
    """A session whose every part was checked: applying it cannot fail half way."""

    selection: Selection | None = None
    points: tuple[np.ndarray, np.ndarray] | None = None
    model: dict | None = None
    checked: list[str] | None = None
    params: dict | None = None
    current: str | None = None
    start_point: list[float] | None = None
    has_start_point: bool = False
    speed: float | None = None
    view_range: tuple | None = None
    layout: QByteArray | None = None
    front_views: list[str] | None = None


def _number(value: Any, where: str) -> float:
    """A finite float from a JSON number or `float.hex()` text."""
    if isinstance(value, str):
        try:
            value = float.fromhex(value)
        except ValueError:
            raise SessionError(f"{where}: {value!r} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SessionError(f"{where}: expected a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise SessionError(f"{where}: must be finite, got {value!r}")
    return value


def _numbers(value: Any, where: str) -> np.ndarray:
    if not isinstance(value, list):
        raise SessionError(f"{where}: expected a list of numbers")
    return np.array([_number(v, f"{where}[{i}]") for i, v in enumerate(value)], dtype=float)


def _mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise SessionError(f"{where}: expected an object {{...}}, got {type(value).__name__}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SessionError(f"{where}: expected a list of names")
    return value


def _check_data(data: Any, out: _Checked) -> None:
    data = _mapping(data, "data")
    kind = data.get("kind")
    if kind == "points":
        x, y = _numbers(data.get("x"), "data.x"), _numbers(data.get("y"), "data.y")
        if x.size != y.size:
            raise SessionError(f"data: x has {x.size} numbers but y has {y.size}")
        out.points = (x, y)
    elif kind == "dataset":
        name = data.get("name")
        if name not in DATASETS:
            raise SessionError(f"data.name: no built-in data set {name!r} (known: {', '.join(DATASETS)})")
        out.selection = selection_for_dataset(get_dataset(name))
    elif kind == "table":
        names = _strings(data.get("names"), "data.names")
        columns = data.get("columns")
        if not isinstance(columns, list) or len(columns) != len(names) or not names:
            raise SessionError(f"data.columns: expected one list of numbers for each of the {len(names)} names")
        arrays = [_numbers(c, f"data.columns[{j}]") for j, c in enumerate(columns)]
        rows = arrays[0].size
        lines = data.get("lines", list(range(1, rows + 1)))
        if any(a.size != rows for a in arrays) or not isinstance(lines, list) or len(lines) != rows:
            raise SessionError(f"data: the columns and lines differ in length ({[a.size for a in arrays]})")
        target, features = data.get("target"), _strings(data.get("features"), "data.features")
        if target not in names or not features or any(f not in names for f in features):
            raise SessionError(f"data: target {target!r} and features {features} must be among {names}")
        degree = data.get("degree")
        if degree is not None and not (isinstance(degree, int) and 0 <= degree <= MAX_DEGREE):
            raise SessionError(f"data.degree: expected null or 0 to {MAX_DEGREE}, got {degree!r}")
        try:
            table = Table(tuple(names), np.column_stack(arrays), str(data.get("source", "session")),
                          tuple(int(n) for n in lines))
        except (TypeError, ValueError) as error:
            raise SessionError(f"data: {error}") from None
        out.selection = Selection(table, target, tuple(features), degree, bool(data.get("intercept", True)))
    else:
        raise SessionError(f"data.kind: expected points, table or dataset, got {kind!r}")


def _check_model(model: Any) -> dict:
    model = _mapping(model, "model")
    for key, value in model.items():
        if key == "degree":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEGREE:
                raise SessionError(f"model.degree: expected an integer from 0 to {MAX_DEGREE}, got {value!r}")
        elif key == "intercept":
            if not isinstance(value, bool):
                raise SessionError(f"model.intercept: expected true or false, got {value!r}")
        elif key in MODEL_CHOICES:
            if value not in MODEL_CHOICES[key]:
                raise SessionError(f"model.{key}: expected one of {', '.join(MODEL_CHOICES[key])}, got {value!r}")
        else:
            raise SessionError(f"model: unknown option {key!r} (known: degree, intercept, {', '.join(MODEL_CHOICES)})")
    return model


def _check_solvers(solvers: Any, out: _Checked) -> None:
    solvers = _mapping(solvers, "solvers")
    try:
        out.checked = [SOLVERS.get(name).name for name in _strings(solvers.get("checked", []), "solvers.checked")]
        params = _mapping(solvers.get("params", {}), "solvers.params")
        out.params = {SOLVERS.get(name).name: SOLVERS.get(name).parse_params(_mapping(values, f"solvers.params.{name}"))
                      for name, values in params.items()}
        current = solvers.get("current")
        out.current = None if current is None else SOLVERS.get(current).name
    except InputError as error:
        raise SessionError(f"solvers: {error}") from None


def check_session(data: Any, view_names=None) -> _Checked:
    """Every part of a session checked; SessionError (without the file's name) says what is wrong."""
    data = _mapping(data, "the file")
    if data.get("format") != FORMAT:
        raise SessionError(f"not a session file (format {data.get('format')!r}, expected {FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"version: expected a positive integer, got {version!r}")
    if version > VERSION:
        raise SessionError(f"made by a newer Least Squares Lab (session version {version}; this one reads up to "
                           f"{VERSION}): update the app to open it")
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        raise SessionError(f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    out = _Checked()
    if "data" in data:
        _check_data(data["data"], out)
    if "model" in data:
        out.model = _check_model(data["model"])
    if "solvers" in data:
        _check_solvers(data["solvers"], out)
    if "start_point" in data:
        out.has_start_point = True
        start = data["start_point"]
        out.start_point = None if start is None else _numbers(start, "start_point").tolist()
    if "speed" in data:
        speed = math.inf if data["speed"] == "instant" else data["speed"]
        if speed not in SPEEDS or isinstance(speed, bool):
            raise SessionError(f"speed: expected one of {', '.join(f'{s:g}' for s in SPEEDS[:-1])} or instant, "
                               f"got {data['speed']!r}")
        out.speed = speed
    if "view_range" in data:
        value = data["view_range"]
        if not isinstance(value, list) or len(value) != 2:
            raise SessionError("view_range: expected [[x0, x1], [y0, y1]]")
        ranges = [_numbers(r, f"view_range[{i}]") for i, r in enumerate(value)]
        if any(r.size != 2 or not r[0] < r[1] for r in ranges):
            raise SessionError(f"view_range: expected [[x0, x1], [y0, y1]] with x0 < x1 and y0 < y1, got {value}")
        out.view_range = tuple(tuple(r.tolist()) for r in ranges)
    if "layout" in data:
        try:
            out.layout = QByteArray(base64.b64decode(str(data["layout"]), validate=True))
        except (binascii.Error, ValueError):
            raise SessionError("layout: not base64 text") from None
    if "front_views" in data:
        out.front_views = _strings(data["front_views"], "front_views")
        unknown = [name for name in out.front_views if view_names is not None and name not in view_names]
        if unknown:
            raise SessionError(f"front_views: no view {unknown[0]!r} (known: {', '.join(view_names)})")
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
        window.selection = None
        window.model_controls.set_degree_enabled(True)
        window.points.set_points(*checked.points, text=f"Open {source}")
    if checked.model:
        window.model_controls.set_options(**checked.model)
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
    elif checked.selection is None and checked.points is not None:
        window.canvas.auto_range()


# ---- files --------------------------------------------------------------------------------------
def save_session(path, data: dict) -> None:
    """Write atomically (a crash mid-write leaves the old file); OSError says why it failed."""
    path = Path(path)
    text = json.dumps(data, indent=1, allow_nan=False)
    partial = path.with_name(path.name + ".part")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


def read_json(path) -> Any:
    """The JSON in a file; SessionError names the file and, for bad JSON, the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SessionError(f"{path.name}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SessionError(f"{path.name}: cannot read the file ({error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SessionError(f"{path.name}: line {error.lineno}: not valid JSON ({error.msg})") from None


def load_session(path) -> dict:
    """A checked session from a file (SessionError names the file and the problem)."""
    data = read_json(path)
    try:
        check_session(data)
    except SessionError as error:
        raise SessionError(f"{Path(path).name}: {error}") from None
    return data

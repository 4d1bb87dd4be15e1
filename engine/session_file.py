"""Session and lecture files read without a window: recognised by their content, checked, and
turned into the Problem they describe.

A session is the JSON file the window saves (gui/persist/session.py writes it): its "format" key says
"least-squares-lab-session"; a lecture's says "least-squares-lab-lecture". The parts that need
no window (the data, the model, the solvers, the start point, the view range) are checked here,
so `main.py solve lesson.json` fits the session's own points, and the window checks the rest
(speed, layout, views) in gui/persist/session.py. Every problem is a SessionError (an InputError) that
names the file and says what is wrong, in one line: a file is checked completely before use.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from .datasets import DATASETS, get_dataset
from .errors import InputError, brief, listing, quote
from .files import require_file, source_name, why_not_a_file
from .problem import BASIS_ORDERS, LOSSES, MAX_DEGREE, SCALINGS, Problem
from .registry import SOLVERS
from .selection import Selection, selection_for_dataset
from .table import Table

FORMAT = "least-squares-lab-session"
LECTURE_FORMAT = "least-squares-lab-lecture"
VERSION = 1
KEYS = ("format", "version", "data", "model", "solvers", "start_point", "speed", "view_range", "layout",
        "front_views", "constraints")
MODEL_CHOICES = {"scaling": SCALINGS, "basis_order": BASIS_ORDERS, "loss": LOSSES}
#: The largest coordinate and the smallest width of a view range that is drawn: beyond them the
#: plot's own arithmetic overflows to inf or nan (width 2e308) or breaks on subnormal widths.
VIEW_LIMIT, VIEW_MIN_WIDTH = 1e300, 1e-300
#: How many bytes are read to see whether a file starts like JSON.
_SNIFF_BYTES = 4096

class SessionError(InputError):
    """A session or lecture file that cannot be used; the message names the file and the problem."""


# ---- reading ------------------------------------------------------------------------------------
def looks_like_json(path) -> bool:
    """True when `path` is a regular file whose first character (after spaces) opens a JSON object
    or list: a session or lecture by content, whatever its name. Never opens a named pipe."""
    if why_not_a_file(path) is not None:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head[:1] in (b"{", b"[")


def parse_json(text: str, name: str) -> Any:
    """The JSON in `text`; SessionError names the file and, for bad JSON, the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SessionError(f"{name}: line {error.lineno}: not valid JSON ({error.msg})") from None
    except RecursionError:
        raise SessionError(f"{name}: nested too deeply (lists or objects inside each other beyond what "
                           "Python can read): not a session or lecture") from None


def read_json(path) -> Any:
    """The JSON in a file; SessionError names the file and the problem (a named pipe or a
    device is refused before it is opened, a file nested too deeply is refused, not a crash)."""
    name = source_name(path)
    problem = why_not_a_file(path)
    if problem is not None:
        raise SessionError(f"{name}: {problem}")
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8-sig")
    except OSError as error:
        raise SessionError(f"{name}: cannot read the file ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise SessionError(f"{name}: cannot read the file (not UTF-8 text at byte {error.start})") from None
    return parse_json(text, name)


def kind_of(data: Any) -> str | None:
    """"session" or "lecture" by the file's "format" key, else None."""
    if not isinstance(data, dict):
        return None
    return {FORMAT: "session", LECTURE_FORMAT: "lecture"}.get(data.get("format"))  # type: ignore[arg-type]


def is_lecture_folder(path) -> bool:
    """A folder with session files (*.json) in it: what the window opens as a lecture."""
    try:
        with os.scandir(path) as entries:
            return any(entry.name.lower().endswith(".json") for entry in entries)
    except OSError:
        return False


# ---- checking -----------------------------------------------------------------------------------
@dataclass
class SessionParts:
    """The parts of a session that need no window, every one checked."""

    selection: Selection | None = None
    points: tuple[np.ndarray, np.ndarray] | None = None
    model: dict | None = None
    checked: list[str] | None = None
    params: dict | None = None
    current: str | None = None
    start_point: list[float] | None = None
    has_start_point: bool = False
    view_range: tuple | None = None
    auto_range: bool = False
    """The file gave a view range too wide or too narrow to draw: the view is fitted to the data."""
    constraints: list[str] | None = None
    """The constraints of the fit as typed ("through 2, 3", "B0 + B1 = 1"; engine/constrained)."""

    def problem(self, *, degree: int | None = None, intercept: bool | None = None, **model) -> Problem:
        """The Problem the window would build from this session, with its constraints; arguments given
        override the session's model (the command line's --degree, --no-intercept, --loss, ...)."""
        problem = self._free_problem(degree=degree, intercept=intercept, **model)
        if not self.constraints:
            return problem
        from .constrained import parse_constraints

        return problem.with_constraints(parse_constraints(self.constraints, problem))

    def _free_problem(self, *, degree: int | None = None, intercept: bool | None = None, **model) -> Problem:
        options = dict(self.model or {})
        saved_degree, saved_intercept = options.pop("degree", None), options.pop("intercept", None)
        options.update({key: value for key, value in model.items() if value is not None})
        selection = self.selection
        if self.points is None and selection is None:
            raise SessionError("the session has no data (no \"data\" part): there is nothing to fit")
        degree = saved_degree if degree is None else degree
        if intercept is None:  # the model's, else the data's own (a data set without B0), as in the window
            intercept = saved_intercept if saved_intercept is not None else (
                True if selection is None else selection.intercept)
        if selection is not None and not selection.is_points:
            return selection.table_problem(intercept=intercept, **options)
        if selection is not None:
            x, y, name = selection.x, selection.y, selection.table.source
            degree = degree if degree is not None else selection.degree
        else:
            (x, y), name = self.points, "session"
        return Problem.from_points(x, y, 1 if degree is None else degree, intercept=intercept, name=name,
                                   **options)


def _number(value: Any, where: str) -> float:
    """A finite float from a JSON number or `float.hex()` text."""
    if isinstance(value, str):
        try:
            value = float.fromhex(value)
        except ValueError:
            raise SessionError(f"{where}: {brief(value)} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SessionError(f"{where}: expected a number, got {brief(value)}")
    try:
        value = float(value)
    except OverflowError:  # an integer of 400 digits
        raise SessionError(f"{where}: {brief(value)} is too large for a float") from None
    if not math.isfinite(value):
        raise SessionError(f"{where}: must be finite, got {brief(value)}")
    return value


def numbers(value: Any, where: str) -> np.ndarray:
    if not isinstance(value, list):
        raise SessionError(f"{where}: expected a list of numbers")
    return np.array([_number(v, f"{where}[{i}]") for i, v in enumerate(value)], dtype=float)


def mapping(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise SessionError(f"{where}: expected an object {{...}}, got {type(value).__name__}")
    return value


def strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SessionError(f"{where}: expected a list of names")
    return value


def _check_table(data: dict) -> Selection:
    names = strings(data.get("names"), "data.names")
    columns = data.get("columns")
    if not isinstance(columns, list) or len(columns) != len(names) or not names:
        raise SessionError(f"data.columns: expected one list of numbers for each of the {len(names)} names")
    arrays = [numbers(c, f"data.columns[{j}]") for j, c in enumerate(columns)]
    rows = arrays[0].size
    lines = data.get("lines", list(range(1, rows + 1)))
    if any(a.size != rows for a in arrays) or not isinstance(lines, list) or len(lines) != rows:
        raise SessionError(f"data: the columns and lines differ in length ({brief([a.size for a in arrays])})")
    target, features = data.get("target"), strings(data.get("features"), "data.features")
    known = set(names)
    if target not in known or not features or any(f not in known for f in features):
        raise SessionError(f"data: target {brief(target)} and features {brief(features)} must be among "
                           f"{listing(names)}")
    degree = data.get("degree")
    if degree is not None and not (isinstance(degree, int) and 0 <= degree <= MAX_DEGREE):
        raise SessionError(f"data.degree: expected null or 0 to {MAX_DEGREE}, got {brief(degree)}")
    try:
        table = Table(tuple(names), np.column_stack(arrays), str(data.get("source", "session")),
                      tuple(int(n) for n in lines))
    except (TypeError, ValueError) as error:
        raise SessionError(f"data: {quote(error)}") from None
    return Selection(table, target, tuple(features), degree, bool(data.get("intercept", True)))


def _check_data(data: Any, out: SessionParts) -> None:
    data = mapping(data, "data")
    kind = data.get("kind")
    if kind == "points":
        x, y = numbers(data.get("x"), "data.x"), numbers(data.get("y"), "data.y")
        if x.size != y.size:
            raise SessionError(f"data: x has {x.size} numbers but y has {y.size}")
        out.points = (x, y)
    elif kind == "dataset":
        name = data.get("name")
        if not isinstance(name, str) or name not in DATASETS:
            raise SessionError(f"data.name: no built-in data set {brief(name)} (known: {', '.join(DATASETS)})")
        out.selection = selection_for_dataset(get_dataset(name))
    elif kind == "table":
        out.selection = _check_table(data)
    else:
        raise SessionError(f"data.kind: expected points, table or dataset, got {brief(kind)}")


def _check_model(model: Any) -> dict:
    model = mapping(model, "model")
    for key, value in model.items():
        if key == "degree":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DEGREE:
                raise SessionError(f"model.degree: expected an integer from 0 to {MAX_DEGREE}, got {brief(value)}")
        elif key == "intercept":
            if not isinstance(value, bool):
                raise SessionError(f"model.intercept: expected true or false, got {brief(value)}")
        elif key in MODEL_CHOICES:
            if not isinstance(value, str) or value not in MODEL_CHOICES[key]:
                raise SessionError(f"model.{key}: expected one of {', '.join(MODEL_CHOICES[key])}, "
                                   f"got {brief(value)}")
        else:
            raise SessionError(f"model: unknown option {brief(key)} (known: degree, intercept, "
                               f"{', '.join(MODEL_CHOICES)})")
    return model


def _check_solvers(solvers: Any, out: SessionParts) -> None:
    solvers = mapping(solvers, "solvers")
    checked = strings(solvers.get("checked", []), "solvers.checked")
    params = mapping(solvers.get("params", {}), "solvers.params")
    current = solvers.get("current")
    try:
        out.checked = [SOLVERS.get(name).name for name in checked]
        out.params = {SOLVERS.get(name).name: SOLVERS.get(name).parse_params(mapping(values, f"solvers.params.{name}"))
                      for name, values in params.items()}
        out.current = None if current is None else SOLVERS.get(current).name
    except SessionError:
        raise
    except InputError as error:
        raise SessionError(f"solvers: {error}") from None


def _check_view_range(value: Any, out: SessionParts) -> None:
    """[[x0, x1], [y0, y1]], x0 < x1 and y0 < y1; a range the plot cannot draw (beyond ±1e300, or
    narrower than 1e-300) is replaced by the data's own range (auto range), not refused."""
    if not isinstance(value, list) or len(value) != 2:
        raise SessionError("view_range: expected [[x0, x1], [y0, y1]]")
    ranges = [numbers(r, f"view_range[{i}]") for i, r in enumerate(value)]
    if any(r.size != 2 or not r[0] < r[1] for r in ranges):
        raise SessionError(f"view_range: expected [[x0, x1], [y0, y1]] with x0 < x1 and y0 < y1, got {brief(value)}")
    if all(np.all(np.abs(r) <= VIEW_LIMIT) and r[1] - r[0] >= VIEW_MIN_WIDTH for r in ranges):
        out.view_range = tuple(tuple(r.tolist()) for r in ranges)
    else:
        out.auto_range = True


def check_parts(data: Any) -> SessionParts:
    """Every part of a session that needs no window, checked; SessionError (without the file's
    name) says what is wrong."""
    data = mapping(data, "the file")
    if data.get("format") != FORMAT:
        raise SessionError(f"not a session file (format {brief(data.get('format'))}, expected {FORMAT!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"version: expected a positive integer, got {brief(version)}")
    if version > VERSION:
        raise SessionError(f"made by a newer Least Squares Lab (session version {version}; this one reads up to "
                           f"{VERSION}): update the app to open it")
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        raise SessionError(f"unknown key {brief(unknown[0])} (known: {', '.join(KEYS)})")
    out = SessionParts()
    if "data" in data:
        _check_data(data["data"], out)
    if "model" in data:
        out.model = _check_model(data["model"])
    if "solvers" in data:
        _check_solvers(data["solvers"], out)
    if "start_point" in data:
        out.has_start_point = True
        start = data["start_point"]
        out.start_point = None if start is None else numbers(start, "start_point").tolist()
    if "view_range" in data:
        _check_view_range(data["view_range"], out)
    if "constraints" in data:
        out.constraints = strings(data["constraints"], "constraints")
    return out


# ---- a file given where data is expected -------------------------------------------------------
def _argument(path) -> str:
    """The path as the user would type it again, or its name when it is too long to quote."""
    text = os.fspath(path)
    return text if len(text) <= 60 and text.isprintable() else source_name(path)


def read_session_parts(path) -> SessionParts:
    """The checked parts of a session file given where a data file is expected (the command
    line's FILE); a lecture, or JSON that is no session, is refused saying how to open it."""
    name = require_file(path)
    data = read_json(path)
    kind = kind_of(data)
    if kind == "lecture":
        scenes = data.get("scenes")
        count = f" of {len(scenes)} scene{'s' * (len(scenes) != 1)}" if isinstance(scenes, list) else ""
        raise SessionError(f"is a Least Squares Lab lecture{count}, not data: open it in the window "
                           f"with `python main.py {_argument(path)}`", source=name)
    if kind is None:
        raise SessionError("is JSON, but neither a table of numbers nor a Least Squares Lab session "
                           f"(a session has \"format\": \"{FORMAT}\")", source=name)
    try:
        return check_parts(data)
    except SessionError as error:
        raise SessionError(f"{name}: {error}") from None


def refuse_lecture_folder(path) -> None:
    """A folder of scenes given where a data file is expected: say how to open it (SessionError)."""
    if os.path.isdir(path) and is_lecture_folder(path):
        raise SessionError(f"is a folder of scenes (a lecture), not data: open it in the window with "
                           f"`python main.py {_argument(path)}`", source=source_name(path))

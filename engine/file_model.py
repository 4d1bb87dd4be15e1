"""One file → one model: what the kind of file implies for target, features, degree and intercept.

The window (File > Open, drag and drop, `main.py FILE`), the command line, the screenshot and the
export all call `read_file_model`, so a file means the same model everywhere:

* a CSV of two columns is points: x the first, y the second, a line unless a degree is asked;
* a CSV of more columns needs its target and features (`--target`, `--features`, or the column
  dialog), unless its columns are plainly named x and y; asked headless, it is `ColumnsNeeded`;
* a NIST StRD `.dat` file is NIST's certified model: y (its first column) the response, the other
  columns the predictors, NIST's degree and intercept (Filip: degree 10);
* a session (recognised by its content, whatever its name) is its own data and model.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .certified import CertifiedModel
from .errors import InputError, listing, quote
from .files import require_file, source_name
from .problem import Problem
from .readers import read_csv, read_nist
from .selection import Selection
from .session_file import (
    SessionError,
    SessionParts,
    is_lecture_folder,
    looks_like_json,
    read_session_parts,
    refuse_lecture_folder,
)
from .table import Table, _resolve  # _resolve: a column by name or number, as table_to_problem reads it

#: The kinds of file: a folder of scenes, a session or lecture (JSON by content), NIST, CSV.
KINDS = ("lecture-folder", "json", "nist", "csv")
#: The column names that make a wider table plainly points: x the feature, y the target.
OBVIOUS_X, OBVIOUS_Y = "x", "y"


class ColumnsNeeded(InputError):
    """A table whose target and features the file does not decide: the window asks with the column
    dialog; a command says which columns there are and how to choose (exit 2)."""

    def __init__(self, table: Table):
        self.table = table
        names = table.names
        super().__init__(f"{quote(table.source)[1:-1]} has {len(names)} columns ({listing(names)}): say which is "
                         "the target with --target and which are features with --features")


@dataclass(frozen=True, eq=False)
class FileModel:
    """What a data file means: its kind, the columns and model chosen (`selection`), NIST's
    certified model for a `.dat` file, or a session's checked parts."""

    kind: str
    source: str
    selection: Selection | None = None
    certified: CertifiedModel | None = None
    session: SessionParts | None = None
    degree: int | None = None       # asked for a session (a table's is in its selection)
    intercept: bool | None = None

    def problem(self, **options) -> Problem:
        """The Problem to fit; `options` are scaling, basis_order, loss (None keeps a session's own)."""
        if self.session is not None:
            return self.session.problem(degree=self.degree, intercept=self.intercept, **options)
        options = {key: value for key, value in options.items() if value is not None}
        return self.selection.problem(**options)


def file_kind(path) -> str:
    """One of KINDS, looking at the content only as far as needed; a missing file, a folder that
    holds no scenes, a named pipe or a device is an InputError (and is never opened)."""
    if os.path.isdir(path) and is_lecture_folder(path):
        return "lecture-folder"
    if looks_like_json(path):
        return "json"
    require_file(path)
    return "nist" if Path(path).suffix.lower() == ".dat" else "csv"


def read_file_model(path, *, target=None, features: Sequence[str] | str | None = None, degree: int | None = None,
                    intercept: bool | None = None, progress: Callable[[float], object] | None = None) -> FileModel:
    """Read `path` and decide its model once; what the user asked (target, features by name or
    1-based number, degree, intercept) overrides what the file implies.

    A lecture (a folder of scenes, or a lecture file) is refused saying how to open it: it is no
    data. A table whose columns are not decided raises ColumnsNeeded.
    """
    features = _feature_list(features)
    kind = file_kind(path)
    if kind in ("lecture-folder", "json"):
        refuse_lecture_folder(path)
        parts = read_session_parts(path)
        if target is not None or features is not None:
            raise SessionError("--target and --features choose the columns of a CSV file; a session names its own",
                               source=source_name(path))
        return FileModel("session", source_name(path), session=parts, degree=degree, intercept=intercept)
    if kind == "nist":
        nist = read_nist(path)
        names = nist.table.names
        chosen = choose_columns(nist.table, target or (None if features else names[0]), features)
        selection = Selection(nist.table, *chosen, nist.degree if degree is None else degree,
                              nist.intercept if intercept is None else intercept)
        return FileModel("nist", nist.table.source, selection, certified=CertifiedModel.of_file(nist))
    table = read_csv(path, progress=progress)
    chosen_target, chosen_features = choose_columns(table, target, features)
    if degree is None and len(chosen_features) == 1:
        degree = 1
    return FileModel("csv", table.source, Selection(table, chosen_target, chosen_features, degree,
                                                     True if intercept is None else intercept))


def choose_columns(table: Table, target=None, features: Sequence[str] | None = None) -> tuple[str, tuple[str, ...]]:
    """(target, features) by name: as asked (names or 1-based numbers), else what the table makes
    plain (two columns are x then y; columns named x and y), else ColumnsNeeded."""
    names = table.names
    if target is None and features is None:
        if len(names) == 2:
            return names[1], (names[0],)
        if table.position(OBVIOUS_X) is not None and table.position(OBVIOUS_Y) is not None:
            return OBVIOUS_Y, (OBVIOUS_X,)
        raise ColumnsNeeded(table)
    columns = f"{table.source} has {len(names)} columns ({listing(names)})"
    feature_index = None if features is None else [_resolve(table, f) for f in features]
    if target is not None:
        target_index = _resolve(table, target)
    else:
        rest = [j for j in range(len(names)) if j not in set(feature_index)]
        y = table.position(OBVIOUS_Y)
        if len(rest) == 1:
            target_index = rest[0]
        elif y is not None and y not in feature_index:
            target_index = y
        else:
            raise InputError(f"{columns}: choose the target with --target")
    if feature_index is None:
        feature_index = [j for j in range(len(names)) if j != target_index]
    if not feature_index:
        raise InputError(f"{columns}: choose at least one feature with --features")
    if target_index in feature_index:
        raise InputError(f"column {quote(names[target_index])} is both the target and a feature", source=table.source)
    if len(set(feature_index)) != len(feature_index):
        raise InputError("a feature column is chosen twice", source=table.source)
    return names[target_index], tuple(names[j] for j in feature_index)


def _feature_list(features) -> list[str] | None:
    if isinstance(features, str):
        features = [part.strip() for part in features.split(",") if part.strip()]
    return list(features) if features else None

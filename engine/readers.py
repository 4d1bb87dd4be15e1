"""Reading points from CSV files and NIST StRD `.dat` files into a `Table` (engine/table.py).

Every bad input becomes an `InputError` naming the file, the line and the problem, because
a student's spreadsheet export is the commonest input and a traceback teaches nothing.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .csv_fast import parse_stream
from .errors import InputError, listing, quote
from .files import require_file
from .table import LineNumbers, Table

_DELIMITERS = ("\t", ";", ",")
_DELIMITER_NAMES = {"\t": "tab", ";": "semicolon", ",": "comma", None: "whitespace"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, eq=False)
class NistFile:
    """A NIST StRD linear-regression file: its data and its certified answer (as decimal text)."""

    table: Table
    certified: tuple[str, ...]
    parameter_names: tuple[str, ...]
    residual_sd: str
    model: str
    intercept: bool
    degree: int | None


# ---- shared text handling ------------------------------------------------------------------
def _read_lines(path) -> tuple[str, list[str]]:
    """The file's name and lines, or an InputError for a missing, unreadable or binary file
    (a named pipe or a device is refused before it is opened: reading it could wait forever)."""
    source = require_file(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise InputError("file not found", source=source) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", source=source) from None
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror or error})", source=source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise InputError("is not a text file (save it as CSV text in UTF-8)",
                         source=source, line=line) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text[:bad.start()].count("\n") + 1
        raise InputError("is not a text file (it contains binary bytes)", source=source, line=line)
    # Only \n, \r\n and \r end a line (str.splitlines also splits at \f, \x85, ...), so the
    # line numbers match the user's editor.
    return source, text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _number(text: str, column: str, source: str, line: int) -> float:
    """A finite float from decimal text, with a message that says what is wrong with it."""
    try:
        if "_" in text:
            raise ValueError(text)
        value = float(text)
    except ValueError:
        if text == "":
            raise InputError(f"empty value in column {quote(column)}", source=source, line=line) from None
        hint = " (use '.' for the decimal point)" if re.fullmatch(r"[+-]?\d*,\d+", text) else ""
        raise InputError(f"{quote(text)} in column {quote(column)} is not a number{hint}",
                         source=source, line=line) from None
    if not math.isfinite(value):
        raise InputError(f"{quote(text)} in column {quote(column)} is not a finite number",
                         source=source, line=line)
    return value


# ---- CSV -------------------------------------------------------------------------------------
def _detect_delimiter(samples: list[str]) -> str | None:
    """Tab, semicolon or comma if every sample line has it the same number of times, else
    the first of them the first line has; None means runs of whitespace."""
    for delimiter in _DELIMITERS:
        counts = {line.count(delimiter) for line in samples}
        if len(counts) == 1 and counts != {0}:
            return delimiter
    return next((d for d in _DELIMITERS if d in samples[0]), None)


def _split(line: str, delimiter: str | None) -> list[str]:
    """The fields of one line; the csv module handles quoted names such as "temp, °C"."""
    if delimiter is None:
        return [field.strip('"') for field in line.split()]
    if '"' not in line:
        return [field.strip() for field in line.split(delimiter)]
    try:
        return [field.strip() for field in next(csv.reader([line], delimiter=delimiter))]
    except csv.Error:  # a quoted field beyond the csv module's limit (128 kB): no number is that long
        return [field.strip().strip('"') for field in line.split(delimiter)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return "_" not in text


def _fast_parse(lines: list[str], delimiter: str | None, k: int) -> np.ndarray | None:
    """numpy's C parser for the usual clean file (10⁶ rows in well under a second); None
    sends the file to the careful line-by-line parse that explains what is wrong."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            data = np.loadtxt(io.StringIO("\n".join(lines)), delimiter=delimiter, comments=None,
                              quotechar='"', ndmin=2, dtype=float)
    except (ValueError, Warning):
        return None
    return data if data.shape == (len(lines), k) and np.all(np.isfinite(data)) else None


#: Rows the careful path parses at a time: progress (and a cancel) are heard between chunks.
CAREFUL_CHUNK_ROWS = 50_000


def _parse_rows(rows: list[tuple[int, str]], delimiter: str | None, names: list[str], what: str, source: str,
                progress) -> np.ndarray:
    """numpy's parser a chunk at a time; a chunk it refuses is read row by row, which names the bad line."""
    parts = []
    for start in range(0, len(rows), CAREFUL_CHUNK_ROWS):
        chunk = rows[start:start + CAREFUL_CHUNK_ROWS]
        data = _fast_parse([line for _, line in chunk], delimiter, len(names))
        parts.append(_careful_parse(chunk, delimiter, names, what, source) if data is None else data)
        if progress is not None:
            progress(0.1 + 0.9 * (start + len(chunk)) / len(rows))
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _careful_parse(rows: list[tuple[int, str]], delimiter: str | None, names: list[str],
                   what: str, source: str) -> np.ndarray:
    """Row by row, so the first bad row raises an InputError naming its line and column."""
    values = []
    for number, line in rows:
        fields = _split(line, delimiter)
        if len(fields) != len(names):
            raise InputError(f"{len(fields)} fields, but {what} {len(names)} ({listing(names)})",
                             source=source, line=number)
        values.append([_number(field, name, source, number)
                       for field, name in zip(fields, names, strict=True)])
    return np.array(values, dtype=float)


def read_csv(path, progress: Callable[[float], object] | None = None) -> Table:
    """A numeric table from CSV text: optional header, comma/semicolon/tab/whitespace delimiter.

    A clean file (numbers only, after an optional header) takes the fast path, read in blocks;
    anything else the careful one, whose messages name the line. `progress(fraction)` hears how
    far the reading is (for a progress bar); an exception it raises (a cancel) propagates.
    A named pipe, a device or a folder is refused before it is opened.
    """
    require_file(path)
    table = _read_csv_fast(path, progress)
    if table is None:
        table = _read_csv_careful(path, progress)
    if progress is not None:
        progress(1.0)
    return table


#: How much of the file's start is read to find the header and the delimiter.
_HEAD_BYTES = 1 << 16
_SAMPLE_LINES = 6


def _head_lines(head: bytes, complete: bool) -> list[tuple[int, int, int, str]] | None:
    """(line number, byte offsets of its start and after its end, text) of the head's first content lines; None
    when the head is not plain UTF-8 text or its line breaks are unusual (the careful path copes)."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = b"   " + head[3:]  # keep the byte offsets; the BOM is not part of the text
    if not complete:
        head = head[: head.rfind(b"\n") + 1]
    content, offset = [], 0
    for number, raw in enumerate(head.split(b"\n"), start=1):
        start, end = offset, offset + len(raw) + 1
        offset, raw = end, raw[:-1] if raw.endswith(b"\r") else raw
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if "\r" in line or _CONTROL.search(line):
            return None
        if (stripped := line.lstrip()) and stripped[0] != "#":
            content.append((number, start, end, line))
            if len(content) == _SAMPLE_LINES:
                break
    return content


def _read_csv_fast(path, progress) -> Table | None:
    """The table of a clean file (optional header, then numbers only), or None for the careful path."""
    try:
        handle = open(path, "rb")  # its errors are for the careful path to explain
    except OSError:
        return None
    with handle:
        head = handle.read(_HEAD_BYTES)
        content = _head_lines(head, len(head) < _HEAD_BYTES)
        if not content or len(content) < 3 and len(head) == _HEAD_BYTES:
            return None
        delimiter = _detect_delimiter([line for *_, line in content])
        if delimiter is None:
            return None
        first_line, first_start, first_end, first_text = content[0]
        first = _split(first_text, delimiter)
        if all(_is_number(field) for field in first):
            names = ["x", "y"] if len(first) == 2 else [f"c{j + 1}" for j in range(len(first))]
            data_line, offset = first_line, first_start
        else:
            names = [name or f"c{j + 1}" for j, name in enumerate(first)]
            data_line, offset = first_line + 1, first_end
        if len(names) < 2 or len(set(names)) != len(names):
            return None
        try:
            data = parse_stream(path, offset, delimiter, len(names), progress)
        except OSError:
            return None  # the file went away or changed while being read: the careful path says so
    if data is None or data.shape[0] < 2:
        return None
    source = os.path.basename(os.fspath(path)) or os.fspath(path)
    return Table.adopt(tuple(names), data, source, LineNumbers(range(data_line, data_line + data.shape[0])))


def _first_repeated(names: list[str]) -> str | None:
    """The first name seen twice, in one pass (a header can have 10⁵ columns)."""
    seen = set()
    for name in names:
        if name in seen:
            return name
        seen.add(name)
    return None


def _read_csv_careful(path, progress) -> Table:
    """Line by line (numpy's parser when it can), so every problem is named with its line."""
    source, lines = _read_lines(path)
    if progress is not None:
        progress(0.1)
    content = [(i, line) for i, line in enumerate(lines, start=1)
               if (start := line.lstrip()) and start[0] != "#"]
    if not content:
        raise InputError("the file is empty: no data rows", source=source)
    delimiter = _detect_delimiter([line for _, line in content[:6]])
    first_line, first = content[0][0], _split(content[0][1], delimiter)
    header = not all(_is_number(field) for field in first)
    if header:
        names = [name or f"c{j + 1}" for j, name in enumerate(first)]
        repeated = _first_repeated(names)
        if repeated is not None:
            raise InputError(f"the column name {quote(repeated)} appears twice in the header",
                             source=source, line=first_line)
        rows = content[1:]
        what = "the header has"
    else:
        names = ["x", "y"] if len(first) == 2 else [f"c{j + 1}" for j in range(len(first))]
        rows = content
        what = "the first row has"
    if len(names) < 2:
        raise InputError(f"only one column (delimiter: {_DELIMITER_NAMES[delimiter]}); a fit needs "
                         "at least two, x and y", source=source, line=first_line)
    if not rows:
        raise InputError("no data rows after the header", source=source, line=first_line)
    data = _parse_rows(rows, delimiter, names, what, source, progress)
    if len(rows) < 2:
        raise InputError("a fit needs at least two points, but the file has one data row",
                         source=source, line=rows[0][0])
    return Table(tuple(names), data, source, tuple(number for number, _ in rows))


# ---- NIST StRD -------------------------------------------------------------------------------
_PARAMETER = re.compile(r"^\s*(B\d+)\s+(\S+)\s+\S+\s*$")
_RESIDUAL_SD = re.compile(r"^\s*Standard Deviation\s+(\S+)\s*$")
_OBSERVATIONS = re.compile(r"^\s*(?:Data:)?\s*(\d+)\s+Observations\s*$")
#: The header's own 'Data:' line ("Data:  1 Response Variable (y)") describes, it names no columns.
_DESCRIPTION = re.compile(r"^Data:\s+\d+\s+Response Variable")
#: "Certified Values  (lines 31 to 46)" and "Data  (lines 61 to 96)" in the header's File Format.
_SECTION = re.compile(r"^(?:File Format:)?\s*(Certified Values|Data)\s+\(lines (\d+) to (\d+)\)\s*$")


def _last_line(lines: list[str]) -> int:
    """The number of the file's last line (a final newline starts no new line)."""
    return len(lines) - (len(lines) > 1 and lines[-1] == "")


def _section(lines: list[str], name: str) -> tuple[int, int, int] | None:
    """(header line, first, last) where the header says section `name` is, or None."""
    for i, line in enumerate(lines, start=1):
        if (match := _SECTION.match(line)) is not None and match.group(1) == name:
            return i, int(match.group(2)), int(match.group(3))
    return None


def _stated(lines: list[str], name: str) -> str:
    """'; its header (line 5) puts the certified values at lines 31 to 46', or '' if it does not say."""
    where = _section(lines, name)
    if where is None:
        return ""
    return f"; its header (line {where[0]}) puts the {name.lower()} at lines {where[1]} to {where[2]}"


def _cut_short(lines: list[str]) -> str:
    """'; the file ends at line 40, but its header ...: is the file cut short?' when it is, else ''."""
    where, end = _section(lines, "Data"), _last_line(lines)
    if where is None or end >= where[2]:
        return ""
    return (f"; the file ends at line {end}, but its header (line {where[0]}) puts the data at lines "
            f"{where[1]} to {where[2]}: is the file cut short?")


def _column_line(lines: list[str], source: str) -> int:
    """The index of the 'Data:' line that names the columns, with a message saying what is missing."""
    naming = [i for i, line in enumerate(lines) if line.startswith("Data:") and not _DESCRIPTION.match(line)]
    if naming:
        return naming[-1]
    if (cut := _cut_short(lines)) and any(line.startswith("Data:") for line in lines):
        raise InputError("the data section is missing" + cut, source=source, line=_last_line(lines))
    raise InputError("no 'Data:' line naming the columns: is this a NIST StRD file?", source=source)


def read_nist(path) -> NistFile:
    """A NIST StRD linear-regression `.dat` file: its certified values, model and data."""
    source, lines = _read_lines(path)
    start = _column_line(lines, source)
    names = tuple(lines[start][len("Data:"):].split())
    if len(names) < 2:
        raise InputError("the 'Data:' line must name the columns, such as 'y x'",
                         source=source, line=start + 1)
    params: list[tuple[str, str]] = []
    residual_sd = model = None
    stated = None
    for i, line in enumerate(lines[:start], start=1):
        if (match := _PARAMETER.match(line)) is not None:
            _number(match.group(2), match.group(1), source, i)
            params.append((match.group(1), match.group(2)))
        elif residual_sd is None and (match := _RESIDUAL_SD.match(line)) is not None:
            _number(match.group(1), "residual standard deviation", source, i)
            residual_sd = match.group(1)
        elif model is None and re.match(r"^\s*y\s*=", line):
            model = line.strip()
        elif stated is None and (match := _OBSERVATIONS.match(line)) is not None:
            stated = int(match.group(1))
    if not params:
        raise InputError("no certified parameter estimates (lines such as 'B1  2.07...')"
                         + _stated(lines, "Certified Values"), source=source)
    if residual_sd is None:
        raise InputError("no certified residual standard deviation", source=source)
    if model is None:
        raise InputError("no model line such as 'y = B0 + B1*x + e'", source=source)
    parameter_names = tuple(name for name, _ in params)
    intercept = parameter_names[0] == "B0"
    expected = tuple(f"B{j}" for j in range(0 if intercept else 1, len(params) + (not intercept)))
    if parameter_names != expected:
        raise InputError(f"the certified parameters are {listing(parameter_names)}, expected "
                         f"{listing(expected)}", source=source)
    predictors = len(names) - 1
    degree = len(expected) - intercept if predictors == 1 else None
    if degree is None and len(expected) != predictors + intercept:
        raise InputError(f"{len(expected)} certified parameters for {predictors} predictors",
                         source=source, line=start + 1)
    numbers, rows = [], []
    for i, line in enumerate(lines[start + 1:], start=start + 2):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != len(names):
            raise InputError(f"{len(fields)} fields, but the 'Data:' line names {len(names)} "
                             f"({listing(names, sep=' ')})", source=source, line=i)
        rows.append([_number(field, name, source, i) for field, name in zip(fields, names, strict=True)])
        numbers.append(i)
    if stated is not None and len(rows) != stated:
        raise InputError(f"the file states {stated} observations but has {len(rows)} data rows"
                         + _cut_short(lines), source=source, line=numbers[-1] if numbers else start + 1)
    if len(rows) < 2:
        raise InputError("a fit needs at least two points", source=source, line=start + 1)
    table = Table(names, np.array(rows), source, tuple(numbers))
    return NistFile(table, tuple(value for _, value in params), parameter_names, residual_sd,
                    model, intercept, degree)

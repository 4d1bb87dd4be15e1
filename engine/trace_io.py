"""A run's steps as a table a spreadsheet or a notebook reads: CSV rows and JSON objects.

CSV: one row per step, `iteration, B0, B1, ..., loss, grad_norm` (a `solver` column first for a
race), every float written with `repr` so that reading it back gives the very same number.
Steps without a candidate θ (the middle of a factorisation) keep their row with empty parameter
cells, so the CSV shows the whole board. JSON is the `trace` list of `solve --json --trace`:
only the steps with a θ, numbered from the start point.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from .steps import Step

#: What a CSV or JSON trace says of a number beyond floating point (a loss of data near 1e300).
BEYOND_RANGE_NOTE = ("{count} value(s) of the trace are beyond floating point (a loss of data near 1e±300 "
                     "overflows): they are left empty (null in JSON), never written as inf or nan.")


def _cell(value: Any) -> str:
    """Full precision: `repr` of a float reads back to the same float; None, ∞ and NaN are empty
    cells (a spreadsheet would read 'inf' as text, a reader of the file as a number)."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    return repr(value) if math.isfinite(value) else ""


def beyond_range(steps: Iterable[Step]) -> int:
    """How many numbers of these steps (θ, loss, gradient norm) are ∞ or NaN."""
    count = 0
    for step in steps:
        values = [step.loss, step.grad_norm, *([] if step.theta is None else np.ravel(step.theta))]
        count += sum(1 for v in values if v is not None and not math.isfinite(float(v)))
    return count


def _number(value: Any) -> Any:
    """A JSON number: floats as they are (json writes repr), NaN and infinities as null."""
    if value is None:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def trace_header(parameter_names: Sequence[str], *, solver_column: bool = False) -> list[str]:
    return (["solver"] if solver_column else []) + ["iteration", *parameter_names, "loss", "grad_norm"]


def trace_row(step: Step, parameter_names: Sequence[str], solver: str | None = None) -> list[str]:
    """One step as CSV cells; a θ of the wrong length is a bug of the caller, said at once."""
    p = len(parameter_names)
    if step.theta is None:
        theta = [None] * p
    else:
        theta = list(np.asarray(step.theta, dtype=float).ravel())
        if len(theta) != p:
            raise ValueError(f"step {step.k} has {len(theta)} parameters, the header names {p} "
                             f"({', '.join(parameter_names)})")
    cells = [_cell(step.k), *(_cell(v) for v in theta), _cell(step.loss), _cell(step.grad_norm)]
    return ([solver] if solver is not None else []) + cells


class TraceCsvWriter:
    """Writes steps as they come (e.g. as `engine.solve`'s `on_step`), so a 10⁶-step run is never
    held in memory. The header is written at once."""

    def __init__(self, stream: IO[str], parameter_names: Sequence[str], *, solver_column: bool = False):
        self.parameter_names = tuple(parameter_names)
        self.solver_column = solver_column
        self.rows = 0
        self.beyond_range = 0  # cells left empty because their number is ∞ or NaN
        self._writer = csv.writer(stream, lineterminator="\n")
        self._writer.writerow(trace_header(self.parameter_names, solver_column=solver_column))

    def write(self, step: Step, solver: str | None = None) -> None:
        if self.solver_column != (solver is not None):
            raise ValueError("name the solver of each row exactly when the CSV has a solver column")
        self._writer.writerow(trace_row(step, self.parameter_names, solver))
        self.rows += 1
        self.beyond_range += beyond_range([step])


def _by_solver(traces: Iterable[Step] | Mapping[str, Iterable[Step]]) -> tuple[bool, list[tuple[Any, Any]]]:
    """(is a race, [(solver or None, steps)]): a mapping is a race, anything else one solver's steps."""
    if isinstance(traces, Mapping):
        return True, list(traces.items())
    return False, [(None, traces)]


def write_trace_csv(path: str | Path, traces: Iterable[Step] | Mapping[str, Iterable[Step]],
                    parameter_names: Sequence[str]) -> int:
    """One solver's steps, or {solver: steps} for a race (with a `solver` column); returns the rows written."""
    race, groups = _by_solver(traces)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = TraceCsvWriter(stream, parameter_names, solver_column=race)
        for solver, steps in groups:
            for step in steps:
                writer.write(step, solver)
    return writer.rows


def trace_objects(steps: Iterable[Step]) -> list[dict]:
    """The `trace` list of `solve --json --trace`: every step with a candidate θ, as
    {"k", "theta", "loss", "grad_norm"} (plus "gradient" where the method has one)."""
    objects = []
    for step in steps:
        if step.theta is None:
            continue
        obj = {"k": int(step.k), "theta": [_number(v) for v in np.asarray(step.theta, dtype=float).ravel()],
               "loss": _number(step.loss), "grad_norm": _number(step.grad_norm)}
        if "gradient" in step.detail:
            obj["gradient"] = [_number(v) for v in np.asarray(step.detail["gradient"], dtype=float).ravel()]
        objects.append(obj)
    return objects


def trace_json(traces: Iterable[Step] | Mapping[str, Iterable[Step]]) -> list[dict] | dict[str, list[dict]]:
    """One solver's trace list, or {solver: trace list} for a race."""
    race, groups = _by_solver(traces)
    if race:
        return {solver: trace_objects(steps) for solver, steps in groups}
    return trace_objects(groups[0][1])


def write_trace_json(path: str | Path, traces: Iterable[Step] | Mapping[str, Iterable[Step]]) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(trace_json(traces), stream, ensure_ascii=False, allow_nan=False)
        stream.write("\n")

"""NIST's 27 certified nonlinear regression problems (StRD), each from its two starts.

The .dat files, NIST's certified values (certified.json) and each model written in the formula
grammar (formulas.json) ship in resources/nist-nonlinear. Start 1 is NIST's far start, start 2 the
near one. Nelson's model is of log y, so its problem fits log y.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from ..errors import InputError, brief
from ..nist_catalog import NIST_NONLINEAR, PREFIX, certified_table, nist_difficulty, nist_name, nist_resource
from .formula import parse_formula
from .problem import Certified, NonlinearProblem

__all__ = ["NIST_NONLINEAR", "PREFIX", "nist_difficulty", "nist_name", "nist_problem"]


def _certified() -> dict:
    return certified_table()


@cache
def _formulas() -> dict:
    return json.loads(nist_resource("formulas.json").read_text(encoding="utf-8"))


@cache
def _data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of a .dat file: the rows after the 'Data:  y  x' header."""
    lines = nist_resource(f"{name}.dat").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines)
                  if line.strip().startswith("Data:") and line.split()[1:2] == ["y"])
    rows = np.array([[float(v) for v in line.split()] for line in lines[header + 1:] if line.strip()])
    y, x = rows[:, 0], rows[:, 1:]
    return (x[:, 0] if x.shape[1] == 1 else x), y


def nist_problem(key: str, start: int = 1) -> NonlinearProblem:
    """The NIST problem `key` from NIST's start 1 (far) or 2 (near), with its certified values."""
    name = nist_name(key)
    if start not in (1, 2):
        raise InputError(f"NIST gives two start points, 1 and 2; got {brief(start)}")
    facts, model = _certified()[name], _formulas()[name]
    x, y = _data(name)
    if model.get("response") == "log":
        y = np.log(y)
    parameters = facts["parameters"]
    certified = Certified(values=np.array([float(q["certified"]) for q in parameters]),
                          rss=float(facts["residual_sum_of_squares"]),
                          sd=np.array([float(q["sd"]) for q in parameters]))
    formula = parse_formula(model["formula"], variables=("x1", "x2") if np.ndim(x) == 2 else ("x",))
    label = f"{name} (NIST, start {start})" + (" — fits log y" if model.get("response") == "log" else "")
    return NonlinearProblem(formula, x, y, start=[q[f"start{start}"] for q in parameters], name=key,
                            certified=certified, label=label)

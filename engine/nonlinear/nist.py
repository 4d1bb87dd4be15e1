"""NIST's 27 certified nonlinear regression problems (StRD), each from its two starts.

The .dat files, NIST's certified values (certified.json) and each model written in the formula
grammar (formulas.json) ship in resources/nist-nonlinear. Start 1 is NIST's far start, start 2 the
near one. Nelson's model is of log y, so its problem fits log y.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import numpy as np

from ..errors import InputError, brief
from .formula import parse_formula
from .problem import Certified, NonlinearProblem

PREFIX = "nist-"


def _resource(name: str):
    return files("resources").joinpath("nist-nonlinear", name)


@cache
def _certified() -> dict:
    return json.loads(_resource("certified.json").read_text(encoding="utf-8"))


@cache
def _formulas() -> dict:
    return json.loads(_resource("formulas.json").read_text(encoding="utf-8"))


#: The keys of the 27 problems, "nist-misra1a", ..., in NIST's alphabetical order.
NIST_NONLINEAR: tuple[str, ...] = tuple(PREFIX + name.lower() for name in sorted(_certified(), key=str.lower))
_NAMES = {PREFIX + name.lower(): name for name in _certified()}


@cache
def _data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of a .dat file: the rows after the 'Data:  y  x' header."""
    lines = _resource(f"{name}.dat").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines)
                  if line.strip().startswith("Data:") and line.split()[1:2] == ["y"])
    rows = np.array([[float(v) for v in line.split()] for line in lines[header + 1:] if line.strip()])
    y, x = rows[:, 0], rows[:, 1:]
    return (x[:, 0] if x.shape[1] == 1 else x), y


def nist_name(key: str) -> str:
    """NIST's own name of a key ("nist-misra1a" → "Misra1a")."""
    try:
        return _NAMES[key.lower()]
    except KeyError:
        raise InputError(f"unknown NIST nonlinear problem {brief(key)}; known: {', '.join(NIST_NONLINEAR)}") \
            from None


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


def nist_difficulty(key: str) -> str:
    """NIST's rating: "Lower", "Average" or "Higher Level of Difficulty"."""
    return _certified()[nist_name(key)]["difficulty"]

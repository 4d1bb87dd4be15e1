"""NIST's 27 certified nonlinear problems by name, read from their certified.json alone.

The main window lists them in its Data Sets menu at start-up; this module lets it do so without
importing the nonlinear engine (engine/nonlinear/nist.py builds the problems themselves).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from .errors import InputError, brief

PREFIX = "nist-"


def nist_resource(name: str):
    """A file of resources/nist-nonlinear (the .dat files, certified.json, formulas.json)."""
    return files("resources").joinpath("nist-nonlinear", name)


@cache
def certified_table() -> dict:
    """certified.json: NIST's model, difficulty, starts and certified values, by NIST's name."""
    return json.loads(nist_resource("certified.json").read_text(encoding="utf-8"))


#: The keys of the 27 problems, "nist-misra1a", ..., in NIST's alphabetical order.
NIST_NONLINEAR: tuple[str, ...] = tuple(PREFIX + name.lower() for name in sorted(certified_table(), key=str.lower))
_NAMES = {PREFIX + name.lower(): name for name in certified_table()}


def nist_name(key: str) -> str:
    """NIST's own name of a key ("nist-misra1a" → "Misra1a")."""
    try:
        return _NAMES[key.lower()]
    except KeyError:
        raise InputError(f"unknown NIST nonlinear problem {brief(key)}; known: {', '.join(NIST_NONLINEAR)}") \
            from None


def nist_difficulty(key: str) -> str:
    """NIST's rating: "Lower", "Average" or "Higher Level of Difficulty"."""
    return certified_table()[nist_name(key)]["difficulty"]

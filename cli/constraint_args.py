"""--constraint TEXT (repeatable): equalities, points the curve passes through, and bounds."""

from __future__ import annotations

import argparse

from engine.constrained import parse_constraints
from engine.problem import Problem

HELP = ("a constraint for the constrained methods kkt, nullspace (equations) and bvls (bounds): "
        "\"B0 + B1 = 1\", \"through 2,3\" (the curve passes through (2, 3)) or \"0 <= B1 <= 2\"; repeatable. "
        "The other methods fit freely")


def add_constraint_argument(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--constraint", action="append", default=[], metavar='"TEXT"', help=HELP)


def with_constraint_args(problem: Problem, args: argparse.Namespace) -> Problem:
    """The problem with the --constraint texts read against its parameters, joined to those it has (a
    session's); unchanged without any. A text that cannot be read is an InputError naming the position."""
    texts = getattr(args, "constraint", None) or []
    if not texts:
        return problem
    given = parse_constraints(texts, problem)
    return problem.with_constraints(given if problem.constraints is None else problem.constraints.combined(given))

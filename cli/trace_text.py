"""What `main.py solve --trace` prints of a run: the hand calculation's page at its last step, as
plain lines (engine.board.plain), the same blocks the window's hand calculation shows as HTML."""

from __future__ import annotations

from collections.abc import Sequence

from engine import SOLVERS, Problem, Step
from engine.board.page import has_formatter, no_formatter_text
from engine.board.plain import page_lines
from engine.board.text import Board

from .arguments import parse_params


def board_lines(problem: Problem, method: str, steps: Sequence[Step], param_pairs: Sequence[str] = ()) -> list[str]:
    """The board of a finished run, one string per line; `param_pairs` are the --param key=value texts
    the run was given (the board writes the step size, momentum, … it used)."""
    spec = SOLVERS.get(method)
    if not has_formatter(method):
        return [no_formatter_text(spec.label)]
    if not len(steps):
        return [f"{spec.label}: the run recorded no step to write on the board."]
    board = Board(problem, method, steps, spec.parse_params(parse_params(list(param_pairs))))
    return page_lines(board, len(steps) - 1, spec.label)


def print_board(lines: Sequence[str]) -> None:
    for line in lines:
        print(line)

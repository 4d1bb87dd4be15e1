"""Which formatter writes a step, and which steps a page shows: shared by the window's HTML page
(gui/views/board_html) and the plain text of `main.py solve --trace` (engine.board.plain).

A direct method shows all its steps; an iterative one its start and the last `WINDOW`
iterations, so a frame costs the same at iteration 10 and at iteration 10⁶.
"""

from __future__ import annotations

import re
from dataclasses import replace

from engine import SOLVERS

from .constrained import CONSTRAINED_FORMATTERS
from .direct import DIRECT_FORMATTERS
from .failure import failed_block
from .more import ITERATIVE_FORMATTERS
from .other_distances import OTHER_DISTANCE_FORMATTERS
from .rank import RANK_FORMATTERS
from .refinement import REFINEMENT_FORMATTERS
from .text import Block, Board, generic_block

FORMATTERS = {**DIRECT_FORMATTERS, **ITERATIVE_FORMATTERS, **OTHER_DISTANCE_FORMATTERS, **RANK_FORMATTERS,
              **REFINEMENT_FORMATTERS, **CONSTRAINED_FORMATTERS}
#: Iterations shown before the current one (older ones are summarised in one line).
WINDOW = 12
#: The kind of the step on which a solver gives up (any solver may end on one).
FAILED = "failed"


def has_formatter(method: str) -> bool:
    return method in FORMATTERS


def step_block(board: Board, index: int, *, strict: bool = False) -> Block:
    """The board block of step `index`; a step whose detail is unexpected falls back to its
    title (unless `strict`, for tests), so the panel never breaks a running lecture."""
    step = board.steps[index]
    formatter = failed_block if step.kind == FAILED else FORMATTERS.get(board.method, {}).get(step.kind)
    if formatter is None:
        return numbered(board, step, generic_block(board, index, step))
    try:
        return numbered(board, step, formatter(board, index, step))
    except (KeyError, IndexError, ValueError, TypeError, ZeroDivisionError):
        if strict:
            raise
        return numbered(board, step, generic_block(board, index, step))


def numbered(board: Board, step, block: Block) -> Block:
    """A direct method's heading begins "Step k:" with the step's own k, the number the caption,
    the toolbar and the tables give it ("step k of N"); an iterative method's headings already
    say "Start" (step 0) and "Iteration k" / "Sweep k"."""
    direct = board.method not in SOLVERS or SOLVERS.get(board.method).direct
    if not direct:
        return block
    heading = _TEXTBOOK_NUMBER.sub("", block.heading)
    return replace(block, heading=f"Step {step.k}: {heading}")


#: "Step 3: " at the start of a heading written by a formatter (the course notes' own numbering).
_TEXTBOOK_NUMBER = re.compile(r"^Step \d+(: )?")


def shown_steps(board: Board, index: int) -> list[int | None]:
    """The step indices written on the board at `index`; None marks the elided iterations."""
    direct = board.method not in SOLVERS or SOLVERS.get(board.method).direct
    if direct or index <= WINDOW + 1:
        return list(range(index + 1))
    return [0, None, *range(index - WINDOW + 1, index + 1)]


def elided_text(board: Board, index: int) -> str:
    """The line standing for the iterations a page at `index` leaves out."""
    return f"⋮  (iterations 1 … {board.steps[index - WINDOW + 1].k - 1} not shown)"


def intro_text(board: Board, label: str) -> str:
    problem = board.problem
    how = ("exact forms, with decimals beside them" if board.small
           else "numbers to 4 significant digits (exact forms are written for n ≤ 6 points and p ≤ 3)")
    return f"{label} on {problem.n} points, {problem.p} parameters: {how}."


def no_formatter_text(label: str) -> str:
    return f"{label}: no hand calculation is written for this solver yet."

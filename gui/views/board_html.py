"""The hand-calculation page as HTML: the steps so far, one block each, the current one
highlighted. Pure functions (no Qt), so the text can be tested without a window.

A direct method shows all its steps; an iterative one its start and the last `WINDOW`
iterations, so a frame costs the same at iteration 10 and at iteration 10⁶.
"""

from __future__ import annotations

from html import escape

from engine import SOLVERS

from .board_direct import DIRECT_FORMATTERS
from .board_more import ITERATIVE_FORMATTERS
from .board_text import Block, Board, generic_block

FORMATTERS = {**DIRECT_FORMATTERS, **ITERATIVE_FORMATTERS}
#: Iterations shown before the current one (older ones are summarised in one line).
WINDOW = 12
HIGHLIGHT = "#FFF1B8"
HEADING_COLOR = "#0B3D91"


def has_formatter(method: str) -> bool:
    return method in FORMATTERS


def step_block(board: Board, index: int, *, strict: bool = False) -> Block:
    """The board block of step `index`; a step whose detail is unexpected falls back to its
    title (unless `strict`, for tests), so the panel never breaks a running lecture."""
    step = board.steps[index]
    formatter = FORMATTERS.get(board.method, {}).get(step.kind)
    if formatter is None:
        return generic_block(board, index, step)
    try:
        return formatter(board, index, step)
    except (KeyError, IndexError, ValueError, TypeError, ZeroDivisionError):
        if strict:
            raise
        return generic_block(board, index, step)


def shown_steps(board: Board, index: int) -> list[int | None]:
    """The step indices written on the board at `index`; None marks the elided iterations."""
    direct = board.method not in SOLVERS or SOLVERS.get(board.method).direct
    if direct or index <= WINDOW + 1:
        return list(range(index + 1))
    return [0, None, *range(index - WINDOW + 1, index + 1)]


def _spaced(text: str) -> str:
    """Keep runs of spaces (HTML would collapse '  →  ' to one space)."""
    return text.replace("  ", " &nbsp;")


def block_html(block: Block, *, current: bool) -> str:
    body = "<br>".join(_spaced(escape(line)) for line in block.lines)
    anchor = '<a name="current"></a>' if current else ""
    background = f' bgcolor="{HIGHLIGHT}"' if current else ""
    ink = ' style="color:#000000"' if current else ""  # the highlight is light in the dark theme too
    return (f'<table width="100%" cellspacing="0" cellpadding="6"{background}><tr><td{ink}>{anchor}'
            f'<span style="color:{HEADING_COLOR}; font-weight:bold">{escape(block.heading)}</span><br>{body}'
            "</td></tr></table>")


def intro_text(board: Board, label: str) -> str:
    problem = board.problem
    how = ("exact forms, with decimals beside them" if board.small
           else "numbers to 4 significant digits (exact forms are written for n ≤ 6 points and p ≤ 3)")
    return f"{label} on {problem.n} points, {problem.p} parameters: {how}."


def page_html(board: Board, index: int, label: str, cache: dict[int, str] | None = None) -> str:
    """The whole page at step `index`; `cache` keeps the blocks already written (index → HTML)."""
    cache = {} if cache is None else cache
    shown = shown_steps(board, index)
    for old in set(cache) - set(shown):  # keep the cache as small as the page
        del cache[old]
    parts = [f"<p><i>{escape(intro_text(board, label))}</i></p>"]
    for i in shown:
        if i is None:
            parts.append(f"<p><i>⋮  (iterations 1 … {board.steps[index - WINDOW + 1].k - 1} not shown)</i></p>")
            continue
        if i == index:
            parts.append(block_html(step_block(board, i), current=True))
            continue
        if i not in cache:
            cache[i] = block_html(step_block(board, i), current=False)
        parts.append(cache[i])
    return "\n".join(parts)


def no_formatter_html(label: str) -> str:
    return (f"<p><i>{escape(label)}: no hand calculation is written for this solver yet; the Solvers table "
            "below shows its steps.</i></p>")

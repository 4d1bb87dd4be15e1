"""A board page as plain lines of text: what `main.py solve --trace` prints, made of the same
blocks the window's hand calculation lays out as HTML (gui/views/board_html)."""

from __future__ import annotations

from .page import elided_text, intro_text, shown_steps, step_block
from .text import Board

#: Lines of a block are indented under its heading.
INDENT = "  "


def page_lines(board: Board, index: int, label: str) -> list[str]:
    """The page at step `index` (the last step: the whole calculation), one string per line."""
    lines = [intro_text(board, label)]
    for i in shown_steps(board, index):
        if i is None:
            lines.append(elided_text(board, index))
            continue
        block = step_block(board, i)
        lines.append(block.heading)
        lines.extend(INDENT + line for line in block.lines)
    return lines

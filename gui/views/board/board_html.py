"""The hand-calculation page as HTML: the steps so far, one block each, the current one
highlighted. Pure functions (no Qt), so the text can be tested without a window; which steps
are shown and what each says comes from engine.board (the same blocks `solve --trace` prints).
"""

from __future__ import annotations

from html import escape

from engine.board.page import elided_text, intro_text, no_formatter_text, shown_steps, step_block
from engine.board.text import Block, Board

HIGHLIGHT = "#FFF1B8"
HEADING_COLOR = "#0B3D91"


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


def page_html(board: Board, index: int, label: str, cache: dict[int, str] | None = None) -> str:
    """The whole page at step `index`; `cache` keeps the blocks already written (index → HTML)."""
    cache = {} if cache is None else cache
    shown = shown_steps(board, index)
    for old in set(cache) - set(shown):  # keep the cache as small as the page
        del cache[old]
    parts = [f"<p><i>{escape(intro_text(board, label))}</i></p>"]
    for i in shown:
        if i is None:
            parts.append(f"<p><i>{escape(elided_text(board, index))}</i></p>")
            continue
        if i == index:
            parts.append(block_html(step_block(board, i), current=True))
            continue
        if i not in cache:
            cache[i] = block_html(step_block(board, i), current=False)
        parts.append(cache[i])
    return "\n".join(parts)


def no_formatter_html(label: str) -> str:
    return f"<p><i>{escape(no_formatter_text(label))} The Solvers table below shows its steps.</i></p>"

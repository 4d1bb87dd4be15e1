"""The legend row of a solver: its name, and for one that failed or diverged a ✘ and the reason
in a few words, so a failing method stays where the class looks instead of vanishing.

The reason goes on lines of its own, at most LINE_CHARS wide, so a narrow canvas (a projector at
1280×720) shows all of it instead of cutting the row at its right edge.
"""

from __future__ import annotations

import textwrap
from html import escape

from engine import Result

#: Longer reasons are cut at a word boundary with "…" (the Solvers table has the whole text):
#: a few short lines; the legend finds the emptiest corner of the canvas for them.
REASON_CHARS = 90
#: The width of one line of a row, in characters (about a quarter of a 1280-pixel window).
LINE_CHARS = 28
#: What begins each line of the reason (indented under the name): a canvas too narrow for the
#: reasons cuts the row here.
REASON_LINE = "<br>&nbsp;&nbsp;"
#: A float64 answer with fewer correct digits than this says how many in its legend row.
FEW_DIGITS = 12.0


def short_reason(result: Result) -> str:
    """The first sentence of the solver's message (or warning), at most REASON_CHARS long."""
    text = (result.message or " ".join(result.warnings) or result.status).strip()
    sentence = text.split(". ")[0].rstrip(".")
    if len(sentence) <= REASON_CHARS:
        return sentence
    cut = sentence[: REASON_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"


def legend_label(name: str, failed: Result | None, *, drawn: bool) -> str:
    """`name`, or for a failed result "✘ name", then "diverged: reason" on short lines below
    (noting when no curve is drawn). Rich text: the legend renders it, special characters escaped."""
    if failed is None:
        return "<br>".join(escape(line) for line in textwrap.wrap(name, LINE_CHARS))
    missing = " (no curve)" if not drawn else ""
    reason = short_reason(failed)
    if not reason.lower().startswith(failed.status):  # "diverged: Diverged at …" says it twice
        reason = f"{failed.status}{missing}: {reason}"
    elif missing:
        reason = f"{reason}{missing}"
    lines = [*textwrap.wrap(f"✘ {name}", LINE_CHARS), *(f"&nbsp;&nbsp;{escape(line)}"
                                                         for line in textwrap.wrap(reason, LINE_CHARS - 2))]
    return "<br>".join(line if line.startswith("&nbsp;") else escape(line) for line in lines)


def legend_name(label: str, precision: str, result: Result | None) -> str:
    """The solver's name with what a class should see of its arithmetic: the precision it computed in
    (when not float64) and, once it ended, the digits it kept against the reference (for a lower
    precision, or a float64 answer that lost digits), beside the digits κ and u predicted."""
    name = label if precision == "float64" else f"{label} · {precision}"
    if result is None or result.theta is None:
        return name
    digits = result.diagnostics.get("digits_vs_reference")
    predicted = result.diagnostics.get("digits_expected")
    if digits is None or (precision == "float64" and digits >= FEW_DIGITS):
        return name
    kept = f"{digits:.1f} digits" + (f" ({predicted:.1f} predicted)" if predicted is not None else "")
    return f"{name}: {kept}"

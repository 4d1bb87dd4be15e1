"""The legend row of a solver: its name, and for one that failed or diverged a ✘ and the reason
in a few words, so a failing method stays where the class looks instead of vanishing."""

from __future__ import annotations

from engine import Result

#: Longer reasons are cut at a word boundary with "…" (the Solvers table has the whole text).
REASON_CHARS = 90


def short_reason(result: Result) -> str:
    """The first sentence of the solver's message (or warning), at most REASON_CHARS long."""
    text = (result.message or " ".join(result.warnings) or result.status).strip()
    sentence = text.split(". ")[0].rstrip(".")
    if len(sentence) <= REASON_CHARS:
        return sentence
    cut = sentence[: REASON_CHARS - 1].rsplit(" ", 1)[0]
    return cut + "…"


def legend_label(name: str, failed: Result | None, *, drawn: bool) -> str:
    """`name`, or "✘ name — diverged: reason" for a failed result (noting when nothing is drawn)."""
    if failed is None:
        return name
    missing = "" if drawn else " (no curve)"
    return f"✘ {name} — {failed.status}{missing}: {short_reason(failed)}"

"""How a nonlinear solver and its ending are named on screen (legend, table, captions): one place."""

from __future__ import annotations

from engine import Result

#: The legend's reason is cut to this many characters (the table has the whole message).
REASON_LENGTH = 120


def solver_label(key: str) -> str:
    """The registry's label of `key` ("Levenberg-Marquardt"), or the key itself."""
    try:
        from engine.nonlinear import NONLINEAR_SOLVERS
    except ImportError:
        return key
    return NONLINEAR_SOLVERS.get(key).label if key in NONLINEAR_SOLVERS else key


def failed(result: Result | None) -> bool:
    """True when the run ended without an answer to trust (failed or diverged)."""
    return result is not None and (result.status in ("failed", "diverged") or result.theta is None)


def short_reason(result: Result) -> str:
    """The first sentence of why it failed, cut for the legend."""
    text = " ".join((result.message or result.status).split())
    sentence = text.split(". ")[0].rstrip(".")
    if len(sentence) <= REASON_LENGTH:
        return sentence
    return sentence[: REASON_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" —,;:") + " …"  # cut between words

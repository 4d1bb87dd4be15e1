"""Errors a user can act on: each names where the problem is and what it is."""

from __future__ import annotations

import reprlib

#: How much of a user's own text (a field, a name, an argument) a message quotes.
QUOTE_LIMIT = 60
#: The longest error line: a message is read at a glance, in a terminal or a dialog.
LINE_LIMIT = 200


def quote(text, limit: int = QUOTE_LIMIT) -> str:
    """`text` quoted as Python's repr would, but at most about `limit` characters of it: a 1 MB
    field or argument must not make a 1 MB error line, and its start is enough to find it."""
    text = str(text)
    whole = repr(text)
    if len(whole) <= limit + 2:
        return whole
    head = repr(text[:limit])[1:-1][:limit]
    return f"'{head}…' ({len(text)} characters)"


def listing(names, limit: int = QUOTE_LIMIT, sep: str = ", ") -> str:
    """Names joined by `sep`, the first ones only when they run longer than `limit` characters
    ("a, b, c, … (10000 in all)"): a header of 10⁵ columns is not read in a message."""
    names = [str(name) for name in names]
    shown, length = [], 0
    for name in names:
        length += len(name) + len(sep)
        if shown and length > limit:
            return f"{sep.join(shown)}{sep}… ({len(names)} in all)"
        shown.append(name if len(name) <= limit else quote(name, limit))
    return sep.join(shown)


def clip_line(text: str, limit: int = LINE_LIMIT) -> str:
    """One line of at most about `limit` characters, the rest summarised: the last guard before a
    message reaches the user, whatever it quotes."""
    text = " ".join(str(text).splitlines())
    if len(text) <= limit:
        return text
    keep = limit - 32
    return f"{text[:keep]}… ({len(text) - keep} more characters)"


_brief = reprlib.Repr()
_brief.maxlevel, _brief.maxstring, _brief.maxother = 3, QUOTE_LIMIT, QUOTE_LIMIT


def brief(value) -> str:
    """Any value a user gave (text, a number, a list from a JSON file), shown in a few dozen
    characters whatever its size or depth."""
    return quote(value) if isinstance(value, str) else _brief.repr(value)


class InputError(ValueError):
    """Bad input from the user: a file, a number, an argument or a hyperparameter.

    The message is one line that names the place (file and line where known) and the
    problem, so the command line can print it as is and the GUI can show it in a dialog.
    """

    def __init__(self, problem: str, *, source: str | None = None, line: int | None = None):
        self.problem = problem
        self.source = source
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.source:
            source = str(self.source)
            where.append(source if len(source) <= QUOTE_LIMIT else quote(source))
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem


class ComputationError(RuntimeError):
    """A computation stopped on an unexpected error (a bug in a solver, not bad input): headless
    commands print its one line and exit 1; the window shows it in its banner."""

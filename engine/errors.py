"""Errors a user can act on: each names where the problem is and what it is."""

from __future__ import annotations


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
            where.append(str(self.source))
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.problem}" if prefix else self.problem

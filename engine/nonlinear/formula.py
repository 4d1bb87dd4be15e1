"""A model typed by the user, y = f(x; b1, b2, ...), parsed by a whitelist — never `eval`.

The text travels in sessions and lecture files, so it is data, not code: a tokenizer accepts only
numbers, names, + − * / ^ (and ** for ^, · and × for *), brackets ( ) and [ ] (NIST writes exp[−b2·x]), and a
recursive-descent parser builds an `expression` tree. Names are the variables (x, or x1, x2, ...),
the constant pi, the listed functions, or parameters; anything else (a dot, a quote, a colon, a
keyword, a call of an unlisted name) is refused with its position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, quote
from . import expression as ex
from .formula_parser import FormulaError, FormulaParser

__all__ = ["MAX_FORMULA_LENGTH", "Formula", "FormulaError", "parse_formula"]

MAX_FORMULA_LENGTH = 400


def natural_key(name: str) -> tuple:
    """b2 before b10: the letters, then the number."""
    match = re.match(r"(.*?)(\d*)\Z", name)
    prefix, digits = match.group(1), match.group(2)
    return prefix, int(digits) if digits else -1, name


def _indexed(node: ex.Node, parameters: dict[str, int], variables: dict[str, int]) -> ex.Node:
    """The tree with each parameter's and variable's index filled in."""
    if isinstance(node, ex.Parameter):
        return ex.Parameter(node.name, parameters[node.name])
    if isinstance(node, ex.Variable):
        return ex.Variable(node.name, variables[node.name])
    if isinstance(node, ex.Negate):
        return ex.Negate(_indexed(node.arg, parameters, variables))
    if isinstance(node, ex.Call):
        return ex.Call(node.function, _indexed(node.arg, parameters, variables))
    if isinstance(node, ex.Binary):
        return ex.Binary(node.op, _indexed(node.left, parameters, variables),
                         _indexed(node.right, parameters, variables))
    return node


def parse_formula(text: str, *, variables: Sequence[str] | None = None,
                  parameters: Sequence[str] | None = None) -> Formula:
    """The Formula of `text`, or a FormulaError naming the character where it goes wrong.

    `variables` are the names of the columns of x (default: every name x, x1, x2, ...);
    `parameters` fixes their order (default: natural order, b2 before b10)."""
    if not isinstance(text, str):
        raise InputError(f"a formula must be text, got {type(text).__name__}")
    stripped = text.strip()
    if len(stripped) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"it is longer than {MAX_FORMULA_LENGTH} characters", MAX_FORMULA_LENGTH, stripped)
    body = re.sub(r"\A\s*y\s*=", "", stripped)
    offset = len(stripped) - len(body)
    try:
        parser = FormulaParser(body, variables)
        tree = parser.parse()
    except FormulaError as error:
        raise FormulaError(error.reason, error.position + offset, stripped) from None
    names = sorted(parser.names, key=natural_key)
    if parameters is not None:
        missing = [n for n in names if n not in parameters]
        if missing:
            raise FormulaError(f"{missing[0]!r} is not one of the parameters "
                               f"({', '.join(parameters)})", parser.names[missing[0]] + offset, stripped)
        names = list(parameters)
    if not names:
        raise FormulaError("there is no parameter to fit (every name is x, pi or a function)", 0, stripped)
    found = variables if variables is not None else sorted(parser.variables, key=natural_key) or ["x"]
    tree = _indexed(tree, {n: i for i, n in enumerate(names)}, {n: i for i, n in enumerate(found)})
    return Formula(stripped, tuple(names), tuple(found), tree)


@dataclass(frozen=True)
class Formula:
    """A parsed model: its parameters and variables, its value and its exact Jacobian."""

    text: str
    parameters: tuple[str, ...]
    variables: tuple[str, ...]
    tree: ex.Node = field(repr=False)
    derivatives: tuple[ex.Node, ...] = field(init=False, repr=False, compare=False)

    #: The work of the last evaluation: (b, x, memo). A solver asks for f at a trial b and, if it keeps
    #: the step, for J at that same b; J then reuses what f computed. One entry, replaced whole, so two
    #: threads using one formula at most miss the cache; only read-only x (a problem's data) is cached.
    _last: list = field(default_factory=lambda: [None], init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "derivatives",
                           tuple(ex.derivative(self.tree, j) for j in range(len(self.parameters))))

    def _memo(self, b: np.ndarray, x) -> dict:
        """The memo of the evaluation at (b, x): the last one's when it is the same point and data."""
        if not (isinstance(x, np.ndarray) and not x.flags.writeable):
            return {}  # data that may change in place are never cached
        last = self._last[0]
        if last is not None and last[1] is x and last[0].dtype == b.dtype and np.array_equal(last[0], b):
            return last[2]
        memo: dict = {}
        self._last[0] = (b.copy(), x, memo)
        return memo

    @property
    def p(self) -> int:
        return len(self.parameters)

    def _columns(self, x) -> list[np.ndarray]:
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            x = x[:, None]
        if x.ndim != 2 or x.shape[1] != len(self.variables):
            raise InputError(f"the formula {quote(self.text)} has the variables {', '.join(self.variables)}, "
                             f"but the data have {1 if x.ndim == 1 else x.shape[-1]} column(s) of x")
        return [x[:, j] for j in range(x.shape[1])]

    def _parameters(self, b) -> np.ndarray:
        b = np.asarray(b)
        if b.shape != (self.p,):
            raise InputError(f"the formula has {self.p} parameters ({', '.join(self.parameters)}), got {b.size}")
        return b

    def _value(self, node: ex.Node, b, columns, n: int, memo: dict | None = None) -> np.ndarray:
        with np.errstate(all="ignore"):
            value = ex.evaluate(node, b, columns, memo)
        return np.broadcast_to(value, (n,)).copy() if np.ndim(value) == 0 else value

    def evaluate(self, b, x) -> np.ndarray:
        """f(b, x) at every row of x (b may be complex, for a complex-step check)."""
        columns, b = self._columns(x), self._parameters(b)
        return self._value(self.tree, b, columns, len(columns[0]), self._memo(b, x))

    def jacobian(self, b, x) -> np.ndarray:
        """J[i, j] = ∂f(b, xᵢ)/∂bⱼ from the exact derivatives."""
        return self.value_and_jacobian(b, x)[1]

    def value_and_jacobian(self, b, x) -> tuple[np.ndarray, np.ndarray]:
        """f and J together: the subexpressions they share (exp(−b2·x) in f and in ∂f/∂b1) are computed once."""
        columns, b = self._columns(x), self._parameters(b)
        n, memo = len(columns[0]), self._memo(b, x)
        value = self._value(self.tree, b, columns, n, memo)
        jac = np.empty((n, self.p), dtype=np.result_type(b.dtype, float), order="F")  # column by column
        for j, node in enumerate(self.derivatives):
            jac[:, j] = self._value(node, b, columns, n, memo)
        return value, jac

    def derivative_text(self, j: int) -> str:
        """∂f/∂bⱼ written as on the board."""
        return ex.write(self.derivatives[j])

    def __str__(self) -> str:
        return ex.write(self.tree)

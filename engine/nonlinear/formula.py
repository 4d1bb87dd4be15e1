"""A model typed by the user, y = f(x; b1, b2, ...), parsed by a whitelist — never `eval`.

The text travels in sessions and lecture files, so it is data, not code: a tokenizer accepts only
numbers, names, + − * / ^ (and ** for ^, · and × for *), brackets ( ) and [ ] (NIST writes exp[−b2·x]), and a
recursive-descent parser builds an `expression` tree. Names are the variables (x, or x1, x2, ...),
the constant pi, the listed functions, or parameters; anything else (a dot, a quote, a colon, a
keyword, a call of an unlisted name) is refused with its position.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError, quote
from . import expression as ex

MAX_FORMULA_LENGTH = 400
#: Brackets nested deeper than this are refused (no human formula needs them; Python's stack would).
MAX_NESTING = 40
CONSTANTS = {"pi": math.pi}
_VARIABLE = re.compile(r"x\d*\Z")
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^()\[\]·×−])
""", re.VERBOSE)
#: The board's signs, read as the keyboard's: a formula copied from the app parses again.
_BOARD_SIGNS = {"·": "*", "×": "*", "−": "-"}
_CLOSING = {"(": ")", "[": "]"}


class FormulaError(InputError):
    """A formula that cannot be read: the message names what is wrong and the character where."""

    def __init__(self, message: str, position: int, text: str):
        super().__init__(f"formula {quote(text)}, at character {position + 1}: {message}")
        self.position = position
        self.text = text
        self.reason = message


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, op, end
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            why = {".": "a dot outside a number (attribute access is not allowed)",
                   ":": "a colon (lambdas and slices are not formulas)",
                   ",": "a comma (each function takes one argument)",
                   "=": "an = sign (write only the right-hand side: f(x) of y = f(x))"}
            tokens.append(_Token("bad", why.get(char, f"{char!r} cannot be part of a formula"), position))
            return tokens  # the parser reports it when it gets there, after any earlier mistake
        if match.lastgroup != "space":
            word = match.group()
            tokens.append(_Token(match.lastgroup, _BOARD_SIGNS.get(word, word), position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


class _Parser:
    """expr := term (± term)* ; term := unary (*/ unary)* ; unary := −unary | power ;
    power := atom (^ unary)? ; atom := number | name | function(expr) | (expr)."""

    def __init__(self, text: str, variables: Sequence[str] | None):
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0
        self.depth = 0
        self.fixed_variables = tuple(variables) if variables is not None else None
        self.names: dict[str, int] = {}  # parameter → first position
        self.variables: dict[str, int] = {}

    def error(self, message: str, token: _Token | None = None) -> FormulaError:
        token = token or self.tokens[self.at]
        return FormulaError(message, token.position, self.text)

    @property
    def token(self) -> _Token:
        token = self.tokens[self.at]
        if token.kind == "bad":
            raise FormulaError(token.text, token.position, self.text)
        return token

    def take(self) -> _Token:
        token = self.token
        self.at += 1
        return token

    def parse(self) -> ex.Node:
        if self.token.kind == "end":
            raise self.error("it is empty: type a model such as b1*exp(-b2*x)")
        node = self.expression()
        if self.token.kind != "end":
            token = self.token
            if token.text in (")", "]"):
                raise self.error(f"{token.text!r} closes no bracket")
            raise self.error(f"an operator (+ − * / ^) is missing before {token.text!r} (write 2*x, not 2x)")
        return node

    def nested(self):
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"brackets or signs nested more than {MAX_NESTING} levels deep")

    def expression(self) -> ex.Node:
        node = self.term()
        while self.token.text in ("+", "-"):
            op = self.take().text
            node = ex.Binary(op, node, self.term())
        return node

    def term(self) -> ex.Node:
        node = self.unary()
        while self.token.text in ("*", "/"):
            op = self.take().text
            node = ex.Binary(op, node, self.unary())
        return node

    def unary(self) -> ex.Node:
        if self.token.text in ("-", "+"):
            sign = self.take().text
            self.nested()
            operand = self.unary()
            self.depth -= 1
            return ex.Negate(operand) if sign == "-" else operand
        return self.power()

    def power(self) -> ex.Node:
        base = self.atom()
        if self.token.text in ("^", "**"):
            self.take()
            self.nested()
            exponent = self.unary()
            self.depth -= 1
            return ex.Binary("^", base, exponent)
        return base

    def atom(self) -> ex.Node:
        token = self.take()
        if token.kind == "number":
            value = float(token.text)
            if not math.isfinite(value):
                raise self.error(f"{token.text} is too large for floating point", token)
            return ex.Number(value)
        if token.text in _CLOSING:
            return self.bracketed(token)
        if token.kind == "name":
            return self.name(token)
        if token.kind == "end":
            raise self.error("it ends where a number, a name or a bracket should follow", token)
        raise self.error(f"a number, a name or a bracket should be here, not {token.text!r}", token)

    def bracketed(self, opening: _Token) -> ex.Node:
        self.nested()
        node = self.expression()
        self.depth -= 1
        closing = self.token
        if closing.text != _CLOSING[opening.text]:
            raise self.error(f"the {opening.text!r} opened at character {opening.position + 1} is not closed "
                             f"by a {_CLOSING[opening.text]!r} here", closing)
        self.take()
        return node

    def name(self, token: _Token) -> ex.Node:
        name = token.text
        followed_by_bracket = self.tokens[self.at].text in _CLOSING  # peeked before any later mistake
        if (keyword.iskeyword(name) or name.startswith("_")) and not followed_by_bracket:
            raise self.error(f"{name!r} cannot be a parameter name", token)
        calls = self.token.text in _CLOSING
        if calls:
            if name not in ex.FUNCTION_NAMES:
                raise self.error(f"{name!r} is not a function a formula may call "
                                 f"(the functions are {', '.join(ex.FUNCTION_NAMES)})", token)
            return ex.call(name, self.bracketed(self.take()))
        if name in ex.FUNCTION_NAMES:
            raise self.error(f"{name!r} is a function: write {name}(…)", token)
        if name in CONSTANTS:
            return ex.Number(CONSTANTS[name], name)
        if self._is_variable(name):
            self.variables.setdefault(name, token.position)
            return ex.Variable(name, -1)  # indices are given once all names are known
        self.names.setdefault(name, token.position)
        return ex.Parameter(name, -1)

    def _is_variable(self, name: str) -> bool:
        if self.fixed_variables is not None:
            return name in self.fixed_variables
        return bool(_VARIABLE.match(name))


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
        parser = _Parser(body, variables)
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

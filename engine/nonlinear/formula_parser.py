"""Reading a typed formula: a tokenizer that accepts only numbers, names, the operators and
brackets, and a recursive-descent parser that builds the `expression` tree. Everything else is a
FormulaError naming the character where it goes wrong (formula.py puts the pieces together)."""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError, quote
from . import expression as ex

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


class FormulaParser:
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

"""Constraints typed as text, read against a problem's parameter names.

    "B0 + B1 = 1"      an equation in the parameters (both sides linear: "2*B1 - B0 = 0.5")
    "through 2, 3"     the fitted curve passes through the point (2, 3) (x-values then y for a table)
    "0 <= B1 <= 2"     bounds on one parameter ("B1 >= 0", "B2 ≤ 1")

No `eval`: a small tokenizer and a linear-expression reader. Every mistake is a `ConstraintError`
naming the text and the 1-based position of what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError, listing, quote
from .constraints import LinearConstraints

#: Longer texts are refused (a constraint is a line, not a file).
MAX_CONSTRAINT_LENGTH = 300

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-zβ_][A-Za-z0-9_₀-₉′']*)
  | (?P<op><=|>=|==|≤|≥|<|>|=|\+|-|−|\*|·|,|;|\(|\))
""", re.VERBOSE)
_LESS, _MORE = ("<=", "≤", "<"), (">=", "≥", ">")


class ConstraintError(InputError):
    """A constraint that cannot be read: `position` is the 0-based index of the mistake."""

    def __init__(self, text: str, position: int, what: str):
        self.text, self.position = text, position
        super().__init__(f"constraint {quote(text)}, position {position + 1}: {what}")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    at: int


def _tokens(text: str) -> list[_Token]:
    tokens, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise ConstraintError(text, at, f"{text[at]!r} is not part of a constraint "
                                  "(write e.g. 'B0 + B1 = 1', 'through 2, 3' or '0 <= B1 <= 2')")
        if match.lastgroup != "space":
            tokens.append(_Token(match.lastgroup, match.group(), at))
        at = match.end()
    return tokens


def _canonical(name: str) -> str:
    return name.translate(_SUBSCRIPTS).replace("β", "B").rstrip("′'").lower()


class _Reader:
    """Reads one constraint's tokens against the problem's parameter names."""

    def __init__(self, text: str, names: tuple[str, ...]):
        self.text, self.names = text, names
        self.tokens = _tokens(text)
        self.index = 0
        self.lookup = {_canonical(n): j for j, n in enumerate(names)}

    def fail(self, what: str, at: int | None = None):
        if at is None:
            at = self.tokens[self.index].at if self.index < len(self.tokens) else len(self.text)
        raise ConstraintError(self.text, at, what)

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            self.fail("the constraint ends too early")
        self.index += 1
        return token

    def number(self, token: _Token) -> float:
        value = float(token.text)
        if not np.isfinite(value):
            self.fail(f"{token.text} is too large for a floating-point number", token.at)
        return value

    def parameter(self, token: _Token) -> int:
        j = self.lookup.get(_canonical(token.text))
        if j is None:
            self.fail(f"{token.text!r} is not a parameter of this fit (its parameters are "
                      f"{listing(self.names)})", token.at)
        return j

    # ---- a linear expression: Σ cⱼ·Bⱼ + constant ---------------------------------------------------
    def expression(self) -> tuple[np.ndarray, float, int]:
        """(coefficients, constant, how many parameter terms) up to a comparison or the end."""
        coefficients, constant, terms, first = np.zeros(len(self.names)), 0.0, 0, True
        while (token := self.peek()) is not None and token.text not in ("=", "==", *_LESS, *_MORE):
            sign = 1.0
            if token.text in ("+", "-", "−"):
                sign = -1.0 if token.text in ("-", "−") else 1.0
                self.take()
            elif not first:
                self.fail(f"expected + or − before {token.text!r}")
            value, j = self.term()
            if j is None:
                constant += sign * value
            else:
                coefficients[j] += sign * value
                terms += 1
            first = False
        if first:
            self.fail("a side of the constraint is empty")
        return coefficients, constant, terms

    def term(self) -> tuple[float, int | None]:
        """number, name, number·name (also '2 B1', '2*B1', 'B1*2')."""
        token = self.take()
        if token.kind == "number":
            value = self.number(token)
            following = self.peek()
            if following is not None and following.text in ("*", "·"):
                self.take()
                following = self.peek()
                if following is None or following.kind != "name":
                    self.fail("expected a parameter after ×")
            if following is not None and following.kind == "name":
                return value, self.parameter(self.take())
            return value, None
        if token.kind == "name":
            j = self.parameter(token)
            following = self.peek()
            if following is not None and following.text in ("*", "·"):
                self.take()
                factor = self.take()
                if factor.kind != "number":
                    self.fail("a constraint is linear: a parameter can only be multiplied by a number", factor.at)
                return self.number(factor), j
            return 1.0, j
        self.fail(f"expected a number or a parameter, got {token.text!r}", token.at)


def _through(reader: _Reader, problem) -> LinearConstraints:
    """'through x, y' (or x1, …, xk, y for a table): the fitted value at x equals y."""
    reader.take()  # "through"
    values, at = [], reader.peek().at if reader.peek() else len(reader.text)
    while (token := reader.peek()) is not None:
        reader.take()
        if token.text in ("(", ")", ",", ";"):
            continue
        sign = 1.0
        if token.text in ("-", "−", "+"):
            sign = -1.0 if token.text != "+" else 1.0
            token = reader.take()
        if token.kind != "number":
            reader.fail(f"expected the point's coordinates as numbers, got {token.text!r}", token.at)
        values.append(sign * reader.number(token))
    row = _design_row(reader, problem, values, at)
    return LinearConstraints.equalities(row[None, :], [values[-1]], (reader.text,))


def _design_row(reader: _Reader, problem, values: list[float], at: int) -> np.ndarray:
    if problem.degree is not None:
        if len(values) != 2:
            reader.fail(f"'through' needs the point as two numbers x, y; got {len(values)}", at)
        powers = range(0 if problem.intercept else 1, problem.degree + 1)
        row = np.array([values[0] ** j for j in powers], dtype=float)
    else:
        k = problem.p - int(problem.intercept)
        if problem.features is None or len(values) != k + 1:
            reader.fail(f"'through' needs {k} feature value{'s' * (k != 1)} and then y; got {len(values)} numbers",
                        at)
        row = np.array(([1.0] if problem.intercept else []) + values[:-1], dtype=float)
    if not np.all(np.isfinite(row)):
        reader.fail("the point is too large for this degree (a power overflows)", at)
    return row


def _bounds(reader: _Reader, sides: list[tuple[np.ndarray, float, int, int]], signs: list[str]) -> LinearConstraints:
    """'0 <= B1 <= 2', 'B1 >= 0': each side a number or one parameter."""
    p = len(reader.names)
    lower, upper = np.full(p, -np.inf), np.full(p, np.inf)
    params = [(coefficients, at) for coefficients, _, terms, at in sides if terms]
    if len(params) != 1 or any(terms > 1 for _, _, terms, _ in sides):
        where = params[1][1] if len(params) > 1 else sides[0][3]
        reader.fail("a bound is on one parameter, between numbers (e.g. 0 <= B1 <= 2); an equation with '=' "
                    "can join several parameters", where)
    coefficients, at = params[0]
    if any(constant for _, constant, terms, _ in sides if terms):
        reader.fail("a bound is on one parameter alone, with no number added (e.g. 0 <= B1 <= 2)", at)
    j = int(np.flatnonzero(coefficients)[0]) if np.any(coefficients) else None
    if j is None or coefficients[j] != 1.0 or np.count_nonzero(coefficients) != 1:
        reader.fail("a bound is on one parameter alone (e.g. 0 <= B1 <= 2)", at)
    for (left, right), sign in zip(zip(sides, sides[1:]), signs):
        less = sign in _LESS
        small, large = (left, right) if less else (right, left)
        if small[2] and large[2]:
            reader.fail("a bound compares a parameter with a number", large[3])
        if small[2]:
            upper[j] = min(upper[j], large[1])
        else:
            lower[j] = max(lower[j], small[1])
    if len(signs) == 2 and (signs[0] in _LESS) != (signs[1] in _LESS):
        reader.fail("write a double bound with both signs the same way: 0 <= B1 <= 2", sides[1][3])
    if lower[j] > upper[j]:
        reader.fail(f"the bounds on {reader.names[j]} leave no value ({lower[j]:g} > {upper[j]:g})", at)
    return LinearConstraints.bounds(lower, upper, (reader.text,))


def parse_constraint(text: str, problem) -> LinearConstraints:
    """One constraint's text as LinearConstraints for `problem` (its parameter names and basis)."""
    text = str(text)
    if len(text) > MAX_CONSTRAINT_LENGTH:
        raise ConstraintError(text, MAX_CONSTRAINT_LENGTH, f"a constraint is at most {MAX_CONSTRAINT_LENGTH} "
                              "characters")
    reader = _Reader(text.strip(), tuple(problem.parameter_names))
    first = reader.peek()
    if first is None:
        reader.fail("the constraint is empty (write e.g. 'B0 + B1 = 1', 'through 2, 3' or '0 <= B1 <= 2')")
    if first.kind == "name" and first.text.lower() == "through":
        return _through(reader, problem)
    sides, signs, sign_places = [], [], []
    while True:
        at = reader.peek().at if reader.peek() else len(reader.text)
        sides.append((*reader.expression(), at))
        token = reader.peek()
        if token is None:
            break
        signs.append(reader.take().text)
        sign_places.append(token.at)
    if not signs:
        reader.fail("expected '=' (an equation) or '<=' (a bound)")
    if any(sign in ("=", "==") for sign in signs):
        if len(signs) != 1:
            reader.fail("an equation has one '=' (and no '<=' beside it)", sign_places[1])
        (left, left_constant, left_terms, _), (right, right_constant, right_terms, right_at) = sides
        coefficients = left - right
        if not np.any(coefficients):
            reader.fail("the equation has no parameter left in it", right_at if right_terms else 0)
        return LinearConstraints.equalities(coefficients[None, :], [right_constant - left_constant], (reader.text,))
    if len(signs) > 2:
        reader.fail("at most two bounds: lower <= B1 <= upper", sign_places[2])
    return _bounds(reader, sides, signs)


def parse_constraints(texts: Iterable[str], problem) -> LinearConstraints:
    """Every text joined: the equalities stacked, the bounds intersected."""
    parts = [parse_constraint(text, problem) for text in texts]
    lower = np.max([part.lower for part in parts], axis=0, initial=-np.inf) if parts else np.full(problem.p, -np.inf)
    upper = np.min([part.upper for part in parts], axis=0, initial=np.inf) if parts else np.full(problem.p, np.inf)
    crossed = np.flatnonzero(lower > upper)
    if crossed.size:
        j = int(crossed[0])
        raise InputError(f"the bounds on {problem.parameter_names[j]} leave no value: "
                         f"{lower[j]:g} > {upper[j]:g}")
    joined = LinearConstraints.none(problem.p)
    for part in parts:
        joined = joined.combined(part)
    return joined


def through_point(text: str) -> tuple[float, ...] | None:
    """The coordinates written in a 'through' constraint (x, y; or x1, …, xk, y), None for another
    kind of constraint: what the canvas marks as the pinned point."""
    try:
        tokens = _tokens(str(text).strip())
    except ConstraintError:
        return None
    if not tokens or tokens[0].text.lower() != "through":
        return None
    values, sign = [], 1.0
    for token in tokens[1:]:
        if token.text in ("-", "−"):
            sign = -1.0
        elif token.kind == "number":
            values.append(sign * float(token.text))
            sign = 1.0
    return tuple(values)

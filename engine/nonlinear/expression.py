"""The expression tree of a typed model formula: evaluate it, differentiate it exactly, write it.

A formula is the user's text; `formula.py` parses it into these nodes and nothing else, so what
runs is only numbers, the parameters, the variables, the four operations, powers and the listed
functions. Differentiation is symbolic on the tree (the rules a student learns), with the small
simplifications a lecturer makes (0·a = 0, 1·a = a), so ∂f/∂bⱼ can be written on the board and the
Jacobian is exact, not a finite difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: The functions a formula may call: name → (numpy function, its derivative as a tree of the argument).
FUNCTION_NAMES = ("exp", "log", "ln", "log10", "sqrt", "sin", "cos", "tan", "arctan", "atan", "tanh", "abs")
_NUMPY = {"exp": np.exp, "log": np.log, "ln": np.log, "log10": np.log10, "sqrt": np.sqrt, "sin": np.sin,
          "cos": np.cos, "tan": np.tan, "arctan": np.arctan, "atan": np.arctan, "tanh": np.tanh,
          "abs": np.abs, "sign": np.sign}


class Node:
    """A node of the tree; every node is immutable and compares by value."""


@dataclass(frozen=True)
class Number(Node):
    value: float
    text: str = ""  # how it is written ("pi"), or "" for the number itself


@dataclass(frozen=True)
class Variable(Node):
    name: str
    index: int  # its column of x


@dataclass(frozen=True)
class Parameter(Node):
    name: str
    index: int  # its place in b


@dataclass(frozen=True)
class Negate(Node):
    arg: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # one of + - * / ^
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    arg: Node


ZERO, ONE, TWO = Number(0.0), Number(1.0), Number(2.0)


# ---- building with the board's simplifications ---------------------------------------------------
def _is(node: Node, value: float) -> bool:
    return isinstance(node, Number) and node.value == value


def add(a: Node, b: Node) -> Node:
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if isinstance(a, Number) and isinstance(b, Number):
        return Number(a.value + b.value)
    if isinstance(b, Negate):
        return subtract(a, b.arg)
    return Binary("+", a, b)


def subtract(a: Node, b: Node) -> Node:
    if _is(b, 0):
        return a
    if _is(a, 0):
        return negate(b)
    if isinstance(a, Number) and isinstance(b, Number):
        return Number(a.value - b.value)
    if isinstance(b, Negate):
        return add(a, b.arg)
    return Binary("-", a, b)


def negate(a: Node) -> Node:
    if isinstance(a, Number):
        return Number(-a.value) if a.value else ZERO
    if isinstance(a, Negate):
        return a.arg
    return Negate(a)


def multiply(a: Node, b: Node) -> Node:
    if _is(a, 0) or _is(b, 0):
        return ZERO
    if _is(a, 1):
        return b
    if _is(b, 1):
        return a
    if _is(a, -1):
        return negate(b)
    if _is(b, -1):
        return negate(a)
    if isinstance(a, Number) and isinstance(b, Number):
        return Number(a.value * b.value)
    if isinstance(b, Binary) and b.op == "/" and _is(b.left, 1):
        return divide(a, b.right)  # a·(1/c) = a/c
    if isinstance(a, Binary) and a.op == "/" and _is(a.left, 1):
        return divide(b, a.right)
    if isinstance(a, Negate):
        return negate(multiply(a.arg, b))
    if isinstance(b, Negate):
        return negate(multiply(a, b.arg))
    if isinstance(b, Number) and not isinstance(a, Number):
        return Binary("*", b, a)  # the number first, as on the board: 2·x
    return Binary("*", a, b)


def divide(a: Node, b: Node) -> Node:
    if _is(a, 0):
        return ZERO
    if _is(b, 1):
        return a
    if isinstance(a, Negate):
        return negate(divide(a.arg, b))
    if isinstance(a, Number) and a.value < 0:
        return negate(divide(Number(-a.value), b))
    return Binary("/", a, b)


def power(a: Node, b: Node) -> Node:
    if _is(b, 0):
        return ONE
    if _is(b, 1):
        return a
    return Binary("^", a, b)


def call(function: str, arg: Node) -> Node:
    return Call(function, arg)


# ---- evaluation ---------------------------------------------------------------------------------------
def evaluate(node: Node, b, columns, memo: dict | None = None) -> np.ndarray | float | complex:
    """The value of `node` with parameters `b` and variable columns `columns` (a list of arrays);
    scalars stay scalars (numpy broadcasts them). Complex b works: the complex-step test uses it.

    `memo` (by node identity) lets f and its derivatives share the work of the subtrees they have
    in common: the derivative of exp(u) is that same exp(u) node, computed once for all of J."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Parameter):
        return b[node.index]
    if isinstance(node, Variable):
        return columns[node.index]
    if memo is not None and (known := memo.get(id(node))) is not None:
        return known[1]
    value = _apply(node, b, columns, memo)
    if memo is not None:
        memo[id(node)] = (node, value)  # the node is kept alive, so its id is not reused meanwhile
    return value


def _apply(node: Node, b, columns, memo):
    if isinstance(node, Negate):
        return -evaluate(node.arg, b, columns, memo)
    if isinstance(node, Call):
        return _NUMPY[node.function](evaluate(node.arg, b, columns, memo))
    left, right = evaluate(node.left, b, columns, memo), evaluate(node.right, b, columns, memo)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return left / right
    return left * left if _is(node.right, 2) else np.power(left, right)


def depends_on_parameters(node: Node) -> bool:
    if isinstance(node, Parameter):
        return True
    if isinstance(node, (Number, Variable)):
        return False
    if isinstance(node, (Negate, Call)):
        return depends_on_parameters(node.arg)
    return depends_on_parameters(node.left) or depends_on_parameters(node.right)


# ---- differentiation ---------------------------------------------------------------------------------
def derivative(node: Node, j: int) -> Node:
    """∂node/∂bⱼ as a tree, by the rules of calculus."""
    if isinstance(node, Parameter):
        return ONE if node.index == j else ZERO
    if isinstance(node, (Number, Variable)):
        return ZERO
    if isinstance(node, Negate):
        return negate(derivative(node.arg, j))
    if isinstance(node, Call):
        inner = derivative(node.arg, j)
        return ZERO if _is(inner, 0) else multiply(_outer_derivative(node), inner)
    a, c = node.left, node.right
    da, dc = derivative(a, j), derivative(c, j)
    if node.op == "+":
        return add(da, dc)
    if node.op == "-":
        return subtract(da, dc)
    if node.op == "*":
        return add(multiply(da, c), multiply(a, dc))
    if node.op == "/":
        # (a/c)' = a'/c − a·c'/c²
        return subtract(divide(da, c), divide(multiply(a, dc), power(c, TWO)))
    # a^c
    if _is(dc, 0):  # a constant exponent: c·a^(c−1)·a'
        exponent = Number(c.value - 1) if isinstance(c, Number) else subtract(c, ONE)
        return multiply(multiply(c, power(a, exponent)), da)
    if _is(da, 0):  # a constant base: a^c·ln(a)·c'
        return multiply(multiply(node, call("ln", a)), dc)
    return multiply(node, add(multiply(dc, call("ln", a)), divide(multiply(c, da), a)))


def _outer_derivative(node: Call) -> Node:
    """f'(u) for the function f of the call f(u), as a tree in u."""
    u, name = node.arg, node.function
    if name == "exp":
        return node
    if name in ("log", "ln"):
        return divide(ONE, u)
    if name == "log10":
        return divide(ONE, multiply(Number(math.log(10.0), "ln(10)"), u))
    if name == "sqrt":
        return divide(ONE, multiply(TWO, node))
    if name == "sin":
        return call("cos", u)
    if name == "cos":
        return negate(call("sin", u))
    if name == "tan":
        return divide(ONE, power(call("cos", u), TWO))
    if name in ("arctan", "atan"):
        return divide(ONE, add(ONE, power(u, TWO)))
    if name == "tanh":
        return subtract(ONE, power(node, TWO))
    if name == "abs":
        return call("sign", u)
    return ZERO  # sign: zero almost everywhere


# ---- writing ------------------------------------------------------------------------------------------
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "^": 4}
_SYMBOL = {"+": " + ", "-": " − ", "*": "·", "/": "/", "^": "^"}


def number_text(value: float) -> str:
    text = f"{value:.12g}"
    return text.replace("-", "−")


def write(node: Node) -> str:
    """The tree as a lecturer writes it: b1·(1 − exp(−b2·x))."""
    return _write(node)[0]


def _write(node: Node) -> tuple[str, int]:
    """(text, precedence of its outermost operation; 9 for an atom)."""
    if isinstance(node, Number):
        if node.text:
            return node.text, 9
        return number_text(node.value), (9 if node.value >= 0 else 3)
    if isinstance(node, (Parameter, Variable)):
        return node.name, 9
    if isinstance(node, Call):
        return f"{node.function}({write(node.arg)})", 9
    if isinstance(node, Negate):
        text, inner = _write(node.arg)
        return "−" + (f"({text})" if inner < _PRECEDENCE["neg"] else text), _PRECEDENCE["neg"]
    precedence = _PRECEDENCE[node.op]
    left, left_precedence = _write(node.left)
    right, right_precedence = _write(node.right)
    if left_precedence < precedence or (node.op == "^" and left_precedence == precedence):
        left = f"({left})"
    right_needs = right_precedence < precedence or (right_precedence == precedence and node.op in "-/")
    if node.op == "^":
        right_needs = right_precedence < 9
    if right_needs:
        right = f"({right})"
    return left + _SYMBOL[node.op] + right, precedence

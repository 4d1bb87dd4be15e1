"""What the hand-calculation panel writes, as plain text lines: pure functions, no Qt.

`Board` holds what every formatter needs about the run (the problem, the solver's
parameters, its recorded steps) and writes numbers the way the course notes do: exact forms
with decimals beside them for a small problem (n ≤ 6 points, p ≤ 3 parameters), four
significant digits otherwise. The formatters of each solver family live in
`direct` and `iterative`; `page` picks one, `plain` and the window's `board_html` lay it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from engine.exact_text import MINUS, TOLERANCE, decimal_text, exact_form, matrix_text, number_text, vector_text
from engine.problem import Problem
from engine.solvers.iterative import Quadratic
from engine.steps import Step

#: Exact forms are written for problems up to this size (the course notes' examples and a little more).
SMALL_ROWS, SMALL_PARAMS = 6, 3
#: Matrices with more columns than this are described by their shape only.
MAX_SHOWN_COLUMNS = 6
DIGITS = 4

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sub(k: int) -> str:
    """k as a subscript: q₁, α₀."""
    return str(k).translate(_SUBSCRIPTS)


def sup(k: int) -> str:
    return str(k).translate(_SUPERSCRIPTS)


def factor(text: str) -> str:
    """Parenthesise a number that is a factor of a product: (−13), (3/√5), but 2 and √5 bare."""
    bare = text.replace("√", "", 1)
    if text.startswith(MINUS) or " " in text or "/" in text or "×" in text or not bare.replace(".", "").isalnum():
        return f"({text})"
    return text


@dataclass(frozen=True)
class Block:
    """One step on the board: a heading and its lines (plain text; the window's `board_html` escapes them)."""

    heading: str
    lines: list[str] = field(default_factory=list)


def parameter_names(problem: Problem) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Names of the working parameters, and the order in which to write them.

    The course notes' line y = ax + b is written (a, b) whatever the basis order; other models use
    B0, B1, ... (the canonical names) or, with scaled columns, w[column] for the working
    coordinates the solver really updates.
    """
    labels = problem.working_labels
    if problem.x is not None and problem.degree == 1 and problem.intercept and problem.scaling == "none":
        names = tuple("a" if label == "x" else "b" for label in labels)
        return names, (names.index("a"), names.index("b"))
    if problem.scaling == "none":
        return tuple(problem.parameter_names[j] for j in problem.order), tuple(range(problem.p))
    return tuple(f"w[{label}]" for label in labels), tuple(range(problem.p))


def indexed(name: str, k: int) -> str:
    """a₁ for one-letter names; B0⁽¹⁾ otherwise (B0₁ would read as a longer name)."""
    return name + sub(k) if len(name) == 1 else f"{name}⁽{sup(k)}⁾"


@dataclass
class Board:
    """The run being explained, and how to write its numbers."""

    problem: Problem
    method: str
    steps: Sequence[Step]
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names, self.display = parameter_names(self.problem)
        self.small = self.problem.n <= SMALL_ROWS and self.problem.p <= SMALL_PARAMS
        self.seed_line = self.names[0] in ("a", "b")
        self.canonical_names = ("b", "a") if self.seed_line else self.problem.parameter_names

    # ---- numbers ---------------------------------------------------------------------
    def num(self, x: float, *, decimals: bool = False, digits: int = DIGITS, scale: float = 0.0) -> str:
        """An exact form for a small problem (else None → decimals), four digits otherwise.

        `scale` is the size of the numbers x is computed from: |x| ≤ 10⁻¹²·scale is rounding
        residue and reads as 0."""
        if self.small:
            form = exact_form(x, decimals=decimals, scale=scale)
            if form is not None:
                return form
        elif abs(x) <= TOLERANCE * scale:
            return "0"
        return decimal_text(x, digits)

    def num_approx(self, x: float, *, decimals: bool = False, digits: int = DIGITS) -> str:
        """'13/√5 ≈ 5.814' when the exact form hides the size of the number; otherwise as `num`."""
        text = self.num(x, decimals=decimals, digits=digits)
        if not self.small or ("√" not in text and "/" not in text):
            return text
        full = number_text(x, digits=DIGITS, decimals=decimals)
        return full if "≈" in full else text

    def f(self, x: float, *, decimals: bool = False, digits: int = DIGITS, scale: float = 0.0) -> str:
        """A number as a factor of a product: (−13), (3/√5)."""
        return factor(self.num(x, decimals=decimals, digits=digits, scale=scale))

    def minus_operand(self, x: float, *, decimals: bool = False, digits: int = DIGITS, scale: float = 0.0) -> str:
        """A number after a minus sign: bare unless it is negative (13/√5 − 3/√5, 0 − (−13))."""
        text = self.num(x, decimals=decimals, digits=digits, scale=scale)
        return f"({text})" if text.startswith(MINUS) else text

    def vec(self, v, *, column: bool = True, decimals: bool = False) -> str:
        return vector_text(v, exact=self.small, digits=DIGITS, column=column, decimals=decimals)

    def vec_approx(self, v, *, decimals: bool = False) -> str:
        """'[1/√5, 2/√5]ᵀ ≈ [0.4472, 0.8944]ᵀ' when an entry is irrational."""
        text = self.vec(v, decimals=decimals)
        if self.small and "√" in text:
            return f"{text} ≈ {vector_text(v, exact=False, digits=DIGITS)}"
        return text

    def mat(self, m, *, decimals: bool = False) -> str:
        m = np.atleast_2d(np.asarray(m, dtype=float))
        if m.shape[1] > MAX_SHOWN_COLUMNS or m.shape[0] > max(MAX_SHOWN_COLUMNS, SMALL_ROWS + 4):
            return f"({m.shape[0]}×{m.shape[1]} matrix)"
        return matrix_text(m, exact=self.small, digits=DIGITS, decimals=decimals)

    def dot_text(self, a, b) -> str:
        """'1·(1/√5) + 1·(2/√5)': a dot product written out term by term."""
        return " + ".join(f"{self.f(x)}·{self.f(y)}" for x, y in zip(a, b))

    # ---- coordinates -------------------------------------------------------------------
    def working(self, canonical: np.ndarray) -> np.ndarray:
        """A vector in canonical parameter order (as steps store gradients) in working order."""
        return np.asarray(canonical, dtype=float)[self.problem.order]

    def theta_working(self, step: Step) -> np.ndarray:
        return self.problem.to_working(step.theta)

    def dvec(self, working, *, decimals: bool = False) -> str:
        """A parameter-sized vector, in the order of A's columns (as H, R and AᵀA are written)."""
        return self.vec(working, decimals=decimals)

    def tuple_text(self, working, k: int | None = None, *, decimals: bool = True) -> str:
        """'(a, b) = (1.3, 0.8)' — parameter names and values in the written order."""
        names = [self.names[j] if k is None else indexed(self.names[j], k) for j in self.display]
        values = [self.num(working[j], decimals=decimals, digits=6) for j in self.display]
        if self.problem.p > 4:
            return ("θ" if k is None else "θ" + sub(k)) + " = " + self.dvec(working, decimals=decimals)
        if len(names) == 1:
            return f"{names[0]} = {values[0]}"
        return f"({', '.join(names)}) = ({', '.join(values)})"

    @cached_property
    def quadratic(self) -> Quadratic:
        """The loss the iterative solvers minimise (with its ridge term): H and c = s·Aᵀy."""
        return Quadratic(self.problem, float(self.params.get("l2", 0.0) or 0.0))

    def loss_text(self) -> str:
        return "L = ½·Σrᵢ²" if self.problem.loss_kind == "sum" else "L = ½·mean(rᵢ²) = (1/n)·½·Σrᵢ²"

    def row_text(self, i: int) -> str:
        """Row i of Aθ − y written with the parameter names: '2a + b − 5'."""
        a = self.problem.matrix[i]
        terms = []
        for j in self.display:
            coefficient = self.num(a[j], decimals=True)
            name = self.names[j]
            if coefficient == "0":
                continue
            if coefficient in ("1", MINUS + "1"):
                term = name if coefficient == "1" else MINUS + name
            else:
                plain = len(name) == 1 and "/" not in coefficient and "√" not in coefficient
                term = f"{coefficient}{name}" if plain else f"{factor(coefficient)}·{name}"
            terms.append(term)
        text = " + ".join(terms).replace("+ " + MINUS, MINUS + " ") or "0"
        y = float(self.problem.y[i])
        if y == 0:
            return text
        return f"{text} {MINUS if y > 0 else '+'} {self.num(abs(y), decimals=True)}"

    # ---- the run's history ---------------------------------------------------------------
    def earlier(self, index: int, *kinds: str) -> Step | None:
        """The latest step before `index` of one of these kinds (direct methods have few steps)."""
        for i in range(index - 1, -1, -1):
            if self.steps[i].kind in kinds:
                return self.steps[i]
        return None

    def previous(self, index: int, step: Step) -> Step | None:
        """The step just before, if it is the previous iteration (a thinned trace skips some)."""
        if index <= 0:
            return None
        before = self.steps[index - 1]
        return before if before.k == step.k - 1 else None

    def first(self) -> Step:
        return self.steps[0]


def answer_lines(board: Board, step: Step) -> list[str]:
    """'Answer: a = 2, b = 1 (the line y = 2x + 1)': the solution in original units."""
    theta = np.asarray(step.theta, dtype=float)
    problem = board.problem
    if board.seed_line:
        b, a = theta
        sign = "+" if b >= 0 else MINUS
        slope = board.num(a, decimals=True, digits=6)
        slope = {"1": "", MINUS + "1": MINUS}.get(slope, slope)
        line = f"y = {slope}x {sign} {board.num(abs(b), decimals=True, digits=6)}"
        return [f"Answer: a = {board.num(a, decimals=True, digits=6)}, b = {board.num(b, decimals=True, digits=6)}"
                f"   (the line {line}; elsewhere a is called B1 and b is B0)"]
    if problem.p > 4:
        return [f"Answer: θ = [B0, B1, …] = {board.vec(theta, decimals=True)}"]
    values = ", ".join(f"{name} = {board.num(v, decimals=True, digits=6)}"
                       for name, v in zip(problem.parameter_names, theta))
    lines = [f"Answer: {values}"]
    if problem.scaling != "none":
        lines.append("(mapped back from the scaled working columns to original units)")
    return lines


def generic_block(board: Board, index: int, step: Step) -> Block:
    """A step no formatter knows: its own one-line formula."""
    return Block(f"Step {index + 1}", [step.title])

"""What My line says, in words a student reads: its loss in the loss setting's own terms, each
guess against the least value once revealed, and why moving one coefficient at a time is
coordinate descent."""

from __future__ import annotations

import math

import numpy as np

COORDINATE_DESCENT = ("Moving one coefficient at a time is coordinate descent — Gauss-Seidel does exactly "
                      "this, optimally.")
TAKE_OVER = "Let Gauss-Seidel Take Over"


def loss_name(problem) -> str:
    """The loss as the loss setting names it: ½·Σr² or ½·mean(r²)."""
    return "½·Σr²" if problem.loss_kind == "sum" else "½·mean(r²)"


def number(value: float) -> str:
    return f"{value:.4g}"


#: A least loss this small next to the loss of θ = 0 is a fit through every point (0 but for rounding).
EXACT = 1e-20


def fits_exactly(best: float, problem) -> bool:
    return best <= EXACT * problem.loss(np.zeros(problem.p))


def ratio_words(loss: float, best: float, problem) -> str:
    """"1.37× the least sum of squares", or, when the best curve goes through every point (no ratio
    to 0), how far above 0 the guess is."""
    if not fits_exactly(best, problem) and math.isfinite(loss / best):
        return f"{loss / best:.3g}× the least sum of squares"
    return "the least is 0"


def guess_line(name: str, loss: float, best: float | None, problem, *, named_loss: bool = True) -> str:
    """One guess's words: its loss and, once the answer is revealed, how far it was from the best
    ("Guess 2: 0.81, 1.37× the least sum of squares")."""
    own = f"{name}: {loss_name(problem)} = {number(loss)}" if named_loss else f"{name}: {number(loss)}"
    return own if best is None else f"{own}, {ratio_words(loss, best, problem)}"


def answer_line(best: float, problem) -> str:
    if fits_exactly(best, problem):
        return f"Least squares: {loss_name(problem)} = 0 (through every point)"
    return f"Least squares: {loss_name(problem)} = {number(best)}"


def no_line_reason(problem) -> str | None:
    """Why My line cannot be drawn for `problem` (None when it can)."""
    if problem is None:
        return "Guess a line needs at least two points on the canvas."
    if problem.degree is None:
        return ("My line is drawn over x on the canvas: it needs a polynomial model in x, "
                "not a table of several columns.")
    return None

"""What a lecturer writes on the board for a step of Gauss-Newton or Levenberg-Marquardt (pure text).

The model and its derivatives ∂r/∂bⱼ (r = f − y, so they are ∂f/∂bⱼ), then for the step at the
player's frame: J and r at the old b (the first rows when there are many), the QR of J, δ from
R δ = −Qᵀr, for LM the damped system (JᵀJ + μD²) δ = −Jᵀr and the gain ratio ρ with what it did to
μ, and the new b with its RSS. Every number comes from `tangent_step` (computed again from b), so the
board does not repeat what the solver said: it checks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..board.text import sup
from ..exact_text import decimal_text, matrix_text
from ..steps import Step
from . import levenberg_marquardt as lm
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS
from .tangent_step import (
    GAUSS_NEWTON,
    LEVENBERG_MARQUARDT,
    METHODS,
    ScaleMemo,
    TangentStep,
    running_scale,
    tangent_step,
)

#: Rows of J and r written out; more rows are summarised ("the first 6 of 14 rows").
SHOWN_ROWS = 6
#: Significant digits of b and the RSS (a step changes the later digits), and of everything else.
B_DIGITS, DIGITS = 7, 4
#: A predicted fall of ½RSS below this fraction of the RSS is rounding noise (64 ε).
ROUNDING = 64 * float(np.finfo(float).eps)
#: A table column is this many characters wide (the board is set in a monospace font).
COLUMN = 12


@dataclass(frozen=True)
class Block:
    """One part of the board: a heading and its lines (text, or a Table of numbers)."""

    heading: str
    lines: list = field(default_factory=list)


@dataclass(frozen=True)
class NonlinearBoard:
    """The board at one frame: its blocks of text and the step they explain (None at the start)."""

    blocks: list[Block] = field(default_factory=list)
    step: TangentStep | None = None
    iteration: int = 0

    def text(self) -> str:
        """The whole board as plain text (for Copy and for tests)."""
        return "\n\n".join("\n".join([block.heading, *map(str, block.lines)]) for block in self.blocks)


def explains(method: str) -> bool:
    """Does the board write this method's steps? (Gauss-Newton and Levenberg-Marquardt.)"""
    return method in METHODS


def num(x: float, digits: int = DIGITS) -> str:
    return decimal_text(x, digits)


def vec(v, digits: int = DIGITS) -> str:
    return "[" + ", ".join(num(x, digits) for x in np.asarray(v, dtype=float).ravel()) + "]ᵀ"


def fraction(t: float) -> str:
    """A halved step length as the fraction it is: 1/64, not 0.01562."""
    return "1" if t >= 1 else f"1/{round(1 / t)}"


def b_name(k: int) -> str:
    return f"b⁽{sup(k)}⁾"


def model_block(problem: NonlinearProblem) -> Block:
    """The model and its derivatives, as the board writes them once for the whole run."""
    formula = problem.formula
    lines = [f"f = {formula}", "r = f − y, so ∂r/∂bⱼ = ∂f/∂bⱼ (the columns of J):"]
    lines += [f"  ∂r/∂{name} = {formula.derivative_text(j)}" for j, name in enumerate(formula.parameters)]
    return Block("The model and its derivatives", lines)


def start_block(problem: NonlinearProblem, theta) -> Block:
    theta = np.asarray(theta, dtype=float)
    with np.errstate(all="ignore"):
        rss = problem.rss(theta)
    return Block("Start", [f"{b_name(0)} = {vec(theta, B_DIGITS)}  ({', '.join(problem.parameter_names)})",
                           f"RSS = Σr² = {num(rss, B_DIGITS)}",
                           "Step (→) to take the first step: a linear least-squares problem J δ = −r."])


@dataclass(frozen=True)
class Table:
    """Rows of numbers under a header (J and r at b); written as aligned text, or as an HTML table by the view."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    def __str__(self) -> str:
        lines = [row[0].rjust(4) + "".join(cell.rjust(COLUMN) for cell in row[1:]) for row in (self.header, *self.rows)]
        return "\n".join(lines + ([f"   ⋮  {self.note}"] if self.note else []))


def jacobian_table(problem: NonlinearProblem, step: TangentStep) -> Table:
    """J and r row by row: i, x, ∂r/∂b1, …, r (the first rows when there are many)."""
    n = problem.n
    shown = min(n, SHOWN_ROWS) if n > SHOWN_ROWS + 2 else n
    x = problem.x.reshape(n, -1)
    header = ("i", *problem.formula.variables, *(f"∂r/∂{name}" for name in problem.parameter_names), "r")
    rows = tuple((str(i + 1), *(num(v) for v in x[i]), *(num(v) for v in step.jacobian[i]), num(step.residual[i]))
                 for i in range(shown))
    return Table(header, rows, f"(the first {shown} of {n} rows)" if shown < n else "")


def qr_lines(step: TangentStep) -> list[str]:
    lines = ["J = QR (Householder), Q with orthonormal columns:",
             f"  R = {matrix_text(step.r_factor, exact=False)}",
             f"  Qᵀr = {vec(step.qt_residual)}"]
    if step.dependent:
        lines.append("  R has a zero on its diagonal: the columns of J are dependent here, so δ is "
                     "the shortest of the many least-squares solutions (lstsq's)")
    return lines


def gauss_newton_lines(step: TangentStep) -> list[str]:
    left = np.sqrt(max(step.predicted_rss, 0.0))
    lines = [f"R δ = −Qᵀr by back substitution:  δ = {vec(step.delta)}",
             f"J·δ is −r projected on the tangent plane: ‖J·δ‖ = {num(np.linalg.norm(step.projection))}, "
             f"‖r + J·δ‖ = {num(left)} (the linear model promises RSS {num(step.predicted_rss, B_DIGITS)})"]
    if step.step_length < 1:
        lines.append(f"RSS at b + δ = {num(step.trial_rss, B_DIGITS)}, not lower: the tangent plane overshoots, "
                     f"so the line search halves the step to t = {fraction(step.step_length)}")
    return lines


def damped_lines(step: TangentStep) -> list[str]:
    """(JᵀJ + μD²) δ = −Jᵀr written out, with Gauss-Newton's δ beside it."""
    jtj = step.jacobian.T @ step.jacobian
    damped = jtj + step.mu * np.diag(step.scale ** 2)
    return [f"D = the largest norms of J's columns so far = {vec(step.scale)}",
            f"(JᵀJ + μD²) δ = −Jᵀr with μ = {num(step.mu)}:",
            f"  JᵀJ + μD² = {matrix_text(damped, exact=False)}",
            f"  −Jᵀr = {vec(-step.jacobian.T @ step.residual)}",
            f"  δ = {vec(step.delta)}  (by QR of [R; √μ·D], never forming JᵀJ)",
            f"Gauss-Newton's δ (μ = 0, from R δ = −Qᵀr) would be {vec(step.gauss_newton_delta)}"]


def gain_lines(step: TangentStep, next_mu: float | None) -> list[str]:
    """The gain ratio, the verdict, and the μ the solver chose next (read from its next step)."""
    actual = 0.5 * (step.rss - step.trial_rss)
    rho = step.rho if step.rho is not None and np.isfinite(step.rho) else None
    change = f"falls by {num(actual)}" if actual >= 0 else f"rises by {num(-actual)}"
    lines = [f"RSS at b + δ = {num(step.trial_rss, B_DIGITS)}: the loss ½RSS {change}",
             f"gain ratio ρ = actual fall / fall the linear model predicts = {num(rho) if rho is not None else '−∞'}"]
    verdict = (f"ρ > {num(lm.ACCEPT_RATIO)}: step accepted" if step.accepted
               else f"ρ ≤ {num(lm.ACCEPT_RATIO)} (the loss did not fall enough): step refused, b stays")
    predicted = 0.5 * float(step.projection @ step.projection) + step.mu * float(np.sum((step.scale * step.delta) ** 2))
    if predicted <= ROUNDING * step.rss:
        why = "both falls are at the level of rounding in the RSS, so ρ is noise: the fit is done"
    elif rho is None or rho < 0.25:
        why = "the linear model promised too much, so the next step is damped more"
    elif rho > 0.75:
        why = "the linear model predicted well, so the next step may be bolder"
    else:
        why = "the linear model did fairly"
    lines.append(f"{verdict}; {why}" + (f" (next μ = {num(next_mu)})" if next_mu is not None else ""))
    return lines


def iteration_block(problem: NonlinearProblem, step: TangentStep, k: int, *, recorded=None,
                    geodesic: bool = False, from_k: int | None = None, next_mu: float | None = None) -> Block:
    """The block of iteration k: the step from b⁽ᵏ⁻¹⁾ (or from b⁽ᵏ⁾ when the one before was not kept)."""
    start = k - 1 if from_k is None else from_k
    label = "Gauss-Newton" if step.method == GAUSS_NEWTON else "Levenberg-Marquardt"
    heading = f"Iteration {k} ({label})" if from_k is None else f"After iteration {k}: the next step"
    lines = [f"From {b_name(start)} = {vec(step.b, B_DIGITS)}, RSS = {num(step.rss, B_DIGITS)}",
             "J and r there:", jacobian_table(problem, step), *qr_lines(step)]
    if step.method == LEVENBERG_MARQUARDT:
        lines += damped_lines(step)
        if geodesic:
            lines.append("(With geodesic acceleration the solver adds ½a, a curvature correction, to this δ.)")
        lines += gain_lines(step, next_mu)
    else:
        lines += gauss_newton_lines(step)
    end = start + 1
    if step.accepted:
        moved = "δ" if step.step_length == 1 else f"({fraction(step.step_length)})·δ"
        lines.append(f"{b_name(end)} = {b_name(start)} + {moved} = {vec(step.new_b, B_DIGITS)}, "
                     f"RSS = {num(step.new_rss, B_DIGITS)}")
    else:
        lines.append(f"{b_name(end)} = {b_name(start)} = {vec(step.new_b, B_DIGITS)}, "
                     f"RSS = {num(step.new_rss, B_DIGITS)}")
    if recorded is not None and from_k is None and not geodesic and not _same(recorded, step.new_b):
        lines.append(f"(The solver recorded {b_name(end)} = {vec(recorded, B_DIGITS)}.)")
    return Block(heading, lines)


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12 * (1 + float(np.max(np.abs(b), initial=0.0)))))


def step_from_trace(problem: NonlinearProblem, method: str, steps: Sequence[Step], index: int,
                    params: Mapping[str, Any] | None = None, memo: ScaleMemo | None = None
                    ) -> tuple[TangentStep | None, int | None]:
    """The step that led to `steps[index]`, computed again from the θ before it; (None, None) at the
    start. When the step before was not kept (a thinned recording), the next step from `steps[index]`
    and the k it starts from."""
    if index <= 0 or index >= len(steps):
        return None, None
    step, before = steps[index], steps[index - 1]
    from_k = None
    if before.k != step.k - 1 or before.theta is None:
        before, from_k = step, step.k
    mu = float(before.detail.get("mu", 0.0) if from_k is not None else step.detail.get("mu", 0.0))
    last = index if from_k is None else index + 1
    scale = None
    if method == LEVENBERG_MARQUARDT:
        scale = memo.before(steps, last) if memo is not None else \
            running_scale(problem, [s.theta for s in steps[:last] if s.theta is not None])
    settings = {**NONLINEAR_SOLVERS.get(method).defaults(), **(params or {})}
    return tangent_step(problem, method, before.theta, mu=mu, scale=scale,
                        line_search=bool(settings.get("line_search", False))), from_k


def nonlinear_board(problem: NonlinearProblem, method: str, steps: Sequence[Step], index: int,
                    params: Mapping[str, Any] | None = None, memo: ScaleMemo | None = None) -> NonlinearBoard:
    """The board of `method`'s run (with these settings; the registry's defaults otherwise) at step
    `index` (0 is the start): the model, then that step. `memo` keeps LM's D between calls on one run."""
    blocks = [model_block(problem)]
    if not steps:
        return NonlinearBoard(blocks)
    index = min(max(index, 0), len(steps) - 1)
    if index == 0 or not explains(method):
        blocks.append(start_block(problem, steps[0].theta))
        return NonlinearBoard(blocks, None, 0)
    step, from_k = step_from_trace(problem, method, steps, index, params, memo)
    recorded = steps[index].theta
    geodesic = bool(steps[index].detail.get("geodesic", False))
    after = steps[index + 1] if from_k is None and index + 1 < len(steps) else None
    next_mu = float(after.detail["mu"]) if after is not None and "mu" in after.detail else None
    blocks.append(iteration_block(problem, step, steps[index].k, recorded=recorded, geodesic=geodesic,
                                  from_k=from_k, next_mu=next_mu))
    return NonlinearBoard(blocks, step, steps[index].k)

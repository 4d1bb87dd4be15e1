"""The board text of Gram-Schmidt (cgs, mgs): one idea per step, as the solver yields them.

project: rᵢⱼ = vⱼ·qᵢ and the projection rᵢⱼ·qᵢ; subtract: vⱼ⊥ = vⱼ − Σ rᵢⱼ·qᵢ; normalise:
‖vⱼ‖ and qⱼ = vⱼ/‖vⱼ‖. The step details are described in engine.solvers.gram_schmidt_steps.
"""

from __future__ import annotations

import numpy as np

from engine.exact_text import TOLERANCE
from engine.solvers.gram_schmidt_steps import NORMALISE, PROJECT, SUBTRACT
from engine.steps import Step

from .text import Block, Board, sub

#: A large problem lists at most this many coefficients in one step (a degree-10 column has ten).
MAX_LISTED = 8


def tidy(vector) -> np.ndarray:
    """Rounding residue (|x| ≤ 10⁻¹²·max|v|) written as the 0 it stands for: −2.2×10⁻¹⁶ is no number a
    lecturer writes."""
    v = np.asarray(vector, dtype=float)
    size = float(np.abs(v).max()) if v.size else 0.0
    return np.where(np.abs(v) <= TOLERANCE * size, 0.0, v)


def _columns_text(columns) -> str:
    numbers = [str(j + 1) for j in dict.fromkeys(int(j) for j in columns)]
    if len(numbers) == 1:
        return f"column {numbers[0]}"
    return f"columns {', '.join(numbers[:-1])} and {numbers[-1]}"


def _qs_text(rows) -> str:
    return ", ".join(f"q{sub(int(i) + 1)}" for i in dict.fromkeys(int(i) for i in rows))


def _r(i: int, j: int) -> str:
    return f"r{sub(i + 1)}{sub(j + 1)}"


def _more(lines: list[str], count: int) -> list[str]:
    return lines if count <= MAX_LISTED else [*lines[:MAX_LISTED], f"… and {count - MAX_LISTED} more"]


def _is_complete(board: Board, i: int, j: int) -> bool:
    """After subtracting qᵢ, vⱼ is at right angles to every earlier q (cgs subtracts them all at once)."""
    return board.method == "cgs" or i == j - 1


def project(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    rows, columns, coefficients = d["rows"], d["columns"], d["coefficients"]
    heading = f"Gram-Schmidt, {_columns_text(columns)}: project on {_qs_text(rows)}"
    classical = board.method == "cgs"
    if not (board.small and "vectors" in d):
        against = "a" if classical else "v"
        lines = [f"{_r(i, j)} = q{sub(i + 1)}·{against}{sub(j + 1)} = {board.num(c)}"
                 for i, j, c in zip(rows, columns, coefficients)]
        return Block(heading, _more(lines, len(lines)))
    lines = []
    written = set()
    for t, (i, j, c) in enumerate(zip(rows, columns, coefficients)):
        i, j = int(i), int(j)
        vector, q = tidy(d["vectors"][t]), tidy(d["q"][t])
        jj, ii = sub(j + 1), sub(i + 1)
        if j not in written:
            written.add(j)
            if classical or i == 0:
                lines.append(f"Column {j + 1} of A: v{jj} = {board.vec(vector)}   (the column of '{d['labels'][t]}')")
            else:
                lines.append(f"v{jj} as it stands (column {j + 1} less its parts along the earlier q's) = "
                             f"{board.vec(vector)}")
        lines.append(f"{_r(i, j)} = v{jj}·q{ii} = {board.dot_text(vector, q)} = {board.num(c)}")
        projection = board.vec(tidy(d["projections"][t]))
        lines.append(f"projection on q{ii}: {_r(i, j)}·q{ii} = {board.f(c)}·q{ii} = {projection}")
    if classical and len(rows) > 1:
        lines.append("(classical Gram-Schmidt takes every rᵢⱼ from the original column)")
    elif not classical and int(rows[0]) > 0:
        lines.append("(modified Gram-Schmidt takes rᵢⱼ from the column as it stands now)")
    return Block(heading, lines)


def subtract(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    rows, columns = d["rows"], d["columns"]
    plural = "s" if len(rows) > 1 else ""
    heading = f"Gram-Schmidt, {_columns_text(columns)}: subtract the projection{plural}"
    lines = []
    for t, j in enumerate(int(j) for j in d["targets"]):
        pairs = [p for p, jj in enumerate(columns) if int(jj) == j]
        last_i = int(rows[pairs[-1]])
        jj = sub(j + 1)
        name = f"v{jj}⊥" if _is_complete(board, last_i, j) else f"v{jj}"
        sign = "=" if name.endswith("⊥") else "←"  # mgs: the column as it stands, updated in place
        terms = " − ".join(f"{_r(int(rows[p]), j)}·q{sub(int(rows[p]) + 1)}" for p in pairs)
        if board.small and "after" in d:
            removed = " − ".join(board.vec(tidy(d["projections"][p])) for p in pairs)
            lines.append(f"{name} {sign} v{jj} − {terms} = {board.vec(tidy(d['before'][t]))} − {removed} = "
                         f"{board.vec(tidy(d['after'][t]))}")
        else:
            lines.append(f"{name} {sign} v{jj} − {terms}")
        if name.endswith("⊥"):
            lines.append(f"({name} is at right angles to {_qs_text(range(j))}: only the new direction is left)")
    return Block(heading, _more(lines, len(lines)))


def normalise(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    j = int(d["column"])
    jj = sub(j + 1)
    v = f"v{jj}⊥" if j else f"v{jj}"
    lines = []
    if board.small and "vector" in d:
        vector = tidy(d["vector"])
        if j == 0:
            lines.append(f"Column 1 of A: v₁ = {board.vec(vector)}   (the column of '{d['label']}')")
        squares = " + ".join(f"{board.f(x)}²" for x in vector)
        lines.append(f"‖{v}‖ = √({squares}) = {board.num(d['norm'])}")
        lines.append(f"q{jj} = {v}/‖{v}‖ = {board.vec_approx(tidy(d['q']))}")
    else:
        lines.append(f"{_r(j, j)} = ‖{v}‖ = {board.num(d['norm'])},  q{jj} = {v}/{_r(j, j)}")
    if j == board.problem.p - 1:
        if board.small and "q_so_far" in d:
            names = " ".join("q" + sub(i + 1) for i in range(j + 1))
            lines.append(f"So Q = [{names}] = {board.mat(tidy(d['q_so_far']))}")
        lines.append(f"R = QᵀA: R = {board.mat(np.asarray(d['r']))}")
    return Block(f"Gram-Schmidt, column {j + 1}: normalise", lines)


GRAM_SCHMIDT_PHASES = {PROJECT: project, SUBTRACT: subtract, NORMALISE: normalise}

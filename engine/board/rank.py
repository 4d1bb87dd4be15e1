"""The board text of the rank methods: pivoted QR (each pivot's choice, the rank, the basic answer) and
the truncated SVD (the SVD's own steps, with the cut-off at the chosen rank)."""

from __future__ import annotations

from engine.steps import Step

from .direct import COMMON, SVD
from .text import Block, Board


def pivot(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    k = d["position"]
    norms = ", ".join(f"'{label}' {board.num(norm)}" for label, norm in zip(d["candidates"], d["remaining_norms"]))
    return Block(f"Pivot {k + 1}", [
        f"norms of the columns left (rows {k + 1}…{board.problem.n}): {norms}",
        f"the largest is '{d['label']}': it goes in position {k + 1}, and a reflection maps it onto "
        f"R{k + 1}{k + 1}·e{k + 1} with R{k + 1}{k + 1} = {board.num(d['alpha'])}"])


def rank(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    pivots = ", ".join(board.num(value) for value in d["pivots"])
    lines = [f"|R₁₁| ≥ |R₂₂| ≥ …: {pivots}; tol = max(n, p)·u·|R₁₁| = {board.num(d['tol'])}", step.title]
    return Block("Rank", lines)


def qty(board: Board, index: int, step: Step) -> Block:
    return Block("Qᵀy", [f"Qᵀy (rows 1…rank) = {board.vec_approx(step.detail['vector'])}",
                         "Now solve R₁₁z = Qᵀy by back substitution; the columns left out get 0."])


def back_substitute(board: Board, index: int, step: Step) -> Block:
    return Block(f"Back substitution, row {step.detail['row'] + 1}", [step.title])


def truncate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    dropped = board.vec(d["dropped"], column=False) if len(d["dropped"]) else "none"
    return Block("Cut-off", [step.title, f"kept {board.vec(d['kept'], column=False)}, dropped {dropped} "
                             f"(the usual cut-off σ₁·max(n, p)·ε = {board.num(d['cutoff'])})"])


RANK_FORMATTERS = {
    "qr-pivoted": {"pivot": pivot, "rank": rank, "qty": qty, "back-substitute": back_substitute,
                   "solution": COMMON["solution"]},
    "svd-truncated": {**SVD, "truncate": truncate},
}

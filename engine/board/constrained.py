"""The board text of constrained least squares: the Lagrangian and its KKT system (kkt), the
null-space method's QR of Cᵀ (nullspace), and the active set of the bounded fit (bvls)."""

from __future__ import annotations

import numpy as np

from engine.steps import Step

from .text import Block, Board


def _constraints(board: Board) -> list[str]:
    constraints = getattr(board.problem, "constraints", None)
    texts = list(constraints.texts) if constraints is not None else []
    return [f"subject to: {'; '.join(texts)}"] if texts else ["no constraint was given: this is the free fit"]


def lagrangian(board: Board, index: int, step: Step) -> Block:
    lines = _constraints(board) + [
        "L(θ, λ) = ½‖Aθ − y‖² + λᵀ(Cθ − d)",
        "∂L/∂θ = AᵀAθ − Aᵀy + Cᵀλ = 0 and ∂L/∂λ = Cθ − d = 0"]
    c = step.detail.get("C")
    if c is not None and np.size(c):
        lines.append(f"C = {board.mat(c)},  d = {board.vec(np.asarray(step.detail['d']), column=False)}")
    return Block("The Lagrangian", lines)


def kkt_matrix(board: Board, index: int, step: Step) -> Block:
    lines = ["[[AᵀA, Cᵀ], [C, 0]]·[θ; λ] = [Aᵀy; d]"]
    if "kkt" in step.detail:
        lines += [f"K = {board.mat(step.detail['kkt'])}",
                  f"right-hand side = {board.vec(np.asarray(step.detail['rhs']), column=False)}"]
    lines.append(step.title.split(": ", 1)[-1])
    return Block("The KKT system", lines)


def solve_block(board: Board, index: int, step: Step) -> Block:
    return Block("Solve it", [step.title,
                              "K holds AᵀA, so its condition is about κ(A)²: the digits the normal equations keep"])


def solution(board: Board, index: int, step: Step) -> Block:
    return Block("The constrained answer", [f"So {board.tuple_text(board.theta_working(step))}",
                                            step.title.rsplit("; ", 1)[-1] if "C θ − d" in step.title else ""])


def multipliers(board: Board, index: int, step: Step) -> Block:
    prices = step.title.split(": ", 1)[-1].split("; ")
    return Block("The multipliers: the price of each constraint", [
        *prices, "λᵢ > 0: the loss falls if dᵢ is raised; λᵢ < 0: if it is lowered; λᵢ = 0: the constraint "
                 "costs nothing"])


def qr_of_ct(board: Board, index: int, step: Step) -> Block:
    lines = _constraints(board) + [step.title]
    r = step.detail.get("R")
    if r is not None and np.size(r):
        lines.append(f"R = {board.mat(r)}")
    return Block("QR of Cᵀ", lines)


def particular(board: Board, index: int, step: Step) -> Block:
    return Block("A θ that satisfies the constraints", [
        "θₚ = Q₁R⁻ᵀd (the shortest one)", f"θₚ: {board.tuple_text(board.theta_working(step))}"])


def null_space(board: Board, index: int, step: Step) -> Block:
    lines = [step.title]
    if "matrix" in step.detail:
        lines.append(f"Z = {board.mat(step.detail['matrix'])}")
    return Block("The directions the constraints leave free", lines)


def reduced(board: Board, index: int, step: Step) -> Block:
    return Block("Least squares in those directions", [step.title])


def null_space_solution(board: Board, index: int, step: Step) -> Block:
    return Block("θ = θₚ + Z z", [f"So {board.tuple_text(board.theta_working(step))}"])


def active_set(heading: str):
    def block(board: Board, index: int, step: Step) -> Block:
        lines = [step.title, f"{board.tuple_text(board.theta_working(step))}"]
        if index == 0:
            lines = _constraints(board) + lines
        return Block(heading, lines)
    return block


CONSTRAINED_FORMATTERS = {
    "kkt": {"lagrangian": lagrangian, "kkt-matrix": kkt_matrix, "solve": solve_block, "solution": solution,
            "multipliers": multipliers},
    "nullspace": {"qr-of-ct": qr_of_ct, "particular": particular, "null-space": null_space, "reduced": reduced,
                  "solution": null_space_solution, "multipliers": multipliers},
    "bvls": {"free-fit": active_set("The free fit"), "clip": active_set("Into the box"),
             "block": active_set("A coefficient reaches a bound"), "release": active_set("A coefficient is let go"),
             "optimal": active_set("Optimal")},
}

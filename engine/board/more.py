"""The board text of the other iterative methods: Newton and L-BFGS, SGD and simulated
annealing, and power iteration (the course notes' v₁ = Av₀/‖Av₀‖ example)."""

from __future__ import annotations

import math

import numpy as np

from engine.steps import Step

from .iterative import FIRST_ORDER_FORMATTERS, start_block, summary
from .text import Block, Board, sub


def newton_iterate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    if step.k == 0:
        return start_block(board, step, [f"H = {board.mat(board.quadratic.hessian)}",
                                         f"∇L(θ₀) = {board.dvec(board.working(d['gradient']))}"])
    direction = np.asarray(d["direction"])
    k = step.k
    if board.method == "newton":
        damping = board.params.get("damping", 1.0)
        text = f"θ{sub(k)} = θ{sub(k - 1)} − {board.num(damping, decimals=True)}·H⁻¹∇L = θ{sub(k - 1)} + " \
               f"{board.dvec(direction)}"
        lines = ["solve H·d = ∇L (never inverting H)", text]
    else:
        lines = [f"d = −B∇L, B ≈ H⁻¹ from {d['pairs']} stored pair(s) (two-loop recursion) = {board.dvec(direction)}",
                 f"exact line search: α = −∇Lᵀd / dᵀHd = {board.num(d['alpha'])}",
                 f"θ{sub(k)} = θ{sub(k - 1)} + α·d"]
    return Block(f"Iteration {k}", [*lines, summary(board, step)])


def sgd_iterate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    if step.k == 0:
        extra = [f"initial learning rate η = {board.num(d['lr'])}" if "lr" in d else "",
                 f"batch of {board.params.get('batch_size', 16)} rows drawn with replacement"]
        return start_block(board, step, [line for line in extra if line])
    rows = ", ".join(str(int(r) + 1) for r in d["batch"][:8]) + (" …" if len(d["batch"]) > 8 else "")
    lines = [f"rows drawn: {rows}",
             f"g_b = gradient of these rows only = {board.dvec(board.working(d['batch_gradient']))}",
             f"ηₖ = {board.num(d['lr'])},  θ{sub(step.k)} = θ{sub(step.k - 1)} − ηₖ·g_b",
             f"full-batch gradient now: {board.dvec(board.working(d['gradient']))}"]
    return Block(f"Iteration {step.k}", [*lines, summary(board, step)])


def annealing_iterate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    if step.k == 0:
        return start_block(board, step, [f"T₀ = {board.num(d['temperature'])}, σ₀ = {board.num(d['scale'])}"])
    delta, temperature = d["delta"], d["temperature"]
    lines = [f"Tₖ = {board.num(temperature, decimals=True)},  σₖ = {board.num(d['scale'], decimals=True)}",
             f"proposal θ' = θ + σₖ·z = {board.dvec(board.problem.to_working(d['proposal']), decimals=True)}",
             f"Δ = L(θ') − L(θ) = {board.num(delta, decimals=True)}"]
    if delta <= 0:
        lines.append("downhill: accepted")
    else:
        chance = math.exp(-min(delta / temperature, 745.0)) if temperature > 0 else 0.0
        verdict = "accepted" if d["accepted"] else "rejected"
        lines.append(f"uphill: accepted with probability e^(−Δ/T) = {board.num(chance)} → {verdict}")
    return Block(f"Iteration {step.k}", [*lines, summary(board, step)])


def power_iterate(board: Board, index: int, step: Step) -> Block:
    """v ← Mv/‖Mv‖ and the Rayleigh quotient, as the course notes' power-iteration example."""
    d = step.detail
    lowest = step.kind == "iterate-min"
    matrix = "M" if lowest else "H"
    i = 0
    while index - i - 1 >= 0 and board.steps[index - i - 1].kind == step.kind:
        i += 1
    i = step.k - board.steps[index - i].k
    vector = np.asarray(d["vector"])
    lines = []
    if i == 0:
        if lowest:
            lines.append(f"M = λmax·I − H = {board.mat(_shifted(board, d))}")
        else:
            lines.append(f"H = {board.mat(board.quadratic.hessian)}")
        lines.append(f"v₀ = e₁ = {board.dvec(vector)}")
    else:
        before = board.steps[index - 1]
        if before.kind == step.kind and before.k == step.k - 1:
            previous = np.asarray(before.detail["product"])
            lines.append(f"{matrix}v{sub(i - 1)} = {board.dvec(previous)},  ‖{matrix}v{sub(i - 1)}‖ = "
                         f"{board.num_approx(float(np.linalg.norm(previous)))}")
        lines.append(f"v{sub(i)} = {matrix}v{sub(i - 1)}/‖{matrix}v{sub(i - 1)}‖ = {board.dvec(vector)}")
    quotient = d["rayleigh"]
    if lowest:
        lines.append(f"λmin ≈ λmax − v{sub(i)}ᵀMv{sub(i)} = {board.num_approx(quotient)}")
    else:
        lines.append(f"λmax ≈ v{sub(i)}ᵀHv{sub(i)} = {board.num_approx(quotient)}")
    return Block(f"{'λmin' if lowest else 'λmax'}: iteration {i}", lines)


def _shifted(board: Board, detail) -> np.ndarray:
    h = board.quadratic.hessian
    shift = detail["rayleigh"] + detail["shifted_rayleigh"]
    return shift * np.eye(len(h)) - h


def eigvalsh(board: Board, index: int, step: Step) -> Block:
    return Block("eigvalsh", [step.title])


ITERATIVE_FORMATTERS = {
    **FIRST_ORDER_FORMATTERS,
    **dict.fromkeys(("newton", "lbfgs"), {"iterate": newton_iterate}),
    "sgd": {"iterate": sgd_iterate},
    "annealing": {"iterate": annealing_iterate},
    "power-iteration": {"iterate-max": power_iterate, "iterate-min": power_iterate, "eigvalsh": eigvalsh},
}

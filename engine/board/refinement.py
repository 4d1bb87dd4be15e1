"""The board text of iterative refinement in mixed precision: the low-precision solve, then each
correction computed from a float64 residual (what a lecturer writes for the modern GPU practice)."""

from __future__ import annotations

from engine.steps import Step

from .text import Block, Board

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _theta(k: int) -> str:
    return "θ" + str(k).translate(_SUBSCRIPTS)


def _digits(theta) -> str:
    """θ with every digit float64 holds (the digits refinement regains are the point), or its size."""
    values = list(theta)
    return "[" + ", ".join(f"{v:.15g}" for v in values) + "]" if len(values) <= 3 else f"{len(values)} parameters"


def low_precision_solve(board: Board, index: int, step: Step) -> Block:
    low = step.detail["factor_precision"]
    return Block(f"Factor A once in {low}", [
        f"A = Q̂R̂ by Householder reflections, every operation rounded to {low}.",
        f"θ₀ = R̂⁻¹Q̂ᵀy in {low}: {_digits(step.theta)}",
        f"‖y − Aθ₀‖ = {board.num_approx(step.detail['residual_norm'], decimals=True)} (computed in float64)"])


def refine(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    k = d["refinement"]
    return Block(f"Refinement {k}", [
        f"r = y − A{_theta(k - 1)} and Aᵀr in float64 (the high precision: no digit of the residual is lost)",
        f"R̂ᵀR̂ δ = Aᵀr with the {d['factor_precision']} factor R̂ (corrected semi-normal equations)",
        f"{_theta(k)} = {_theta(k - 1)} + δ, ‖δ‖ = {board.num_approx(d['correction_norm'], decimals=True)}: "
        f"{_digits(step.theta)}",
        f"‖y − A{_theta(k)}‖ = {board.num_approx(d['residual_norm'], decimals=True)}"])


REFINEMENT_FORMATTERS = {"refine": {"low-precision-solve": low_precision_solve, "refine": refine}}

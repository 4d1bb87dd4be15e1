"""The last step of a direct method that gives up: what failed and why, with the comparison.

The normal equations stop when κ(AᵀA) > 1/ε (ε of the precision they compute in); the sentence is the
step's own title, the one the solver's message (and so the window's legend) uses. Any other solver's "failed" step is
written with its own title.
"""

from __future__ import annotations

import math

from engine.singular_gram import power_text
from engine.steps import Step

from .text import Block, Board


def _normal_equations_lines(board: Board, step: Step) -> list[str]:
    kappa = float(step.detail["cond_gram"])
    if step.detail.get("test") == "overflow":
        return [step.title,
                "Squaring the columns made numbers the format cannot hold, before any digit was lost to κ.",
                "QR (householder, mgs) works on A itself; Scaling: standardize keeps "
                "AᵀA small."]
    if step.detail.get("test") == "cholesky":
        return [step.title,
                "A pivot of the factorisation came out ≤ 0, so there is no L with AᵀA = LLᵀ in floating point."]
    kappa_a = "∞" if not math.isfinite(kappa) else power_text(math.sqrt(kappa))
    return [step.title,
            f"κ(AᵀA) = κ(A)²: κ(A) with unit columns (each scaled to length 1) ≈ {kappa_a}, and forming AᵀA "
            "squares it.",
            "(AᵀA)⁻¹ would carry no correct digit, so the normal equations stop here: no answer.",
            "QR (householder, mgs) works on A itself and loses only κ(A)'s digits."]


def failed_block(board: Board, index: int, step: Step) -> Block:
    """'Step 3: the normal equations fail' with the κ comparison; else the solver's own words."""
    if "cond_gram" in step.detail:
        return Block(f"Step {index + 1}: the normal equations fail", _normal_equations_lines(board, step))
    return Block(f"Step {index + 1}: failed", [step.title])

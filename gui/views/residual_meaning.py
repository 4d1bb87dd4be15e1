"""What the residual plot draws, as plain numpy: the residual of each point for the chosen distance,
what to call it, and the runs of equal sign along x (a U is three runs: +, −, +).

Kept apart from the view so that the words and the arithmetic can be read (and tested) without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: A residual this close to 0 (relative to the largest) is counted as 0 when reading signs.
SIGN_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Residuals:
    """The residual r of every point, the fitted value ŷ, and the words for r."""

    r: np.ndarray
    fitted: np.ndarray
    label: str  # the axis title: what r is
    note: str  # a sentence on how r was measured ("" when r is plain y − ŷ)


def residuals_for(problem, theta, distance: str = "vertical") -> Residuals:
    """The residuals of θ on `problem` for "vertical", "perpendicular" or "absolute" distances.

    Vertical and absolute are both r = y − ŷ (least absolute deviations minimises Σ|r|, not Σr²).
    Perpendicular is the signed distance from (x, y) to the fitted hyperplane y = β₀ + β·x, that
    is (y − ŷ)/√(1 + ‖β‖²) over the slopes β; for a curve of degree > 1 it has no such formula,
    so the vertical residual is drawn and the note says so.
    """
    theta = np.asarray(theta, dtype=float)
    fitted = problem.design @ theta
    r = problem.y - fitted
    if distance == "absolute":
        return Residuals(r, fitted, "r = y − ŷ", "Least absolute deviations: the fit makes Σ|r| smallest.")
    if distance == "perpendicular":
        if problem.degree is None or problem.degree <= 1:
            slopes = theta[1:] if problem.intercept else theta
            return Residuals(r / np.sqrt(1.0 + float(slopes @ slopes)), fitted, "r⊥ (perpendicular)",
                             "r⊥ = (y − ŷ)/√(1 + slope²): the signed distance at right angles to the line.")
        return Residuals(r, fitted, "r = y − ŷ",
                         "A curved fit has no simple perpendicular distance: the vertical r = y − ŷ is drawn.")
    return Residuals(r, fitted, "r = y − ŷ", "")


def sign_runs(x: np.ndarray, r: np.ndarray) -> list[str]:
    """The signs of r in order of x, consecutive equal signs merged ("+", "−"); zeros are skipped.

    A straight line through a U-shaped cloud leaves ["+", "−", "+"]; a right model leaves many short runs.
    """
    x, r = np.asarray(x, dtype=float), np.asarray(r, dtype=float)
    if r.size == 0:
        return []
    scale = float(np.max(np.abs(r)))
    signs = np.sign(r[np.argsort(x, kind="stable")])
    signs = signs[np.abs(r[np.argsort(x, kind="stable")]) > SIGN_TOLERANCE * scale] if scale > 0 else signs[:0]
    if signs.size == 0:
        return []
    starts = np.concatenate([[True], signs[1:] != signs[:-1]])
    return ["+" if s > 0 else "−" for s in signs[starts]]


def describe_runs(runs: list[str]) -> str:
    """'signs along x: + − +' for a few runs, 'the sign changes 22 times along x' for many."""
    if not runs:
        return "every residual is 0"
    if len(runs) <= 6:
        return "signs along x: " + " ".join(runs)
    return f"the sign changes {len(runs) - 1} times along x"

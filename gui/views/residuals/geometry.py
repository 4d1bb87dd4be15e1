"""The residual pictures as numbers: the segment from each point to a fitted curve, its length,
and the square drawn on it, in data units. Pure numpy, so the tests and the canvas share it.

A polynomial θ is canonical ([B0, B1, ...], or [B1, ...] without an intercept), as a Step's θ.
"""

from __future__ import annotations

import numpy as np


def _powers(theta, intercept: bool) -> range:
    start = 0 if intercept else 1
    return range(start, start + len(theta))


def evaluate(theta, x, intercept: bool = True) -> np.ndarray:
    """The polynomial θ at x."""
    x = np.asarray(x, dtype=float)
    return sum((t * x ** j for t, j in zip(theta, _powers(theta, intercept))), np.zeros_like(x))


def slope(theta, x, intercept: bool = True) -> np.ndarray:
    """The derivative of the polynomial θ at x (which side of a segment the curve runs to)."""
    x = np.asarray(x, dtype=float)
    return sum((t * j * x ** (j - 1) for t, j in zip(theta, _powers(theta, intercept)) if j > 0), np.zeros_like(x))


def line_of(theta, intercept: bool = True) -> tuple[float, float] | None:
    """(a, b) of y = a + b·x when θ is a straight line, else None (a curve has no single perpendicular)."""
    theta = np.asarray(theta, dtype=float)
    if intercept and theta.size == 2:
        return float(theta[0]), float(theta[1])
    if not intercept and theta.size == 1:
        return 0.0, float(theta[0])
    return None


def vertical_feet(theta, x, intercept: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The point of the curve straight above or below each point: (x, ŷ)."""
    x = np.asarray(x, dtype=float)
    return x.copy(), evaluate(theta, x, intercept)


def perpendicular_feet(a: float, b: float, x, y) -> tuple[np.ndarray, np.ndarray]:
    """The foot of the perpendicular from each (x, y) to the line y = a + b·x."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    t = (x + b * (y - a)) / (1.0 + b * b)
    return t, a + b * t


def perpendicular_distances(a: float, b: float, x, y) -> np.ndarray:
    """Signed distances |a + b·x − y|/√(1 + b²) of each point from the line (positive above it)."""
    return (np.asarray(y, dtype=float) - a - b * np.asarray(x, dtype=float)) / np.sqrt(1.0 + b * b)


def segments(x, y, foot_x, foot_y) -> tuple[np.ndarray, np.ndarray]:
    """Vertices for a `connect="pairs"` item: point, foot, point, foot, ..."""
    return (np.column_stack([x, foot_x]).ravel(), np.column_stack([y, foot_y]).ravel())


def squares_on(x, y, foot_x, foot_y, side) -> np.ndarray:
    """The square drawn on each segment from its foot to its point, on the side `side` (±1 per
    point, or one for all: which way along the perpendicular of the segment): an (n, 4, 2) array of
    corners foot, point, point + s·v, foot + s·v, where v is the segment turned a quarter turn."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx, dy = x - np.asarray(foot_x, dtype=float), y - np.asarray(foot_y, dtype=float)
    side = np.broadcast_to(np.asarray(side, dtype=float), x.shape)
    vx, vy = -dy * side, dx * side  # the segment turned by 90°: a side of the same length
    corners = np.empty((x.size, 4, 2))
    corners[:, 0] = np.column_stack([foot_x, foot_y])
    corners[:, 1] = np.column_stack([x, y])
    corners[:, 2] = np.column_stack([x + vx, y + vy])
    corners[:, 3] = np.column_stack([foot_x + vx, foot_y + vy])
    return corners


def away_from_curve(theta, x, intercept: bool = True) -> np.ndarray:
    """For vertical segments: the side (±1, for `squares_on`) on which each square leaves the
    curve, so it does not cover the curve it hangs from: left of a point above a rising line, right
    of a point below it. (The segment turned a quarter turn points left when it goes up: for the
    curve to move away from the point, the side is the sign of the slope, whatever the sign of r.)"""
    return np.where(slope(theta, x, intercept) < 0, -1.0, 1.0)

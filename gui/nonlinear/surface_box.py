"""Where to look on a two-parameter loss surface: a box around the start, the best answer known
and the solvers' paths, the grid of parameter values inside it, and the grid's local minima.

Pure numpy, so the surface and the basin map agree on the box and tests can call it directly.
"""

from __future__ import annotations

import numpy as np

#: The box reaches this fraction of its width beyond the points it must show.
PAD = 0.35
#: A path may stretch the box to at most this many times the box the start and the answer need:
#: a diverging solver does not shrink the interesting part to a dot.
CAP = 4.0


def box_around(points, pad: float = PAD) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of a box holding every finite row of `points` (m × 2) with `pad` around it.

    A coordinate that does not vary (one point, or a start already at the answer) gets a width
    of half its size, or 1 when it is 0, so the box never has zero width."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    points = points[np.all(np.isfinite(points), axis=1)]
    if not len(points):
        return np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    low, high = points.min(axis=0), points.max(axis=0)
    centre, half = (low + high) / 2, (high - low) / 2
    for i in range(2):
        if not half[i] > 1e-9 * abs(centre[i]):
            half[i] = 0.5 * abs(centre[i]) if centre[i] else 1.0
    half = half * (1 + 2 * pad)
    return centre - half, centre + half


def capped(points, box: tuple[np.ndarray, np.ndarray], cap: float = CAP) -> np.ndarray:
    """The finite rows of `points` clipped to `cap` times `box` (about its centre)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    points = points[np.all(np.isfinite(points), axis=1)]
    centre, half = (box[0] + box[1]) / 2, (box[1] - box[0]) / 2
    return np.clip(points, centre - cap * half, centre + cap * half)


def contains(box: tuple[np.ndarray, np.ndarray], points) -> bool:
    """True if every finite row of `points` lies inside `box`."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    points = points[np.all(np.isfinite(points), axis=1)]
    return bool(np.all((points >= box[0]) & (points <= box[1])))


def grid_axes(box: tuple[np.ndarray, np.ndarray], columns: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The b1 values (`columns` of them) and b2 values (`rows`) of a regular grid over `box`."""
    return np.linspace(box[0][0], box[1][0], columns), np.linspace(box[0][1], box[1][1], rows)


def grid_minima(values: np.ndarray) -> list[tuple[int, int]]:
    """(row, column) of every interior grid point lower than its 8 neighbours (non-finite values
    count as high): the candidates for the minima of the surface, lowest first."""
    grid = np.where(np.isfinite(values), values, np.inf)
    if grid.shape[0] < 3 or grid.shape[1] < 3:
        return []
    centre = grid[1:-1, 1:-1]
    lowest = np.isfinite(centre)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            if di or dj:
                neighbour = grid[1 + di: grid.shape[0] - 1 + di, 1 + dj: grid.shape[1] - 1 + dj]
                lowest &= centre < neighbour
    rows, cols = np.nonzero(lowest)
    order = np.argsort(centre[rows, cols])
    return [(int(rows[k]) + 1, int(cols[k]) + 1) for k in order]


def distinct(points, scale: np.ndarray, tolerance: float = 1e-3) -> list[np.ndarray]:
    """The rows of `points` that are not within `tolerance`·`scale` (per coordinate) of an earlier one."""
    kept: list[np.ndarray] = []
    for point in np.asarray(points, dtype=float).reshape(-1, 2):
        if np.all(np.isfinite(point)) and not any(np.all(np.abs(point - k) <= tolerance * scale) for k in kept):
            kept.append(point)
    return kept

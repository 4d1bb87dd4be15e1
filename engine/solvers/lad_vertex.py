"""The exact finish of least absolute deviations: walk from vertex to vertex of the linear program.

Σ|r| is smallest at a *vertex*: a line (hyperplane) through p of the points, Z. There it is
optimal iff the certificate u, from A_Zᵀu = A_Nᵀ·sign(r_N) (N: the other points), has every
|uᵢ| ≤ 1. If some |uᵢ| > 1, letting point i go — moving along the edge where the other points of
Z stay on the line — lowers Σ|r| at the rate |uᵢ| − 1; the best place on that edge is a weighted
median, and the point reached there joins Z (Barrodale & Roberts 1973, an exchange of the simplex
method). Each exchange costs O(n·p + n log n): no n × n work.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..problem import EPS

#: |uᵢ| this close to 1 means an edge of equally good answers leaves the vertex (not unique).
UNIQUE_MARGIN = 1e-9
#: |uᵢ| must exceed 1 by this much for an exchange (rounding must not make the walk cycle).
EXCHANGE_MARGIN = 1e-10


@dataclass(frozen=True)
class Vertex:
    """A line through the points `rows`: its θ, residuals, Σ|r| and certificate u."""

    theta: np.ndarray
    r: np.ndarray
    objective: float
    rows: np.ndarray
    u: np.ndarray | None

    @property
    def optimal(self) -> bool:
        return self.u is None or float(np.max(np.abs(self.u))) <= 1 + EXCHANGE_MARGIN

    @property
    def not_unique(self) -> bool:
        """An optimal vertex with some |uᵢ| = 1: Σ|r| stays the same along an edge."""
        return self.u is not None and self.optimal and float(np.max(np.abs(self.u))) >= 1 - UNIQUE_MARGIN


def vertex_through(a: np.ndarray, y: np.ndarray, rows: np.ndarray) -> Vertex:
    theta = np.linalg.solve(a[rows], y[rows])
    r = y - a @ theta
    r[rows] = 0.0
    return Vertex(theta, r, float(np.abs(r).sum()), rows, _certificate(a, r, rows))


def _certificate(a: np.ndarray, r: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
    """u of A_Zᵀu = A_Nᵀ·sign(r_N); None at a degenerate vertex (another point on the line too).
    r is 0 on Z, so A_Nᵀ·sign(r_N) = Aᵀ·sign(r): one pass, no copy of A_N."""
    scale = float(np.abs(r).max()) if r.size else 0.0
    if scale == 0 or np.count_nonzero(np.abs(r) <= 1e3 * EPS * scale) > rows.size:
        return None
    return np.linalg.solve(a[rows].T, a.T @ np.sign(r))


def nearest_vertex(a: np.ndarray, y: np.ndarray, r: np.ndarray) -> Vertex | None:
    """The line through the p points nearest the current line whose rows are independent."""
    p = a.shape[1]
    chosen: list[int] = []
    size = np.abs(r)
    nearest = np.argpartition(size, 8 * p)[: 8 * p] if r.size > 8 * p else np.arange(r.size)
    for i in nearest[np.argsort(size[nearest], kind="stable")]:
        if np.linalg.matrix_rank(a[[*chosen, int(i)]]) == len(chosen) + 1:
            chosen.append(int(i))
        if len(chosen) == p:
            return vertex_through(a, y, np.array(chosen))
    return None


def exchange(a: np.ndarray, y: np.ndarray, vertex: Vertex) -> tuple[Vertex, int, int] | None:
    """One exchange: the point whose |uᵢ| is largest leaves Z, the one reached on its edge joins.
    Returns the new vertex with (leaving, entering) row indices; None if Σ|r| would not fall."""
    leave = int(np.argmax(np.abs(vertex.u)))
    direction = np.zeros(a.shape[1])
    direction[leave] = np.sign(vertex.u[leave])
    d = np.linalg.solve(a[vertex.rows], direction)
    c = a @ d
    moving = np.abs(c) > EPS * np.abs(c).max()
    moving[np.delete(vertex.rows, leave)] = False
    breaks = vertex.r[moving] / c[moving]
    weights = np.abs(c[moving])
    order = np.argsort(breaks)
    half = np.searchsorted(np.cumsum(weights[order]), 0.5 * weights.sum())
    enter = int(np.flatnonzero(moving)[order[min(half, order.size - 1)]])
    if enter in vertex.rows:
        return None
    rows = vertex.rows.copy()
    rows[leave] = enter
    if np.linalg.matrix_rank(a[rows]) < a.shape[1]:
        return None
    moved = vertex_through(a, y, rows)
    if moved.objective >= vertex.objective:
        return None
    return moved, int(vertex.rows[leave]), enter

"""The model at many parameter points at once: f(B) for B of shape (m, p), so a row of the basin map or
of the loss surface is one numpy expression instead of m Python calls.

The formula's expression tree evaluates with numpy broadcasting, so parameters of shape (m, 1) and
x of shape (n,) give an (m, n) array. A model without such a tree is evaluated point by point.
"""

from __future__ import annotations

import numpy as np

from . import expression as ex
from .problem import NonlinearProblem


def _columns(problem: NonlinearProblem) -> list[np.ndarray]:
    x = problem.x if problem.x.ndim == 2 else problem.x[:, None]
    return [x[:, j] for j in range(x.shape[1])]


def _stacked(problem: NonlinearProblem, node, points: np.ndarray) -> np.ndarray | None:
    """The node's value at every point (m, n), or None when the model cannot be evaluated in bulk."""
    try:
        with np.errstate(all="ignore"):
            value = ex.evaluate(node, points.T[:, :, None], _columns(problem))
        return np.broadcast_to(np.asarray(value, dtype=float), (points.shape[0], problem.n))
    except (AttributeError, TypeError, ValueError, IndexError):
        return None


def residuals(problem: NonlinearProblem, points: np.ndarray) -> np.ndarray:
    """r at each of the m points (rows of `points`): shape (m, n); inf/nan where the model fails."""
    points = np.atleast_2d(np.asarray(points, dtype=float))
    tree = getattr(problem.formula, "tree", None)
    values = _stacked(problem, tree, points) if tree is not None else None
    if values is None:
        with np.errstate(all="ignore"):
            return np.array([problem.residual(b) for b in points])
    return values - problem.y


def jacobians(problem: NonlinearProblem, points: np.ndarray) -> np.ndarray:
    """J at each of the m points: shape (m, n, p)."""
    points = np.atleast_2d(np.asarray(points, dtype=float))
    derivatives = getattr(problem.formula, "derivatives", None)
    if derivatives is not None:
        columns = [_stacked(problem, node, points) for node in derivatives]
        if all(column is not None for column in columns):
            return np.stack(columns, axis=-1)
    with np.errstate(all="ignore"):
        return np.array([problem.jacobian(b) for b in points])


def losses(problem: NonlinearProblem, points: np.ndarray) -> np.ndarray:
    """½‖r‖² at each point (inf where the model overflows or is undefined)."""
    r = residuals(problem, points)
    with np.errstate(all="ignore"):
        values = 0.5 * np.einsum("mi,mi->m", r, r)
    return np.where(np.isfinite(values), values, np.inf)

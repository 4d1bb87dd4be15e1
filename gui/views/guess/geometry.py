"""Pure numpy: where My line's handles sit and which θ a set of handles means.

A guess is a θ in canonical order and original units, the coefficients `Problem.predict` uses.
The handles are points on the curve: p of them (p = the number of coefficients) fix the curve
through them, so θ is the solution of the p × p system predict(θ, xᵢ) = yᵢ. For a line with an
intercept a third handle in the middle moves B0 alone (a shift), which is coordinate descent.
"""

from __future__ import annotations

import numpy as np

#: The handles start across this part of the view's width (none on its edge).
SPREAD = (0.15, 0.85)
#: Two handles never come closer than this fraction of the view's width (the system stays solvable).
MIN_GAP = 0.03
#: One key press nudges B0 by this fraction of the points' height; B1 so that the line's end moves as much.
NUDGE = 0.02


def basis_at(problem, xs) -> np.ndarray:
    """The matrix M with M[i, j] = predict(e_j, xs[i]): the curve's values at xs are M @ θ."""
    xs = np.asarray(xs, dtype=float)
    return np.column_stack([problem.predict(unit, xs) for unit in np.eye(problem.p)])


def theta_through(problem, xs, ys) -> np.ndarray | None:
    """θ of the curve through the handles (xs, ys); None when they do not fix one (equal xs)."""
    matrix = basis_at(problem, xs)
    if not np.all(np.isfinite(matrix)) or np.linalg.cond(matrix) > 1e12:
        return None
    theta = np.linalg.solve(matrix, np.asarray(ys, dtype=float))
    return theta if np.all(np.isfinite(theta)) else None


def handle_xs(problem, x_range: tuple[float, float]) -> np.ndarray:
    """Where the p handles start: spread evenly across the view (x = 0 avoided for a curve through
    the origin, whose one handle there would fix nothing)."""
    low, high = x_range
    xs = low + (high - low) * np.linspace(*SPREAD, problem.p) if problem.p > 1 else np.array([low + 0.8 * (high - low)])
    if not problem.intercept:
        xs = np.where(np.abs(xs) < 1e-9 * max(abs(low), abs(high), 1.0), xs + 0.1 * (high - low), xs)
    return xs


def flat_guess(problem, xs) -> np.ndarray:
    """The first guess: flat at the mean of y (through the origin when there is no intercept, the
    line through the mean point instead), never the least-squares answer."""
    y_mean = float(np.mean(problem.y))
    if problem.intercept:
        theta = np.zeros(problem.p)
        theta[0] = y_mean
        return theta
    theta = theta_through(problem, xs, np.full(len(xs), y_mean))
    return np.zeros(problem.p) if theta is None else theta


def away_from(theta: np.ndarray, best: np.ndarray | None, problem) -> np.ndarray:
    """`theta`, tilted a little if it happens to be the answer already (a flat cloud of points)."""
    if best is None or not np.allclose(theta, best, rtol=1e-6, atol=1e-9):
        return theta
    tilted = np.array(theta, dtype=float)
    tilted[-1] += nudge_sizes(problem)[-1] * 5
    return tilted


def allowed_x(xs: np.ndarray, index: int, x: float, gap: float) -> float:
    """The pointer's x for handle `index`, unless that brings it within `gap` of a neighbour (or
    past one): then the handle keeps its x and only rises or falls."""
    others = np.delete(xs, index)
    low = others[others < xs[index]].max(initial=-np.inf) + gap
    high = others[others > xs[index]].min(initial=np.inf) - gap
    return float(x) if low <= x <= high else float(xs[index])


def dragged(problem, theta, theta0, xs, index: int, where: tuple[float, float], press_y: float, *, gap: float):
    """(θ, handle xs, the coefficient moved alone or None) after handle `index` went to `where`;
    None when the handles no longer fix a curve. The handle past the p curve handles is the middle
    one of a line: B0 alone, by how far the pointer went up or down since the press (θ0 then)."""
    if index >= problem.p:
        moved = np.array(theta0, dtype=float)
        moved[0] += where[1] - press_y
        return moved, xs, 0
    xs = np.array(xs, dtype=float)
    ys = problem.predict(theta, xs)
    ys[index] = where[1]
    xs[index] = allowed_x(xs, index, where[0], gap)
    moved = theta_through(problem, xs, ys)
    return None if moved is None else (moved, xs, None)


def has_shift_handle(problem) -> bool:
    """A line with an intercept gets a middle handle that moves B0 alone."""
    return problem.degree == 1 and problem.intercept


def nudge_sizes(problem) -> np.ndarray:
    """How far one key press moves each coefficient: the curve's end moves by NUDGE of the points'
    height (for Bj: that height over the points' width to the power j)."""
    y_span = float(np.ptp(problem.y)) or 1.0
    x = problem.x if problem.x is not None else np.zeros(1)
    x_span = float(np.max(np.abs(x))) or 1.0
    powers = np.arange(0 if problem.intercept else 1, (problem.degree or 1) + 1)[: problem.p]
    return NUDGE * y_span / x_span ** powers

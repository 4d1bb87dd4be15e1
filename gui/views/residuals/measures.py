"""What the bars add up, in the words of the loss setting: for the vertical distance exactly
`problem.loss(θ)` (½·mean or ½·sum of r², the height on the loss surface), for the perpendicular
one the same of the perpendicular distances (a line only), for the absolute one the mean or the
sum of |r| (what least absolute deviations makes small). Pure numpy over an engine Problem."""

from __future__ import annotations

import numpy as np

from engine import Problem
from engine.own_references import lad_optimum, tls_reference

from . import geometry

#: The loss setting's own words (the Model panel says "½·mean of squares", "½·sum of squares").
SQUARES_WORDS = {"mean": "½·mean of squares", "sum": "½·sum of squares"}
PERPENDICULAR_WORDS = {"mean": "½·mean of squared perpendicular distances",
                       "sum": "½·sum of squared perpendicular distances"}
#: Above this many points the exact least Σ|r| (a linear program) is not solved while drawing.
LP_ROWS_WHILE_DRAWING = 2_000
ABSOLUTE_WORDS = {"mean": "mean of |r|", "sum": "sum of |r| (Σ|r|)"}


def _kind(problem: Problem) -> str:
    return "sum" if problem.loss_kind == "sum" else "mean"


def drawn_distance(problem: Problem, theta, distance: str) -> str:
    """The distance actually drawn and added: a perpendicular needs a straight line."""
    if distance == "perpendicular" and (theta is None or geometry.line_of(theta, problem.intercept) is None):
        return "vertical"
    return distance


def measure(problem: Problem, theta, distance: str) -> float:
    """The number a bar shows for θ (see the module docstring)."""
    distance = drawn_distance(problem, theta, distance)
    if distance == "perpendicular":
        a, b = geometry.line_of(theta, problem.intercept)
        d = geometry.perpendicular_distances(a, b, problem.x, problem.y)
        return 0.5 * float(d @ d) * problem.loss_scale
    if distance == "absolute":
        return float(np.abs(problem.residual(theta)).sum()) * problem.loss_scale
    return problem.loss(theta)


def measure_words(problem: Problem, theta, distance: str) -> str:
    """The bars' title: what they add up, in the loss setting's words."""
    distance = drawn_distance(problem, theta, distance)
    words = {"perpendicular": PERPENDICULAR_WORDS, "absolute": ABSOLUTE_WORDS}.get(distance, SQUARES_WORDS)
    return words[_kind(problem)]


def least_squares_theta(problem: Problem) -> np.ndarray:
    """The least-squares θ of `problem`, from numpy's lstsq on its design (canonical order)."""
    return np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]


def best_of_distance(problem: Problem, distance: str, least_squares: np.ndarray) -> tuple[str, float]:
    """The mark to beat and its name: the least value of the distance being added up. Vertical:
    least squares; perpendicular: total least squares (its own SVD); absolute: the exact least
    Σ|r| of the linear program. Where that cannot be had (a curve, no TLS line, too many points
    for the LP while drawing), the least-squares line's value, named so."""
    distance = drawn_distance(problem, least_squares, distance)
    fallback = ("least squares", measure(problem, least_squares, distance))
    if distance == "perpendicular":
        theta, _sigma = tls_reference(problem)
        if theta is None or geometry.line_of(theta, problem.intercept) is None:
            return fallback
        return "least perpendicular (TLS)", measure(problem, theta, distance)
    if distance == "absolute":
        optimum = lad_optimum(problem) if problem.n <= LP_ROWS_WHILE_DRAWING else None
        if optimum is None:
            return fallback
        return "least Σ|r| (LAD)", optimum * problem.loss_scale
    return fallback


def trust_of_weights(weights) -> np.ndarray:
    """IRLS's weights as how much each point is trusted, in [0, 1]: its weight against the median
    weight. Scaled to the largest weight instead, one point that happens to sit on the line
    (weight 1/δ) would fade every other; against the median, the typical points stay opaque and
    the outliers, whose weights are far below it, fade."""
    weights = np.asarray(weights, dtype=float).ravel()
    middle = float(np.median(weights)) if weights.size else 0.0
    if not middle > 0:
        return np.ones_like(weights)
    return np.clip(weights / middle, 0.0, 1.0)

"""Total least squares: the line nearest the points in *perpendicular* distance.

Ordinary least squares blames all the error on y (vertical residuals); total least squares
admits errors in x too and minimises the squared perpendicular distances. Its answer comes from
one SVD (Golub & Van Loan, *Matrix Computations*, §6.3): centre the data, and the direction of
least spread — the right singular vector v of the smallest singular value of [X_c | y_c] — is
the normal of the best line; it passes through the centroid. For degree > 1 the "points" are
the rows (x, x², …, y) of the design, so it is TLS with errors in every column of the design.

TLS is not scale-invariant: a perpendicular distance mixes the units of x and y, so the answer
is computed on the data in their original units, whatever the basis order and column scaling.
"""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Result, Step
from .common import failure, matrix_text, small, underdetermined

#: The two smallest singular values closer than this (relative to σmax, times the size) are equal.
TIE_FACTOR = 16.0
#: Warn that the answer is fragile when the gap is below this fraction of σmax.
FRAGILE_GAP = 1e-8


def _columns(problem: Problem) -> tuple[np.ndarray, list[str]]:
    """The design's columns other than the intercept, in original units, and their labels."""
    start = 1 if problem.intercept else 0
    return problem.design[:, start:], list(problem.column_labels[start:])


def _constant_column_message(problem: Problem, label: str, value: float) -> str:
    if problem.x is not None:
        return (f"All the x values are equal (x = {value:.6g}): the perpendicular fit is the vertical line "
                f"x = {value:.6g}, which no y = a + b·x can express, so total least squares has no answer here.")
    return (f"The column '{label}' has the same value {value:.6g} in every row: the nearest hyperplane is "
            f"{label} = {value:.6g}, which no y = B0 + B1·x1 + … can express, so total least squares has "
            "no answer here.")


def _vertical_message(problem: Problem, v_y: float) -> str:
    what = "line" if problem.p <= 2 else "hyperplane"
    return (f"The {what} nearest the points in perpendicular distance is vertical (to rounding: its normal "
            f"has y-component {v_y:.1e}): it cannot be written as y = a + b·x, so total least squares has "
            "no answer here.")


def _tie_message(sigma: np.ndarray) -> str:
    return (f"Not unique: the two smallest singular values are equal ({sigma[-2]:.6g} and {sigma[-1]:.6g}), so "
            "every direction between their singular vectors fits equally well in perpendicular distance "
            "(e.g. points spread evenly in a circle). Total least squares has no single answer here.")


def run_tls(problem: Problem):
    """Centre [X | y], take its SVD, read the line off the singular vector of the smallest σ."""
    if (short := underdetermined(problem, "tls")) is not None:
        return short
    columns, labels = _columns(problem)
    data = np.column_stack([columns, problem.y])
    m = data.shape[1]
    if problem.intercept:
        for j in range(m - 1):
            if np.ptp(columns[:, j]) == 0:
                return failure("tls", _constant_column_message(problem, labels[j], float(columns[0, j])),
                               iterations=0)
        means = data.mean(axis=0)
        centred = data - means
        title = ("centre: subtract the means " + matrix_text(means)
                 + " (the perpendicular best fit passes through the centroid)")
    else:
        means = np.zeros(m)
        centred = data
        title = "no intercept: the fit passes through the origin, so the data are not centred"
    yield Step(k=0, kind="centre", title=title, detail={"means": means, "centred": small(problem, centred)})

    _, sigma, vt = np.linalg.svd(centred, full_matrices=False)
    sigma = np.concatenate([sigma, np.zeros(m - sigma.size)])  # n < m: the missing σ are 0
    yield Step(k=1, kind="svd", title="[X_c | y_c] = UΣVᵀ,  σ = " + matrix_text(sigma),
               detail={"sigma": sigma, "v": vt.T if vt.shape[0] == m else None})
    if vt.shape[0] < m or (m >= 2 and sigma[-2] - sigma[-1] <= TIE_FACTOR * max(problem.n, m) * EPS * sigma[0]):
        return failure("tls", _tie_message(sigma), iterations=2, diagnostics={"sigma": sigma})
    v = vt[-1]
    yield Step(k=2, kind="v-min", title=f"v_min = right singular vector of σ_min = {sigma[-1]:.6g}:  "
               + matrix_text(v), detail={"v": v, "sigma_min": float(sigma[-1])})
    v_y = float(v[-1])
    if abs(v_y) <= TIE_FACTOR * m * EPS:
        return failure("tls", _vertical_message(problem, v_y), iterations=3, diagnostics={"sigma": sigma})

    slopes = -v[:-1] / v_y
    intercept = [float(means[-1] - means[:-1] @ slopes)] if problem.intercept else []
    theta = np.array([*intercept, *slopes])
    if problem.p <= 4:
        values = ", ".join(f"{name} = {value:.10g}" for name, value in zip(problem.parameter_names, theta))
    else:
        values = f"{problem.p} parameters"
    formula = "slopes = −v_x / v_y" + (", B0 = ȳ − x̄·slopes" if problem.intercept else "")
    perpendicular = float(sigma[-1]) ** 2
    loss = 0.5 * perpendicular * problem.loss_scale
    yield Step(k=3, kind="solution", title=f"{formula}  →  {values}", theta=theta, loss=loss,
               detail={"names": problem.parameter_names})
    return _answer(problem, theta, sigma, loss, perpendicular)


def _answer(problem: Problem, theta: np.ndarray, sigma: np.ndarray, loss: float, perpendicular: float) -> Result:
    if not np.all(np.isfinite(theta)):
        return failure("tls", "The computation produced a number that is not finite (overflow): no answer.",
                       iterations=4)
    warnings = []
    if sigma.size >= 2 and sigma[-2] - sigma[-1] < FRAGILE_GAP * sigma[0]:
        warnings.append(f"The two smallest singular values are nearly equal ({sigma[-2]:.6g} and {sigma[-1]:.6g}): "
                        "the perpendicular best fit is nearly not unique, and a tiny change in the data can "
                        "turn it a lot.")
    residual_norm = float(np.linalg.norm(problem.residual(theta)))
    return Result(method="tls", theta=theta, status="converged", iterations=4, loss=loss,
                  residual_norm=residual_norm, warnings=tuple(warnings),
                  diagnostics={"sigma": sigma, "perpendicular_sum_of_squares": perpendicular})


SOLVERS.add(SolverSpec(
    name="tls", label="Total least squares (perpendicular distances)", family="Other distances",
    summary="Minimises the squared perpendicular distances (errors in x and y) from the SVD of the centred "
            "data; for degree > 1, errors in every column of the design. Its loss is ½·mean (or ½·sum) of "
            "the squared perpendicular distances.",
    run=run_tls, kappa_exponent=1, scale_invariant=False))

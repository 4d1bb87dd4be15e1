"""Least absolute deviations by iteratively reweighted least squares (IRLS).

min Σ|rᵢ| has no formula, but Σ|rᵢ| = Σ wᵢ·rᵢ² with wᵢ = 1/|rᵢ|: so solve a weighted least-squares
problem, recompute the weights from its residuals, and repeat (Schlossmacher 1973). Each step is
one QR of √w·A (O(n·p²), no n × n matrix). A point far from the line gets a small weight: that is
why LAD is not pulled by outliers the way least squares is. The minimum of Σ|r| is reached at a
line through p of the points (a vertex of the linear program), so IRLS stops early (tol) and the
last steps go to the line through the p points nearest its answer, then exchange points one at a
time while that lowers Σ|r| (engine/solvers/lad_vertex.py): the answer is the exact optimum.

`loss` for this method is mean |r| (or Σ|r| with the sum loss): the quantity LAD minimises, in
the units of y — not ½·mean r².
"""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Result, Step
from .common import dependent_column_message, failure, underdetermined
from .lad_vertex import Vertex, exchange, nearest_vertex

#: The IRLS weights are carried on every step (the canvas shows them as opacity) up to this n.
WEIGHT_ROWS = 10_000


def weighted_qr_solve(a: np.ndarray, y: np.ndarray, root_w: np.ndarray) -> np.ndarray:
    """min ‖√w·(y − Aθ)‖ by Householder QR of [√w·A | √w·y] (LAPACK geqrf): y rides along as an
    extra column, so R and Qᵀ(√w·y) come from one O(n·p²) pass; then R θ = Qᵀ(√w·y)."""
    import scipy.linalg
    import scipy.linalg.lapack

    p = a.shape[1]
    m = np.empty((a.shape[0], p + 1), order="F")
    np.multiply(a, root_w[:, None], out=m[:, :p])
    np.multiply(y, root_w, out=m[:, p])
    factored, _, _, info = scipy.linalg.lapack.dgeqrf(m, overwrite_a=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"LAPACK dgeqrf returned {info}")
    r = np.triu(factored[:p, :p + 1])
    pivots = np.abs(np.diag(r[:, :p]))
    tolerance = max(a.shape) * EPS * max(float(np.linalg.norm(r[:, :p], axis=0).max()), 1e-300)
    if np.any(pivots <= tolerance):
        raise DependentColumns(int(np.argmax(pivots <= tolerance)), float(pivots.min()))
    return scipy.linalg.solve_triangular(r[:, :p], r[:, p], check_finite=False)


class DependentColumns(ArithmeticError):
    """A pivot of R at rounding level: the weighted columns are dependent."""

    def __init__(self, column: int, pivot: float):
        super().__init__(f"column {column} is dependent (pivot {pivot:.1e})")
        self.column, self.pivot = column, pivot


def _weights_detail(problem: Problem, weights: np.ndarray) -> dict:
    if problem.n > WEIGHT_ROWS:
        return {}
    return {"weights": weights / weights.max()}


def run_lad(problem: Problem, max_iter: int = 100, tol: float = 1e-4, delta: float = 1e-6,
            start: np.ndarray | None = None):
    """Start from least squares (or `start`); reweight wᵢ = 1/max(|rᵢ|, δ) and re-solve by QR until
    Σ|r| stalls; then finish exactly by exchanges between vertices of the linear program."""
    if (short := underdetermined(problem, "lad")) is not None:
        return short
    a, y = problem.matrix, problem.y
    scale = problem.loss_scale
    ones = np.ones(problem.n)
    try:
        theta = weighted_qr_solve(a, y, ones)
    except DependentColumns as dependent:
        return failure("lad", dependent_column_message(problem, dependent.column, dependent.pivot), iterations=0)
    if start is not None:
        theta = np.asarray(start, dtype=float)
    r = y - a @ theta
    objective = float(np.abs(r).sum())
    floor = delta * max(objective / problem.n, np.finfo(float).tiny)
    where = "the given start" if start is not None else "least squares (all weights 1)"
    yield Step(k=0, kind="start", title=f"start from {where}:  Σ|r| = {objective:.10g}",
               theta=problem.to_original(theta), loss=scale * objective, detail=_weights_detail(problem, ones))
    best = (objective, theta)
    last_weights = _weights_detail(problem, ones)  # the exchanges keep showing IRLS's last weights
    status, k = "max_iter", 0
    for k in range(1, int(max_iter) + 1):
        if objective == 0.0:
            status = "converged"
            break
        weights = 1.0 / np.maximum(np.abs(r), floor)
        try:
            theta = weighted_qr_solve(a, y, np.sqrt(weights))
        except DependentColumns:  # weights so uneven that √w·A lost a column: go on from the best so far
            break
        r = y - a @ theta
        previous, objective = objective, float(np.abs(r).sum())
        if objective < best[0]:
            best = (objective, theta)
        last_weights = _weights_detail(problem, weights)
        yield Step(k=k, kind="reweight",
                   title=f"w = 1/max(|r|, δ), solve min Σ w·r² by QR of √w·A:  Σ|r| = {objective:.10g}",
                   theta=problem.to_original(theta), loss=scale * objective, detail=last_weights)
        if previous - objective <= tol * previous:
            status = "converged"
            break
    objective, theta = best
    vertex = nearest_vertex(a, y, y - a @ theta) if objective > 0 else None
    if vertex is None:
        return _answer(problem, theta, y - a @ theta, objective, status, k + 1, None, floor)
    k += 1
    yield _vertex_step(problem, k, vertex, f"the line through the {problem.p} points nearest it (a vertex of "
                       "the linear program)", last_weights)
    for _ in range(int(max_iter) * problem.p):
        if vertex.optimal or (moved := exchange(a, y, vertex)) is None:
            break
        vertex, leaving, entering = moved
        k += 1
        yield _vertex_step(problem, k, vertex, f"exchange: point {leaving + 1} leaves the line, point "
                           f"{entering + 1} joins it", last_weights)
    if vertex.objective > objective:  # the walk stopped short (rounding): IRLS's answer is better
        return _answer(problem, theta, y - a @ theta, objective, status, k + 1, None, floor)
    status = "converged" if vertex.optimal else status
    return _answer(problem, vertex.theta, vertex.r, vertex.objective, status, k + 1, vertex, floor)


def _vertex_step(problem: Problem, k: int, vertex: Vertex, words: str, weights: dict) -> Step:
    """An exchange of the linear program; it carries IRLS's last weights (`weights`), which the
    canvas keeps showing as the points' opacity."""
    certificate = "" if vertex.u is None else f", max |u| = {np.max(np.abs(vertex.u)):.6g}"
    return Step(k=k, kind="vertex", title=f"{words}:  Σ|r| = {vertex.objective:.10g}{certificate}"
                + ("  (optimal: every |u| ≤ 1)" if vertex.optimal else ""),
                theta=problem.to_original(vertex.theta), loss=problem.loss_scale * vertex.objective,
                detail={"rows": vertex.rows, **weights})


def _answer(problem: Problem, theta_working: np.ndarray, r: np.ndarray, objective: float, status: str,
            iterations: int, vertex: Vertex | None, floor: float) -> Result:
    theta = problem.to_original(theta_working)
    if not np.all(np.isfinite(theta)):
        return failure("lad", "The computation produced a number that is not finite (overflow): no answer.",
                       iterations=iterations)
    warnings = []
    if vertex is not None and vertex.not_unique:
        warnings.append("Not unique: Σ|r| takes the same smallest value along a whole segment of lines "
                        "(as the median of an even number of values can be anything between the middle two); "
                        "this is one of them.")
    if status == "max_iter":
        warnings.append(f"Stopped after {iterations - 1} steps before Σ|r| settled: raise max_iter.")
    return Result(method="lad", theta=theta, status=status, iterations=iterations,
                  loss=objective * problem.loss_scale, residual_norm=float(np.linalg.norm(r)),
                  warnings=tuple(warnings),
                  diagnostics={"sum_abs_residuals": objective, "delta": floor})


SOLVERS.add(SolverSpec(
    name="lad", label="Least absolute deviations (IRLS)", family="Other distances", direct=False,
    summary="Minimises Σ|r| (absolute vertical distances), so outliers pull less; each step a weighted "
            "least-squares solve by QR with weights 1/|r|. Its loss is mean |r| (or Σ|r|).",
    run=run_lad, kappa_exponent=1,
    hyperparameters=(
        Hyperparameter("max_iter", "int", 100, "The most reweighting steps.", low=1, high=100_000, log_scale=True),
        Hyperparameter("tol", "float", 1e-4,
                       "Stop reweighting when Σ|r| falls by less than this fraction in a step; exchanges of "
                       "points then reach the exact minimum.", low=0.0, high=1.0, log_scale=True),
        Hyperparameter("delta", "float", 1e-6,
                       "δ, relative to the mean |r| of the least-squares start: a weight is 1/max(|r|, δ), "
                       "because a point on the line (r = 0) would get an infinite weight.",
                       low=1e-15, high=1e-2, log_scale=True),
    )))

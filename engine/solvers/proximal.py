"""Proximal gradient for the lasso: min L(θ) + λ‖θ‖₁.

Each step is a gradient step on L followed by the soft threshold S(x, ηλ) = sign(x)·max(|x| − ηλ, 0),
which sets small coefficients exactly to zero (the course notes' S(1.5, 0.3) = 1.2). The intercept
is never thresholded. λ = 0 is plain least squares. Both compute in the problem's precision, every
result rounded.
"""

from __future__ import annotations

import math

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from .common import answer
from .iterative import (
    LR,
    MAX_ITER,
    TOL,
    Quadratic,
    diverged,
    diverging_step,
    iteration_step,
    learning_rate,
    runaway,
    stalled,
    start_point,
)
from .stagnation import StallWatch

LAM = Hyperparameter("lam", "float", 0.0,
                     "L1 penalty λ: adds λ·‖θ‖₁ (intercept excluded); larger λ zeroes more coefficients. "
                     "0 gives plain least squares.", low=0.0, high=1e12, log_scale=True)


def soft_threshold(x: np.ndarray, threshold, fl=None) -> np.ndarray:
    """S(x, t) = sign(x)·max(|x| − t, 0), the proximal map of t·‖·‖₁ (`fl` rounds |x| − t)."""
    if fl is None:
        return np.sign(x) * np.maximum(np.abs(x) - threshold, 0.0)
    return np.sign(x) * np.maximum(fl(np.abs(x) - threshold), 0.0)


def _proximal(problem: Problem, method: str, *, accelerated: bool, lr, lam: float, max_iter: int, tol: float,
              start):
    quadratic = Quadratic(problem)
    if (refusal := quadratic.out_of_range(method)) is not None:
        return refusal
    ar = quadratic.arithmetic
    fl, number, watch = ar.fl, ar.number, StallWatch(ar)
    rounding = None if ar.double else fl
    eta = number(learning_rate(quadratic, lr))
    penalised = np.ones(problem.p)
    if problem.intercept:
        penalised[int(np.flatnonzero(problem.order == 0)[0])] = 0.0
    thresholds = ar.array(number(eta * lam) * penalised) if not ar.double else eta * lam * penalised

    def objective(w):
        return quadratic.loss(w) + lam * float(np.abs(w * penalised).sum())

    def stationarity(w):
        """‖w − S(w − η∇L(w), ηλ)‖/η: zero exactly at the lasso's minimum (the gradient's analogue)."""
        moved = soft_threshold(fl(w - fl(eta * quadratic.gradient(w))), thresholds, rounding)
        return float(np.linalg.norm(fl(w - moved))) / eta

    w = start_point(problem, start)
    threshold = tol * stationarity(w)
    previous, momentum_point, t = w, w, 1.0
    start_loss = objective(w)
    yield iteration_step(problem, quadratic, 0, w, quadratic.gradient(w), "start", loss=start_loss)
    for k in range(1, max_iter + 1):
        point = momentum_point if accelerated else w
        gradient = quadratic.gradient(point)
        before = fl(point - fl(eta * gradient))
        latest = w
        w = soft_threshold(before, thresholds, rounding)
        loss = objective(w)
        if runaway(loss, start_loss) or not np.all(np.isfinite(w)):
            yield diverging_step(problem, quadratic, k, w, loss)
            return diverged(method, quadratic, eta, k, start_loss, loss)
        if accelerated:
            t_next = (1 + math.sqrt(1 + 4 * t * t)) / 2
            momentum_point = fl(w + fl(number((t - 1) / t_next) * fl(w - previous)))
            t = t_next
        previous = w
        yield iteration_step(problem, quadratic, k, w, gradient, f"iteration {k}: S(θ − η∇L, ηλ), objective {loss:.6g}",
                             loss=loss, before_threshold=before, threshold=eta * lam, zeros=int(np.sum(w == 0)))
        if (measure := stationarity(w)) <= threshold:
            return _done(problem, method, w, k, eta, lam, converged=True)
        if watch.stalled(k, latest, w):
            return stalled(problem, method, w, k, quadratic=quadratic, watch=watch,
                           measure="the proximal gradient", value=measure, tol=tol, lr=eta, lam=lam)
    return _done(problem, method, w, max_iter, eta, lam, converged=False)


def _done(problem, method, w, k, eta, lam, *, converged):
    diagnostics = {"lr": eta, "lam": lam}
    if lam:
        diagnostics["penalty"] = "l1"
    if converged:
        return answer(problem, method, w, iterations=k, diagnostics=diagnostics)
    return answer(problem, method, w, iterations=k, status="max_iter", diagnostics=diagnostics,
                  message=f"Stopped after {k} iterations before the proximal gradient fell below tol.")


def run_ista(problem: Problem, lr="auto", lam: float = 0.0, max_iter: int = 10_000, tol: float = 1e-10, start=None):
    """ISTA: θ ← S(θ − η∇L(θ), ηλ)."""
    return (yield from _proximal(problem, "ista", accelerated=False, lr=lr, lam=lam, max_iter=max_iter, tol=tol,
                                 start=start))


def run_fista(problem: Problem, lr="auto", lam: float = 0.0, max_iter: int = 10_000, tol: float = 1e-10,
              start=None):
    """FISTA: ISTA from an extrapolated point, tₖ₊₁ = (1 + √(1 + 4tₖ²))/2: O(1/k²) instead of O(1/k)."""
    return (yield from _proximal(problem, "fista", accelerated=True, lr=lr, lam=lam, max_iter=max_iter, tol=tol,
                                 start=start))


SOLVERS.add(SolverSpec(
    name="ista", label="ISTA (proximal gradient, L1)", family="Proximal methods", direct=False,
    summary="Gradient step, then soft threshold: the lasso, with exact zeros.",
    run=run_ista, hyperparameters=(LR, LAM, MAX_ITER, TOL), precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="fista", label="FISTA (accelerated proximal gradient)", family="Proximal methods", direct=False,
    summary="ISTA with Nesterov-style extrapolation: the same answers, much sooner.",
    run=run_fista, hyperparameters=(LR, LAM, MAX_ITER, TOL), precisions=PRECISION_NAMES))

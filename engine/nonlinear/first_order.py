"""Gradient descent, momentum, Adam and L-BFGS on the nonlinear loss ½‖r(b)‖², so they race Gauss-Newton.

They see only the loss and its gradient Jᵀr, never J itself. They step in units where each column of
J at the start has length 1 (z = D·b), as the linear lab rescales its columns: otherwise a learning
rate right for b1 ≈ 250 would be 10⁵ times too large for b2 ≈ 5·10⁻⁴ (Misra1a). The update rules
are engine/updates.py's, shared with the linear lab; L-BFGS uses the two-loop recursion with a
backtracking (Armijo) line search.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import numpy as np

from ..registry import Hyperparameter, SolverSpec
from ..updates import AdamState, adam_update, momentum_update
from . import stopping
from .ending import finish, out_of_iterations, start_refusal
from .point import Point, evaluate, iterate_step, reduction
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS, max_iter

#: A loss this many times its start value means the iteration is running away.
BLOW_UP = 1e8
#: Armijo's sufficient decrease: the loss must fall by this fraction of what the slope promises.
ARMIJO = 1e-4


class _Scaled:
    """The loss in units z = D·b with D the column norms of J at the start."""

    def __init__(self, problem: NonlinearProblem, point: Point):
        self.problem = problem
        self.scale = stopping.floored_norms(point.jacobian)
        self.curvature = float(np.linalg.norm(point.jacobian / self.scale, 2)) ** 2  # λmax of the scaled JᵀJ

    def gradient(self, point: Point) -> np.ndarray:
        return point.gradient / self.scale

    def moved(self, point: Point, z_step: np.ndarray) -> tuple[Point, np.ndarray]:
        """The point after z ← z − z_step, and the step δ in b."""
        delta = -z_step / self.scale
        return evaluate(self.problem, point.b + delta), delta


Update = Callable[[Point, np.ndarray, int], np.ndarray]


def _descend(problem: NonlinearProblem, method: str, start, max_iter: int, make_update: Callable[[_Scaled], Update],
             lr_words: str):
    """The loop every first-order method shares: step, report, stop at a minimum or when running away."""
    point = evaluate(problem, problem.start if start is None else start)
    if (refusal := start_refusal(method, point)) is not None:
        return refusal
    scaled = _Scaled(problem, point)
    update = make_update(scaled)
    first = point.loss
    yield iterate_step(problem, 0, point, title=f"start: loss {point.loss:.6g}")
    for k in range(1, max_iter + 1):
        z_step = update(point, scaled.gradient(point), k)
        previous = point
        point, delta = scaled.moved(point, z_step)
        if not point.finite or point.loss > BLOW_UP * max(first, 1e-300) or not np.isfinite(point.jacobian).all():
            loss = f"{point.loss:.3g}" if point.finite else "beyond floating point"
            return finish(method, problem, previous, k, "diverged",
                          f"Diverged: the loss grew from {first:.3g} to {loss} by iteration {k} — {lr_words} is too "
                          "large for the curvature of this loss. Lower lr.")
        yield iterate_step(problem, k, point, delta=delta, projection=previous.jacobian @ delta,
                           title=f"{method}: loss {point.loss:.10g}")
        step_size = stopping.relative_step(delta, scaled.scale, previous.b)
        if stopping.gradient_at_rounding(point, step_size):
            return finish(method, problem, point, k, "converged", stopping.gradient_message(point, k))
        if step_size <= stopping.ROUNDING_TOL and stopping.no_gain_possible(problem, point):
            return finish(method, problem, point, k, "converged", stopping.no_gain_message(problem, point, k))
    return out_of_iterations(method, problem, point, max_iter)


def _rate(lr, scaled: _Scaled) -> float:
    return 1.0 / scaled.curvature if lr == "auto" else float(lr)


def run_gd(problem: NonlinearProblem, *, start=None, lr="auto", max_iter: int = 5000):
    """z ← z − η∇L(z)."""
    def make(scaled):
        eta = _rate(lr, scaled)
        return lambda point, g, k: eta * g
    return (yield from _descend(problem, "gd", start, max_iter, make, "the learning rate"))


def run_momentum(problem: NonlinearProblem, *, start=None, lr="auto", beta: float = 0.9, max_iter: int = 5000):
    """The heavy ball: v ← βv + ∇L, z ← z − ηv."""
    def make(scaled):
        eta, velocity = _rate(lr, scaled), np.zeros(problem.p)

        def update(point, g, k):
            nonlocal velocity
            step, velocity = momentum_update(velocity, g, eta, beta)
            return step
        return update
    return (yield from _descend(problem, "momentum", start, max_iter, make, "the learning rate"))


def run_adam(problem: NonlinearProblem, *, start=None, lr="auto", beta1: float = 0.9, beta2: float = 0.999,
             eps: float = 1e-8, max_iter: int = 5000):
    """Adam on the scaled parameters; lr auto = 10⁻³·‖z₀‖ (a thousandth of the start's size per step)."""
    def make(scaled):
        z0 = float(np.linalg.norm(scaled.scale * np.asarray(problem.start if start is None else start, float)))
        eta, state = (1e-3 * max(z0, 1e-8) if lr == "auto" else float(lr)), AdamState()

        def update(point, g, k):
            nonlocal state
            step, state = adam_update(state, g, eta, beta1, beta2, eps, k)
            return step
        return update
    return (yield from _descend(problem, "adam", start, max_iter, make, "the learning rate"))


def run_lbfgs(problem: NonlinearProblem, *, start=None, memory: int = 10, max_iter: int = 1000):
    """L-BFGS: the two-loop recursion turns the last `memory` (step, gradient change) pairs into an
    approximate Newton direction; a backtracking line search keeps every step downhill."""
    def make(scaled):
        pairs: deque[tuple[np.ndarray, np.ndarray]] = deque(maxlen=memory)
        last: list = []  # the previous (z-gradient, z-step) to form the next pair

        def update(point, g, k):
            if last:
                previous_gradient, previous_step = last
                moved, change = -previous_step, g - previous_gradient  # s = z_new − z_old, y = g_new − g_old
                if float(change @ moved) > 1e-12 * float(np.linalg.norm(change) * np.linalg.norm(moved)):
                    pairs.append((moved, change))  # only pairs of positive curvature keep H positive definite
            direction = _two_loop(g, pairs) if pairs else g / scaled.curvature
            step = _backtrack(scaled, point, g, direction)
            last[:] = [g, step]
            return step
        return update
    return (yield from _descend(problem, "lbfgs", start, max_iter, make, "the step"))


def _two_loop(gradient: np.ndarray, pairs) -> np.ndarray:
    """H·g for the L-BFGS inverse-Hessian estimate H of the stored (s, y) pairs (Nocedal & Wright 7.4)."""
    q, alphas = gradient.copy(), []
    for s, y in reversed(pairs):
        alpha = float(s @ q) / float(y @ s)
        alphas.append(alpha)
        q -= alpha * y
    s, y = pairs[-1]
    q *= float(s @ y) / float(y @ y)
    for (s, y), alpha in zip(pairs, reversed(alphas)):
        q += (alpha - float(y @ q) / float(y @ s)) * s
    return q


def _backtrack(scaled: _Scaled, point: Point, gradient: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The z-step t·direction with t = 1, ½, ¼, ... until the loss falls enough (Armijo)."""
    slope = float(gradient @ direction)
    if slope <= 0:  # not downhill (rounding near the minimum): fall back on the gradient
        direction, slope = gradient / scaled.curvature, float(gradient @ gradient) / scaled.curvature
    t = 1.0
    for _ in range(60):
        trial, _ = scaled.moved(point, t * direction)
        if reduction(point, trial) >= ARMIJO * t * slope:
            return t * direction
        t /= 2
    return t * direction


LR = Hyperparameter("lr", "float-or-auto", "auto",
                    "Learning rate η in units where each column of J at the start has length 1, or auto = 1/L "
                    "with L the largest eigenvalue of the scaled JᵀJ at the start.", low=0.0, high=1e12,
                    log_scale=True)
ADAM_LR = Hyperparameter("lr", "float-or-auto", "auto",
                         "Step length η (in units where each column of J at the start has length 1), or "
                         "auto = 10⁻³·‖z₀‖, a thousandth of the start point's size.", low=0.0, high=1e12,
                         log_scale=True)
FAMILY = "Gradient methods"

NONLINEAR_SOLVERS.add(SolverSpec(
    name="gd", label="Gradient descent", family=FAMILY, direct=False,
    summary="b ← b − η∇L: uses only the gradient Jᵀr; slow in the long curved valleys of nonlinear fits.",
    run=run_gd, hyperparameters=(LR, max_iter(5000))))
NONLINEAR_SOLVERS.add(SolverSpec(
    name="momentum", label="Momentum (heavy ball)", family=FAMILY, direct=False,
    summary="Accumulates a velocity v ← βv + ∇L and steps along it: faster through long valleys.",
    run=run_momentum, hyperparameters=(
        LR, Hyperparameter("beta", "float", 0.9, "Momentum coefficient β: how much of the velocity is kept.",
                           low=0.0, high=0.9999), max_iter(5000))))
NONLINEAR_SOLVERS.add(SolverSpec(
    name="adam", label="Adam", family=FAMILY, direct=False,
    summary="Steps of about η in every parameter, scaled by running averages of the gradient and its square.",
    run=run_adam, hyperparameters=(
        ADAM_LR,
        Hyperparameter("beta1", "float", 0.9, "β₁: decay of the gradient average m (momentum).", low=0.0,
                       high=0.9999),
        Hyperparameter("beta2", "float", 0.999, "β₂: decay of the squared-gradient average v.", low=0.0,
                       high=0.999999),
        Hyperparameter("eps", "float", 1e-8, "ε added to √v so a zero gradient does not divide by zero.",
                       low=0.0, high=1.0, log_scale=True),
        max_iter(5000))))
NONLINEAR_SOLVERS.add(SolverSpec(
    name="lbfgs", label="L-BFGS", family=FAMILY, direct=False,
    summary="Builds a curvature estimate from the last steps and gradients (two-loop recursion) and takes "
            "quasi-Newton steps with a backtracking line search.",
    run=run_lbfgs, hyperparameters=(
        Hyperparameter("memory", "int", 10, "How many recent (step, gradient change) pairs L-BFGS keeps.",
                       low=1, high=1000), max_iter(1000))))

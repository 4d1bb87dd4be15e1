"""Gradient descent and its momentum variants, one step per iteration.

All follow the seed's notation: gradient g, learning rate η, velocity v.
"""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from .common import answer
from .iterative import LR, MAX_ITER, TOL, Quadratic, diverged, iteration_step, learning_rate, runaway, start_point

BETA = Hyperparameter("beta", "float", 0.9, "Momentum coefficient β: how much of the velocity is kept.",
                      low=0.0, high=0.9999)


def _descend(problem: Problem, method: str, update, *, lr, max_iter: int, tol: float, start=None):
    """The loop every first-order method shares; `update(w, g, η)` returns (new w, detail)."""
    quadratic = Quadratic(problem)
    eta = learning_rate(quadratic, lr)
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    start_loss = quadratic.loss(w)
    start_norm = float(np.linalg.norm(g))
    yield iteration_step(problem, quadratic, 0, w, g, f"start: θ₀, loss {start_loss:.6g}", lr=eta)
    for k in range(1, max_iter + 1):
        w, detail = update(w, g, eta)
        g = quadratic.gradient(w)
        loss = quadratic.loss(w)
        if runaway(loss, start_loss) or not np.all(np.isfinite(w)):
            return diverged(method, quadratic, eta, k, start_loss, loss)
        yield iteration_step(problem, quadratic, k, w, g, f"iteration {k}: loss {loss:.6g}", **detail)
        if np.linalg.norm(g) <= tol * start_norm:
            return answer(problem, method, w, iterations=k, diagnostics={"lr": eta})
    return answer(problem, method, w, iterations=max_iter, status="max_iter",
                  message=f"Stopped after {max_iter} iterations before the gradient fell below tol.",
                  diagnostics={"lr": eta})


def run_gd(problem: Problem, lr="auto", max_iter: int = 10_000, tol: float = 1e-10, start=None):
    """θ ← θ − η∇L(θ)."""
    def update(w, g, eta):
        return w - eta * g, {"step": -eta * g}
    return (yield from _descend(problem, "gd", update, lr=lr, max_iter=max_iter, tol=tol, start=start))


def run_momentum(problem: Problem, lr="auto", beta: float = 0.9, max_iter: int = 10_000, tol: float = 1e-10,
                 start=None):
    """The seed's heavy ball: v ← βv + ∇L(θ), θ ← θ − ηv (velocity starts at zero)."""
    velocity = np.zeros(problem.p)

    def update(w, g, eta):
        nonlocal velocity
        velocity = beta * velocity + g
        return w - eta * velocity, {"velocity": velocity.copy()}
    return (yield from _descend(problem, "momentum", update, lr=lr, max_iter=max_iter, tol=tol, start=start))


def run_nesterov(problem: Problem, lr="auto", beta: float = 0.9, max_iter: int = 10_000, tol: float = 1e-10,
                 start=None):
    """Look ahead before the gradient: v ← βv + ∇L(θ − ηβv), θ ← θ − ηv."""
    velocity = np.zeros(problem.p)
    quadratic = Quadratic(problem)

    def update(w, g, eta):
        nonlocal velocity
        velocity = beta * velocity + quadratic.gradient(w - eta * beta * velocity)
        return w - eta * velocity, {"velocity": velocity.copy()}
    return (yield from _descend(problem, "nesterov", update, lr=lr, max_iter=max_iter, tol=tol, start=start))


SOLVERS.add(SolverSpec(
    name="gd", label="Gradient descent", family="Gradient methods", direct=False,
    summary="θ ← θ − η∇L(θ): simple steps, many of them; stable only for η < 2/L.",
    run=run_gd, hyperparameters=(LR, MAX_ITER, TOL)))

SOLVERS.add(SolverSpec(
    name="momentum", label="Momentum (heavy ball)", family="Gradient methods", direct=False,
    summary="Accumulates a velocity v ← βv + ∇L and steps along it: faster through long valleys.",
    run=run_momentum, hyperparameters=(LR, BETA, MAX_ITER, TOL)))

SOLVERS.add(SolverSpec(
    name="nesterov", label="Nesterov accelerated gradient", family="Gradient methods", direct=False,
    summary="Momentum that evaluates the gradient where the velocity is about to take it.",
    run=run_nesterov, hyperparameters=(LR, BETA, MAX_ITER, TOL)))

"""Gradient descent and its momentum variants, one step per iteration.

All follow the course notes' notation: gradient g, learning rate η, velocity v. They compute in
the problem's precision: θ, v and the gradient are held in it and every result is rounded (`fl`).
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..updates import momentum_update
from .arithmetic import Arithmetic
from .common import failure
from .iterative import L2, LR, MAX_ITER, TOL, Quadratic, descend

BETA = Hyperparameter("beta", "float", 0.9, "Momentum coefficient β: how much of the velocity is kept.",
                      low=0.0, high=0.9999)


def run_gd(problem: Problem, lr="auto", max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0, start=None):
    """θ ← θ − η∇L(θ)."""
    fl = Arithmetic(problem.precision).fl

    def update(w, g, eta, k):
        return fl(w - fl(eta * g)), {}
    return (yield from descend(problem, "gd", update, lr=lr, max_iter=max_iter, tol=tol, start=start, l2=l2))


def run_momentum(problem: Problem, lr="auto", beta: float = 0.9, max_iter: int = 10_000, tol: float = 1e-10,
                 l2: float = 0.0, start=None):
    """The course notes' heavy ball: v ← βv + ∇L(θ), θ ← θ − ηv (velocity starts at zero)."""
    ar = Arithmetic(problem.precision)
    if (lost := ar.decay_lost(beta=beta)) is not None:
        return failure("momentum", lost, iterations=0)
    velocity, beta = ar.array(np.zeros(problem.p)), ar.number(beta)

    def update(w, g, eta, k):
        nonlocal velocity
        step, velocity = momentum_update(velocity, g, eta, beta, fl=ar.fl)
        return ar.fl(w - step), {"velocity": velocity}
    return (yield from descend(problem, "momentum", update, lr=lr, max_iter=max_iter, tol=tol, start=start,
                               l2=l2))


def run_nesterov(problem: Problem, lr="auto", beta: float = 0.9, max_iter: int = 10_000, tol: float = 1e-10,
                 l2: float = 0.0, start=None):
    """Look ahead before the gradient: v ← βv + ∇L(θ − ηβv), θ ← θ − ηv."""
    ar = Arithmetic(problem.precision)
    if (lost := ar.decay_lost(beta=beta)) is not None:
        return failure("nesterov", lost, iterations=0)
    velocity, beta = ar.array(np.zeros(problem.p)), ar.number(beta)
    quadratic = Quadratic(problem, l2)

    def update(w, g, eta, k):
        nonlocal velocity
        ahead = ar.fl(w - ar.fl(ar.number(eta * beta) * velocity))
        step, velocity = momentum_update(velocity, quadratic.gradient(ahead), eta, beta, fl=ar.fl)
        return ar.fl(w - step), {"velocity": velocity}
    return (yield from descend(problem, "nesterov", update, lr=lr, max_iter=max_iter, tol=tol, start=start,
                               quadratic=quadratic))


SOLVERS.add(SolverSpec(
    name="gd", label="Gradient descent", family="Gradient methods", direct=False,
    summary="θ ← θ − η∇L(θ): simple steps, many of them; stable only for η < 2/L.",
    run=run_gd, hyperparameters=(LR, MAX_ITER, TOL, L2), precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="momentum", label="Momentum (heavy ball)", family="Gradient methods", direct=False,
    summary="Accumulates a velocity v ← βv + ∇L and steps along it: faster through long valleys.",
    run=run_momentum, hyperparameters=(LR, BETA, MAX_ITER, TOL, L2), precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="nesterov", label="Nesterov accelerated gradient", family="Gradient methods", direct=False,
    summary="Momentum that evaluates the gradient where the velocity is about to take it.",
    run=run_nesterov, hyperparameters=(LR, BETA, MAX_ITER, TOL, L2), precisions=PRECISION_NAMES))

"""What every iterative optimizer shares: the quadratic loss from the cached Gram matrix,
the learning rate `auto` = 1/L, stopping, and an honest `diverged`.

Full-batch methods never touch the rows after the first O(n·p²) pass: with G = AᵀA,
b = Aᵀy, the loss is ½(θᵀGθ − 2bᵀθ + yᵀy) and its gradient Gθ − b (divided by n for the
mean), so each iteration costs O(p²) whatever n is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..problem import Problem
from ..registry import Hyperparameter
from ..steps import Result, Step

#: A loss this many times its start value means the iteration is running away.
BLOW_UP = 1e8

LR = Hyperparameter("lr", "float-or-auto", "auto",
                    "Learning rate η, or auto = 1/L where L = λmax of the loss's Hessian (AᵀA, /n for "
                    "the mean loss). Gradient descent diverges above 2/L.", low=0.0, high=1e12, log_scale=True)
MAX_ITER = Hyperparameter("max_iter", "int", 10_000, "Stop after this many iterations.", low=1, high=10**7)
TOL = Hyperparameter("tol", "float", 1e-10,
                     "Stop when the gradient norm falls below tol × its value at the start.",
                     low=0.0, high=1.0, log_scale=True)


@dataclass(frozen=True)
class Quadratic:
    """The least-squares loss of a problem in the solver's (working) coordinates."""

    problem: Problem

    @cached_property
    def hessian(self) -> np.ndarray:
        return self.problem.gram * self.problem.loss_scale

    @cached_property
    def lipschitz(self) -> float:
        """L = λmax of the Hessian: the gradient's Lipschitz constant."""
        return float(np.linalg.eigvalsh(self.hessian)[-1])

    def loss(self, w: np.ndarray) -> float:
        p = self.problem
        value = 0.5 * (w @ p.gram @ w - 2 * p.aty @ w + p.yty) * self.problem.loss_scale
        return max(float(value), 0.0)

    def gradient(self, w: np.ndarray) -> np.ndarray:
        return (self.problem.gram @ w - self.problem.aty) * self.problem.loss_scale


def learning_rate(quadratic: Quadratic, lr) -> float:
    return 1.0 / quadratic.lipschitz if lr == "auto" else float(lr)


def start_point(problem: Problem, start) -> np.ndarray:
    """The start in working coordinates (given in original units; zeros by default)."""
    return np.zeros(problem.p) if start is None else problem.to_working(start)


def iteration_step(problem: Problem, quadratic: Quadratic, k: int, w: np.ndarray, gradient: np.ndarray,
                   title: str, **detail) -> Step:
    """One iteration as the views need it: θ in original units, the loss and the gradient."""
    gradient_canonical = np.empty(problem.p)
    gradient_canonical[problem.order] = gradient
    theta = problem.to_original(w)
    if problem.p <= 4:
        title += "  θ = (" + ", ".join(f"{v:.6g}" for v in theta) + ")"
    return Step(k=k, kind="iterate", title=title, theta=theta, loss=quadratic.loss(w),
                grad_norm=float(np.linalg.norm(gradient)),
                detail={"gradient": gradient_canonical, **detail})


def diverged(method: str, quadratic: Quadratic, lr: float, k: int, start_loss: float, loss: float) -> Result:
    bound = 2.0 / quadratic.lipschitz
    grew = "became infinite or not a number" if not math.isfinite(loss) else \
        f"grew from {start_loss:.3g} to {loss:.3g}"
    return Result(method=method, theta=None, status="diverged", iterations=k,
                  message=f"Diverged at iteration {k}: the loss {grew}. The learning rate {lr:.3g} is above "
                          f"the stability bound 2/L = {bound:.3g} (L = λmax = {quadratic.lipschitz:.3g}); "
                          f"try lr ≤ {bound / 2:.3g} or lr=auto.")


def runaway(loss: float, start_loss: float) -> bool:
    return not math.isfinite(loss) or loss > BLOW_UP * max(start_loss, 1e-300)

"""One momentum and one Adam (engine.updates), shared by the solvers and the neural experiments.

Expected values are worked by hand from the update formulas, or unrolled here in plain numpy
from the course notes' formulas (v ← βv + g; m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import Problem, iterate
from engine.neural import Optimizer
from engine.updates import AdamState, adam_update, momentum_update

X, Y = np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 2.0, 2.0, 4.0])  # four points, a line fits them roughly
START = np.array([0.5, -0.5])


def test_momentum_by_hand():
    step, velocity = momentum_update(np.zeros(2), np.array([2.0, -4.0]), 0.1, 0.9)
    np.testing.assert_allclose(velocity, [2.0, -4.0])
    np.testing.assert_allclose(step, [0.2, -0.4])
    step, velocity = momentum_update(velocity, np.array([1.0, 1.0]), 0.1, 0.9)
    np.testing.assert_allclose(velocity, [2.8, -2.6])  # 0.9·2 + 1, 0.9·(−4) + 1
    np.testing.assert_allclose(step, [0.28, -0.26])


def test_adam_first_step_is_lr_times_the_sign_of_the_gradient():
    gradient = np.array([3.0, -0.5])
    step, state = adam_update(AdamState(), gradient, 0.01, 0.9, 0.999, 1e-8, 1)
    np.testing.assert_allclose(state.m, 0.1 * gradient)
    np.testing.assert_allclose(state.v, 0.001 * gradient**2)
    np.testing.assert_allclose(step, 0.01 * gradient / (np.abs(gradient) + 1e-8), rtol=1e-12)
    raw, _ = adam_update(AdamState(), gradient, 0.01, 0.9, 0.999, 0.0, 1, bias_correction=False)
    np.testing.assert_allclose(raw, 0.01 * 0.1 * gradient / np.sqrt(0.001 * gradient**2))


def _gradient(theta):
    """∇ of ½Σ(θ₀ + θ₁x − y)², the sum loss of the course notes."""
    design = np.column_stack([np.ones_like(X), X])
    return design.T @ (design @ theta - Y)


def _unrolled(kind: str, steps: int, lr: float) -> list[np.ndarray]:
    theta, v, m = START.copy(), np.zeros(2), np.zeros(2)
    path = [theta.copy()]
    for t in range(1, steps + 1):
        g = _gradient(theta)
        if kind == "momentum":
            v = 0.9 * v + g
            theta = theta - lr * v
        else:
            m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
            theta = theta - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        path.append(theta.copy())
    return path


@pytest.mark.parametrize("kind", ["momentum", "adam"])
def test_the_solver_and_the_neural_optimizer_take_the_same_steps(kind):
    lr, steps = 0.02, 6
    expected = _unrolled(kind, steps, lr)
    problem = Problem.from_points(X, Y, degree=1, loss="sum")
    solver_path = [s.theta for s in iterate(problem, kind, lr=lr, max_iter=steps, tol=0.0, start=list(START))]
    np.testing.assert_allclose(solver_path[: steps + 1], expected, rtol=1e-12, atol=1e-14)
    optimizer, params, neural_path = Optimizer(kind, lr), {"theta": START.copy()}, [START.copy()]
    for _ in range(steps):
        optimizer.step(params, {"theta": _gradient(params["theta"])})
        neural_path.append(params["theta"].copy())
    np.testing.assert_allclose(neural_path, expected, rtol=1e-12, atol=1e-14)

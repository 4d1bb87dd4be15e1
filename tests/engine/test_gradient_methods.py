"""Gradient descent and momentum: the seed's hand calculation, convergence, divergence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Problem, iterate, run_to_end, solve

SEED = Problem.from_points([1, 2], [3, 5])


def trace(problem, method, **kwargs):
    steps = []
    result = run_to_end(iterate(problem, method, **kwargs), steps.append)
    return steps, result


def test_gd_reproduces_the_seeds_three_iterations():
    """The seed: (a, b) = (1.3, 0.8), (1.71, 1.05), (1.84, 1.13); we print B0 = b, B1 = a.

    Its third row rounds: the exact arithmetic gives b₃ = 1.05 + 0.1·0.77 = 1.127.
    """
    steps, result = trace(SEED, "gd", loss="sum", start=[0, 0], lr=0.1, max_iter=3)
    thetas = [s.theta for s in steps]
    np.testing.assert_allclose(thetas, [[0, 0], [0.8, 1.3], [1.05, 1.71], [1.127, 1.84]], atol=1e-12)
    np.testing.assert_allclose(steps[0].detail["gradient"], [-8, -13], atol=1e-12)
    np.testing.assert_allclose(steps[1].detail["gradient"], [-2.5, -4.1], atol=1e-12)
    assert result.status == "max_iter"


def test_momentum_takes_the_seeds_step_from_iteration_2():
    """From (a, b) = (1.3, 0.8) with zero velocity, β = 0.9: v = ∇L, so (a, b) → (1.71, 1.05)."""
    steps, _ = trace(SEED, "momentum", loss="sum", start=[0.8, 1.3], lr=0.1, beta=0.9, max_iter=1)
    np.testing.assert_allclose(steps[1].detail["velocity"], [-2.5, -4.1], atol=1e-12)
    np.testing.assert_allclose(steps[1].theta, [1.05, 1.71], atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["gd", "momentum", "nesterov"]),
       st.sampled_from(["mean", "sum"]))
def test_defaults_reach_the_least_squares_solution(seed, method, loss):
    rng = np.random.default_rng(seed)
    n, k = 60, 3
    features = rng.standard_normal((n, k))
    y = features @ rng.standard_normal(k) + rng.standard_normal(n)
    problem = Problem.from_table(features, y)
    expected = np.linalg.lstsq(problem.design, y, rcond=None)[0]
    result = solve(problem, method, loss=loss)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())


def test_gd_above_two_over_l_diverges_and_names_the_bound():
    problem = Problem.from_points(np.linspace(0, 3, 20), np.linspace(1, 7, 20))
    lipschitz = np.linalg.eigvalsh(problem.gram / problem.n)[-1]
    result = solve(problem, "gd", lr=2.5 / lipschitz)
    assert result.status == "diverged"
    assert "2/L" in result.message and f"{2 / lipschitz:.3g}" in result.message
    assert result.theta is None


def test_gd_just_below_two_over_l_still_converges():
    problem = Problem.from_points(np.linspace(0, 3, 20), np.linspace(1, 7, 20))
    lipschitz = np.linalg.eigvalsh(problem.gram / problem.n)[-1]
    result = solve(problem, "gd", lr=1.9 / lipschitz, max_iter=100_000)
    assert result.status == "converged"
    np.testing.assert_allclose(result.theta, [1, 2], rtol=1e-6)


@pytest.mark.parametrize("bad", ["fast", "-1"])
def test_bad_learning_rates_are_refused(bad):
    with pytest.raises(ValueError, match="lr"):
        iterate(SEED, "gd", lr=bad)

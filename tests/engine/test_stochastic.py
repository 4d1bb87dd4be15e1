"""SGD and simulated annealing: reproducible traces, the seed's one-point gradient, accuracy, failure."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine.solvers.stochastic  # noqa: F401  (registers sgd and annealing)
from engine import SOLVERS, InputError, Problem, iterate, run_to_end, solve

SEED = Problem.from_points([1, 2, 3, 4], [3, 5, 7, 9])


def trace(problem, method, **kwargs):
    steps = []
    result = run_to_end(iterate(problem, method, **kwargs), steps.append)
    return steps, result


def random_problem(seed, n=200, noise=0.1):
    """A well-conditioned fit: Gaussian features, an intercept, coefficients of size 1 to 3."""
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 4))
    features = rng.standard_normal((n, k))
    theta = rng.uniform(1, 3, k + 1) * rng.choice([-1, 1], k + 1)
    y = theta[0] + features @ theta[1:] + noise * rng.standard_normal(n)
    return Problem.from_table(features, y)


def test_registered_as_stochastic_iterative_methods():
    for name in ("sgd", "annealing"):
        spec = SOLVERS.get(name)
        assert spec.family == "Stochastic methods" and not spec.direct
        assert "seed" in spec.defaults() and "l2" in spec.defaults()
    assert SOLVERS.get("sgd").defaults()["batch_size"] == 16


@pytest.mark.parametrize("method", ["sgd", "annealing"])
def test_same_seed_same_trace_other_seed_other_trace(method):
    problem = random_problem(1, n=30)
    first, r1 = trace(problem, method, seed=7, max_iter=50)
    again, r2 = trace(problem, method, seed=7, max_iter=50)
    other, _ = trace(problem, method, seed=8, max_iter=50)
    assert len(first) == len(again) == 51
    for a, b in zip(first, again):
        assert a.title == b.title and a.loss == b.loss
        np.testing.assert_array_equal(a.theta, b.theta)
    np.testing.assert_array_equal(r1.theta, r2.theta)
    assert any(not np.array_equal(a.theta, b.theta) for a, b in zip(first, other))


@pytest.mark.parametrize("loss, factor", [("mean", 1.0), ("sum", 4.0)])
def test_batch_of_one_uses_the_gradient_of_that_single_point(loss, factor):
    """The seed: each iteration uses one point (xᵢ, yᵢ); with r = B0 + B1·xᵢ − yᵢ the one-point loss
    ½r² has gradient r·(1, xᵢ); for the ½·Σ loss the unbiased estimate is n = 4 times that."""
    lr, decay = 0.01, 100.0
    steps, result = trace(SEED, "sgd", loss=loss, batch_size=1, lr=lr, decay=decay, seed=3, start=[0, 0],
                          max_iter=6)
    assert result.status == "max_iter"
    for k in range(1, 7):
        (i,) = steps[k].detail["batch"]
        x, y = SEED.x[i], SEED.y[i]
        b0, b1 = steps[k - 1].theta
        expected = factor * (b0 + b1 * x - y) * np.array([1.0, x])
        np.testing.assert_allclose(steps[k].detail["batch_gradient"], expected, rtol=1e-12)
        eta = lr / (1 + (k - 1) / decay)
        np.testing.assert_allclose(steps[k].theta, steps[k - 1].theta - eta * expected, rtol=1e-12)


def test_first_iteration_can_use_only_the_point_2_5_as_in_the_seed():
    """Rows are drawn with numpy's default_rng(seed).integers(0, n, batch): pick a seed that draws (2, 5)."""
    seed = next(s for s in range(100) if np.random.default_rng(s).integers(0, 4, 1)[0] == 1)
    steps, _ = trace(SEED, "sgd", batch_size=1, lr=0.01, seed=seed, start=[0, 0], max_iter=1)
    assert list(steps[1].detail["batch"]) == [1]
    np.testing.assert_allclose(steps[1].detail["batch_gradient"], [-5.0, -10.0])  # r = 0 + 0·2 − 5


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["mean", "sum"]))
def test_defaults_get_within_one_percent_of_least_squares(seed, loss):
    problem = random_problem(seed)
    expected = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    for method in ("sgd", "annealing"):
        result = solve(problem, method, loss=loss)
        assert result.status in ("converged", "max_iter"), result.message
        error = np.linalg.norm(result.theta - expected) / np.linalg.norm(expected)
        assert error <= 1e-2, (method, error)


def test_sgd_with_a_huge_learning_rate_diverges_honestly():
    problem = random_problem(2, n=50)
    steps, result = trace(problem, "sgd", lr=1e6)
    assert result.status == "diverged" and result.theta is None
    assert "Diverged" in result.message and "2/L" in result.message
    assert all(np.isfinite(s.loss) and np.all(np.isfinite(s.theta)) for s in steps)


def test_batch_size_must_be_positive():
    with pytest.raises(InputError, match="batch_size"):
        iterate(SEED, "sgd", batch_size=0)


def test_annealing_records_its_moves_and_returns_the_best_point():
    problem = random_problem(3, n=40)
    steps, result = trace(problem, "annealing", seed=5, max_iter=400, cooling=0.99)
    start_loss = problem.loss(steps[0].theta)
    temperatures = [s.detail["temperature"] for s in steps]
    assert temperatures[0] == pytest.approx(start_loss)  # t0 = auto: the start loss
    np.testing.assert_allclose(temperatures, start_loss * 0.99 ** np.arange(len(steps)), rtol=1e-12)
    assert all(a > b for a, b in zip(temperatures, temperatures[1:]))
    accepted = [s.detail["accepted"] for s in steps[1:]]
    assert any(accepted) and not all(accepted)
    assert any(s.detail["accepted"] and s.detail["delta"] > 0 for s in steps[1:])  # uphill, while hot
    for before, step in zip(steps, steps[1:]):
        proposal = step.detail["proposal"]
        delta = problem.loss(proposal) - problem.loss(before.theta)
        assert step.detail["delta"] == pytest.approx(delta, rel=1e-6, abs=1e-12 * start_loss)
        if delta < 0:
            assert step.detail["accepted"]
        np.testing.assert_allclose(step.theta, proposal if step.detail["accepted"] else before.theta, rtol=1e-12)
    best = min(steps, key=lambda s: s.loss)
    np.testing.assert_allclose(result.theta, best.theta, rtol=1e-12)
    assert result.loss == pytest.approx(min(problem.loss(s.theta) for s in steps), rel=1e-9)

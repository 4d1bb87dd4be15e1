"""Every iterative method, with its default hyperparameters, reaches the least-squares answer
on well-conditioned random problems (checked against numpy.linalg.lstsq)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SOLVERS, Problem, solve
from engine.own_references import OWN_REFERENCE_METHODS

#: Methods whose answer is random: within the noise floor their help text states.
NOISY = {"sgd": 1e-2, "annealing": 1e-2}
ANALYSES = {"power-iteration"}
ITERATIVE = [s.name for s in SOLVERS if not s.direct and s.name not in (*ANALYSES, *OWN_REFERENCE_METHODS)]


@st.composite
def well_conditioned(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = int(rng.integers(30, 200))
    k = int(rng.integers(1, 5))
    features = rng.standard_normal((n, k))
    # A clear signal (|coefficients| ≥ 1 against noise 0.3), so the stochastic methods' noise floor,
    # which scales with the statistical error of the coefficients, stays below their stated 1e-2.
    coefficients = rng.uniform(1, 3, k) * rng.choice([-1, 1], k)
    y = (features @ coefficients + 0.3 * rng.standard_normal(n)) * draw(st.sampled_from([1, 100]))
    return features, y + draw(st.sampled_from([0.0, 20.0]))


@pytest.mark.parametrize("method", ITERATIVE)
@settings(max_examples=8, deadline=None)
@given(data=well_conditioned(), loss=st.sampled_from(["mean", "sum"]))
def test_defaults_reach_the_least_squares_answer(method, data, loss):
    features, y = data
    problem = Problem.from_table(features, y, loss=loss)
    expected = np.linalg.lstsq(problem.design, y, rcond=None)[0]
    result = solve(problem, method)
    assert result.status in ("converged", "max_iter"), result.message
    error = np.linalg.norm(result.theta - expected) / np.linalg.norm(expected)
    assert error <= NOISY.get(method, 1e-6), (method, result.status, result.iterations, error)


def test_newton_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(5)
    problem = Problem.from_table(rng.standard_normal((40, 3)), rng.standard_normal(40))
    result = solve(problem, "newton")
    assert result.iterations == 1
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(problem.design, problem.y, rcond=None)[0],
                               rtol=1e-10)


@pytest.mark.parametrize("method", sorted(set(ITERATIVE) - set(NOISY)))
def test_identical_inputs_give_identical_traces(method):
    rng = np.random.default_rng(11)
    problem = Problem.from_table(rng.standard_normal((50, 2)), rng.standard_normal(50))
    first, second = [], []
    solve(problem, method, on_step=first.append, max_iter=50)
    solve(problem, method, on_step=second.append, max_iter=50)
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a.theta, b.theta)

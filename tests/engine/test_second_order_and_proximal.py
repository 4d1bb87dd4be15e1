"""Newton, L-BFGS, ISTA and FISTA: the seed's examples and the lasso's defining properties."""

import numpy as np
import pytest

from engine import Problem, iterate, run_to_end, solve
from engine.solvers.proximal import soft_threshold


def steps_of(problem, method, **params):
    steps = []
    result = run_to_end(iterate(problem, method, **params), steps.append)
    return steps, result


# f(θ) = θ²: ½·Σ(θ·1 − 0)² over two rows with the sum loss. The seed's f(x) = x² − 4 differs by a constant.
SQUARE = Problem.from_points([1.0, 1.0], [0.0, 0.0], degree=1, intercept=False, loss="sum")


def test_newton_lands_on_the_minimum_of_x_squared_in_one_undamped_step():
    """The seed calls x₁ = 0 an overshoot, but 0 is the minimiser of x² − 4."""
    steps, result = steps_of(SQUARE, "newton", start=[3.0])
    assert steps[1].theta[0] == 0.0
    assert result.status == "converged" and result.iterations == 1


def test_newton_with_damping_half_takes_the_seeds_1_5():
    steps, _ = steps_of(SQUARE, "newton", start=[3.0], damping=0.5, max_iter=2)
    np.testing.assert_allclose([s.theta[0] for s in steps[:3]], [3.0, 1.5, 0.75])


def test_lbfgs_solves_a_p_dimensional_quadratic_in_at_most_p_steps():
    rng = np.random.default_rng(3)
    problem = Problem.from_table(rng.standard_normal((60, 4)), rng.standard_normal(60))
    _, result = steps_of(problem, "lbfgs")
    assert result.status == "converged" and result.iterations <= problem.p
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(problem.design, problem.y, rcond=None)[0],
                               rtol=1e-8)


def test_soft_threshold_of_the_seed():
    assert soft_threshold(np.array([1.5]), 0.3)[0] == pytest.approx(1.2)
    np.testing.assert_array_equal(soft_threshold(np.array([-1.5, 0.2, -0.1]), 0.3), [-1.2, 0.0, -0.0])


def test_ista_applies_the_seeds_soft_threshold_s_1_5_0_3():
    """Two equal rows with y = 1.5 and the mean loss: L = 1, η = 1, so the gradient step from
    θ = 0 gives 1.5 and the threshold ηλ = 0.3 gives S(1.5, 0.3) = 1.2."""
    problem = Problem.from_points([1.0, 1.0], [1.5, 1.5], degree=1, intercept=False)
    steps, _ = steps_of(problem, "ista", lam=0.3, max_iter=1)
    assert steps[1].detail["before_threshold"][0] == pytest.approx(1.5)
    assert steps[1].detail["threshold"] == pytest.approx(0.3)
    assert steps[1].theta[0] == pytest.approx(1.2)


@pytest.mark.parametrize("method", ["ista", "fista"])
def test_lasso_answer_satisfies_the_optimality_conditions(method):
    """At the lasso minimum: ∇ᵢL = −λ·sign(θᵢ) where θᵢ ≠ 0, and |∇ᵢL| ≤ λ where θᵢ = 0."""
    rng = np.random.default_rng(8)
    features = rng.standard_normal((80, 5))
    y = features @ np.array([3.0, 0.0, -2.0, 0.0, 0.05]) + 0.1 * rng.standard_normal(80)
    problem = Problem.from_table(features, y)
    lam = 0.2
    result = solve(problem, method, lam=lam, max_iter=100_000)
    assert result.status == "converged"
    theta = result.theta
    gradient = problem.design.T @ (problem.design @ theta - y) / problem.n
    assert abs(gradient[0]) < 1e-6  # the intercept is not penalised
    for g, t in zip(gradient[1:], theta[1:]):
        if t != 0:
            assert g == pytest.approx(-lam * np.sign(t), abs=1e-6)
        else:
            assert abs(g) <= lam + 1e-9
    assert theta[2] == 0.0 and theta[4] == 0.0
    assert any("L1 penalty" in w for w in result.warnings)


def test_fista_needs_fewer_iterations_than_ista():
    rng = np.random.default_rng(9)
    features = rng.standard_normal((100, 4)) @ np.array([[1, 0.9, 0, 0], [0, 1, 0.9, 0], [0, 0, 1, 0.9],
                                                          [0, 0, 0, 1.0]])
    problem = Problem.from_table(features, rng.standard_normal(100))
    assert solve(problem, "fista").iterations < solve(problem, "ista").iterations

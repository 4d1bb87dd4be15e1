"""Leverage, Cook's distance and studentised residuals against statsmodels' OLSInfluence and against
their definitions (the hat matrix, a refit without the point), computed here, never by the code tested."""

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.outliers_influence import OLSInfluence

from engine import Problem
from engine.datasets import get_dataset
from engine.influence import influence


def _reference(problem):
    fit = sm.OLS(problem.y, problem.design).fit()
    return fit.params, OLSInfluence(fit)


def _points(seed, n=40):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 3, n)
    y = 1 - 2 * x + 0.5 * x ** 3 + rng.normal(0, 0.7, n)
    y[seed % n] += 6  # one outlier, so that one point stands out
    return x, y


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("degree", [1, 3])
@pytest.mark.parametrize("intercept", [True, False])
@pytest.mark.parametrize("scaling,order", [("none", "ascending"), ("standardize", "descending"),
                                           ("unit-norm", "ascending")])
def test_matches_statsmodels_on_random_points(seed, degree, intercept, scaling, order):
    x, y = _points(seed)
    problem = Problem.from_points(x, y, degree, intercept=intercept, scaling=scaling, basis_order=order)
    theta, reference = _reference(problem)
    found = influence(problem, theta)
    assert found.reason == ""
    np.testing.assert_allclose(found.leverage, reference.hat_matrix_diag, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(found.cooks_distance, reference.cooks_distance[0], rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(found.studentized, reference.resid_studentized_internal, rtol=1e-9, atol=1e-12)
    assert found.most_influential == int(np.argmax(reference.cooks_distance[0]))


def test_leverage_is_the_diagonal_of_the_hat_matrix_of_a_table():
    rng = np.random.default_rng(7)
    features = rng.normal(size=(25, 3))
    y = features @ [1.0, -1.0, 2.0] + rng.normal(size=25)
    problem = Problem.from_table(features, y, scaling="standardize")
    a = problem.design
    hat = a @ np.linalg.solve(a.T @ a, a.T)
    found = influence(problem, np.linalg.lstsq(a, y, rcond=None)[0])
    np.testing.assert_allclose(found.leverage, np.diag(hat), rtol=1e-10)
    assert found.leverage.sum() == pytest.approx(problem.p, rel=1e-12)


def test_cooks_distance_is_how_far_the_fit_moves_without_the_point():
    """Dᵢ = ‖A(θ − θ₍ᵢ₎)‖² / (p·s²), θ₍ᵢ₎ the least-squares fit without point i (Cook, 1977)."""
    x, y = _points(5, n=15)
    problem = Problem.from_points(x, y, 2)
    a, n, p = problem.design, problem.n, problem.p
    theta = np.linalg.lstsq(a, y, rcond=None)[0]
    s2 = np.sum((y - a @ theta) ** 2) / (n - p)
    expected = []
    for i in range(n):
        keep = np.arange(n) != i
        theta_without = np.linalg.lstsq(a[keep], y[keep], rcond=None)[0]
        expected.append(np.sum((a @ (theta - theta_without)) ** 2) / (p * s2))
    np.testing.assert_allclose(influence(problem, theta).cooks_distance, expected, rtol=1e-9)


def test_longley_matches_statsmodels():
    problem = get_dataset("nist-longley").problem()
    theta, reference = _reference(problem)
    found = influence(problem, theta)
    # κ(A) ≈ 5e9 on Longley's raw columns: both sides lose digits, to about 1e-8 of each other
    np.testing.assert_allclose(found.leverage, reference.hat_matrix_diag, rtol=1e-7)
    np.testing.assert_allclose(found.cooks_distance, reference.cooks_distance[0], rtol=1e-6)
    np.testing.assert_allclose(found.studentized, reference.resid_studentized_internal, rtol=1e-6)


@pytest.mark.parametrize("n,degree", [(3, 2), (2, 1), (3, 4)])
def test_not_defined_when_n_is_at_most_p(n, degree):
    x = np.arange(n, dtype=float)
    problem = Problem.from_points(x, x ** 2 + 1, degree)
    found = influence(problem, np.zeros(problem.p))
    for array in (found.leverage, found.cooks_distance, found.studentized):
        assert array.shape == (n,) and np.all(np.isnan(array))
    assert found.most_influential is None
    assert not found.defined
    assert f"n = {n} points and p = {problem.p} coefficients" in found.reason


def test_a_point_alone_on_its_x_has_leverage_one_and_no_cooks_distance():
    # h = 1/n + (x − x̄)²/Σ(x − x̄)² = 1/4 + 0.5625/0.75 = 1 for the point at x = 1
    x = np.array([0.0, 0.0, 0.0, 1.0])
    y = np.array([1.0, 2.0, 3.0, 5.0])
    problem = Problem.from_points(x, y, 1)
    found = influence(problem, np.linalg.lstsq(problem.design, y, rcond=None)[0])
    assert found.leverage[3] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(found.leverage[:3], 1 / 4 + 0.0625 / 0.75)
    assert np.isnan(found.cooks_distance[3]) and np.isnan(found.studentized[3])
    assert np.all(np.isfinite(found.cooks_distance[:3]))
    assert "point 4 has leverage 1" in found.reason


def test_rank_deficient_columns_give_the_projection_onto_the_column_space():
    rng = np.random.default_rng(3)
    f = rng.normal(size=(12, 2))
    features = np.column_stack([f, f[:, 0] + f[:, 1]])  # the third column is the sum of the first two
    y = rng.normal(size=12)
    problem = Problem.from_table(features, y)
    a = problem.design
    hat = a @ np.linalg.pinv(a)
    found = influence(problem, np.linalg.lstsq(a, y, rcond=None)[0])
    np.testing.assert_allclose(found.leverage, np.diag(hat), rtol=1e-9)
    assert found.leverage.sum() == pytest.approx(3, rel=1e-10)


def test_a_perfect_fit_says_there_is_no_noise():
    x = np.arange(6, dtype=float)
    problem = Problem.from_points(x, 2 * x + 1, 1)
    found = influence(problem, [1.0, 2.0])
    assert np.all(np.isfinite(found.leverage))
    assert np.all(np.isnan(found.cooks_distance))
    assert "exactly through every point" in found.reason


def test_a_diverged_theta_keeps_the_leverage_and_says_why_the_rest_is_missing():
    x, y = _points(2)
    problem = Problem.from_points(x, y, 1)
    found = influence(problem, [np.inf, 1.0])
    a = problem.design
    np.testing.assert_allclose(found.leverage, np.diag(a @ np.linalg.pinv(a)), rtol=1e-10)
    assert np.isnan(found.cooks_distance).all() and found.most_influential is None
    assert "not finite" in found.reason


def test_many_rows_match_statsmodels_across_the_blocks():
    rng = np.random.default_rng(12)
    x = rng.uniform(-1, 1, 20_001)  # more rows than one block of Q (engine.fit_basis.BLOCK_ROWS)
    y = np.cos(2 * x) + rng.normal(0, 0.1, x.size)
    problem = Problem.from_points(x, y, 2, scaling="standardize")
    theta, reference = _reference(problem)
    found = influence(problem, theta)
    np.testing.assert_allclose(found.leverage, reference.hat_matrix_diag, rtol=1e-10)
    np.testing.assert_allclose(found.cooks_distance, reference.cooks_distance[0], rtol=1e-8)


def test_y_near_1e300_has_the_same_influence_and_r2_as_y_itself():
    """Cook's distance, the studentised residuals and r² do not change when y is scaled, and s
    scales with it: at 1e300 the sums of squares are beyond floating point, the answers are not."""
    from engine.statistics import fit_statistics

    rng = np.random.default_rng(300)
    x = np.linspace(0.0, 1.0, 12)
    y = 1.0 + 2.0 * x + rng.normal(0.0, 0.1, x.size)
    small, large = Problem.from_points(x, y), Problem.from_points(x, y * 1e300)
    theta_small = np.linalg.lstsq(small.design, small.y, rcond=None)[0]
    theta_large = np.linalg.lstsq(large.design, large.y, rcond=None)[0]
    ours, scaled = influence(small, theta_small), influence(large, theta_large)
    np.testing.assert_allclose(scaled.cooks_distance, ours.cooks_distance, rtol=1e-9)
    np.testing.assert_allclose(scaled.studentized, ours.studentized, rtol=1e-9)
    stats_small, stats_large = fit_statistics(small, theta_small), fit_statistics(large, theta_large)
    assert stats_large.r2 == pytest.approx(stats_small.r2, rel=1e-12)
    assert stats_large.residual_std == pytest.approx(stats_small.residual_std * 1e300, rel=1e-9)

"""Gradient descent along the Hessian's eigenvectors, checked against numpy's own eigen-solver and
the 2×2 iteration matrices of heavy ball written out in the test."""

import numpy as np
import pytest

from engine import Problem, iterate
from engine.gd_spectrum import (
    heavy_ball_rate_map,
    hessian_spectrum,
    measured_rate,
    optimal_heavy_ball,
    working_errors,
)

X = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
Y = np.array([1.0, 1.8, 3.1, 3.9, 5.2, 7.1])


def quadratic_problem(**options) -> Problem:
    return Problem.from_points(X, Y, degree=2, **options)


def design(problem: Problem) -> np.ndarray:
    return np.vander(X, problem.p, increasing=True)


@pytest.mark.parametrize("loss", ["mean", "sum"])
def test_each_error_component_shrinks_by_exactly_one_minus_eta_lambda_per_step(loss):
    problem = quadratic_problem(loss=loss)
    a = design(problem)
    scale = 1.0 if loss == "sum" else 1.0 / X.size
    values, vectors = np.linalg.eigh(scale * a.T @ a)
    lr = 1.5 / values[-1]  # above 1/L: the steepest component flips sign at every step
    steps = list(iterate(problem, "gd", lr=lr, max_iter=6, tol=0.0))
    thetas = np.array([s.theta for s in steps])

    components = hessian_spectrum(problem).components(working_errors(problem, thetas))
    # The same components from numpy alone (θ* by lstsq; eigenvectors up to sign, so compare |·|).
    optimum = np.linalg.lstsq(a, Y, rcond=None)[0]
    expected = (thetas - optimum) @ vectors[:, ::-1]
    np.testing.assert_allclose(np.abs(components), np.abs(expected), rtol=1e-7)
    ratios = components[1:] / components[:-1]
    np.testing.assert_allclose(ratios, np.tile(1.0 - lr * values[::-1], (6, 1)), rtol=1e-6)


def test_with_standardised_columns_the_components_follow_the_new_hessian():
    problem = quadratic_problem(scaling="standardize", loss="mean")
    a = design(problem)
    working = np.column_stack([np.ones(X.size)] + [(a[:, j] - a[:, j].mean()) / a[:, j].std() for j in (1, 2)])
    values = np.linalg.eigvalsh(working.T @ working / X.size)
    np.testing.assert_allclose(hessian_spectrum(problem).eigenvalues, values[::-1], rtol=1e-10)
    lr = 0.8 / values[-1]  # at 1/L the steepest component would vanish in one step, leaving noise
    thetas = np.array([s.theta for s in iterate(problem, "gd", lr=lr, max_iter=4, tol=0.0)])
    components = hessian_spectrum(problem).components(working_errors(problem, thetas))
    ratios = components[1:] / components[:-1]
    np.testing.assert_allclose(ratios, np.tile(1.0 - lr * values[::-1], (4, 1)), rtol=1e-6)


def test_the_optimal_step_minimises_the_rate_of_gradient_descent():
    problem = quadratic_problem()
    a = design(problem)
    values = np.linalg.eigvalsh(a.T @ a / X.size)
    grid = np.linspace(1e-6, 2.0 / values[-1], 20_001)
    rates = np.max(np.abs(1.0 - grid[:, None] * values[None, :]), axis=1)
    spectrum = hessian_spectrum(problem)
    best = spectrum.optimal_step()
    best_rate = np.max(np.abs(1.0 - best * values))
    assert best_rate <= rates.min() + 1e-12
    assert best == pytest.approx(grid[np.argmin(rates)], rel=1e-3)
    kappa = values[-1] / values[0]
    assert spectrum.optimal_rate() == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-10)
    assert spectrum.gd_rate(best) == pytest.approx(best_rate, rel=1e-12)
    assert spectrum.kappa == pytest.approx(kappa, rel=1e-8)


def test_the_rate_map_at_zero_momentum_is_the_rate_of_gradient_descent():
    values = np.linalg.eigvalsh(design(quadratic_problem()).T @ design(quadratic_problem()) / X.size)
    lrs = np.linspace(0.0, 4.0 / values[-1], 101)
    rate_map = heavy_ball_rate_map(values, lrs, [0.0, 0.5])
    np.testing.assert_allclose(rate_map[0], np.max(np.abs(1.0 - lrs[:, None] * values), axis=1), rtol=1e-12)


def test_the_rate_map_is_the_worst_spectral_radius_of_the_two_by_two_matrices():
    values = np.array([0.01, 0.3, 2.0])
    rng = np.random.default_rng(7)
    lrs, betas = rng.uniform(0.0, 2.2, 7), rng.uniform(0.0, 0.99, 5)
    rate_map = heavy_ball_rate_map(values, lrs, betas)
    for j, beta in enumerate(betas):
        for i, lr in enumerate(lrs):
            radii = [np.max(np.abs(np.linalg.eigvals([[1 + beta - lr * v, -beta], [1.0, 0.0]]))) for v in values]
            assert rate_map[j, i] == pytest.approx(max(radii), rel=1e-9)


def test_polyaks_setting_reaches_the_square_root_rate():
    values = np.array([0.02, 0.5, 2.0])
    problem_values = hessian_spectrum(Problem.from_normal_equations(np.diag(values), np.ones(3)))
    lr, beta = optimal_heavy_ball(problem_values)
    root_kappa = np.sqrt(values.max() / values.min())
    radii = [np.max(np.abs(np.linalg.eigvals([[1 + beta - lr * v, -beta], [1.0, 0.0]]))) for v in values]
    assert max(radii) == pytest.approx((root_kappa - 1) / (root_kappa + 1), rel=1e-6)


def test_the_measured_rate_of_a_long_run_is_the_slowest_factor():
    problem = quadratic_problem()
    a = design(problem)
    values = np.linalg.eigvalsh(a.T @ a / X.size)
    lr = 1.0 / values[-1]
    thetas = np.array([s.theta for s in iterate(problem, "gd", lr=lr, max_iter=3000, tol=0.0)])
    optimum = np.linalg.lstsq(a, Y, rcond=None)[0]
    norms = np.linalg.norm(thetas - optimum, axis=1)
    slowest = np.max(np.abs(1.0 - lr * values))
    assert measured_rate(norms[:1500]) == pytest.approx(slowest, rel=2e-3)
    assert measured_rate(0.7 ** np.arange(30)) == pytest.approx(0.7, rel=1e-12)
    assert measured_rate([1.0]) is None


def test_a_thinned_record_gives_the_rate_per_step_not_per_record():
    ks = np.array([0, 1, 2, 4, 8, 16])
    assert measured_rate(0.9 ** ks, ks) == pytest.approx(0.9, rel=1e-12)

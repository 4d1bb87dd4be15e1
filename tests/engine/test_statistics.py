"""r, r², adjusted r², standard errors and s against statsmodels OLS (computed here) and against
NIST's certified values for Longley (standard deviations of the estimates, residual SD, R²)."""

import numpy as np
import pytest
import statsmodels.api as sm

from engine import Problem
from engine.datasets import get_dataset
from engine.statistics import fit_statistics

from .nist_reference import certified


def _points(seed, n=30):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 4, n)
    return x, 2 + 0.8 * x - 0.3 * x ** 2 + rng.normal(0, 0.5, n)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("degree", [1, 3])
@pytest.mark.parametrize("intercept", [True, False])
@pytest.mark.parametrize("scaling,order", [("none", "ascending"), ("standardize", "descending"),
                                           ("unit-norm", "descending")])
def test_matches_statsmodels_ols(seed, degree, intercept, scaling, order):
    x, y = _points(seed)
    problem = Problem.from_points(x, y, degree, intercept=intercept, scaling=scaling, basis_order=order)
    fit = sm.OLS(y, problem.design).fit()  # statsmodels: uncentred r² when the design has no constant
    found = fit_statistics(problem, fit.params)
    assert found.defined and found.reason == ""
    np.testing.assert_allclose(found.standard_errors, fit.bse, rtol=1e-10)
    assert found.r2 == pytest.approx(fit.rsquared, rel=1e-12)
    assert found.adjusted_r2 == pytest.approx(fit.rsquared_adj, rel=1e-12)
    assert found.residual_std == pytest.approx(np.sqrt(fit.scale), rel=1e-12)
    assert (found.n, found.p) == (problem.n, problem.p)
    if intercept and degree == 1:
        assert found.r == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-12)  # signed: Pearson's r
    else:
        assert found.r == pytest.approx(np.sqrt(fit.rsquared), rel=1e-12)
    assert ("uncentred" in found.note) == (not intercept)


def test_a_table_of_features_matches_statsmodels():
    rng = np.random.default_rng(11)
    features = rng.normal(size=(50, 4)) * [1, 100, 0.01, 5]
    y = features @ [1.0, 0.02, 30.0, -1.0] + 3 + rng.normal(size=50)
    problem = Problem.from_table(features, y, scaling="unit-norm")
    fit = sm.OLS(y, sm.add_constant(features)).fit()
    found = fit_statistics(problem, fit.params)
    np.testing.assert_allclose(found.standard_errors, fit.bse, rtol=1e-10)
    assert found.r == pytest.approx(np.sqrt(fit.rsquared), rel=1e-12)


def test_longley_against_nist_certified_values_and_statsmodels():
    entry = certified()["Longley"]
    problem = get_dataset("nist-longley").problem()
    fit = sm.OLS(problem.y, problem.design).fit()
    theta = np.array([float(v) for v in entry["certified_parameters"].values()])
    found = fit_statistics(problem, theta)
    certified_sd = [float(v) for v in entry["certified_parameter_sd"].values()]
    # NIST certifies 15 digits; from R of raw columns with κ(A) ≈ 5e9 about 9 of them survive in
    # double precision (statsmodels' pinv route reaches the same)
    np.testing.assert_allclose(found.standard_errors, certified_sd, rtol=1e-9)
    np.testing.assert_allclose(found.standard_errors, fit.bse, rtol=1e-8)
    # residual SD and R² from the certified θ: residuals of ~300 are differences of numbers of ~1e6
    assert found.residual_std == pytest.approx(float(entry["certified_residual_sd"]), rel=1e-11)
    assert found.r2 == pytest.approx(float(entry["certified_r_squared"]), rel=1e-13)
    assert found.adjusted_r2 == pytest.approx(fit.rsquared_adj, rel=1e-10)


@pytest.mark.parametrize("n,degree", [(3, 2), (2, 1), (3, 5)])
def test_not_defined_when_n_is_at_most_p(n, degree):
    x = np.arange(n, dtype=float) + 1
    problem = Problem.from_points(x, 3 * x, degree)
    found = fit_statistics(problem, np.zeros(problem.p))
    assert not found.defined
    assert f"n = {n} points and p = {problem.p} coefficients" in found.reason
    assert np.isnan([found.r, found.r2, found.adjusted_r2, found.residual_std]).all()
    assert found.standard_errors.shape == (problem.p,) and np.isnan(found.standard_errors).all()


def test_dependent_columns_have_no_standard_errors():
    rng = np.random.default_rng(4)
    f = rng.normal(size=(20, 2))
    y = rng.normal(size=20)
    problem = Problem.from_table(np.column_stack([f, 2 * f[:, 1]]), y)
    theta = np.linalg.lstsq(problem.design, y, rcond=None)[0]
    found = fit_statistics(problem, theta)
    assert np.isnan(found.standard_errors).all()
    assert "linearly dependent" in found.reason
    # r² is still defined: the projection onto the column space is unique
    residual = y - problem.design @ theta
    assert found.r2 == pytest.approx(1 - residual @ residual / np.sum((y - y.mean()) ** 2), rel=1e-10)


def test_every_y_equal_has_no_r_squared():
    x = np.arange(5, dtype=float)
    problem = Problem.from_points(x, np.full(5, 2.0), 1)
    found = fit_statistics(problem, [2.0, 0.0])
    assert np.isnan(found.r2) and "every y is the same" in found.reason
    assert found.residual_std == 0.0


def test_the_assumptions_are_named():
    x, y = _points(0)
    found = fit_statistics(Problem.from_points(x, y, 1), [0.0, 0.0])
    for word in ("independent", "mean zero", "same variance", "normal"):
        assert word in found.assumptions


def test_a_diverged_theta_has_no_statistics_and_says_why():
    x, y = _points(1)
    found = fit_statistics(Problem.from_points(x, y, 1), [np.nan, 1.0])
    assert np.isnan([found.r2, found.residual_std]).all() and "not finite" in found.reason


@pytest.mark.parametrize("method", ["tls", "lad"])
def test_another_distance_has_r_squared_but_no_least_squares_standard_errors(method):
    x, y = _points(3)
    problem = Problem.from_points(x, y, 1)
    theta = np.array([2.1, 0.7])  # any answer that is not the least-squares one
    found = fit_statistics(problem, theta, method=method)
    residual = y - (theta[0] + theta[1] * x)
    assert found.r2 == pytest.approx(1 - residual @ residual / np.sum((y - y.mean()) ** 2), rel=1e-12)
    assert found.residual_std == pytest.approx(np.sqrt(residual @ residual / (x.size - 2)), rel=1e-12)
    assert np.isnan(found.standard_errors).all()
    assert f"{method} minimises another distance" in found.reason

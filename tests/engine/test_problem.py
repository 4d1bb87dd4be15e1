"""Problem: design matrices, cached Gram quantities, conditioning and column scaling."""

from fractions import Fraction

import numpy as np
import pytest

from engine import InputError, Problem, iterate, run_to_end, solve
from engine.steps import DETAIL_ROWS


def test_polynomial_design_and_cached_gram_match_numpy():
    x = np.array([0.5, 1.0, 2.0, 3.5, 4.0])
    y = np.array([1.0, 2.0, 0.5, 3.0, 2.5])
    problem = Problem.from_points(x, y, degree=3)
    design = np.vander(x, 4, increasing=True)
    np.testing.assert_array_equal(problem.design, design)
    np.testing.assert_allclose(problem.gram, design.T @ design)
    np.testing.assert_allclose(problem.aty, design.T @ y)
    assert problem.yty == pytest.approx(y @ y)
    assert problem.cond == pytest.approx(np.linalg.cond(design), rel=1e-8)
    assert problem.cond_gram == pytest.approx(np.linalg.cond(design) ** 2, rel=1e-7)
    assert problem.rank == np.linalg.matrix_rank(design)
    assert problem.parameter_names == ("B0", "B1", "B2", "B3")


def test_no_intercept_drops_b0():
    problem = Problem.from_points([1, 2, 3], [2, 4, 6], degree=2, intercept=False)
    assert problem.parameter_names == ("B1", "B2")
    np.testing.assert_array_equal(problem.design, [[1, 1], [2, 4], [3, 9]])


@pytest.mark.parametrize("scaling", ["unit-norm", "standardize"])
@pytest.mark.parametrize("intercept", [True, False])
def test_scaling_changes_the_working_matrix_but_not_the_answer(scaling, intercept):
    x = np.linspace(1950, 2000, 11)
    y = 0.01 * (x - 1975) ** 2 + 0.3 * x
    plain = Problem.from_points(x, y, degree=2, intercept=intercept)
    scaled = Problem.from_points(x, y, degree=2, intercept=intercept, scaling=scaling)
    assert scaled.cond < plain.cond
    expected = np.linalg.lstsq(plain.design, y, rcond=None)[0]
    result = solve(scaled, "householder")
    np.testing.assert_allclose(result.theta, expected, rtol=1e-7)
    some = np.arange(1.0, scaled.p + 1)
    np.testing.assert_allclose(scaled.to_working(scaled.to_original(some)), some)


def test_descending_basis_order_is_numpy_polyfits_order():
    x, y = [1.0, 2.0, 4.0], [3.0, 5.0, 4.0]
    problem = Problem.from_points(x, y, degree=2, basis_order="descending")
    np.testing.assert_array_equal(problem.matrix, np.vander(x, 3))
    result = solve(problem, "mgs")
    np.testing.assert_allclose(result.theta, np.polyfit(x, y, 2)[::-1], rtol=1e-12)


@pytest.mark.parametrize("build, fragment", [
    (lambda: Problem.from_points([1.0], [2.0]), "at least two"),
    (lambda: Problem.from_points([1.0, np.nan], [2.0, 3.0]), "finite"),
    (lambda: Problem.from_points([1.0, 2.0], [2.0, 3.0, 4.0]), "2 values"),
    (lambda: Problem.from_points([1.0, 2.0], [2.0, 3.0], degree=16), "degree"),
    (lambda: Problem.from_points([1.0, 2.0], [2.0, 3.0], scaling="zscore"), "scaling"),
])
def test_bad_problems_are_refused_with_a_clear_message(build, fragment):
    with pytest.raises(InputError, match=fragment):
        build()


def test_exact_columns_are_the_decimal_text():
    problem = Problem.from_points([0.1, 0.2], [0.3, 0.7])
    rows, y = problem.exact_columns()
    assert rows[1] == [Fraction(1), Fraction(1, 5)]
    assert y == [Fraction(3, 10), Fraction(7, 10)]


def test_exact_refuses_large_problems_clearly():
    rng = np.random.default_rng(1)
    problem = Problem.from_table(rng.standard_normal((20000, 9)), rng.standard_normal(20000))
    result = solve(problem, "exact")
    assert result.status == "failed" and "small problems" in result.message and result.theta is None


@pytest.mark.parametrize("method", ["normal-inverse", "normal-cholesky", "cgs", "mgs", "householder",
                                    "givens", "svd", "lstsq"])
def test_steps_stay_small_at_large_n(method):
    """Steps carry p×p matrices and norms, never copies of n-long vectors."""
    rng = np.random.default_rng(2)
    n = 20000
    problem = Problem.from_table(rng.standard_normal((n, 3)), rng.standard_normal(n))
    steps = []
    run_to_end(iterate(problem, method), steps.append)
    assert n > DETAIL_ROWS
    for step in steps:
        for value in step.detail.values():
            assert np.size(value) < n, (step.kind, np.shape(value))


def test_powers_that_overflow_are_refused_with_the_point_named():
    with pytest.raises(InputError, match=r"point 2\) is too large for degree 2"):
        Problem.from_points([1.0, 1e200, 3.0], [1.0, 2.0, 3.0], degree=2)

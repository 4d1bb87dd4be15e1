"""The log-linearised fit against the least-squares fit of y = a·exp(b·x) (issue 17)."""

import numpy as np
import pytest
from scipy.optimize import least_squares

from engine.errors import InputError
from engine.nonlinear import NonlinearProblem, log_linear_fit
from engine.nonlinear.formula import parse_formula


def problem_of(x, y):
    return NonlinearProblem(parse_formula("b1*exp(b2*x)"), x, y, start=[1.0, 0.0], name="data")


def rss(x, y, a, b):
    return float(np.sum((a * np.exp(b * x) - y) ** 2))


def test_exact_data_give_the_same_answer_both_ways():
    x = np.linspace(0, 6, 25)
    comparison = log_linear_fit(problem_of(x, 3 * np.exp(-0.5 * x)))
    np.testing.assert_allclose(comparison.b_log_linear, [3, -0.5], rtol=1e-12)
    np.testing.assert_allclose(comparison.b_least_squares, [3, -0.5], rtol=1e-12)
    assert comparison.rss_log_linear < 1e-25 and comparison.rss_least_squares < 1e-25


def test_on_noisy_data_least_squares_has_the_smaller_sum_of_squares():
    rng = np.random.default_rng(17)
    x = np.linspace(0, 6, 40)
    y = 3 * np.exp(-0.5 * x) + rng.normal(0, 0.05, x.size)
    y = np.abs(y) + 1e-3
    comparison = log_linear_fit(problem_of(x, y))
    line = np.polyfit(x, np.log(y), 1)  # log y = log a + b x, by numpy here
    np.testing.assert_allclose(comparison.b_log_linear, [np.exp(line[1]), line[0]], rtol=1e-10)
    best = least_squares(lambda ab: ab[0] * np.exp(ab[1] * x) - y, comparison.b_log_linear, method="lm",
                         xtol=1e-15, ftol=1e-15, gtol=1e-15).x
    np.testing.assert_allclose(comparison.b_least_squares, best, rtol=1e-7)
    assert comparison.rss_log_linear == pytest.approx(rss(x, y, *comparison.b_log_linear), rel=1e-12)
    assert comparison.rss_least_squares == pytest.approx(rss(x, y, *comparison.b_least_squares), rel=1e-12)
    assert rss(x, y, *comparison.b_least_squares) < rss(x, y, *comparison.b_log_linear)


def test_a_value_that_is_not_positive_is_named_by_its_row():
    x = np.arange(5.0)
    y = np.array([3.0, 2.0, 0.0, 1.0, 0.5])
    with pytest.raises(InputError, match="row 3"):
        log_linear_fit(problem_of(x, y))

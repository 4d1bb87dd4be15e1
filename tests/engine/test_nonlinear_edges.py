"""The simplest and the underdetermined nonlinear fits: y = x, a horizontal line, fewer points than
parameters. The answers are checked here from the data themselves."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nonlinear import NonlinearProblem, solve_nonlinear
from engine.nonlinear.formula import parse_formula


def problem(formula: str, x, y, start) -> NonlinearProblem:
    return NonlinearProblem(parse_formula(formula), x, y, start=start)


@pytest.mark.parametrize("method", ["lm", "gauss-newton", "lbfgs"])
def test_y_equals_x_is_fitted_exactly_and_called_converged(method):
    x = np.arange(1.0, 6.0)
    result = solve_nonlinear(problem("a*x + b", x, x, [3.0, -2.0]), method)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, [1.0, 0.0], atol=1e-12)


@pytest.mark.parametrize("method", ["lm", "gauss-newton"])
def test_a_horizontal_line_by_an_exponential_is_its_level(method):
    x = np.arange(1.0, 6.0)
    result = solve_nonlinear(problem("b1*exp(-b2*x)", x, np.full(5, 5.0), [1.0, 1.0]), method)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, [5.0, 0.0], atol=1e-10)


def test_fewer_points_than_parameters():
    x, y = np.array([1.0, 2.0]), np.array([2.0, 3.0])
    fit = problem("a + b*x + c*x^2", x, y, [1.0, 1.0, 1.0])
    lm = solve_nonlinear(fit, "lm")
    assert lm.status == "converged", lm.message
    a, b, c = lm.theta
    np.testing.assert_allclose(a + b * x + c * x ** 2, y, atol=1e-12)  # through both points
    assert any("not unique" in w for w in lm.warnings)
    gauss_newton = solve_nonlinear(fit, "gauss-newton")
    assert gauss_newton.status == "failed" and "more unknowns than equations" in gauss_newton.message


def test_data_near_the_top_of_floating_point_say_what_overflows():
    x = np.array([1.0, 2.0, 3.0])
    result = solve_nonlinear(problem("a*x", x, x * 1e300, [1.0]), "lm")
    assert result.status == "failed"
    assert "sum of squares overflows" in result.message and "3e+300" in result.message
    undefined = solve_nonlinear(problem("a/x", np.array([0.0, 1.0, 2.0]), x, [1.0]), "lm")
    assert undefined.status == "failed" and "division by zero" in undefined.message

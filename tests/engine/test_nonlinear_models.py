"""The model library (issue 17): from each model's guessed start, LM recovers the parameters that made
noise-free data, compared with scipy's least_squares from the same start."""

import numpy as np
import pytest
from scipy.optimize import least_squares

from engine.nonlinear import MODELS, model_problem, solve_nonlinear

X = np.linspace(0.5, 10, 60)
TRUTH = {
    "exp-decay": (lambda x: 4.0 * np.exp(-0.3 * x), [4.0, 0.3]),
    "exp-growth": (lambda x: 0.5 * np.exp(0.25 * x), [0.5, 0.25]),
    "logistic": (lambda x: 6.0 / (1 + np.exp(-1.2 * (x - 5.0))), [6.0, 1.2, 5.0]),
    "gaussian-peak": (lambda x: 3.0 * np.exp(-0.5 * ((x - 4.0) / 0.8) ** 2), [3.0, 4.0, 0.8]),
    "power-law": (lambda x: 2.0 * x ** 1.5, [2.0, 1.5]),
    "sine": (lambda x: 1.5 * np.sin(2.0 * x + 0.7) + 0.3, [1.5, 2.0, 0.7, 0.3]),
    "michaelis-menten": (lambda x: 8.0 * x / (2.5 + x), [8.0, 2.5]),
    "rational": (lambda x: (1.0 + 2.0 * x) / (1 + 0.5 * x), [1.0, 2.0, 0.5]),
}


def test_the_library_has_the_issues_models():
    assert set(MODELS) == set(TRUTH)


@pytest.mark.parametrize("key", sorted(TRUTH))
def test_lm_from_the_guess_recovers_the_parameters(key):
    curve, truth = TRUTH[key]
    y = curve(X)
    problem = model_problem(key, X, y)
    assert problem.p == len(truth) and np.all(np.isfinite(problem.start))
    result = solve_nonlinear(problem, "lm")
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, truth, rtol=1e-7, atol=1e-9)
    reference = least_squares(lambda b: problem.formula.evaluate(b, X) - y, problem.start, method="lm").x
    np.testing.assert_allclose(result.theta, reference, rtol=1e-5, atol=1e-7)

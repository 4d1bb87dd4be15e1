"""Iterative methods in float32, float16 and bfloat16: as accurate as the format allows, and no more.

The reference is numpy.linalg.lstsq in float64 on the same rounded data (a line with κ(A) ≈ 4, so
float64 lstsq is exact to 1e-15 there); the bound c·κ(A)²·u is the accuracy of a method working on
AᵀA in a precision with unit roundoff u; "no more" (error ≥ u/100) shows the arithmetic really was
that precision.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.precision import get_precision
from engine.problem import Problem
from engine.run import iterate, run_to_end

LOW = ("float32", "float16", "bfloat16")
FITTING_METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "cg", "jacobi", "gauss-seidel",
                   "newton", "lbfgs", "sgd", "annealing", "ista", "fista")
#: sgd stops at its noise floor, documented as about 1e-3 relative of lstsq on such data.
NOISE_FLOOR = {"sgd": 1e-3}
#: Adam's default β₂ = 0.999 rounds to 1 in bfloat16 (8 bits): 0.99 is what bfloat16 can hold.
SETTINGS = {("adam", "bfloat16"): {"beta2": 0.99}}
C = 20.0


def _line() -> Problem:
    rng = np.random.default_rng(1)
    x = np.linspace(0.0, 1.0, 30)
    return Problem.from_points(x, 1.3 + 2.7 * x + 0.05 * rng.standard_normal(30), 1)


def _rounded_reference(problem: Problem, precision: str) -> tuple[np.ndarray, float]:
    """The least-squares answer of the data rounded to `precision`, and κ(A), both in float64."""
    p = get_precision(precision)
    a, y = p.round(problem.design), p.round(problem.y)
    return np.linalg.lstsq(a, y, rcond=None)[0], float(np.linalg.cond(a))


def _run(problem: Problem, method: str, precision: str, **params):
    steps = []
    result = run_to_end(iterate(problem, method, precision=precision, **params), steps.append)
    return steps, result


@pytest.mark.parametrize("precision", LOW)
@pytest.mark.parametrize("method", FITTING_METHODS)
def test_each_method_is_as_accurate_as_its_precision_and_no_more(method, precision):
    problem = _line()
    reference, kappa = _rounded_reference(problem, precision)
    u = get_precision(precision).unit_roundoff
    _, result = _run(problem, method, precision, **SETTINGS.get((method, precision), {}))
    assert result.theta is not None, result.message
    error = np.linalg.norm(result.theta - reference) / np.linalg.norm(reference)
    assert error <= C * kappa ** 2 * u + NOISE_FLOOR.get(method, 0.0), (result.status, result.message)
    assert error >= u / 100, "the arithmetic was more precise than the format"


@pytest.mark.parametrize("precision", ("float16", "bfloat16"))
@pytest.mark.parametrize("method", (*FITTING_METHODS, "power-iteration"))
def test_every_vector_a_step_shows_is_held_in_the_precision(method, precision):
    problem = _line()
    p = get_precision(precision)
    steps, _ = _run(problem, method, precision, max_iter=40, **SETTINGS.get((method, precision), {}))
    vectors = 0
    for step in steps:
        shown = {name: value for name, value in step.detail.items() if isinstance(value, np.ndarray)}
        if step.theta is not None:
            shown["theta"] = step.theta
        for name, value in shown.items():
            if value.dtype.kind != "f":
                continue  # the rows a batch drew
            np.testing.assert_array_equal(p.round(value), value, err_msg=f"{name} at step {step.k}")
            vectors += 1
    assert vectors >= len(steps)


def test_float32_is_native_float32_and_float16_is_stored_in_float32():
    problem = _line()
    for precision in ("float32", "float16"):
        steps, _ = _run(problem, "momentum", precision, max_iter=5)
        assert steps[-1].detail["velocity"].dtype == np.float32


def test_lambda_of_power_iteration_in_each_precision_against_eigvalsh():
    problem = _line()
    for precision in LOW:
        p = get_precision(precision)
        a = p.round(problem.design)
        exact = np.linalg.eigvalsh(a.T @ a / problem.n)
        _, result = _run(problem, "power-iteration", precision)
        found = result.diagnostics
        assert found["lambda_max_source"] == found["lambda_min_source"] == "power iteration", result.warnings
        kappa = exact[-1] / exact[0]
        assert abs(found["lambda_max"] / exact[-1] - 1) <= 8 * p.unit_roundoff
        assert abs(found["lambda_min"] / exact[0] - 1) <= 8 * kappa * p.unit_roundoff


def test_gd_error_along_each_eigenvector_shrinks_by_one_minus_eta_lambda():
    """θₖ − θ* = (I − ηH)ᵏ(θ₀ − θ*): along eigenvector qᵢ the error is multiplied by 1 − ηλᵢ."""
    problem = _line()
    a, y = problem.design, problem.y
    hessian = a.T @ a / problem.n
    lam = np.linalg.eigvalsh(hessian)
    _, vectors = np.linalg.eigh(hessian)
    answer = np.linalg.lstsq(a, y, rcond=None)[0]
    eta = 1.5 / lam[-1]
    steps, _ = _run(problem, "gd", "float64", lr=eta, max_iter=12)
    along = np.array([vectors.T @ (step.theta - answer) for step in steps])
    np.testing.assert_allclose(np.abs(along[1:] / along[:-1]), np.broadcast_to(np.abs(1 - eta * lam), along[1:].shape),
                               rtol=1e-6)
    assert np.abs(1 - eta * lam[-1]) < np.abs(1 - eta * lam[0])  # the steep direction shrinks faster here


@pytest.mark.parametrize("method", ("gd", "jacobi", "adagrad", "lbfgs"))
def test_a_tol_float16_cannot_reach_stops_when_theta_stops_changing_and_says_so(method):
    _, result = _run(_line(), method, "float16", tol=1e-12)
    assert result.status in ("converged", "max_iter")
    assert result.iterations < 1000, "it spun on"
    assert "θ stopped changing" in result.message and "in float16" in result.message
    assert "lost to rounding" in result.message


def test_adam_in_bfloat16_refuses_a_beta2_that_rounds_to_one():
    # 1 − 0.999 = 0.001 is less than half the spacing 2⁻⁸ of bfloat16 just below 1: 0.999 rounds to 1.
    _, result = _run(_line(), "adam", "bfloat16")
    assert result.status == "failed"
    assert "rounds to 1" in result.message and "bfloat16" in result.message


def test_an_aTa_that_overflows_float16_is_refused_in_words():
    x = np.linspace(0.0, 100.0, 50)  # Σx² ≈ 1.7·10⁵ > 65504, the largest float16 number
    problem = Problem.from_points(x, 2 + 3 * x, 1)
    _, result = _run(problem, "gd", "float16", loss="sum")
    assert result.status == "failed"
    assert "65504" in result.message and "AᵀA" in result.message

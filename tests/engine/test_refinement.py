"""Iterative refinement in mixed precision (issue 16, point 5): the digits of θ after each refinement,
measured here against the exact least-squares answer of the float64 data, computed in fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from engine import Problem, iterate, lre, solve
from engine.datasets import get_dataset
from engine.errors import InputError
from engine.precision import get_precision
from engine.run import run_to_end

from .nist_reference import certified

X = np.linspace(0.0, 2.0, 30)
#: Alternating ±1 (orthogonal to nothing in particular): the part of y a parabola cannot fit.
WIGGLE = (-1.0) ** np.arange(X.size)


def exact_least_squares(design: np.ndarray, y: np.ndarray) -> list[Fraction]:
    """The least-squares answer of exactly these doubles: AᵀA θ = Aᵀy in fractions, Gauss-Jordan."""
    rows = [[Fraction(float(v)) for v in row] for row in design]
    ys = [Fraction(float(v)) for v in y]
    p = len(rows[0])
    system = [[sum((r[i] * r[j] for r in rows), Fraction(0)) for j in range(p)]
              + [sum((r[i] * yi for r, yi in zip(rows, ys)), Fraction(0))] for i in range(p)]
    for col in range(p):
        pivot = next(r for r in range(col, p) if system[r][col] != 0)
        system[col], system[pivot] = system[pivot], system[col]
        system[col] = [v / system[col][col] for v in system[col]]
        for r in range(p):
            if r != col and system[r][col] != 0:
                factor = system[r][col]
                system[r] = [a - factor * b for a, b in zip(system[r], system[col])]
    return [system[i][p] for i in range(p)]


def digits(theta, exact: list[Fraction]) -> float:
    """−log10 of the normwise relative error of θ against the exact answer, in exact arithmetic."""
    error = sum((Fraction(float(t)) - e) ** 2 for t, e in zip(theta, exact))
    size = sum(e ** 2 for e in exact)
    if error == 0:
        return 16.0
    return min(16.0, -0.5 * math.log10(error / size))


def refinement_steps(problem: Problem, **params):
    steps = []
    result = run_to_end(iterate(problem, "refine", **params), steps.append)
    return steps, result


def parabola(wiggle: float) -> Problem:
    return Problem.from_points(X, 1.0 + 2.0 * X - 0.5 * X ** 2 + wiggle * WIGGLE, degree=2)


@pytest.mark.parametrize("low", ["float16", "bfloat16", "float32"])
@pytest.mark.parametrize("wiggle", [0.0, 1e-6, 0.3], ids=["consistent", "small-residual", "large-residual"])
def test_digits_rise_monotonically_to_14_when_kappa_times_u_is_below_1(low, wiggle):
    problem = parabola(wiggle)
    design = np.vander(X, 3, increasing=True)
    kappa = np.linalg.cond(design)
    assert kappa * get_precision(low).unit_roundoff < 0.1  # the regime where refinement must work
    exact = exact_least_squares(design, problem.y)

    steps, result = refinement_steps(problem, factor_precision=low, max_steps=30)

    measured = [digits(step.theta, exact) for step in steps]
    # Step 0 is the low-precision answer alone: no more digits than its format holds (plus κ's slack).
    assert measured[0] <= get_precision(low).digits + 1.0, measured
    rising = [d for d in measured if d < 14.0]
    assert rising == measured[:len(rising)], measured          # once at 14, it stays there
    assert all(b > a for a, b in zip(rising, rising[1:])), measured
    assert measured[-1] >= 14.0, measured
    assert result.status == "converged", result.message
    assert digits(result.theta, exact) >= 14.0


def test_each_step_reports_its_correction_and_the_float64_residual():
    problem = parabola(0.3)
    steps, _ = refinement_steps(problem, factor_precision="float16")
    design = np.vander(X, 3, increasing=True)
    assert [s.detail["refinement"] for s in steps] == list(range(len(steps)))
    assert [s.k for s in steps] == list(range(len(steps)))
    for before, after in zip(steps, steps[1:]):
        np.testing.assert_allclose(after.detail["correction_norm"],
                                   np.linalg.norm(np.asarray(after.theta) - np.asarray(before.theta)),
                                   rtol=1e-6, atol=4e-16 * np.linalg.norm(after.theta))  # θ ± δ rounds in float64
    for step in steps:
        np.testing.assert_allclose(step.detail["residual_norm"],
                                   np.linalg.norm(problem.y - design @ np.asarray(step.theta)), rtol=1e-9)
    assert "float16" in steps[1].title and "float64" in steps[1].title


@pytest.mark.parametrize(("low", "degree"), [("float16", 6), ("bfloat16", 5), ("float32", 14)])
def test_when_kappa_times_u_is_far_above_1_it_stops_without_claiming_convergence(low, degree):
    x = np.linspace(0.0, 1.0, 40)
    y = np.exp(np.sin(4 * x))
    design = np.vander(x, degree + 1, increasing=True)
    kappa_u = np.linalg.cond(design / np.linalg.norm(design, axis=0)) * get_precision(low).unit_roundoff
    assert kappa_u > 5
    problem = Problem.from_points(x, y, degree=degree)
    exact = exact_least_squares(design, y)

    steps, result = refinement_steps(problem, factor_precision=low, max_steps=30)

    assert result.status in ("diverged", "failed")
    assert f"κ(A)·u({low})" in result.message and "too inaccurate to refine" in result.message
    assert digits(steps[-1].theta, exact) < 6
    assert len(steps) < 31  # it stopped on its own, not at max_steps
    checked = solve(problem, "refine", factor_precision=low, max_steps=30)
    assert checked.status in ("diverged", "failed") and not checked.ok


def test_data_beyond_float16s_range_are_refined_after_scaling_columns_by_powers_of_two():
    x = np.linspace(10.0, 300.0, 25)                     # x² reaches 90000 > 65504, float16's largest
    y = 3.0 - 0.02 * x + 1e-4 * x ** 2 + 0.1 * (-1.0) ** np.arange(x.size)
    design = np.vander(x, 3, increasing=True)
    exact = exact_least_squares(design, y)
    steps, result = refinement_steps(Problem.from_points(x, y, degree=2), factor_precision="float16", max_steps=30)
    assert result.status == "converged", result.message
    assert digits(result.theta, exact) >= 14.0


def test_the_factor_precision_is_a_declared_choice_and_the_default_is_float16():
    steps, result = refinement_steps(parabola(0.0))
    assert steps[0].detail["factor_precision"] == "float16"
    assert result.diagnostics["factor_precision"] == "float16"
    with pytest.raises(InputError, match="factor_precision"):
        refinement_steps(parabola(0.0), factor_precision="float64")


#: (NIST data set, factor precision): κ(A with unit columns)·u(low) < 0.01 on each; the digits to reach
#: are those LAPACK's Householder QR in float64 reaches on raw columns (tests/engine/test_nist_accuracy.py).
NIST_REFINABLE = {("Norris", "float16"): 12, ("Pontius", "float16"): 11, ("Pontius", "float32"): 11,
                  ("NoInt1", "float16"): 14, ("NoInt2", "float16"): 14, ("Longley", "float32"): 10}


@pytest.mark.parametrize(("key", "low"), sorted(NIST_REFINABLE))
def test_nist_data_refined_from_low_precision_factors_reach_float64_qrs_digits(key, low):
    truth = [float(v) for v in certified()[key]["certified_parameters"].values()]
    problem = get_dataset(f"nist-{key.lower()}").problem()
    result = solve(problem, "refine", factor_precision=low, max_steps=30)
    assert result.status == "converged", result.message
    assert lre(result.theta, truth) >= NIST_REFINABLE[key, low]


def test_longley_in_float16_is_not_refined_and_says_why():
    problem = get_dataset("nist-longley").problem()
    columns = problem.design / np.linalg.norm(problem.design, axis=0)
    assert np.linalg.cond(columns) * 2.0 ** -11 > 10
    result = solve(problem, "refine", factor_precision="float16", max_steps=30)
    assert result.status in ("diverged", "failed")
    assert "κ(A)·u(float16)" in result.message


def test_a_repeated_column_fails_with_the_dependent_columns_message():
    features = np.column_stack([np.arange(6.0), np.arange(6.0)])
    problem = Problem.from_table(features, np.array([1.0, 3, 2, 5, 4, 6]))
    assert np.linalg.matrix_rank(problem.design) == 2 < problem.p
    result = solve(problem, "refine")
    assert result.status == "failed" and result.theta is None
    assert "linearly dependent" in result.message and "'x2'" in result.message

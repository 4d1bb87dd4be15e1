"""Power iteration: the seed's hand example and the Hessian analysis checked against eigvalsh."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SOLVERS, Problem, iterate, run_to_end, solve
from engine.solvers.power import power_iteration


def trace(problem, method="power-iteration", **kwargs):
    steps = []
    result = run_to_end(iterate(problem, method, **kwargs), steps.append)
    return steps, result


def test_seeds_two_steps():
    """Seed: A = [2 1; 1 2], v₀ = [1; 0]: v₁ = [2; 1]/√5, v₂ = [5; 4]/√41."""
    v1, v2 = power_iteration([[2, 1], [1, 2]], [1, 0], 2)
    np.testing.assert_allclose(v1, np.array([2, 1]) / math.sqrt(5), rtol=1e-15)
    np.testing.assert_allclose(v2, np.array([5, 4]) / math.sqrt(41), rtol=1e-15)


def test_converges_to_the_dominant_eigenvector():
    """[2 1; 1 2] has λ = 3 with eigenvector [1; 1]/√2 and λ = 1 with [1; −1]/√2."""
    *_, last = power_iteration([[2, 1], [1, 2]], [1, 0], 60)
    np.testing.assert_allclose(last, np.array([1, 1]) / math.sqrt(2), rtol=1e-15)


def test_stops_when_the_product_is_zero():
    assert list(power_iteration([[0, 0], [0, 1]], [1, 0], 5)) == []


def test_registered_as_an_analysis():
    spec = SOLVERS.get("power-iteration")
    assert spec.family == "Analysis" and not spec.direct
    assert {h.name for h in spec.hyperparameters} == {"max_iter", "tol", "l2", "precision"}


def test_seeds_matrix_as_a_system_gives_its_eigenvalues():
    """[4 1; 1 3]: λ = (7 ± √5)/2, so κ = (7 + √5)/(7 − √5); the steps carry no θ."""
    steps, result = trace(Problem.from_normal_equations([[4, 1], [1, 3]], [1, 2]))
    lmax, lmin = (7 + math.sqrt(5)) / 2, (7 - math.sqrt(5)) / 2
    assert result.status == "converged" and result.theta is None
    d = result.diagnostics
    assert d["lambda_max"] == pytest.approx(lmax, rel=1e-10)
    assert d["lambda_min"] == pytest.approx(lmin, rel=1e-10)
    assert d["kappa"] == pytest.approx(lmax / lmin, rel=1e-9)
    assert d["lr_bound"] == pytest.approx(2 / lmax, rel=1e-10)
    assert d["lr_auto"] == pytest.approx(1 / lmax, rel=1e-10)
    assert d["gd_rate"] == pytest.approx((lmax - lmin) / (lmax + lmin), rel=1e-9)
    assert d["lambda_max_source"] == d["lambda_min_source"] == "power iteration"
    assert all(s.theta is None for s in steps)
    assert {s.kind for s in steps} == {"iterate-max", "iterate-min"}
    assert steps[0].detail["rayleigh"] == 4  # v₀ = e₁: e₁ᵀHe₁ = H₁₁
    np.testing.assert_allclose(steps[1].detail["vector"], np.array([4, 1]) / math.sqrt(17))
    np.testing.assert_allclose(steps[1].detail["product"], [4 * 4 / math.sqrt(17) + 1 / math.sqrt(17),
                                                            4 / math.sqrt(17) + 3 / math.sqrt(17)])
    assert f"{2 / lmax:.4g}" in result.message and "κ" in result.message


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["mean", "sum"]))
def test_random_problem_matches_eigvalsh(seed, loss):
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((50, 3))
    problem = Problem.from_table(features, features @ rng.standard_normal(3) + rng.standard_normal(50))
    scale = 1.0 if loss == "sum" else 1.0 / problem.n
    expected = np.linalg.eigvalsh(problem.gram * scale)
    result = solve(problem, "power-iteration", loss=loss)
    assert result.status == "converged", result.message
    d = result.diagnostics
    assert d["lambda_max"] == pytest.approx(expected[-1], rel=1e-6)
    assert d["lambda_min"] == pytest.approx(expected[0], rel=1e-6)
    assert d["lr_bound"] == pytest.approx(2 / expected[-1], rel=1e-6)
    assert d["kappa"] == pytest.approx(expected[-1] / expected[0], rel=1e-5)


def test_a_fixed_random_problem_is_found_by_power_iteration_itself():
    rng = np.random.default_rng(2024)
    features = rng.standard_normal((40, 4))
    problem = Problem.from_table(features, rng.standard_normal(40))
    expected = np.linalg.eigvalsh(problem.gram / problem.n)
    steps, result = trace(problem)
    d = result.diagnostics
    assert d["lambda_max_source"] == d["lambda_min_source"] == "power iteration"
    assert d["lambda_max"] == pytest.approx(expected[-1], rel=1e-9)
    assert d["lambda_min"] == pytest.approx(expected[0], rel=1e-6)
    v = np.asarray(d["eigenvector"])
    np.testing.assert_allclose(problem.gram / problem.n @ v, expected[-1] * v, atol=1e-5 * expected[-1])


def test_start_vector_orthogonal_to_the_top_eigenvector_is_caught():
    """H = diag(2, 5): from e₁ power iteration stays on λ = 2; the analysis must still say λmax = 5."""
    steps, result = trace(Problem.from_normal_equations([[2, 0], [0, 5]], [1, 1]))
    assert result.diagnostics["lambda_max"] == 5 and result.diagnostics["lambda_min"] == 2
    assert result.diagnostics["lambda_max_source"] == "eigvalsh"
    assert any("eigvalsh" in w for w in result.warnings)
    assert any(s.kind == "eigvalsh" and "λmax = 5" in s.title for s in steps)


def test_singular_hessian_has_infinite_kappa():
    x = np.arange(6.0)
    problem = Problem.from_table(np.column_stack([x, 2 * x]), x + 1)
    result = solve(problem, "power-iteration")
    d = result.diagnostics
    assert d["kappa"] == math.inf and d["gd_rate"] == 1.0
    assert "κ = ∞" in result.message


def test_ridge_penalty_raises_lambda_min():
    problem = Problem.from_normal_equations([[4, 1], [1, 3]], [1, 2])
    result = solve(problem, "power-iteration", l2=1.0)
    assert result.diagnostics["lambda_min"] == pytest.approx((7 - math.sqrt(5)) / 2 + 1, rel=1e-9)


def test_a_start_point_is_refused():
    with pytest.raises(ValueError, match="start"):
        solve(Problem.from_normal_equations([[4, 1], [1, 3]], [1, 2]), "power-iteration", start=[1, 1])

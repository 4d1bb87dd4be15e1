"""Conjugate gradient, Jacobi and Gauss-Seidel on the normal equations: the seed's system,
convergence to lstsq, and Jacobi's honest divergence when ρ ≥ 1."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine.solvers.linear_systems  # noqa: F401  (registers cg, jacobi, gauss-seidel)
from engine import SOLVERS, Problem, iterate, run_to_end, solve

SEED_SYSTEM = Problem.from_normal_equations([[4, 1], [1, 3]], [1, 2])
#: SPD (eigenvalues 2.8, 0.1, 0.1) but D⁻¹(L+U) = 0.9·(J − I) has eigenvalues 0.9·2 = 1.8 and −0.9, −0.9.
ALL_POINT_NINE = np.array([[1, .9, .9], [.9, 1, .9], [.9, .9, 1]])
DOMINANT = np.array([[10, 1, 2], [1, 8, 1], [2, 1, 9]], dtype=float)


def trace(problem, method, **kwargs):
    steps = []
    result = run_to_end(iterate(problem, method, **kwargs), steps.append)
    return steps, result


def random_problem(seed, n=60, k=3, shared=0.0):
    """Gaussian features; `shared` adds a common column to all of them (correlated features)."""
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n, k)) + shared * rng.standard_normal((n, 1))
    y = features @ rng.standard_normal(k) + rng.standard_normal(n)
    problem = Problem.from_table(features, y)
    return problem, np.linalg.lstsq(problem.design, y, rcond=None)[0]


def test_registered_in_order_in_their_family():
    names = [spec.name for spec in SOLVERS.families()["Linear-system iterations"]]
    assert names == ["cg", "jacobi", "gauss-seidel"]
    assert not any(SOLVERS.get(name).direct for name in names)
    assert SOLVERS.get("cg").defaults() == {"max_iter": 1000, "tol": 1e-12, "l2": 0.0, "precision": "float64"}


def test_cg_on_the_seeds_system_corrects_its_alpha():
    """Seed: A = [4 1; 1 3], b = [1; 2], x₀ = 0, r₀ = p₀ = [1; 2], α₀ = r₀ᵀr₀ / p₀ᵀAp₀.

    Ap₀ = [6; 7], so p₀ᵀAp₀ = 6 + 14 = 20 (not 14 as the seed writes): α₀ = 5/20 = 1/4 and
    x₁ = [1/4; 1/2]. Then r₁ = [−1/2; 1/4], β₀ = (5/16)/5 = 1/16, and the second step lands
    on the exact solution A⁻¹b = [1/11; 7/11].
    """
    steps, result = trace(SEED_SYSTEM, "cg")
    np.testing.assert_allclose(steps[0].theta, [0, 0])
    np.testing.assert_allclose(steps[0].detail["residual"], [1, 2])
    np.testing.assert_allclose(steps[0].detail["direction"], [1, 2])
    first = steps[1].detail
    assert first["rr"] == pytest.approx(5)
    assert first["pHp"] == pytest.approx(20)
    assert first["alpha"] == pytest.approx(0.25)
    assert first["beta"] == pytest.approx(1 / 16)
    np.testing.assert_allclose(first["residual"], [-0.5, 0.25], atol=1e-15)
    np.testing.assert_allclose(steps[1].theta, [0.25, 0.5], atol=1e-15)
    assert "5/20 = 0.25" in steps[1].title and "α₀" in steps[1].title
    np.testing.assert_allclose(steps[2].theta, [1 / 11, 7 / 11], atol=1e-14)
    assert steps[2].detail["alpha"] == pytest.approx(4 / 11)
    assert result.status == "converged" and result.iterations == 2
    np.testing.assert_allclose(result.theta, [1 / 11, 7 / 11], atol=1e-14)


def test_cg_gradient_is_minus_the_residual():
    steps, _ = trace(SEED_SYSTEM, "cg")
    for step in steps:
        np.testing.assert_allclose(step.detail["gradient"], -np.asarray(step.detail["residual"]))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["mean", "sum"]), st.sampled_from(["ascending", "descending"]))
def test_cg_reaches_lstsq_within_p_plus_one_iterations(seed, loss, order):
    problem, expected = random_problem(seed)
    problem = Problem.from_table(problem.features, problem.y, basis_order=order)
    result = solve(problem, "cg", loss=loss)
    assert result.status == "converged", result.message
    assert result.iterations <= problem.p + 1
    np.testing.assert_allclose(result.theta, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())


@pytest.mark.parametrize("method", ["jacobi", "gauss-seidel"])
def test_stationary_methods_converge_on_a_diagonally_dominant_system(method):
    problem = Problem.from_normal_equations(DOMINANT, [1, 2, 3])
    expected = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    np.testing.assert_allclose(expected, np.linalg.solve(DOMINANT, [1, 2, 3]), rtol=1e-12)
    steps, result = trace(problem, method)
    assert result.status == "converged", result.message
    assert result.diagnostics["spectral_radius"] < 1
    assert steps[0].detail["spectral_radius"] == result.diagnostics["spectral_radius"]
    np.testing.assert_allclose(result.theta, expected, rtol=1e-8)


def test_jacobi_spectral_radius_matches_the_mathematics():
    """For ALL_POINT_NINE D = I, so D⁻¹(L+U) = G − I with eigenvalues 2.8 − 1 = 1.8 and 0.1 − 1 = −0.9;
    for DOMINANT numpy's eigenvalues of D⁻¹(L+U) decide."""
    _, result = trace(Problem.from_normal_equations(ALL_POINT_NINE, [1, 2, 3]), "jacobi")
    assert result.diagnostics["spectral_radius"] == pytest.approx(1.8)
    d = np.diag(DOMINANT)
    expected = np.max(np.abs(np.linalg.eigvals((DOMINANT - np.diag(d)) / d[:, None])))
    _, result = trace(Problem.from_normal_equations(DOMINANT, [1, 2, 3]), "jacobi")
    assert result.diagnostics["spectral_radius"] == pytest.approx(expected)


def test_jacobi_diverges_honestly_when_rho_exceeds_one():
    problem = Problem.from_normal_equations(ALL_POINT_NINE, [1, 2, 3])
    steps, result = trace(problem, "jacobi")
    assert result.status == "diverged"
    assert result.theta is None
    assert "ρ = 1.8" in result.message and "gauss-seidel" in result.message
    assert all(np.all(np.isfinite(s.theta)) and np.isfinite(s.loss) for s in steps)


def test_gauss_seidel_converges_where_jacobi_diverges():
    """Gauss-Seidel converges for every SPD matrix; ALL_POINT_NINE is SPD (eigenvalues 2.8, 0.1, 0.1)."""
    assert np.all(np.linalg.eigvalsh(ALL_POINT_NINE) > 0)
    problem = Problem.from_normal_equations(ALL_POINT_NINE, [1, 2, 3])
    result = solve(problem, "gauss-seidel")
    assert result.status == "converged", result.message
    assert result.diagnostics["spectral_radius"] < 1
    np.testing.assert_allclose(result.theta, np.linalg.solve(ALL_POINT_NINE, [1, 2, 3]), rtol=1e-7)


def test_gauss_seidel_sweep_uses_the_new_components_at_once():
    """One forward sweep on the seed's system from 0 by hand: x₁ = 1/4, then x₂ = (2 − 1/4)/3 = 7/12."""
    steps, _ = trace(SEED_SYSTEM, "gauss-seidel", max_iter=1)
    np.testing.assert_allclose(steps[1].theta, [0.25, 7 / 12])
    steps, _ = trace(SEED_SYSTEM, "jacobi", max_iter=1)
    np.testing.assert_allclose(steps[1].theta, [0.25, 2 / 3])


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([0.0, 3.0]))
def test_gauss_seidel_reaches_lstsq_and_jacobi_is_honest_on_random_problems(seed, shared):
    """Independent features give Jacobi ρ < 1; strongly correlated ones give ρ > 1 (about 1.6–2)."""
    problem, expected = random_problem(seed, shared=shared)
    result = solve(problem, "gauss-seidel", max_iter=100_000)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())
    h = problem.gram / problem.n
    d = np.diag(h)
    rho = np.max(np.abs(np.linalg.eigvals((h - np.diag(d)) / d[:, None])))
    result = solve(problem, "jacobi", max_iter=100_000)
    if rho < 0.999:
        assert result.status == "converged", result.message
        np.testing.assert_allclose(result.theta, expected, rtol=1e-6, atol=1e-6 * np.abs(expected).max())
    elif rho >= 1:
        assert result.status == "diverged" and "ρ =" in result.message


@pytest.mark.parametrize("method", ["cg", "jacobi", "gauss-seidel"])
def test_ridge_penalty_solves_the_penalised_system(method):
    problem, _ = random_problem(7)
    h = problem.gram / problem.n + np.diag([0.0, 0.5, 0.5, 0.5])
    expected = np.linalg.solve(h, problem.aty / problem.n)
    result = solve(problem, method, l2=0.5)
    assert result.status == "converged"
    np.testing.assert_allclose(result.theta, expected, rtol=1e-7)


@pytest.mark.parametrize("method", ["jacobi", "gauss-seidel"])
def test_zero_column_fails_with_a_clear_message(method):
    features = np.column_stack([np.arange(5.0), np.zeros(5)])
    problem = Problem.from_table(features, [1, 2, 3, 4, 6])
    result = solve(problem, method)
    assert result.status == "failed"
    assert "zero on its diagonal" in result.message and "'x2'" in result.message


def test_cg_from_zero_finds_the_minimum_norm_answer_of_a_rank_deficient_problem():
    """CG from 0 stays in range(H), so with a zero column it returns lstsq's minimum-norm answer."""
    x = np.arange(5.0)
    y = np.array([1, 2, 3, 4, 6.0])
    problem = Problem.from_table(np.column_stack([x, np.zeros(5)]), y, intercept=False)
    result = solve(problem, "cg")
    assert result.status == "converged"
    np.testing.assert_allclose(result.theta, [x @ y / (x @ x), 0], atol=1e-14)


def test_cg_fails_clearly_when_p_h_p_is_not_positive():
    """An indefinite H (impossible for AᵀA, forced here) must end as failed, not with a wild step."""
    problem = Problem.from_normal_equations(np.eye(2), [0, 1])
    problem.__dict__.update(gram=np.diag([1.0, -1.0]))
    result = solve(problem, "cg", reference=False)
    assert result.status == "failed" and result.theta is None
    assert "p₀ᵀHp₀ = -1 ≤ 0" in result.message

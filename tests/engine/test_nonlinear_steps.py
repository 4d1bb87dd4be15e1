"""The nonlinear solvers' step streams (issue 17): Gauss-Newton's step is lstsq(J, −r), LM's μ is in every
step, the contract's detail is there, and the stopping rules never call a non-minimum "converged"."""

import numpy as np
import pytest

from engine.errors import InputError
from engine.nonlinear import NONLINEAR_SOLVERS, iterate_nonlinear, nist_problem, solve_nonlinear
from engine.run import run_to_end

from .nist_nonlinear_reference import dat_files, read_case


def misra1a_residual(b, x, y):
    """NIST's Misra1a model written out here: y = b1·(1 − exp(−b2·x)); works for complex b."""
    return b[0] * (1 - np.exp(-b[1] * x)) - y


def complex_step_jacobian(b, x, y, h=1e-30):
    """∂r/∂bⱼ = Im r(b + i·h·eⱼ)/h, exact to rounding (no subtraction)."""
    columns = []
    for j in range(len(b)):
        shifted = np.array(b, dtype=complex)
        shifted[j] += 1j * h
        columns.append(misra1a_residual(shifted, x, y).imag / h)
    return np.column_stack(columns)


def steps_and_result(generator):
    steps = []
    result = run_to_end(generator, steps.append)
    return steps, result


@pytest.mark.parametrize("start", [1, 2])
def test_each_gauss_newton_step_is_lstsq_of_j_and_minus_r(start):
    case = read_case(next(path for path in dat_files() if path.stem == "Misra1a"))
    problem = nist_problem("nist-misra1a", start)
    steps, result = steps_and_result(iterate_nonlinear(problem, "gauss-newton", line_search=False))
    assert result.status == "converged", result.message
    assert len(steps) > 3
    for before, after in zip(steps, steps[1:]):
        b = np.asarray(before.theta)
        jac = complex_step_jacobian(b, case.x, case.y)
        r = misra1a_residual(b, case.x, case.y)
        expected = np.linalg.lstsq(jac, -r, rcond=None)[0]
        np.testing.assert_allclose(after.detail["delta"], expected, rtol=1e-9, atol=1e-15 * np.abs(b).max())
        np.testing.assert_allclose(after.theta, b + expected, rtol=1e-12)
        # The projection of −r on the tangent plane: J δ, with the J of the point the step left.
        np.testing.assert_allclose(after.detail["projection"], jac @ expected, rtol=1e-8, atol=1e-12)
        assert after.detail["mu"] == 0.0


def test_every_solver_streams_the_contracts_steps():
    problem = nist_problem("nist-misra1a", 2)
    case = read_case(next(path for path in dat_files() if path.stem == "Misra1a"))
    for method in ("gauss-newton", "lm", "gd", "momentum", "adam", "lbfgs"):
        steps, result = steps_and_result(iterate_nonlinear(problem, method, max_iter=30))
        first = steps[0]
        assert first.k == 0 and np.array_equal(first.theta, problem.start), method
        for step in steps:
            b = np.asarray(step.theta)
            r = misra1a_residual(b, case.x, case.y)
            assert step.kind == "iterate"
            assert step.loss == pytest.approx(0.5 * float(r @ r), rel=1e-12)
            jac = complex_step_jacobian(b, case.x, case.y)
            rounding = 1e-13 * np.linalg.norm(jac) * np.linalg.norm(case.y)  # Jᵀr at a minimum is rounding
            assert step.grad_norm == pytest.approx(np.linalg.norm(jac.T @ r), rel=1e-8, abs=rounding)
            assert {"delta", "mu", "projection", "residual"} <= set(step.detail), method
            np.testing.assert_allclose(step.detail["residual"], r, rtol=1e-12, atol=1e-12)
        assert result.status in ("converged", "max_iter"), (method, result.message)


def test_lm_shows_its_damping_in_every_step_and_starts_from_mu0():
    problem = nist_problem("nist-misra1a", 1)
    steps, result = steps_and_result(iterate_nonlinear(problem, "lm", mu0=10.0))
    assert steps[0].detail["mu"] == 10.0
    assert all(np.isfinite(step.detail["mu"]) and step.detail["mu"] >= 0 for step in steps)
    assert len({step.detail["mu"] for step in steps}) > 2  # μ adapts
    assert result.status == "converged"


def test_the_registry_declares_the_forms():
    assert set(NONLINEAR_SOLVERS.solvers) == {"gauss-newton", "lm", "gd", "momentum", "adam", "lbfgs"}
    lm = {h.name: h for h in NONLINEAR_SOLVERS.get("lm").hyperparameters}
    assert {"mu0", "max_iter", "geodesic"} <= set(lm) and lm["geodesic"].kind == "bool"
    assert "line_search" in {h.name for h in NONLINEAR_SOLVERS.get("gauss-newton").hyperparameters}
    with pytest.raises(InputError, match="mu0"):
        solve_nonlinear(nist_problem("nist-misra1a", 1), "lm", mu0="plenty")
    with pytest.raises(InputError, match="unknown method"):
        solve_nonlinear(nist_problem("nist-misra1a", 1), "newton-raphson")


def test_geodesic_acceleration_reaches_the_certified_minimum():
    case = read_case(next(path for path in dat_files() if path.stem == "MGH09"))
    result = solve_nonlinear(nist_problem("nist-mgh09", 2), "lm", geodesic=True)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, case.certified, rtol=1e-6)


def test_running_out_of_iterations_is_never_converged():
    problem = nist_problem("nist-mgh10", 2)
    for method in ("lm", "gauss-newton", "lbfgs"):
        result = solve_nonlinear(problem, method, max_iter=3)
        assert result.status == "max_iter", method
        assert "without reaching a minimum" in result.message


def test_a_badly_scaled_problem_does_not_stop_early():
    # Hahn1's cubic rational has columns 1, x, x², x³ with x up to 900: MINPACK with finite differences
    # stops 2 digits in. Ours stops only at rounding level: the gradient, computed here, is ≈ 0.
    case = read_case(next(path for path in dat_files() if path.stem == "Hahn1"))
    problem = nist_problem("nist-hahn1", 1)
    result = solve_nonlinear(problem, "lm")
    assert result.status == "converged", result.message
    b = result.theta
    x = case.x
    numerator = b[0] + b[1] * x + b[2] * x ** 2 + b[3] * x ** 3
    denominator = 1 + b[4] * x + b[5] * x ** 2 + b[6] * x ** 3
    r = numerator / denominator - case.y
    powers = np.column_stack([x ** k for k in range(4)])
    jac = np.column_stack([powers / denominator[:, None],
                           -(numerator / denominator ** 2)[:, None] * powers[:, 1:]])
    cosines = np.abs(jac.T @ r) / (np.linalg.norm(jac, axis=0) * np.linalg.norm(r))
    assert cosines.max() < 1e-9
    np.testing.assert_allclose(b, case.certified, rtol=1e-6)


def test_a_start_where_the_model_is_undefined_is_refused_in_words():
    problem = nist_problem("nist-mgh10", 1)
    result = solve_nonlinear(problem, "lm", start=[1.0, 1.0, -problem.x[0]])  # b2/(x + b3) divides by 0
    assert result.status == "failed" and result.theta is None
    assert "cannot be evaluated at the start point" in result.message


def test_gauss_newton_overshooting_says_diverged():
    result = solve_nonlinear(nist_problem("nist-mgh10", 1), "gauss-newton", line_search=False)
    assert result.status == "diverged"
    assert "Diverged" in result.message and "line search" in result.message

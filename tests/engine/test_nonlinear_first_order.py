"""Gradient descent, momentum, Adam and L-BFGS on the nonlinear loss (issue 17): from Misra1a's near start
the loss falls; a learning rate too large says "diverged"; L-BFGS reaches the certified minimum."""

import numpy as np
import pytest

from engine.nonlinear import nist_problem, solve_nonlinear

from .nist_nonlinear_reference import dat_files, log_relative_error, read_case

MISRA1A = read_case(next(path for path in dat_files() if path.stem == "Misra1a"))


def misra1a_loss(b) -> float:
    """½Σ(b1·(1 − exp(−b2·x)) − y)², written out here."""
    r = b[0] * (1 - np.exp(-b[1] * MISRA1A.x)) - MISRA1A.y
    return 0.5 * float(r @ r)


@pytest.mark.parametrize("method", ["gd", "momentum", "adam", "lbfgs"])
def test_the_loss_falls_from_misra1a_start_2(method):
    problem = nist_problem("nist-misra1a", 2)
    losses = []
    result = solve_nonlinear(problem, method, max_iter=1500,
                             on_step=lambda step: losses.append(misra1a_loss(step.theta)))
    start_loss = misra1a_loss(MISRA1A.starts[1])
    assert losses[0] == pytest.approx(start_loss)
    assert misra1a_loss(result.theta) < 0.01 * start_loss, method
    assert result.status in ("converged", "max_iter"), result.message
    if result.status == "max_iter":
        assert "without reaching a minimum" in result.message


def test_gradient_descent_falls_step_by_step_with_its_automatic_rate():
    losses = []
    solve_nonlinear(nist_problem("nist-misra1a", 2), "gd", max_iter=200,
                    on_step=lambda step: losses.append(misra1a_loss(step.theta)))
    assert all(later <= earlier * (1 + 1e-12) for earlier, later in zip(losses, losses[1:]))


def test_lbfgs_reaches_the_certified_minimum():
    result = solve_nonlinear(nist_problem("nist-misra1a", 2), "lbfgs")
    assert result.status == "converged", result.message
    assert log_relative_error(result.theta, MISRA1A.certified) >= 6


@pytest.mark.parametrize("method", ["gd", "momentum"])
def test_a_learning_rate_too_large_says_diverged(method):
    result = solve_nonlinear(nist_problem("nist-misra1a", 2), method, lr=100.0)
    assert result.status == "diverged"
    assert "Diverged" in result.message and "Lower lr" in result.message
    assert "converged" not in result.message.lower()

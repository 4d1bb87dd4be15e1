"""Loss of orthogonality of the explicit Q: the textbook facts, checked on the data the class sees."""

import numpy as np
import pytest

from engine.datasets import get_dataset
from engine.orthogonality import METHODS, orthogonal_factor, orthogonality_loss
from engine.problem import Problem


def random_problem(n: int = 40, p: int = 6, seed: int = 0) -> Problem:
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n, p - 1))
    return Problem.from_table(features, rng.standard_normal(n))


@pytest.mark.parametrize("method", METHODS)
def test_a_well_conditioned_problem_keeps_orthogonality_for_every_method(method):
    problem = random_problem()
    assert problem.cond < 10
    loss = orthogonality_loss(problem, method)
    assert loss.shape == (problem.p,)
    assert np.all(loss <= 1e-13)


@pytest.mark.parametrize("method", METHODS)
def test_q_spans_the_columns_and_r_is_upper_triangular(method):
    a = random_problem(seed=1).matrix
    q = orthogonal_factor(a, method)
    r = q.T @ a
    np.testing.assert_allclose(np.tril(r, -1), 0, atol=1e-12)
    np.testing.assert_allclose(q @ r, a, atol=1e-12)
    # Up to the sign of each column, Q is unique: compare with LAPACK's.
    q_lapack = np.linalg.qr(a)[0]
    np.testing.assert_allclose(np.abs(q), np.abs(q_lapack), atol=1e-12)


def test_the_loss_is_the_spectral_norm_of_each_leading_block():
    problem = random_problem(n=8, p=4, seed=2)
    q = orthogonal_factor(problem.matrix, "cgs")
    expected = [np.linalg.norm(q[:, :j].T @ q[:, :j] - np.eye(j), 2) for j in range(1, 5)]
    np.testing.assert_allclose(orthogonality_loss(problem, "cgs"), expected, rtol=1e-6, atol=1e-18)


def test_on_filip_classical_gram_schmidt_loses_orthogonality_and_householder_does_not():
    problem = get_dataset("nist-filip").problem()
    assert problem.cond > 1e10  # κ² · ε ≫ 1: CGS has nothing left to lose
    cgs = orthogonality_loss(problem, "cgs")
    householder = orthogonality_loss(problem, "householder")
    assert cgs[-1] >= 1e-3
    assert householder[-1] <= 1e-12
    # The loss of a leading block can only grow with more columns.
    assert np.all(np.diff(cgs) >= -1e-15)


def test_modified_lies_between_classical_and_householder_on_filip():
    problem = get_dataset("nist-filip").problem()
    cgs, mgs, householder = (orthogonality_loss(problem, m)[-1] for m in METHODS)
    assert householder < mgs < cgs


def test_a_zero_column_gives_a_q_that_is_not_orthonormal_and_no_error():
    a = np.column_stack([np.ones(5), np.zeros(5), np.arange(5.0)])
    for method in ("cgs", "mgs"):
        q = orthogonal_factor(a, method)
        assert np.all(np.isfinite(q))
        np.testing.assert_array_equal(q[:, 1], 0)
    q = orthogonal_factor(a, "householder")
    np.testing.assert_allclose(q.T @ q, np.eye(3), atol=1e-14)  # reflections are orthogonal whatever A is


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        orthogonal_factor(np.eye(3), "givens")

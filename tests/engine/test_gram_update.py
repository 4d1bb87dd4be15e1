"""Rank-one updates of a moved point: AᵀA, Aᵀy, yᵀy and R against numpy from scratch, and the
normal equations' answer on the updated problem against numpy.linalg.lstsq."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Problem
from engine.gram_update import add_row_r, remove_row_r, replace_row_gram


def scratch(problem: Problem) -> tuple[np.ndarray, np.ndarray, float]:
    """AᵀA, Aᵀy, yᵀy of the working matrix, straight from numpy."""
    a = np.array(problem.matrix)
    return a.T @ a, a.T @ problem.y, float(problem.y @ problem.y)


def assert_close_to_scratch(updated: Problem, x, y):
    fresh = Problem.from_points(x.copy(), y.copy(), updated.degree, intercept=updated.intercept,
                                basis_order=updated.basis_order, scaling=updated.scaling)
    g, v, s = scratch(fresh)
    a = np.abs(np.array(fresh.matrix))
    # entries that cancel to ~0 are compared with the size of the terms that were summed
    np.testing.assert_allclose(updated.gram, g, rtol=1e-12, atol=1e-12 * np.max(a.T @ a))
    np.testing.assert_allclose(updated.aty, v, rtol=1e-12, atol=1e-12 * np.max(a.T @ np.abs(fresh.y)))
    assert updated.yty == pytest.approx(s, rel=1e-12)
    # the moved row is x**j computed alone; numpy's vectorised power may round a long array 1 ulp apart
    np.testing.assert_allclose(updated.design, fresh.design, rtol=4 * np.finfo(float).eps, atol=0)
    np.testing.assert_array_equal(updated.y, fresh.y)


def cholesky_solution(problem: Problem) -> np.ndarray:
    return problem.to_original(scipy.linalg.cho_solve(scipy.linalg.cho_factor(problem.gram), problem.aty))


@pytest.mark.parametrize("scaling", ["none", "unit-norm", "standardize"])
@pytest.mark.parametrize("order", ["ascending", "descending"])
@pytest.mark.parametrize("degree", [1, 3])
def test_a_dragged_point_updates_every_cache(scaling, order, degree):
    rng = np.random.default_rng(degree)
    x = rng.uniform(-2, 3, 400)
    y = 1 - x + 0.5 * x**2 + rng.standard_normal(400)
    problem = Problem.from_points(x.copy(), y.copy(), degree, basis_order=order, scaling=scaling)
    problem.cond  # noqa: B018  (R is computed, so it is updated too)
    for step in range(25):  # a drag: many small moves of the same point, each from the last
        i = 17 if step < 20 else int(rng.integers(400))
        x[i], y[i] = x[i] + rng.normal(0, 0.3), y[i] + rng.normal(0, 0.5)
        problem = problem.with_point_moved(i, x[i], y[i])
        assert_close_to_scratch(problem, x, y)
    expected = np.linalg.lstsq(np.column_stack([x**j for j in range(degree + 1)]), y, rcond=None)[0]
    np.testing.assert_allclose(cholesky_solution(problem), expected, rtol=1e-9, atol=1e-9)
    fresh = Problem.from_points(x, y, degree, basis_order=order, scaling=scaling)
    np.testing.assert_allclose(problem.singular_values, fresh.singular_values, rtol=1e-10)


def test_the_update_does_not_recompute_the_gram_matrix():
    """After a move, the new problem holds AᵀA already (no O(n·p²) pass is waiting to happen)."""
    x = np.linspace(0, 1, 1000)
    problem = Problem.from_points(x, 2 * x + 1, 2)
    problem.gram  # noqa: B018
    moved = problem.with_point_moved(3, 0.5, 7.0)
    assert {"gram", "aty", "yty"} <= set(moved.__dict__)
    standardized = Problem.from_points(x, 2 * x + 1, 2, scaling="standardize")
    standardized.gram  # noqa: B018
    assert "gram" not in standardized.with_point_moved(3, 0.5, 7.0).__dict__  # the documented fallback


def test_an_outlier_moved_back_falls_back_to_a_full_pass():
    """The outlier holds nearly all of AᵀA's x² entry: subtracting it would cancel the digits."""
    x = np.r_[np.linspace(0, 1, 50), 1e7]
    y = np.r_[np.linspace(0, 1, 50), 3.0]
    problem = Problem.from_points(x.copy(), y.copy(), 1)
    problem.gram  # noqa: B018
    x[-1] = 0.5
    moved = problem.with_point_moved(50, 0.5, 3.0)
    assert_close_to_scratch(moved, x, y)


FINITE = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(FINITE, FINITE), min_size=6, max_size=30, unique_by=lambda t: t[0]),
       st.integers(0, 10**6), FINITE, FINITE)
def test_gram_update_matches_numpy(points, which, new_x, new_y):
    x, y = np.array(points).T
    i = which % x.size
    a = np.column_stack([np.ones_like(x), x, x**2])
    gram, aty, yty = a.T @ a, a.T @ y, float(y @ y)
    x2, y2 = x.copy(), y.copy()
    x2[i], y2[i] = new_x, new_y
    b = np.column_stack([np.ones_like(x2), x2, x2**2])
    updated = replace_row_gram(gram, aty, yty, a[i], y[i], b[i], new_y)
    if updated is None:  # refused: the removed row held most of a diagonal entry
        assert np.any(a[i] ** 2 > 1e3 * np.diag(b.T @ b)) or y[i] ** 2 > 1e3 * (y2 @ y2)
        return
    g, v, s = updated
    scale = np.abs(a).T @ np.abs(a) + np.abs(b).T @ np.abs(b)
    np.testing.assert_allclose(g, b.T @ b, rtol=1e-12, atol=1e-12 * scale.max())
    np.testing.assert_allclose(v, b.T @ y2, rtol=1e-12,
                               atol=1e-12 * (np.abs(a).T @ np.abs(y) + np.abs(b).T @ np.abs(y2)).max())
    assert s == pytest.approx(float(y2 @ y2), rel=1e-12)


def test_r_update_and_downdate_against_a_fresh_qr():
    rng = np.random.default_rng(5)
    a = rng.standard_normal((60, 4))
    r = scipy.linalg.qr(a, mode="r")[0][:4]
    extra = rng.standard_normal(4)
    grown = add_row_r(r, extra)
    full = np.vstack([a, extra])
    np.testing.assert_allclose(grown.T @ grown, full.T @ full, rtol=1e-12, atol=1e-12)
    assert np.allclose(np.tril(grown, -1), 0)
    shrunk = remove_row_r(grown, extra)
    np.testing.assert_allclose(shrunk.T @ shrunk, a.T @ a, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.linalg.svd(shrunk, compute_uv=False), np.linalg.svd(a, compute_uv=False),
                               rtol=1e-12)
    only = np.eye(4)
    assert remove_row_r(only, np.array([1.0, 0, 0, 0])) is None  # removing a whole direction


def test_point_moved_wants_a_points_problem():
    table = Problem.from_table(np.arange(10.0).reshape(5, 2), np.arange(5.0))
    with pytest.raises(ValueError, match="from_points"):
        table.with_point_moved(0, 1.0, 2.0)
    line = Problem.from_points([0, 1, 2], [1, 2, 3])
    with pytest.raises(IndexError):
        line.with_point_moved(3, 0.0, 0.0)

"""The seed's hand calculations (../shared/seed), reproduced by the direct solvers."""

import math

import numpy as np
import pytest

from engine import SOLVERS, Problem, iterate, run_to_end, solve
from engine.datasets import get_dataset
from engine.own_references import OWN_REFERENCE_METHODS

DIRECT = [spec.name for spec in SOLVERS if spec.direct and spec.name not in OWN_REFERENCE_METHODS]
ROOT5 = math.sqrt(5)


def steps_of(problem, method):
    steps = []
    result = run_to_end(iterate(problem, method), steps.append)
    return steps, result


@pytest.mark.parametrize("method", DIRECT)
def test_seed_two_points_give_b0_1_b1_2(method):
    result = solve(get_dataset("seed-2pt").problem(), method)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, [1.0, 2.0], rtol=1e-12)


@pytest.mark.parametrize("method", DIRECT)
def test_seed_four_points_give_1_1(method):
    result = solve(get_dataset("seed-4pt").problem(), method)
    np.testing.assert_allclose(result.theta, [1.0, 1.0], rtol=1e-12)


def seed_problem():
    """The seed writes the columns as (x, 1): highest power first."""
    return get_dataset("seed-2pt").problem(basis_order="descending")


def test_cgs_in_the_seeds_basis_order_builds_the_seeds_q_r_and_qty():
    steps, result = steps_of(seed_problem(), "cgs")
    last = [s for s in steps if s.kind == "normalise"][-1]
    q = last.detail["q_so_far"]
    np.testing.assert_allclose(q, np.array([[1, 2], [2, -1]]) / ROOT5, atol=1e-15)
    r = last.detail["r"]
    np.testing.assert_allclose(r, [[ROOT5, 3 / ROOT5], [0, 1 / ROOT5]], atol=1e-15)
    # the seed's projection of column 2 on q1: (3/√5)·q1 = [3/5, 6/5], remainder [2/5, -1/5]
    project, subtract = (next(s for s in steps if s.kind == kind) for kind in ("project", "subtract"))
    np.testing.assert_allclose(project.detail["projections"][0], [3 / 5, 6 / 5], atol=1e-15)
    np.testing.assert_allclose(subtract.detail["after"][0], [2 / 5, -1 / 5], atol=1e-15)
    qty = next(s for s in steps if s.kind == "qty").detail["vector"]
    np.testing.assert_allclose(qty, [13 / ROOT5, 1 / ROOT5], atol=1e-14)
    # back substitution: row 2 gives b = 1, row 1 gives a = 2 (the seed's a, b)
    rows = [s.detail["value"] for s in steps if s.kind == "back-substitute"]
    np.testing.assert_allclose(rows, [1.0, 2.0], atol=1e-14)
    np.testing.assert_allclose(result.theta, [1.0, 2.0], atol=1e-14)


def test_normal_inverse_in_the_seeds_basis_order_shows_its_matrices():
    steps, result = steps_of(seed_problem(), "normal-inverse")
    by_kind = {s.kind: s for s in steps}
    np.testing.assert_array_equal(by_kind["gram"].detail["matrix"], [[5, 3], [3, 2]])
    np.testing.assert_array_equal(by_kind["moment"].detail["vector"], [13, 8])
    np.testing.assert_allclose(by_kind["inverse"].detail["matrix"], [[2, -3], [-3, 5]], atol=1e-13)
    assert by_kind["inverse"].detail["determinant"] == pytest.approx(1.0)
    np.testing.assert_allclose(result.theta, [1.0, 2.0], atol=1e-13)


def test_householder_reflector_maps_the_first_column_onto_a_multiple_of_e1():
    problem = Problem.from_points([1, 2], [3, 5])
    steps, _ = steps_of(problem, "householder")
    first = steps[0]
    v = first.detail["v"]
    h = np.eye(2) - 2 * np.outer(v, v) / (v @ v)
    column = h @ problem.matrix[:, 0]
    np.testing.assert_allclose(column, [first.detail["alpha"], 0.0], atol=1e-15)
    assert abs(first.detail["alpha"]) == pytest.approx(math.sqrt(2))


def test_steps_are_immutable():
    steps, result = steps_of(Problem.from_points([1, 2, 3], [1, 2, 2]), "mgs")
    with pytest.raises(ValueError):
        steps[0].detail["r"][0, 0] = 99.0
    with pytest.raises(ValueError):
        result.theta[0] = 99.0

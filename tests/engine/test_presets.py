"""The conditioning lab's presets: they load, have the κ their descriptions claim (numpy.linalg.cond),
check solvers that exist, and behave as they say (references: numpy, and the mathematics of each)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import SOLVERS
from engine.datasets import DATASETS
from engine.run import solve

REPO = Path(__file__).resolve().parents[2]
PRESETS = ("tb-l19", "hilbert", "vandermonde", "lauchli", "rank-deficient")


def _claimed_kappa(description: str) -> float:
    """The number after 'κ(A) ≈' in a description."""
    return float(re.search(r"κ\(A\) ≈ ([0-9.e+-]+)", description).group(1).rstrip("."))


def _digits(theta, reference) -> float:
    error = np.linalg.norm(np.asarray(theta) - reference) / np.linalg.norm(reference)
    return float(-np.log10(max(error, 1e-17)))


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_opens_in_the_conditioning_lab_with_solvers_that_exist(name):
    data_set = DATASETS[name]
    assert data_set.group == "Conditioning lab"
    assert data_set.methods and all(method in SOLVERS for method in data_set.methods)
    described = data_set.describe()
    assert described["methods"] == list(data_set.methods)
    assert json.loads(json.dumps(described)) == described


@pytest.mark.parametrize("name", ["tb-l19", "hilbert", "vandermonde", "lauchli"])
def test_the_kappa_a_description_claims_is_numpys(name):
    data_set = DATASETS[name]
    design = data_set.problem().design
    claimed = _claimed_kappa(data_set.description)
    assert np.linalg.cond(design) == pytest.approx(claimed, rel=0.05)


def test_trefethen_and_bau_lecture_19_is_the_books_problem():
    problem = DATASETS["tb-l19"].problem()
    t = np.linspace(0, 1, 100)
    np.testing.assert_allclose(problem.design, np.vander(t, 15, increasing=True), rtol=1e-14)
    np.testing.assert_allclose(problem.y, np.exp(np.sin(4 * t)) / 2006.787453080206, rtol=1e-15)
    assert DATASETS["tb-l19"].methods == ("householder", "normal-cholesky", "mgs")
    householder = solve(problem, "householder")
    assert abs(householder.theta[-1] - 1.0) < 1e-7, "the book: x15 = 1 to about 9 digits by QR"
    normal = solve(problem, "normal-cholesky")
    assert normal.theta is None or abs(normal.theta[-1] - 1.0) > 0.1


def test_hilbert_has_the_answer_all_ones_and_defeats_the_normal_equations():
    problem = DATASETS["hilbert"].problem()
    i, j = np.meshgrid(np.arange(1, 13), np.arange(1, 9), indexing="ij")
    np.testing.assert_allclose(problem.design, 1.0 / (i + j - 1), rtol=1e-15)
    np.testing.assert_allclose(np.linalg.lstsq(problem.design, problem.y, rcond=None)[0], np.ones(8), rtol=1e-6)
    assert _digits(solve(problem, "householder").theta, np.ones(8)) >= 7.5
    normal = solve(problem, "normal-cholesky")
    assert normal.theta is None or _digits(normal.theta, np.ones(8)) < 1


def test_vandermonde_loses_twice_the_digits_in_the_normal_equations():
    problem = DATASETS["vandermonde"].problem()
    x = np.linspace(0, 1, 21)
    np.testing.assert_allclose(problem.design, np.vander(x, 11, increasing=True), rtol=1e-14)
    reference = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    qr_digits = _digits(solve(problem, "householder").theta, reference)
    normal_digits = _digits(solve(problem, "normal-cholesky").theta, reference)
    assert qr_digits >= 8.5 and 2 <= normal_digits <= 4.5
    assert 16 - normal_digits >= 1.5 * (16 - qr_digits), "about twice the digits lost"


def test_lauchli_breaks_the_normal_equations_in_float64():
    problem = DATASETS["lauchli"].problem()
    e = 1e-8
    np.testing.assert_array_equal(problem.design, [[1, 1], [e, 0], [0, e]])
    assert np.linalg.matrix_rank(problem.design.T @ problem.design) == 1, "AᵀA rounded is singular"
    assert np.linalg.cond(problem.design) == pytest.approx(np.sqrt(2 + e ** 2) / e)
    assert solve(problem, "normal-cholesky").theta is None
    np.testing.assert_allclose(solve(problem, "householder").theta, [1.0, 1.0], rtol=1e-7)


def test_the_rank_deficient_set_has_a_column_that_is_the_sum_of_two():
    data_set = DATASETS["rank-deficient"]
    problem = data_set.problem()
    table = data_set.table()
    columns = dict(zip(table.names, table.data.T))
    np.testing.assert_array_equal(columns["total"], columns["apples"] + columns["pears"])
    assert np.linalg.matrix_rank(problem.design) == 3 and problem.p == 4
    assert np.linalg.cond(problem.design) > 1e15, "κ(A) is infinite (to rounding)"
    assert data_set.methods == ("qr-pivoted", "svd", "svd-truncated")
    basic = solve(problem, "qr-pivoted").theta
    shortest = np.linalg.pinv(problem.design) @ problem.y
    assert np.linalg.norm(basic) > np.linalg.norm(shortest)
    assert np.linalg.norm(problem.residual(basic)) == pytest.approx(np.linalg.norm(problem.residual(shortest)))


def test_the_command_line_lists_and_solves_the_presets():
    listing = subprocess.run([sys.executable, str(REPO / "main.py"), "datasets"], capture_output=True,
                             text=True, cwd=REPO, timeout=300)
    assert listing.returncode == 0 and all(name in listing.stdout for name in PRESETS)
    done = subprocess.run([sys.executable, str(REPO / "main.py"), "solve", "--dataset", "tb-l19", "--method",
                           "householder", "--json"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["theta"][-1] == pytest.approx(1.0, abs=1e-7)

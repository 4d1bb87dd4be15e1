"""Rank: pivoted QR's rank and basic solution, and the truncated SVD, against numpy computed here."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Problem
from engine.run import iterate, run_to_end, solve


def _table_problem(columns: np.ndarray, y: np.ndarray) -> Problem:
    return Problem.from_table(columns, y, intercept=False)


def _rank_deficient_matrices():
    rs = np.random.RandomState(7)
    base = rs.randn(30, 4)
    repeated = np.column_stack([base, base[:, 1]])
    summed = np.column_stack([base[:, :2], base[:, 0] + base[:, 1], base[:, 2:]])
    two_sums = np.column_stack([base, base[:, 0] - base[:, 3], 2 * base[:, 1] + base[:, 2]])
    wide = rs.randn(4, 7)  # n < p: at most rank 4
    low = rs.randn(25, 2) @ rs.randn(2, 6)  # rank 2, every column a mix of two directions
    zero = np.column_stack([base[:, :3], np.zeros(30)])
    return {"repeated column": repeated, "sum of two columns": summed, "two dependent columns": two_sums,
            "n < p": wide, "rank 2 product": low, "zero column": zero}


MATRICES = _rank_deficient_matrices()


@pytest.mark.parametrize("name", list(MATRICES))
def test_pivoted_qr_rank_is_numpys_matrix_rank(name):
    a = MATRICES[name]
    y = np.random.RandomState(1).randn(a.shape[0])
    result = solve(_table_problem(a, y), "qr-pivoted")
    expected_rank = np.linalg.matrix_rank(a)
    assert expected_rank < a.shape[1]
    assert result.diagnostics["rank"] == expected_rank
    assert len(result.diagnostics["left_out"]) == a.shape[1] - expected_rank
    assert result.status == "converged", result.message


@pytest.mark.parametrize("name", list(MATRICES))
def test_the_basic_solution_is_sparse_and_fits_as_well_as_lstsq(name):
    a = MATRICES[name]
    y = np.random.RandomState(2).randn(a.shape[0])
    result = solve(_table_problem(a, y), "qr-pivoted")
    rank = np.linalg.matrix_rank(a)
    theta = np.asarray(result.theta)
    assert np.count_nonzero(theta) <= rank
    reference = np.linalg.lstsq(a, y, rcond=None)[0]
    best = np.linalg.norm(y - a @ reference)
    assert np.linalg.norm(y - a @ theta) == pytest.approx(best, rel=1e-9, abs=1e-12)
    assert np.linalg.norm(theta) >= np.linalg.norm(reference) * (1 - 1e-9), "min-norm is the shortest"


def test_pivoted_qr_on_full_rank_data_is_the_least_squares_answer():
    rs = np.random.RandomState(3)
    a, y = rs.randn(40, 5), rs.randn(40)
    result = solve(_table_problem(a, y), "qr-pivoted")
    assert result.diagnostics["rank"] == 5 and result.diagnostics["left_out"] == []
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(a, y, rcond=None)[0], rtol=1e-10, atol=1e-12)


def test_pivot_steps_take_the_largest_remaining_column_and_name_the_left_out_one():
    x = np.arange(1.0, 11.0)
    a = np.column_stack([x, 10 * x ** 2, x ** 2])  # the third column is the second over 10: rank 2
    y = 1 + x
    problem = Problem.from_table(a, y, names=["x", "big", "x²"], intercept=False)
    steps = []
    result = run_to_end(iterate(problem, "qr-pivoted"), steps.append)
    pivots = [s for s in steps if s.kind == "pivot"]
    assert pivots[0].detail["label"] == "big"  # ‖10x²‖ is by far the largest column
    assert pivots[0].title.startswith("pivot 1: column 'big' has the largest remaining norm")
    assert pivots[0].detail["norm"] == pytest.approx(np.linalg.norm(10 * x ** 2))
    rank_step = next(s for s in steps if s.kind == "rank")
    assert "rank 2 of 3" in rank_step.title and "'x²'" in rank_step.title
    assert result.diagnostics["left_out"] == ["x²"] and result.theta[2] == 0.0


def _leading_terms(a: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Σᵢ<k (uᵢᵀy/σᵢ) vᵢ from numpy's SVD, term by term."""
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return sum((u[:, i] @ y) / s[i] * vt[i] for i in range(k))


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_svd_truncated_is_the_sum_of_the_k_leading_terms(k):
    rs = np.random.RandomState(4)
    a = rs.randn(20, 4) @ np.diag([10.0, 3.0, 1.0, 1e-3])
    y = rs.randn(20)
    result = solve(_table_problem(a, y), "svd-truncated", rank=k)
    np.testing.assert_allclose(result.theta, _leading_terms(a, y, k), rtol=1e-10, atol=1e-13)
    assert result.diagnostics["rank"] == k


def test_svd_truncated_auto_rank_is_the_minimum_norm_answer():
    a = MATRICES["sum of two columns"]
    y = np.random.RandomState(5).randn(a.shape[0])
    result = solve(_table_problem(a, y), "svd-truncated")
    assert result.diagnostics["rank"] == np.linalg.matrix_rank(a)
    np.testing.assert_allclose(result.theta, np.linalg.pinv(a) @ y, rtol=1e-9, atol=1e-12)
    assert result.status == "converged"


def test_a_deliberately_truncated_answer_is_not_called_wrong_and_says_why():
    rs = np.random.RandomState(6)
    a, y = rs.randn(30, 5), rs.randn(30)
    result = solve(_table_problem(a, y), "svd-truncated", rank=2)
    lstsq_theta = np.linalg.lstsq(a, y, rcond=None)[0]
    assert np.linalg.norm(result.theta - lstsq_theta) > 0.1 * np.linalg.norm(lstsq_theta)  # far from it
    assert result.status == "converged" and not result.message
    words = " ".join(result.warnings)
    assert "on purpose" in words and "differs" in words
    assert np.linalg.norm(result.theta) < np.linalg.norm(lstsq_theta), "truncation shortens θ"


def test_the_board_writes_each_pivot_choice_and_the_rank():
    from engine import SOLVERS
    from engine.board.page import step_block
    from engine.board.text import Board

    x = np.arange(1.0, 11.0)
    problem = Problem.from_table(np.column_stack([x, 10 * x ** 2, x ** 2]), 1 + x, names=["x", "big", "x²"],
                                 intercept=False)
    steps = list(iterate(problem, "qr-pivoted"))
    board = Board(problem, "qr-pivoted", steps, SOLVERS.get("qr-pivoted").parse_params({}))
    text = "\n".join(line for i in range(len(steps)) for line in step_block(board, i, strict=True).lines)
    assert "the largest is 'big': it goes in position 1" in text
    second = np.linalg.norm(x - (x @ x ** 2) / (x ** 2 @ x ** 2) * x ** 2)  # x after removing the x² direction
    assert steps[1].detail["label"] == "x" and steps[1].detail["norm"] == pytest.approx(second, rel=1e-12)
    assert "left out 'x²', its coefficient set to 0" in text

"""A lower precision that cannot hold AᵀA says so in words, on the board and in the answer."""

from __future__ import annotations

import numpy as np

from engine import Problem, solve


def test_normal_equations_in_float16_say_that_a_t_a_overflows_when_the_sums_of_squares_pass_65504():
    x = np.arange(50) / 5.0                       # x³ ≤ 941 fits float16, but Σx⁶ ≈ 10⁷ does not
    problem = Problem.from_points(x, 1 + 2 * x, degree=3)
    assert (problem.design[:, 3] ** 2).sum() > 65504
    for method in ("normal-cholesky", "normal-inverse"):
        result = solve(problem, method, precision="float16")
        assert result.status == "failed"
        assert "AᵀA overflows float16" in result.message and "65504" in result.message, result.message
        assert "SVD did not converge" not in result.message
    assert solve(problem, "householder", precision="float16").status == "converged"

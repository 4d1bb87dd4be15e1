"""A lower precision's answer is judged by that precision's rounding: garbage is called wrong and
explained by κ·u, a good answer is never called wrong."""

from __future__ import annotations

import numpy as np

from engine import Problem, solve


def _trefethen_bau() -> Problem:
    """Trefethen & Bau, Lecture 19: degree 14 on 100 points of [0, 1], κ(A) ≈ 2.3·10¹⁰."""
    t = np.linspace(0.0, 1.0, 100)
    return Problem.from_points(t, np.exp(np.sin(4 * t)) / 2006.787453080206, degree=14)


def test_householder_in_float32_on_trefethen_and_bau_is_wrong_and_says_that_kappa_times_u_exceeds_1():
    problem = _trefethen_bau()
    kappa_scaled = np.linalg.cond(problem.design / np.linalg.norm(problem.design, axis=0))
    assert kappa_scaled * 2.0 ** -24 > 1  # the premise, from numpy: κ·u(float32) > 1
    result = solve(problem, "householder", precision="float32")
    assert result.status == "failed"
    assert "as predicted" in result.message and "κ·u(float32)" in result.message
    assert "wider precision" in result.message


def test_the_same_method_in_float64_keeps_its_digits_and_is_not_called_wrong():
    result = solve(_trefethen_bau(), "householder")
    assert result.status == "converged" and result.diagnostics["digits_vs_reference"] >= 6


def test_a_float16_answer_on_a_well_conditioned_line_is_not_called_wrong():
    x = np.linspace(0.0, 1.0, 40)
    problem = Problem.from_points(x, 0.5 + 0.25 * x + 0.01 * np.cos(9 * x))
    for method in ("householder", "mgs", "normal-cholesky", "gd"):
        result = solve(problem, method, precision="float16")
        assert result.status in ("converged", "max_iter"), (method, result.message)
        assert not result.message.startswith("Wrong"), method

"""The board of a nonlinear step (issue 17): each Gauss-Newton step is the linear least-squares problem
J δ = −r, and the board's δ is numpy's lstsq of it, with J from a complex-step derivative computed
here; LM's δ solves the damped system written out here with the step's μ; the board writes ∂r/∂bⱼ
as the formula's derivatives; the new RSS is the sum of squares at b + δ."""

from __future__ import annotations

import numpy as np
import pytest

from engine.exact_text import decimal_text
from engine.nonlinear import iterate_nonlinear, nist_problem
from engine.nonlinear.board import SHOWN_ROWS, nonlinear_board
from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import NonlinearProblem
from engine.nonlinear.tangent_step import ScaleMemo
from engine.steps import Step

H = 1e-30  # complex step: no subtraction, so J is exact to rounding


def complex_step_jacobian(problem: NonlinearProblem, b) -> np.ndarray:
    b = np.asarray(b, dtype=float)
    columns = []
    for j in range(b.size):
        shifted = b.astype(complex)
        shifted[j] += 1j * H
        columns.append(np.imag(problem.formula.evaluate(shifted, problem.x)) / H)
    return np.column_stack(columns)


def residual(problem: NonlinearProblem, b) -> np.ndarray:
    return np.asarray(problem.formula.evaluate(np.asarray(b, dtype=float), problem.x), dtype=float) - problem.y


def recorded(problem, method, **params) -> list[Step]:
    """Every step of a real run (the generator's return value, the Result, is not needed here)."""
    return list(iterate_nonlinear(problem, method, **params))


def assert_lstsq_step(problem, board, b):
    jacobian = complex_step_jacobian(problem, b)
    expected = np.linalg.lstsq(jacobian, -residual(problem, b), rcond=None)[0]
    np.testing.assert_allclose(board.step.b, b, rtol=0, atol=0)
    np.testing.assert_allclose(board.step.delta, expected, rtol=1e-8)
    return expected


def test_a_gauss_newton_step_on_misra1a_is_lstsq_of_j_delta_equals_minus_r():
    problem = nist_problem("nist-misra1a", 1)
    steps = recorded(problem, "gauss-newton")
    assert len(steps) >= 4
    for index in range(1, min(len(steps), 6)):
        board = nonlinear_board(problem, "gauss-newton", steps, index)
        expected = assert_lstsq_step(problem, board, steps[index - 1].theta)
        text = board.text()
        assert f"δ = [{decimal_text(expected[0], 4)}, {decimal_text(expected[1], 4)}]ᵀ" in text
        # the line search (on by default): halve δ until the sum of squares falls
        b, t = steps[index - 1].theta, 1.0
        while np.sum(residual(problem, b + t * expected) ** 2) >= np.sum(residual(problem, b) ** 2):
            t /= 2
        assert board.step.step_length == t
        new_b = b + t * expected
        np.testing.assert_allclose(board.step.new_b, new_b, rtol=1e-10)
        np.testing.assert_allclose(steps[index].theta, new_b, rtol=1e-10)  # the step the solver took
        new_rss = float(np.sum(residual(problem, new_b) ** 2))
        assert board.step.new_rss == pytest.approx(new_rss, rel=1e-8)
        # J·δ is the projection of −r on the column space: what is left is at right angles to every column
        left = residual(problem, board.step.b) + complex_step_jacobian(problem, board.step.b) @ expected
        np.testing.assert_allclose(board.step.residual + board.step.projection, left, rtol=1e-7,
                                   atol=1e-9 * np.linalg.norm(left))


def test_the_board_recomputes_from_theta_alone_whatever_the_solver_kept():
    """Steps written by hand (no solver, no detail): the board still solves J δ = −r at the θ before."""
    problem = nist_problem("nist-misra1a", 2)
    before, after = np.array([250.0, 5e-4]), np.array([240.0, 5.5e-4])
    steps = [Step(k=0, kind="iterate", title="start", theta=before), Step(k=1, kind="iterate", title="", theta=after)]
    board = nonlinear_board(problem, "gauss-newton", steps, 1)
    assert_lstsq_step(problem, board, before)
    assert "(The solver recorded b⁽¹⁾" in board.text()  # the hand-made θ is not b + δ, and the board says so


def test_a_levenberg_marquardt_step_solves_the_damped_system_with_the_steps_mu():
    problem = nist_problem("nist-misra1a", 1)
    steps = recorded(problem, "lm")
    checked = 0
    for index in range(1, min(len(steps), 8)):
        board = nonlinear_board(problem, "lm", steps, index)
        b, mu = steps[index - 1].theta, float(steps[index].detail["mu"])
        jacobian = complex_step_jacobian(problem, b)
        # D: for each column, the largest norm it had at the points visited so far, and at least 1
        norms = np.array([np.linalg.norm(complex_step_jacobian(problem, s.theta), axis=0) for s in steps[:index]])
        d = np.maximum(np.max(norms, axis=0), 1.0)
        system = jacobian.T @ jacobian + mu * np.diag(d ** 2)
        rhs = -jacobian.T @ residual(problem, b)
        assert board.step.mu == mu
        assert board.step.accepted == steps[index].detail["accepted"]
        np.testing.assert_allclose(board.step.scale, d, rtol=1e-12)
        np.testing.assert_allclose(board.step.delta, np.linalg.solve(system, rhs), rtol=1e-7)
        np.testing.assert_allclose(board.step.delta, steps[index].detail["delta"], rtol=1e-7)  # the solver's own
        # the gain ratio: the actual fall of ½Σr² over the fall the linear model predicts
        trial = residual(problem, b + board.step.delta)
        actual = 0.5 * (np.sum(residual(problem, b) ** 2) - np.sum(trial ** 2))
        jd = jacobian @ board.step.delta
        predicted = 0.5 * jd @ jd + mu * np.sum((d * board.step.delta) ** 2)
        assert board.step.rho == pytest.approx(actual / predicted, rel=1e-6, abs=1e-9)
        assert f"μ = {decimal_text(mu, 4)}" in board.text()
        checked += 1
    assert checked >= 3


def test_the_board_writes_the_derivatives_of_the_formula():
    formula = parse_formula("b1*(1-exp(-b2*x))")
    x = np.linspace(1.0, 10.0, 5)
    problem = NonlinearProblem(formula, x, 3.0 * (1 - np.exp(-0.4 * x)), start=[1.0, 1.0])
    text = nonlinear_board(problem, "gauss-newton", [Step(k=0, kind="iterate", title="", theta=problem.start)],
                           0).text()
    assert "∂r/∂b1 = 1 − exp(−b2·x)" in text
    assert "∂r/∂b2 = b1·exp(−b2·x)·x" in text
    assert "f = b1·(1 − exp(−b2·x))" in text


def test_many_rows_show_the_first_rows_and_say_so():
    formula = parse_formula("b1*exp(-b2*x)")
    x = np.linspace(0.0, 5.0, 300)
    problem = NonlinearProblem(formula, x, 2.0 * np.exp(-0.7 * x) + 0.01 * np.sin(7 * x), start=[1.0, 1.0])
    steps = recorded(problem, "gauss-newton")
    board = nonlinear_board(problem, "gauss-newton", steps, 1)
    table = next(line for line in board.blocks[1].lines if not isinstance(line, str))
    assert len(table.rows) == SHOWN_ROWS
    assert f"the first {SHOWN_ROWS} of 300 rows" in board.text()
    assert_lstsq_step(problem, board, steps[0].theta)


def test_dependent_columns_give_the_shortest_least_squares_step_and_say_so():
    """b1·b2·x: the two columns of J are proportional, R has a zero on its diagonal; lstsq's minimum-norm
    δ is the step, and the board says why."""
    formula = parse_formula("b1*b2*x + b3")
    x = np.arange(1.0, 7.0)
    problem = NonlinearProblem(formula, x, 2.0 * x + 1.0 + 0.1 * np.cos(x), start=[1.0, 1.0, 0.0])
    steps = [Step(k=0, kind="iterate", title="", theta=problem.start),
             Step(k=1, kind="iterate", title="", theta=problem.start)]
    board = nonlinear_board(problem, "gauss-newton", steps, 1)
    expected = assert_lstsq_step(problem, board, problem.start)
    assert np.linalg.norm(board.step.delta) == pytest.approx(np.linalg.norm(expected), rel=1e-8)
    assert "dependent" in board.text()


def test_the_memo_of_lms_scale_gives_the_same_board_in_any_order():
    """The view keeps D along the run (one J per frame); stepping back and forth gives the board computed afresh."""
    problem = nist_problem("nist-misra1a", 1)
    steps = recorded(problem, "lm")
    memo = ScaleMemo(problem)
    for index in (5, 2, len(steps) - 1, 3, 1):
        fresh = nonlinear_board(problem, "lm", steps, index)
        remembered = nonlinear_board(problem, "lm", steps, index, memo=memo)
        np.testing.assert_array_equal(remembered.step.scale, fresh.step.scale)
        np.testing.assert_array_equal(remembered.step.delta, fresh.step.delta)

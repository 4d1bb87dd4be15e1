"""Constraints typed as text: what each form means, and mistakes named with their position."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError, Problem
from engine.constrained import ConstraintError, parse_constraint, parse_constraints


@pytest.fixture
def parabola():
    return Problem.from_points([0.0, 1, 2, 3, 4], [1.0, 2, 5, 9, 17], 2)


@pytest.mark.parametrize("text, row, rhs", [
    ("B0 + B1 = 1", [1, 1, 0], 1),
    ("B0 + B1 + B2 = 1", [1, 1, 1], 1),
    ("2*B1 - B0 = 0.5", [-1, 2, 0], 0.5),
    ("3 B2 = B0 + 1", [-1, 0, 3], 1),
    ("b2·2 − 1.5e-1 = 0", [0, 0, 2], 0.15),
    ("β₁ = -2", [0, 1, 0], -2),
    ("through 2, 3", [1, 2, 4], 3),
    ("through (-1, 0.5)", [1, -1, 1], 0.5),
])
def test_equations_and_points_become_rows_of_c(parabola, text, row, rhs):
    constraints = parse_constraint(text, parabola)
    np.testing.assert_allclose(constraints.matrix, [row])
    np.testing.assert_allclose(constraints.rhs, [rhs])
    assert not constraints.has_bounds


def test_through_a_point_of_a_table_takes_every_feature_then_y():
    problem = Problem.from_table(np.arange(12.0).reshape(6, 2) ** 1.5, np.arange(6.0))
    constraints = parse_constraint("through 1, 2, 5", problem)
    np.testing.assert_allclose(constraints.matrix, [[1, 1, 2]])
    np.testing.assert_allclose(constraints.rhs, [5])


def test_through_without_intercept_has_no_constant_column():
    problem = Problem.from_points([1.0, 2, 3], [2.0, 4, 7], 2, intercept=False)
    np.testing.assert_allclose(parse_constraint("through 2, 3", problem).matrix, [[2, 4]])


@pytest.mark.parametrize("text, lower, upper", [
    ("0 <= B1 <= 2", [-np.inf, 0, -np.inf], [np.inf, 2, np.inf]),
    ("B1 >= -1", [-np.inf, -1, -np.inf], [np.inf, np.inf, np.inf]),
    ("2 ≥ B2", [-np.inf, -np.inf, -np.inf], [np.inf, np.inf, 2]),
    ("3 >= B0 >= 1", [1, -np.inf, -np.inf], [3, np.inf, np.inf]),
    ("B2 ≤ 0.5", [-np.inf, -np.inf, -np.inf], [np.inf, np.inf, 0.5]),
])
def test_bounds(parabola, text, lower, upper):
    constraints = parse_constraint(text, parabola)
    np.testing.assert_array_equal(constraints.lower, lower)
    np.testing.assert_array_equal(constraints.upper, upper)
    assert constraints.count == 0


def test_several_constraints_join(parabola):
    joined = parse_constraints(["through 2, 3", "B0 + B1 = 1", "B1 >= 0", "B1 <= 4"], parabola)
    np.testing.assert_allclose(joined.matrix, [[1, 2, 4], [1, 1, 0]])
    assert joined.lower[1] == 0 and joined.upper[1] == 4
    with pytest.raises(InputError, match="leave no value"):
        parse_constraints(["B1 >= 3", "B1 <= 2"], parabola)


@pytest.mark.parametrize("text, position, words", [
    ("B0 + B3 = 1", 6, "not a parameter"),
    ("B0 + = 1", 6, "expected a number or a parameter"),
    ("B0 * B1 = 1", 6, "linear"),
    ("B0 + B1 <= 1", 1, "one parameter"),
    ("through 2", 9, "two numbers"),
    ("through 2, x", 12, "numbers"),
    ("B0 = 1 = 2", 8, "one '='"),
    ("B0 B1 = 1", 4, "expected + or −"),
    ("__import__ = 1", 1, "not a parameter"),
    ("__import__('os') = 1", 12, "not part of a constraint"),
    ("B0 + 1 = 1 + B0", 10, "no parameter left"),
    ("0 <= B1 <= 2 <= 3", 14, "at most two bounds"),
    ("B0 $ 1", 4, "not part of a constraint"),
    ("B1", 3, "expected '='"),
])
def test_mistakes_name_the_position(parabola, text, position, words):
    with pytest.raises(ConstraintError) as caught:
        parse_constraint(text, parabola)
    assert caught.value.position + 1 == position
    assert f"position {position}" in str(caught.value)
    assert words in str(caught.value)
    assert isinstance(caught.value, InputError)


def test_over_long_text_is_refused(parabola):
    with pytest.raises(ConstraintError, match="at most"):
        parse_constraint("B0 + " * 100 + "B1 = 1", parabola)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("B012 .,=<>≤≥+-*()thrugβ₁e'") + ["through ", "B1", "<=", "1e5", "1e999"]),
                max_size=12).map("".join) | st.text(max_size=40))
def test_no_text_raises_anything_but_an_input_error(text):
    problem = Problem.from_points([0.0, 1, 2, 3, 4], [1.0, 2, 5, 9, 17], 2)
    try:
        constraints = parse_constraint(text, problem)
    except InputError:
        return
    assert constraints.p == problem.p


def test_a_number_beyond_floating_point_is_named(parabola):
    with pytest.raises(ConstraintError, match="position 6: 1e999 is too large"):
        parse_constraint("B0 = 1e999", parabola)

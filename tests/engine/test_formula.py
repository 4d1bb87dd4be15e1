"""The typed formula: exact derivatives (against a complex step computed here), values (against numpy
written out here), and a parser that refuses everything but a formula, with the position."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from engine.nonlinear.formula import MAX_FORMULA_LENGTH, FormulaError, parse_formula

X = np.linspace(0.5, 6.0, 23)

#: (formula text, b, the same model written with numpy here)
MODELS = [
    ("b1*(1-exp[-b2*x])", [240.0, 5.5e-4], lambda b, x: b[0] * (1 - np.exp(-b[1] * x))),
    ("y = b1 * (b2+x)**(-1/b3)", [-2500.0, 46.7, 0.93], lambda b, x: b[0] * (b[1] + x) ** (-1 / b[2])),
    ("exp[-b1*x]/(b2+b3*x)", [0.19, 6.1e-3, 0.0105], lambda b, x: np.exp(-b[0] * x) / (b[1] + b[2] * x)),
    ("b1*x**b2", [0.77, 3.86], lambda b, x: b[0] * x ** b[1]),
    ("(b1/b2) * exp[-0.5*((x-b3)/b2)**2]", [1.55, 4.09, 451.5],
     lambda b, x: b[0] / b[1] * np.exp(-0.5 * ((x - b[2]) / b[1]) ** 2)),
    ("b1 - b2*x - arctan[b3/(x-b4)]/pi", [0.2, -6e-6, 1200.0, -180.0],
     lambda b, x: b[0] - b[1] * x - np.arctan(b[2] / (x - b[3])) / np.pi),
    ("b1 / ((1+exp[b2-b3*x])**(1/b4))", [700.0, 5.3, 0.76, 1.28],
     lambda b, x: b[0] / (1 + np.exp(b[1] - b[2] * x)) ** (1 / b[3])),
    ("(b1+b2*x+b3*x^2+b4*x^3) / (1+b5*x+b6*x^2+b7*x^3)", [1.08, -0.12, 4.1e-3, -1.4e-6, -5.8e-3, 2.4e-4, -1.2e-7],
     lambda b, x: (b[0] + b[1] * x + b[2] * x**2 + b[3] * x**3) / (1 + b[4] * x + b[5] * x**2 + b[6] * x**3)),
    ("a*sin(w*x + phi) + c", [2.0, 1.3, 0.4, -1.0], lambda b, x: b[0] * np.sin(b[3] * x + b[2]) + b[1]),
    ("vmax*x/(km + x)", [3.0, 0.7], lambda b, x: b[1] * x / (b[0] + x)),
    ("sqrt(b1 + b2*x) + log10(b3*x) + tanh(b4*x) - cos(b5)*tan(b6*x) + ln(b7)",
     [1.0, 2.0, 3.0, 0.5, 0.3, 0.1, 2.5],
     lambda b, x: np.sqrt(b[0] + b[1] * x) + np.log10(b[2] * x) + np.tanh(b[3] * x) - np.cos(b[4]) * np.tan(b[5] * x)
     + np.log(b[6])),
    ("2^b1 + b2^2 * x - -b3", [1.5, 3.0, 0.25], lambda b, x: 2 ** b[0] + b[1] ** 2 * x + b[2]),
]


@pytest.mark.parametrize("text, b, numpy_model", MODELS, ids=[m[0][:30] for m in MODELS])
def test_values_are_the_formula_written_with_numpy(text, b, numpy_model):
    formula = parse_formula(text)
    np.testing.assert_allclose(formula.evaluate(np.array(b), X), numpy_model(np.array(b), X), rtol=1e-14)


@pytest.mark.parametrize("text, b, numpy_model", MODELS, ids=[m[0][:30] for m in MODELS])
def test_jacobian_equals_a_complex_step_derivative(text, b, numpy_model):
    """∂f/∂bⱼ ≈ Im f(b + i·h·eⱼ)/h with h = 1e-30: no cancellation, so it is exact to rounding."""
    formula = parse_formula(text)
    b = np.array(b, dtype=float)
    h = 1e-30
    complex_step = np.empty((X.size, b.size))
    for j in range(b.size):
        shifted = b.astype(complex)
        shifted[j] += 1j * h
        complex_step[:, j] = numpy_model(shifted, X).imag / h
    np.testing.assert_allclose(formula.jacobian(b, X), complex_step, rtol=1e-12, atol=1e-300)
    # and the formula's own value takes the complex step the same way
    shifted = b.astype(complex)
    shifted[0] += 1j * h
    np.testing.assert_allclose(formula.evaluate(shifted, X).imag / h, complex_step[:, 0], rtol=1e-12)


def test_parameters_in_natural_order_and_two_variables():
    formula = parse_formula("b1 + b2*exp[-x*b4] + b10*exp[-x*b5] + b3")
    assert formula.parameters == ("b1", "b2", "b3", "b4", "b5", "b10")
    nelson = parse_formula("b1 - b2*x1 * exp[-b3*x2]")
    assert nelson.variables == ("x1", "x2")
    x = np.column_stack([np.arange(1.0, 6.0), np.arange(10.0, 60.0, 10.0)])
    b = np.array([2.5, 5e-9, -0.05])
    np.testing.assert_allclose(nelson.evaluate(b, x), b[0] - b[1] * x[:, 0] * np.exp(-b[2] * x[:, 1]), rtol=1e-15)


def test_the_written_formula_parses_back_to_the_same_values():
    for text, b, _ in MODELS:
        formula = parse_formula(text)
        again = parse_formula(str(formula))
        assert again.parameters == formula.parameters
        np.testing.assert_allclose(again.evaluate(np.array(b), X), formula.evaluate(np.array(b), X), rtol=1e-15)
        for j in range(formula.p):  # the board's ∂f/∂bⱼ is a formula too, with the same values
            derivative = parse_formula(formula.derivative_text(j) + " + 0*" + " + 0*".join(formula.parameters),
                                       parameters=formula.parameters, variables=formula.variables)
            np.testing.assert_allclose(derivative.evaluate(np.array(b), X), formula.jacobian(np.array(b), X)[:, j],
                                       rtol=1e-13)


def test_the_board_writes_the_derivative_a_student_would():
    formula = parse_formula("b1*(1-exp(-b2*x))")
    assert str(formula) == "b1·(1 − exp(−b2·x))"
    assert formula.derivative_text(0) == "1 − exp(−b2·x)"
    assert formula.derivative_text(1) == "b1·exp(−b2·x)·x"


@pytest.mark.parametrize("text, position, words", [
    ("b1.__class__", 3, "attribute access"),
    ("__import__('os')", 1, "not a function"),
    ("__import__", 1, "cannot be a parameter name"),
    ("lambda x: b1*x", 1, "cannot be a parameter name"),
    ("b1*(lambda: 1)", 5, "cannot be a parameter name"),
    ("eval(b1)", 1, "not a function"),
    ("open(b1)", 1, "not a function"),
    ("b1*x; import os", 5, "';' cannot be part"),
    ("b1*exp(-b2*x", 13, "not closed"),
    ("b1*exp(x, b2)", 9, "comma"),
    ("2x*b1", 2, "operator"),
    ("b1 ** ", 6, "it ends"),
    ("x + pi", 1, "no parameter"),
    ("b1" + "+b1" * 200, MAX_FORMULA_LENGTH + 1, "longer than"),
])
def test_the_parser_refuses_with_the_position(text, position, words):
    with pytest.raises(FormulaError) as refused:
        parse_formula(text)
    assert refused.value.position + 1 == position
    assert words in str(refused.value)
    assert f"at character {position}" in str(refused.value)
    assert isinstance(refused.value, InputError)


FORMULA_ALPHABET = st.sampled_from(list("bx12.()[]+-*/^ e") + ["exp", "sin", "b1", "b2", "x", "**", "pi", "__",
                                                              "import", "lambda", ":", "'", ",", "os", "1e308"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(FORMULA_ALPHABET, max_size=40).map("".join)))
def test_no_text_raises_anything_but_the_input_error(text):
    try:
        formula = parse_formula(text)
    except FormulaError as error:
        assert 0 <= error.position <= len(text.strip())
        return
    values = formula.evaluate(np.full(formula.p, 0.7), X[:3])  # an accepted formula evaluates
    assert values.shape == (3,)
    assert formula.jacobian(np.full(formula.p, 0.7), X[:3]).shape == (3, formula.p)


@given(st.integers(min_value=41, max_value=190))
@settings(max_examples=20, deadline=None)
def test_deep_nesting_is_refused_not_a_recursion_error(depth):
    for text in ("(" * depth + "b1" + ")" * depth, "-" * depth + "b1", "b1" + "^b1" * depth):
        if len(text) <= MAX_FORMULA_LENGTH:
            with pytest.raises(FormulaError):
                parse_formula(text)

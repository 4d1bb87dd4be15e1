"""Exact forms of floats: every number of the seed's hand calculations is recognised from
its float value, and numbers with no short form are left as decimals."""

import math

import numpy as np
import pytest

from engine.exact_text import decimal_text, exact_form, matrix_text, number_text, vector_text

ROOT5 = math.sqrt(5)

# The seed's "1. QR Decomposition Solution (by hand)", each form with its value.
SEED_QR_FORMS = [
    ("1/√5", 1 / ROOT5), ("2/√5", 2 / ROOT5), ("√5", ROOT5), ("3/√5", 3 / ROOT5), ("13/√5", 13 / ROOT5),
    ("3/5", 3 / 5), ("6/5", 6 / 5), ("2/5", 2 / 5), ("−1/5", -1 / 5), ("−1/√5", -1 / ROOT5),
]


@pytest.mark.parametrize(("form", "value"), SEED_QR_FORMS)
def test_every_form_of_the_seed_qr_example_is_recognised(form, value):
    assert exact_form(value) == form


def test_forms_survive_the_rounding_of_a_real_computation():
    q = np.linalg.qr(np.array([[1.0, 1.0], [2.0, 1.0]]))[0]
    q1 = q[:, 0] * np.sign(q[0, 0])
    assert [exact_form(v) for v in q1] == ["1/√5", "2/√5"]
    assert exact_form(float(q1 @ np.array([3.0, 5.0]))) == "13/√5"
    assert exact_form(1 + 1e-15) == "1"


@pytest.mark.parametrize(("value", "fraction", "decimal"), [
    (1.3, "13/10", "1.3"), (0.8, "4/5", "0.8"), (1.71, "171/100", "1.71"), (-4.1, "−41/10", "−4.1"),
    (0.1 + 0.2, "3/10", "0.3"), (1.3 + 0.41, "171/100", "1.71")])
def test_the_seed_gradient_descent_numbers_are_recognised(value, fraction, decimal):
    assert exact_form(value) == fraction
    assert exact_form(value, decimals=True) == decimal


@pytest.mark.parametrize(("value", "form"), [
    (3 * math.sqrt(2) / 4, "3√2/4"), (math.sqrt(3), "√3"), (2 * math.sqrt(7), "2√7"), (1 / 3, "1/3"),
    (-7.0, "−7"), (0.0, "0"), (5 / 14, "5/14")])
def test_other_small_forms(value, form):
    assert exact_form(value) == form


@pytest.mark.parametrize("value", [math.pi, math.e, -math.pi, math.log(2), 1 + math.sqrt(2), math.pi ** 2,
                                   0.5772156649015329, 1e20, float("nan"), float("inf")])
def test_numbers_without_a_short_form_get_none(value):
    assert exact_form(value) is None


def test_random_numbers_are_almost_never_mistaken_for_exact_ones():
    values = np.random.default_rng(0).normal(size=2000) * 10
    assert sum(exact_form(v) is not None for v in values) == 0


def test_a_rounding_residue_next_to_larger_entries_reads_as_zero():
    assert exact_form(1e-17, scale=2.2) == "0"
    assert exact_form(1e-17) is None
    assert vector_text([2.0, 1e-17]) == "[2, 0]ᵀ"


def test_number_text_puts_the_decimal_beside_the_exact_form():
    assert number_text(13 / ROOT5) == "13/√5 ≈ 5.8138"
    assert number_text(3 / 5) == "3/5 = 0.6"
    assert number_text(2.0) == "2"
    assert number_text(math.pi) == "3.1416"
    assert number_text(13 / ROOT5, exact=False) == "5.8138"


def test_decimals_use_the_minus_sign_and_powers_of_ten():
    assert decimal_text(-4.1) == "−4.1"
    assert decimal_text(17326.3) == "1.733×10⁴"
    assert decimal_text(-2.5e-7, 3) == "−2.5×10⁻⁷"
    assert decimal_text(-0.0) == "0"


def test_vectors_and_matrices_as_the_seed_writes_them():
    assert vector_text([1 / ROOT5, 2 / ROOT5]) == "[1/√5, 2/√5]ᵀ"
    assert vector_text([0.6, 1.2], column=False) == "[3/5, 6/5]"
    assert vector_text([1 / ROOT5, 2 / ROOT5], exact=False) == "[0.4472, 0.8944]ᵀ"
    assert matrix_text([[ROOT5, 3 / ROOT5], [0.0, 1 / ROOT5]]) == "[[√5, 3/√5], [0, 1/√5]]"
    assert matrix_text([[2.0, -3.0], [-3.0, 5.0]]) == "[[2, −3], [−3, 5]]"
    assert vector_text(np.arange(20.0)) == "[0, 1, 2, 3, 4, 5, …, 19]ᵀ (20 entries)"

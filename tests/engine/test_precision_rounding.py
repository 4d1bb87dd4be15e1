"""Rounding to each precision matches the format's definition, computed here in exact fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from engine.precision import PRECISIONS, check_representable, get_precision

#: (significand bits t, smallest normal exponent emin, largest finite): IEEE 754 and Google's bfloat16.
FORMATS = {"float16": (11, -14, 65504.0), "bfloat16": (8, -126, (2 - 2 ** -7) * 2.0 ** 127),
           "float32": (24, -126, float(np.finfo(np.float32).max))}


def rounded_by_definition(value: float, t: int, emin: int, largest: float) -> float:
    """Round to nearest, ties to even, with t significant bits and gradual underflow below 2^emin."""
    exact = Fraction(value)
    if exact == 0:
        return 0.0
    exponent = max(math.frexp(abs(value))[1] - 1, emin)   # |value| in [2^e, 2^(e+1)), or the subnormal range
    quantum = Fraction(2) ** (exponent - t + 1)
    units = exact / quantum
    whole = math.floor(units)
    rest = units - whole
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    result = whole * quantum
    halfway_above = Fraction(largest) + Fraction(2) ** (math.frexp(largest)[1] - 1 - t)
    if abs(result) >= halfway_above or abs(exact) >= halfway_above:
        return math.copysign(math.inf, value)
    return float(result)


finite_doubles = st.floats(allow_nan=False, allow_infinity=False, width=64)
near_format = st.builds(lambda m, e: math.ldexp(m, e), st.floats(-2, 2, allow_nan=False), st.integers(-150, 130))


@pytest.mark.parametrize("name", list(FORMATS))
@settings(max_examples=400, deadline=None)
@given(value=st.one_of(finite_doubles, near_format))
def test_rounding_matches_the_definition_of_the_format(name, value):
    t, emin, largest = FORMATS[name]
    expected = rounded_by_definition(value, t, emin, largest)
    got = float(PRECISIONS[name].round([value])[0])
    assert got == expected or (math.isinf(expected) and got == expected), (value, got, expected)


def test_bfloat16_keeps_eight_significant_bits_and_ties_go_to_even():
    bf16 = PRECISIONS["bfloat16"]
    assert bf16.round([1 + 2 ** -7])[0] == 1 + 2 ** -7          # 8 bits: representable
    assert bf16.round([1 + 2 ** -8])[0] == 1.0                  # a tie: to the even neighbour 1
    assert bf16.round([1 + 3 * 2 ** -8])[0] == 1 + 2 ** -6      # a tie: to the even neighbour 1 + 2⁻⁶
    assert bf16.unit_roundoff == 2 ** -8


def test_unit_roundoffs_are_half_the_machine_epsilons():
    assert PRECISIONS["float64"].unit_roundoff == np.finfo(np.float64).eps / 2
    assert PRECISIONS["float32"].unit_roundoff == np.finfo(np.float32).eps / 2
    assert PRECISIONS["float16"].unit_roundoff == np.finfo(np.float16).eps / 2


def test_data_that_overflows_float16_is_refused_with_the_value_and_the_row():
    with pytest.raises(InputError, match=r"float16 cannot hold .*70000 in row 2.*65504"):
        check_representable(np.array([1.0, 70000.0]), PRECISIONS["float16"], "y")
    check_representable(np.array([1.0, 70000.0]), PRECISIONS["bfloat16"], "y")


def test_an_unknown_precision_is_named_with_the_choices():
    with pytest.raises(InputError, match="float128.*float64, float32, float16, bfloat16"):
        get_precision("float128")

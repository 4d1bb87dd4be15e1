"""The digits-against-κ sweep (engine/sweep): exact references, digits, and the law of slopes 1 and 2.

Every reference here is computed in the test: the exact least-squares answer by Gauss-Jordan
elimination of the normal equations in fractions.Fraction, κ by numpy's SVD, slopes by numpy.polyfit.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from engine import solve
from engine.precision import PRECISION_NAMES, get_precision
from engine.sweep.exact_lstsq import exact_lstsq
from engine.sweep.families import FAMILY_NAMES, family_problems
from engine.sweep.measure import SWEEP_METHODS, measure, predicted_digits, wall


def fraction_lstsq(design, y) -> list[Fraction]:
    """Exact least squares: AᵀA θ = Aᵀy in fractions of the binary floats, Gauss-Jordan."""
    rows = [[Fraction(float(v)) for v in row] for row in np.asarray(design)]
    target = [Fraction(float(v)) for v in np.asarray(y)]
    p = len(rows[0])
    augmented = [[sum((r[i] * r[j] for r in rows), Fraction(0)) for j in range(p)]
                 + [sum((r[i] * t for r, t in zip(rows, target)), Fraction(0))] for i in range(p)]
    for col in range(p):
        pivot_row = next(r for r in range(col, p) if augmented[r][col] != 0)
        augmented[col], augmented[pivot_row] = augmented[pivot_row], augmented[col]
        pivot = augmented[col][col]
        augmented[col] = [v / pivot for v in augmented[col]]
        for r in range(p):
            if r != col and augmented[r][col] != 0:
                factor = augmented[r][col]
                augmented[r] = [a - factor * b for a, b in zip(augmented[r], augmented[col])]
    return [augmented[i][p] for i in range(p)]


def digits_in_test(theta, exact: list[Fraction], cap: float) -> float:
    if theta is None or not np.all(np.isfinite(theta)):
        return 0.0
    error = math.sqrt(sum(float(Fraction(float(t)) - e) ** 2 for t, e in zip(theta, exact)))
    size = math.sqrt(sum(float(e) ** 2 for e in exact))
    return cap if error == 0 else min(max(-math.log10(error / size), 0.0), cap)


@pytest.mark.parametrize("precision", PRECISION_NAMES)
def test_exact_lstsq_equals_fraction_elimination_on_rounded_data(precision):
    rounding = get_precision(precision)
    rng = np.random.default_rng(7)
    for design in (np.vander(np.linspace(0, 1, 12), 6, increasing=True), rng.normal(size=(9, 4)) * [1, 1e-3, 1e3, 7]):
        design = rounding.round(design)
        y = rounding.round(rng.normal(size=design.shape[0]))
        assert exact_lstsq(design, y) == fraction_lstsq(design, y)


def test_exact_lstsq_says_none_for_dependent_columns():
    design = np.column_stack([np.ones(5), np.arange(5.0), 2 * np.arange(5.0)])
    assert exact_lstsq(design, np.arange(5.0) ** 2) is None


def test_families_grow_in_kappa_from_numpy_svd():
    for name in FAMILY_NAMES:
        members = family_problems(name, 10)
        assert len(members) >= 8
        kappas = [np.linalg.cond(m.problem.design) for m in members]
        assert kappas[-1] > 1e9 * kappas[0]
        assert np.allclose([m.kappa for m in members], kappas, rtol=1e-6)


def _sweep_digits_in_test(method: str) -> tuple[np.ndarray, np.ndarray]:
    """(log10 κ, digits) of `method` in float64 over 12 Vandermonde and 12 Hilbert problems,
    every digit computed in this test against fractions."""
    cap = get_precision("float64").digits
    logs, digits = [], []
    for name in ("vandermonde", "hilbert"):
        for member in family_problems(name, 12):
            problem = member.problem
            exact = fraction_lstsq(problem.design, problem.y)
            result = solve(problem, method, reference=False)
            logs.append(math.log10(np.linalg.cond(problem.design)))
            digits.append(digits_in_test(result.theta, exact, cap))
    return np.array(logs), np.array(digits)


def _slope(logs: np.ndarray, digits: np.ndarray) -> float:
    inside = (digits > 0.0) & (digits < get_precision("float64").digits - 0.01)
    assert inside.sum() >= 6, "too few points between 0 digits and the cap to fit a slope"
    return float(np.polyfit(logs[inside], digits[inside], 1)[0])


def test_normal_equations_lose_digits_at_least_one_and_a_half_times_as_fast_as_householder():
    householder = _slope(*_sweep_digits_in_test("householder"))
    cholesky = _slope(*_sweep_digits_in_test("normal-cholesky"))
    assert householder < 0 and cholesky < 0
    assert abs(cholesky) >= 1.5 * abs(householder), (householder, cholesky)


def test_measure_agrees_with_digits_computed_in_the_test():
    members = family_problems("vandermonde", 6) + family_problems("lauchli", 6)
    dots = list(measure(members, SWEEP_METHODS, ("float64",)))
    assert len(dots) == len(members) * len(SWEEP_METHODS)
    by_problem = {(m.family, m.index): m.problem for m in members}
    for dot in dots:
        problem = by_problem[(dot.family, dot.index)]
        expected = digits_in_test(solve(problem, dot.method, reference=False).theta,
                                  fraction_lstsq(problem.design, problem.y), get_precision("float64").digits)
        assert dot.digits == pytest.approx(expected, abs=1e-9), dot


def test_a_method_not_available_in_a_precision_is_skipped_not_faked():
    from engine import SOLVERS

    members = family_problems("hilbert", 3)
    dots = list(measure(members, ("householder", "normal-cholesky"), PRECISION_NAMES))
    for dot in dots:
        assert dot.precision in SOLVERS.get(dot.method).precisions
    for precision in PRECISION_NAMES:
        for method in ("householder", "normal-cholesky"):
            count = sum(1 for d in dots if d.method == method and d.precision == precision)
            assert count == (len(members) if precision in SOLVERS.get(method).precisions else 0)


def test_predicted_lines_have_slopes_one_and_two_and_a_wall_at_one_over_u():
    logs = np.linspace(0.5, 4.0, 8)
    for precision in PRECISION_NAMES:
        u = 2.0 ** -get_precision(precision).significand_bits
        assert wall(precision) == pytest.approx(-math.log10(u))
        for exponent in (1, 2):
            inside = logs[logs * exponent < -math.log10(u)]
            assert np.polyfit(inside, predicted_digits(inside, precision, exponent), 1)[0] == pytest.approx(-exponent)

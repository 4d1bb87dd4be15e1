"""Constrained least squares: every answer is checked against mathematics written out here —
the bordered KKT system solved by numpy for equalities, scipy.optimize.lsq_linear for bounds."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import lsq_linear

from engine import Problem, iterate, solve
from engine.constrained import LinearConstraints, parse_constraints


def bordered_solution(a, y, c, d):
    """[[AᵀA, Cᵀ], [C, 0]]·[θ; λ] = [Aᵀy; d], written out with numpy."""
    m, p = c.shape
    kkt = np.block([[a.T @ a, c.T], [c, np.zeros((m, m))]])
    solution = np.linalg.solve(kkt, np.concatenate([a.T @ y, d]))
    return solution[:p], solution[p:]


def points(n=12, degree=2, seed=0, **options):
    rng = np.random.default_rng(seed)
    x = np.linspace(-1.0, 3.0, n)
    y = 1.0 + 2.0 * x - 0.7 * x ** 2 + 0.3 * rng.standard_normal(n)
    return Problem.from_points(x, y, degree, loss="sum", **options)


def table(seed=1):
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((30, 3))
    y = features @ [0.5, -1.0, 2.0] + 0.4 + 0.1 * rng.standard_normal(30)
    return Problem.from_table(features, y, loss="sum")


EQUALITY_CASES = {
    "a line through a point": (lambda: points(degree=1), ["through 2, 3"]),
    "a parabola through a point": (lambda: points(degree=2), ["through 0.5, -4"]),
    "coefficients sum to 1": (lambda: points(degree=2), ["B0 + B1 + B2 = 1"]),
    "a cubic through two points, its slope term fixed": (lambda: points(degree=3, n=15),
                                                          ["through -1, 2", "through 3, 0", "B1 = 0.25"]),
    "features summing to 1": (table, ["B1 + B2 + B3 = 1", "2*B0 - B1 = 0.5"]),
    "scaled, descending columns": (lambda: points(degree=2, scaling="standardize", basis_order="descending"),
                                   ["through 1, 1", "B2 = -1"]),
}


@pytest.mark.parametrize("method", ["kkt", "nullspace"])
@pytest.mark.parametrize("case", sorted(EQUALITY_CASES))
def test_equality_constrained_answer_is_the_kkt_solution_and_holds_the_constraint(case, method):
    build, texts = EQUALITY_CASES[case]
    problem = build()
    constraints = parse_constraints(texts, problem)
    c, d = constraints.matrix, constraints.rhs
    result = solve(problem.with_constraints(constraints), method)
    assert result.status == "converged", result.message
    theta = np.asarray(result.theta)
    gap = np.linalg.norm(c @ theta - d) / (np.linalg.norm(c) * np.linalg.norm(theta) + np.linalg.norm(d))
    assert gap <= 1e-12
    expected, multipliers = bordered_solution(problem.design, problem.y, c, d)
    np.testing.assert_allclose(theta, expected, rtol=1e-10, atol=1e-10 * np.abs(expected).max())
    np.testing.assert_allclose(list(result.diagnostics["multipliers"].values()), multipliers,
                               rtol=1e-8, atol=1e-8 * np.abs(multipliers).max())
    # the free fit is another answer, and that is not called wrong
    free = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    assert np.linalg.norm(theta - free) > 1e-3
    assert result.diagnostics["rss_free"] == pytest.approx(np.sum((problem.y - problem.design @ free) ** 2), rel=1e-10)
    assert "the free fit's Σr²" in result.message and "Checked against the constrained answer" in result.message


def test_a_line_through_a_point_by_hand():
    """Points (0, 0), (2, 2) and the pin (1, 2): the lines through it are y = 2 + B1·(x − 1), whose
    Σr² = (2 − B1)² + (B1)² is least at B1 = 1, so B0 = 2 − B1 = 1."""
    problem = Problem.from_points([0.0, 2.0], [0.0, 2.0], 1, loss="sum")
    constrained = problem.with_constraints(parse_constraints(["through 1, 2"], problem))
    for method in ("kkt", "nullspace"):
        np.testing.assert_allclose(solve(constrained, method).theta, [1.0, 1.0], atol=1e-14)


@pytest.mark.parametrize("method", ["kkt", "nullspace"])
def test_the_multiplier_is_the_price_of_the_constraint(method):
    """Raising d by δ lowers the optimal loss by λ·δ: the central difference of the optimal
    (quadratic) loss in d is exactly −λ; with the mean loss λ is in its units too."""
    for loss in ("sum", "mean"):
        problem = Problem.from_points(np.arange(8.0), [1, 3, 2, 5, 4, 6, 8, 7.0], 1, loss=loss)

        def best_loss(d, problem=problem):
            constraints = LinearConstraints.equalities([[1.0, 2.0]], [d])  # the line's value at x = 2
            return solve(problem.with_constraints(constraints), method)

        price = best_loss(9.0).diagnostics["multipliers"]["constraint 1"]
        delta = 1e-3
        slope = (best_loss(9.0 + delta).loss - best_loss(9.0 - delta).loss) / (2 * delta)
        assert price < 0  # the data want the line far lower at x = 2 than 9: raising the pin raises the loss
        assert slope == pytest.approx(-price, rel=1e-6)


def random_bounded(seed):
    rng = np.random.default_rng(seed)
    n, p = rng.integers(8, 40), rng.integers(2, 6)
    features = rng.standard_normal((n, p - 1)) * rng.choice([0.01, 1.0, 100.0], p - 1)
    y = rng.standard_normal(n) * 5
    problem = Problem.from_table(features, y)
    free = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    lower = np.where(rng.random(p) < 0.6, free + rng.uniform(-0.5, 1.0, p) * np.abs(free), -np.inf)
    upper = np.where(rng.random(p) < 0.5, np.maximum(lower, free) + rng.uniform(-1.0, 0.5, p) * np.abs(free), np.inf)
    upper = np.maximum(upper, np.where(np.isfinite(lower), lower + 0.1 * np.abs(free) + 1e-3, -np.inf))
    return problem, lower, upper


@pytest.mark.parametrize("seed", range(12))
def test_bounded_answers_match_scipy_lsq_linear(seed):
    problem, lower, upper = random_bounded(seed)
    result = solve(problem.with_constraints(LinearConstraints.bounds(lower, upper)), "bvls")
    assert result.status == "converged", result.message
    expected = lsq_linear(problem.design, problem.y, bounds=(lower, upper), method="bvls", tol=1e-15).x
    weights = np.linalg.norm(problem.design, axis=0)
    assert np.linalg.norm(weights * (result.theta - expected)) <= 1e-10 * np.linalg.norm(weights * expected)
    assert np.all(result.theta >= lower) and np.all(result.theta <= upper)


def test_bounds_from_text_with_active_bounds_match_lsq_linear():
    problem = points(degree=2)
    constraints = parse_constraints(["0 <= B2 <= 0.5", "B0 >= 1.5"], problem)
    result = solve(problem.with_constraints(constraints), "bvls")
    expected = lsq_linear(problem.design, problem.y, bounds=([1.5, -np.inf, 0.0], [np.inf, np.inf, 0.5]),
                          method="bvls", tol=1e-15).x
    np.testing.assert_allclose(result.theta, expected, rtol=1e-10)
    assert result.theta[2] == 0.0 and result.theta[0] == 1.5  # both held at a bound, exactly
    assert "B0" in result.diagnostics["active_bounds"] and "B2" in result.diagnostics["active_bounds"]


def test_bvls_yields_a_step_per_change_of_the_active_set_and_ends_at_its_answer():
    problem = points(degree=2)
    steps = iterate(problem.with_constraints(parse_constraints(["0 <= B2 <= 0.5", "B0 >= 1.5"], problem)), "bvls")
    seen = []
    try:
        while True:
            seen.append(next(steps))
    except StopIteration as stop:
        result = stop.value
    kinds = [s.kind for s in seen]
    assert kinds[0] == "free-fit" and kinds[-1] == "optimal"
    assert set(kinds[1:-1]) <= {"clip", "block", "release"}
    np.testing.assert_array_equal(seen[-1].theta, result.theta)


def test_kkt_steps_show_the_kkt_matrix_and_the_multipliers():
    problem = points(degree=1)
    constraints = parse_constraints(["through 2, 3"], problem)
    steps = list(iterate(problem.with_constraints(constraints), "kkt"))
    matrix = next(s for s in steps if s.kind == "kkt-matrix").detail["kkt"]
    a, c = problem.design, constraints.matrix
    np.testing.assert_allclose(matrix, np.block([[a.T @ a, c.T], [c, np.zeros((1, 1))]]))
    prices = next(s for s in steps if s.kind == "multipliers")
    assert "price" in prices.title and "through 2, 3" in prices.title


def test_a_constrained_method_without_constraint_is_the_free_fit_and_says_so():
    problem = points(degree=2)
    free = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    for method in ("kkt", "nullspace", "bvls"):
        result = solve(problem, method)
        np.testing.assert_allclose(result.theta, free, rtol=1e-9)
        assert any("No constraint was given" in w for w in result.warnings)


def test_mismatched_constraints_fail_with_a_clear_message():
    problem = points(degree=2)
    bounds = problem.with_constraints(parse_constraints(["B1 >= 0"], problem))
    equalities = problem.with_constraints(parse_constraints(["B0 = 1"], problem))
    assert "need bvls" in solve(bounds, "kkt").message
    assert "need kkt or nullspace" in solve(equalities, "bvls").message
    repeated = problem.with_constraints(parse_constraints(["B0 + B1 = 1", "2*B0 + 2*B1 = 3"], problem))
    for method in ("kkt", "nullspace"):
        result = solve(repeated, method)
        assert result.status == "failed" and ("dependent" in result.message or "contradict" in result.message)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_bvls_matches_lsq_linear_on_correlated_columns(seed):
    """Strongly correlated columns make the clipped start wrong, so coefficients must be let go again."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(6, 25)), int(rng.integers(1, 5))
    base = rng.standard_normal((n, 1))
    features = base + 0.3 * rng.standard_normal((n, k))
    problem = Problem.from_table(features, rng.standard_normal(n) * 3)
    p = problem.p
    lower = np.where(rng.random(p) < 0.7, rng.uniform(-1, 1, p), -np.inf)
    upper = np.where(rng.random(p) < 0.4, np.where(np.isfinite(lower), lower, -1) + rng.uniform(0.01, 2, p), np.inf)
    result = solve(problem.with_constraints(LinearConstraints.bounds(lower, upper)), "bvls")
    assert result.status == "converged", result.message
    expected = lsq_linear(problem.design, problem.y, bounds=(lower, upper), method="bvls", tol=1e-15).x
    weights = np.linalg.norm(problem.design, axis=0)
    scale = max(np.linalg.norm(weights * expected), 1e-300)
    assert np.linalg.norm(weights * (result.theta - expected)) <= 1e-10 * scale


def test_a_coefficient_fixed_by_two_bounds():
    problem = points(degree=2)
    result = solve(problem.with_constraints(parse_constraints(["B1 >= 1", "B1 <= 1"], problem)), "bvls")
    a, y = problem.design, problem.y
    rest = np.linalg.lstsq(a[:, [0, 2]], y - a[:, 1], rcond=None)[0]  # B1 = 1 substituted by hand
    np.testing.assert_allclose(result.theta, [rest[0], 1.0, rest[1]], rtol=1e-10)
    assert result.status == "converged"


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["kkt", "nullspace"]))
def test_random_equality_constraints_hold_and_match_the_bordered_system(seed, method):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(5, 40)), int(rng.integers(1, 5))
    features = rng.standard_normal((n, k)) * rng.choice([1e-2, 1.0, 1e2], k)
    problem = Problem.from_table(features, rng.standard_normal(n) * 10, loss="sum")
    m = int(rng.integers(1, problem.p))
    c, d = rng.standard_normal((m, problem.p)), rng.standard_normal(m) * 3
    result = solve(problem.with_constraints(LinearConstraints.equalities(c, d)), method)
    assert result.status == "converged", result.message
    theta = np.asarray(result.theta)
    gap = np.linalg.norm(c @ theta - d) / (np.linalg.norm(c) * np.linalg.norm(theta) + np.linalg.norm(d))
    assert gap <= 1e-12
    expected, _ = bordered_solution(problem.design, problem.y, c, d)
    weights = np.linalg.norm(problem.design, axis=0)
    assert np.linalg.norm(weights * (theta - expected)) <= 1e-9 * np.linalg.norm(weights * expected)


def test_on_an_ill_conditioned_polynomial_nullspace_keeps_its_digits_and_kkt_says_it_loses_them():
    """Degree 9 on x in [0, 10]: κ(A) with unit columns ≈ 1e7. The reference here: C's null space
    from numpy's SVD and the reduced problem by numpy's lstsq (orthogonal steps only)."""
    x = np.linspace(0.0, 10.0, 40)
    problem = Problem.from_points(x, np.sin(x) + 0.1 * x, 9, loss="sum")
    constraints = parse_constraints(["through 5, 3", "B0 + B1 = 1"], problem)
    scales = np.linalg.norm(problem.design, axis=0)
    a, c, d = problem.design / scales, constraints.matrix / scales, constraints.rhs
    u, s, vt = np.linalg.svd(c)
    particular = vt[:2].T @ ((u.T @ d) / s)
    z = np.linalg.lstsq(a @ vt[2:].T, problem.y - a @ particular, rcond=None)[0]
    expected = (particular + vt[2:].T @ z) / scales
    nullspace = solve(problem.with_constraints(constraints), "nullspace")
    kkt = solve(problem.with_constraints(constraints), "kkt")
    assert nullspace.status == "converged" and kkt.status == "converged"
    error = np.linalg.norm(scales * (nullspace.theta - expected)) / np.linalg.norm(scales * expected)
    assert error < 1e-8
    assert not any("lose about" in w for w in nullspace.warnings)
    assert any("the KKT matrix holds AᵀA" in w for w in kkt.warnings)
    assert kkt.diagnostics["digits_vs_reference"] < nullspace.diagnostics["digits_vs_reference"] - 3

"""Gram-Schmidt one idea per step (issue 14, point 5): project, subtract, normalise.

The two points (1, 3), (2, 5) with the model y = a + b·x give A = [1 x] = [[1, 1], [1, 2]], worked
by hand:
    v₁ = [1, 1]ᵀ, r₁₁ = ‖v₁‖ = √2, q₁ = [1, 1]ᵀ/√2;
    project: r₁₂ = q₁·a₂ = (1 + 2)/√2 = 3/√2, the projection r₁₂q₁ = [3/2, 3/2]ᵀ;
    subtract: v₂⊥ = [1, 2]ᵀ − [3/2, 3/2]ᵀ = [−1/2, 1/2]ᵀ;
    normalise: r₂₂ = ‖v₂⊥‖ = 1/√2, q₂ = [−1, 1]ᵀ/√2;
    Qᵀy = [(3 + 5)/√2, (−3 + 5)/√2] = [4√2, √2]; R θ = Qᵀy gives b = 2, then a = 1.

Three points x = 0, 1, 2 with y = B0 + B1·x + B2·x² (A = [1 x x²]) tell classical from modified:
    q₁ = [1, 1, 1]ᵀ/√3, r₁₂ = √3, r₁₃ = 5/√3; v₂⊥ = [−1, 0, 1]ᵀ, r₂₂ = √2, q₂ = [−1, 0, 1]ᵀ/√2;
    column 3 less its part along q₁: [0, 1, 4]ᵀ − (5/3)[1, 1, 1]ᵀ = [−5/3, −2/3, 7/3]ᵀ;
    r₂₃ = q₂·a₃ = 4/√2 = 2√2 (the same from the running vector); v₃⊥ = [1/3, −2/3, 1/3]ᵀ,
    r₃₃ = √6/3, q₃ = [1, −2, 1]ᵀ/√6.
"""

import math

import numpy as np
import pytest

from engine import Problem, iterate, run_to_end

R2, R3, R6 = math.sqrt(2), math.sqrt(3), math.sqrt(6)
FACTOR_PHASES = ("project", "subtract", "normalise")


def steps_of(problem, method):
    steps = []
    result = run_to_end(iterate(problem, method), steps.append)
    return steps, result


def two_points():
    return Problem.from_points([1, 2], [3, 5], basis_order="ascending")


def three_points():
    return Problem.from_points([0, 1, 2], [1, 0, 2], degree=2, basis_order="ascending")


def factor_steps(steps):
    return [s for s in steps if s.kind in FACTOR_PHASES]


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_two_points_have_separate_project_subtract_normalise_steps(method):
    steps, result = steps_of(two_points(), method)
    factors = factor_steps(steps)
    assert [s.kind for s in factors] == ["normalise", "project", "subtract", "normalise"]
    assert [s.k for s in steps] == list(range(len(steps)))  # k counts every idea
    assert steps[len(factors)].kind == "qty"  # then Qᵀy, back substitution and the answer
    first, project, subtract, second = factors

    assert first.detail["column"] == 0 and first.detail["finished"] == 1
    np.testing.assert_allclose(first.detail["vector"], [1, 1], atol=1e-15)
    assert first.detail["norm"] == pytest.approx(R2, abs=1e-15)
    np.testing.assert_allclose(first.detail["q"], [1 / R2, 1 / R2], atol=1e-15)

    assert list(project.detail["rows"]) == [0] and list(project.detail["columns"]) == [1]
    np.testing.assert_allclose(project.detail["coefficients"], [3 / R2], atol=1e-15)
    np.testing.assert_allclose(project.detail["vectors"], [[1, 2]], atol=1e-15)
    np.testing.assert_allclose(project.detail["projections"], [[3 / 2, 3 / 2]], atol=1e-15)
    np.testing.assert_allclose(project.detail["r"], [[R2, 3 / R2], [0, 0]], atol=1e-15)
    assert "r1,2" in project.title

    np.testing.assert_allclose(subtract.detail["before"], [[1, 2]], atol=1e-15)
    np.testing.assert_allclose(subtract.detail["after"], [[-1 / 2, 1 / 2]], atol=1e-15)
    assert list(subtract.detail["targets"]) == [1]

    assert second.detail["column"] == 1 and second.detail["finished"] == 2
    np.testing.assert_allclose(second.detail["vector"], [-1 / 2, 1 / 2], atol=1e-15)
    assert second.detail["norm"] == pytest.approx(1 / R2, abs=1e-15)
    np.testing.assert_allclose(second.detail["q"], [-1 / R2, 1 / R2], atol=1e-15)
    np.testing.assert_allclose(second.detail["r"], [[R2, 3 / R2], [0, 1 / R2]], atol=1e-15)

    qty = next(s for s in steps if s.kind == "qty").detail["vector"]
    np.testing.assert_allclose(qty, [4 * R2, R2], atol=1e-14)
    np.testing.assert_allclose(result.theta, [1, 2], atol=1e-14)
    assert result.iterations == 2


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_the_final_q_and_r_are_numpys_up_to_signs(method):
    problem = three_points()
    steps, _ = steps_of(problem, method)
    last = factor_steps(steps)[-1]
    assert last.kind == "normalise"
    q, r = np.asarray(last.detail["q_so_far"]), np.asarray(last.detail["r"])
    q_ref, r_ref = np.linalg.qr(problem.matrix)
    signs = np.sign(np.diag(r_ref))  # Gram-Schmidt's R has a positive diagonal
    np.testing.assert_allclose(q, q_ref * signs, atol=1e-14)
    np.testing.assert_allclose(r, signs[:, None] * r_ref, atol=1e-14)
    np.testing.assert_allclose(q, [[1 / R3, -1 / R2, 1 / R6], [1 / R3, 0, -2 / R6], [1 / R3, 1 / R2, 1 / R6]],
                               atol=1e-14)
    np.testing.assert_allclose(r, [[R3, R3, 5 / R3], [0, R2, 2 * R2], [0, 0, R6 / 3]], atol=1e-14)


def test_classical_projects_each_column_from_the_original_column():
    steps, _ = steps_of(three_points(), "cgs")
    kinds = [s.kind for s in factor_steps(steps)]
    assert kinds == ["normalise", "project", "subtract", "normalise", "project", "subtract", "normalise"]
    third = factor_steps(steps)[4]
    assert list(third.detail["rows"]) == [0, 1] and list(third.detail["columns"]) == [2, 2]
    np.testing.assert_allclose(third.detail["coefficients"], [5 / R3, 2 * R2], atol=1e-14)
    np.testing.assert_allclose(third.detail["vectors"], [[0, 1, 4], [0, 1, 4]], atol=1e-15)  # a₃ itself, for both
    subtract = factor_steps(steps)[5]
    np.testing.assert_allclose(subtract.detail["before"], [[0, 1, 4]], atol=1e-15)
    np.testing.assert_allclose(subtract.detail["after"], [[1 / 3, -2 / 3, 1 / 3]], atol=1e-14)
    assert factor_steps(steps)[6].detail["norm"] == pytest.approx(R6 / 3, abs=1e-14)


def test_modified_projects_every_later_column_as_it_stands():
    steps, _ = steps_of(three_points(), "mgs")
    factors = factor_steps(steps)
    assert [s.kind for s in factors] == ["normalise", "project", "subtract", "normalise", "project", "subtract",
                                         "normalise"]
    on_q1, minus_q1, _, on_q2, minus_q2, _ = factors[1:]
    assert list(on_q1.detail["rows"]) == [0, 0] and list(on_q1.detail["columns"]) == [1, 2]
    np.testing.assert_allclose(on_q1.detail["coefficients"], [R3, 5 / R3], atol=1e-14)
    np.testing.assert_allclose(minus_q1.detail["after"], [[-1, 0, 1], [-5 / 3, -2 / 3, 7 / 3]], atol=1e-14)
    assert list(on_q2.detail["rows"]) == [1] and list(on_q2.detail["columns"]) == [2]
    np.testing.assert_allclose(on_q2.detail["vectors"], [[-5 / 3, -2 / 3, 7 / 3]], atol=1e-14)  # the running v₃
    np.testing.assert_allclose(on_q2.detail["coefficients"], [2 * R2], atol=1e-14)
    np.testing.assert_allclose(minus_q2.detail["after"], [[1 / 3, -2 / 3, 1 / 3]], atol=1e-14)


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_every_phase_step_is_immutable(method):
    steps, _ = steps_of(two_points(), method)
    assert {s.kind for s in steps} >= set(FACTOR_PHASES)
    for step in factor_steps(steps):
        for name, value in step.detail.items():
            if isinstance(value, np.ndarray):
                assert not value.flags.writeable, (step.kind, name)


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_a_large_problem_keeps_its_steps_small(method):
    rng = np.random.default_rng(1)
    x = rng.standard_normal(200)
    problem = Problem.from_points(x, 1 + 2 * x + rng.standard_normal(200), degree=3)
    steps, result = steps_of(problem, method)
    factors = factor_steps(steps)
    assert len(factors) == 3 * problem.p - 2
    assert all("vectors" not in s.detail and "q" not in s.detail for s in factors)
    np.testing.assert_allclose(result.theta, np.linalg.lstsq(problem.design, problem.y, rcond=None)[0], rtol=1e-9)

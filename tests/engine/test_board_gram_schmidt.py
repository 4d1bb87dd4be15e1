"""The board writes Gram-Schmidt one idea per step: project, subtract, normalise (issue 14, point 5).

On the two points (1, 3), (2, 5) with y = a + b·x, A = [1 x] = [[1, 1], [1, 2]] (by hand):
q₁ = [1, 1]ᵀ/√2; project: r₁₂ = v₂·q₁ = 1·(1/√2) + 2·(1/√2) = 3/√2, the projection (3/√2)·q₁ = [3/2, 3/2]ᵀ;
subtract: v₂⊥ = [1, 2]ᵀ − [3/2, 3/2]ᵀ = [−1/2, 1/2]ᵀ; normalise: ‖v₂⊥‖ = 1/√2, q₂ = [−1/√2, 1/√2]ᵀ.
"""

import pytest

from engine import Problem, iterate
from engine.board.page import step_block
from engine.board.plain import page_lines
from engine.board.text import Board


def board_of(method, problem=None):
    problem = problem or Problem.from_points([1, 2], [3, 5], basis_order="ascending")
    return Board(problem, method, list(iterate(problem, method)))


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_each_phase_has_its_own_block_with_its_own_numbers(method):
    board = board_of(method)
    blocks = [step_block(board, i, strict=True) for i in range(4)]
    assert [b.heading for b in blocks] == ["Step 0: Gram-Schmidt, column 1: normalise",
                                           "Step 1: Gram-Schmidt, column 2: project on q₁",
                                           "Step 2: Gram-Schmidt, column 2: subtract the projection",
                                           "Step 3: Gram-Schmidt, column 2: normalise"]
    normalise_first, project, subtract, normalise_second = (b.lines for b in blocks)
    assert "q₁ = v₁/‖v₁‖ = [1/√2, 1/√2]ᵀ ≈ [0.7071, 0.7071]ᵀ" in normalise_first
    # the project step shows the coefficient and the projection, and nothing of the later ideas
    assert "r₁₂ = v₂·q₁ = 1·(1/√2) + 2·(1/√2) = 3/√2" in project
    assert "projection on q₁: r₁₂·q₁ = (3/√2)·q₁ = [3/2, 3/2]ᵀ" in project
    assert not any("⊥" in line or "q₂" in line for line in project)
    assert "v₂⊥ = v₂ − r₁₂·q₁ = [1, 2]ᵀ − [3/2, 3/2]ᵀ = [−1/2, 1/2]ᵀ" in subtract
    assert not any("‖" in line for line in subtract)
    assert "‖v₂⊥‖ = √((−1/2)² + (1/2)²) = 1/√2" in normalise_second
    assert "q₂ = v₂⊥/‖v₂⊥‖ = [−1/√2, 1/√2]ᵀ ≈ [−0.7071, 0.7071]ᵀ" in normalise_second
    assert "R = QᵀA: R = [[√2, 3/√2], [0, 1/√2]]" in normalise_second


def test_modified_gram_schmidt_projects_the_column_as_it_stands():
    # x = 0, 1, 2 with a quadratic: column 3 less its part along q₁ = [1, 1, 1]ᵀ/√3 is
    # [0, 1, 4]ᵀ − (5/3)[1, 1, 1]ᵀ = [−5/3, −2/3, 7/3]ᵀ, and r₂₃ = that·q₂ with q₂ = [−1, 0, 1]ᵀ/√2 is 2√2.
    board = board_of("mgs", Problem.from_points([0, 1, 2], [1, 0, 2], degree=2, basis_order="ascending"))
    project = step_block(board, 4, strict=True)
    assert project.heading == "Step 4: Gram-Schmidt, column 3: project on q₂"
    assert any(line.endswith("= [−5/3, −2/3, 7/3]ᵀ") for line in project.lines)
    assert any(line.startswith("r₂₃ = v₃·q₂ = ") and line.endswith("= 2√2") for line in project.lines)


def test_a_large_problem_writes_the_coefficients_in_decimals():
    x = [float(i) for i in range(12)]
    problem = Problem.from_points(x, [2 + 3 * v for v in x], basis_order="ascending")
    board = board_of("cgs", problem)
    project = step_block(board, 1, strict=True)
    assert project.lines == ["r₁₂ = q₁·a₂ = 19.05"]  # Σx/√12 = 66/√12 = 19.0526…
    lines = page_lines(board, len(board.steps) - 1, "cgs")
    assert "Step 2: Gram-Schmidt, column 2: subtract the projection" in lines

"""`main.py solve --trace` prints the board of the hand calculation as plain text.

seed-2pt is the course notes' two points (1, 3) and (2, 5) (resources/datasets/seed-2pt.csv), fitted
by the line y = a·x + b. By hand, in the notes' column order A = [x, 1] (seed-2pt's own order, so the
issue's command `solve --dataset seed-2pt --method cgs --trace` needs no --basis-order):

    v₁ = [1, 2]ᵀ, ‖v₁‖ = √5, so q₁ = [1/√5, 2/√5]ᵀ;
    v₂ = [1, 1]ᵀ, v₂·q₁ = 3/√5, v₂⊥ = [1, 1]ᵀ − (3/5)[1, 2]ᵀ = [2/5, −1/5]ᵀ, ‖v₂⊥‖ = 1/√5,
    so q₂ = [2/√5, −1/√5]ᵀ and R = [[√5, 3/√5], [0, 1/√5]];
    Qᵀy = [(3 + 10)/√5, (6 − 5)/√5] = [13/√5, 1/√5];
    back substitution: (1/√5)·b = 1/√5 gives b = 1, then √5·a + 3/√5 = 13/√5 gives a = 2.

With NIST's order A = [1, x] (--basis-order ascending), v₁ = [1, 1]ᵀ, so q₁ = [1/√2, 1/√2]ᵀ; the
answer is the same line, a = 2 and b = 1.
"""

import json

import numpy as np
import pytest

from cli.main import main
from engine import SOLVERS, SolverSpec, Step
from engine.solvers.common import answer

from .test_cli import run

SEED_CGS = ("solve", "--dataset", "seed-2pt", "--method", "cgs", "--trace")


@pytest.mark.parametrize("order", [(), ("--basis-order", "descending")])
def test_cgs_board_on_the_two_points_in_the_notes_column_order(order):
    done = run(*SEED_CGS, *order)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for expected in ("q₁ = v₁/‖v₁‖ = [1/√5, 2/√5]ᵀ", "[2/5, −1/5]ᵀ", "q₂ = v₂⊥/‖v₂⊥‖ = [2/√5, −1/√5]ᵀ",
                     "R = [[√5, 3/√5], [0, 1/√5]]", "Qᵀy = [13/√5, 1/√5]ᵀ", "→  b = 1", "→  a = 2",
                     "Answer: a = 2, b = 1"):
        assert expected in out, expected
    # the board's steps come in the order they are worked: q₁ before Qᵀy before a = 2
    assert out.index("[1/√5, 2/√5]ᵀ") < out.index("Qᵀy = [13/√5") < out.index("→  a = 2")
    assert "Traceback" not in done.stderr


def test_cgs_board_in_nist_column_order_starts_from_the_column_of_ones():
    done = run(*SEED_CGS, "--basis-order", "ascending")
    assert done.returncode == 0, done.stderr
    assert "q₁ = v₁/‖v₁‖ = [1/√2, 1/√2]ᵀ" in done.stdout
    assert "Answer: a = 2, b = 1" in done.stdout


def test_json_trace_has_the_board_as_a_list_of_the_printed_lines():
    done = run(*SEED_CGS, "--basis-order", "descending", "--json")
    assert done.returncode == 0, done.stderr
    board = json.loads(done.stdout)["board"]
    assert isinstance(board, list) and all(isinstance(line, str) for line in board)
    assert "  q₁ = v₁/‖v₁‖ = [1/√5, 2/√5]ᵀ ≈ [0.4472, 0.8944]ᵀ" in board
    assert any("a = 2" in line for line in board)
    text = run(*SEED_CGS, "--basis-order", "descending").stdout.splitlines()
    assert text[1:1 + len(board)] == board  # after the problem line, the same lines as without --json


def test_filip_trace_ends_on_the_failing_step_of_the_normal_equations():
    done = run("solve", "--dataset", "nist-filip", "--method", "normal-inverse", "--trace")
    assert done.returncode == 3, done.stderr  # the solver failed
    lines = done.stdout.splitlines()
    heading = lines.index("Step 2: the normal equations fail")
    assert lines[heading - 2] == "Step 1: Aᵀy"
    assert lines[heading + 1].startswith("  AᵀA is singular to working precision: κ(AᵀA) ≈ ")
    assert lines[heading + 1].strip() in lines[-1]  # the failure message says the same


def _without_board(problem):
    """A solver with no hand calculation: numpy's least squares in one step."""
    theta = np.linalg.lstsq(problem.matrix, problem.y, rcond=None)[0]
    yield Step(k=0, kind="numpy", title="θ = numpy.linalg.lstsq(A, y)", theta=problem.to_original(theta))
    return answer(problem, "no-board", theta, iterations=1)


@pytest.fixture
def solver_without_board(monkeypatch):
    spec = SolverSpec(name="no-board", label="numpy without a board", family="Test", summary="a test solver",
                      run=_without_board)
    monkeypatch.setitem(SOLVERS.solvers, spec.name, spec)
    return spec


def test_a_solver_without_a_board_says_so_in_one_line(solver_without_board, capsys):
    code = main(["solve", "--points", "1,3;2,5", "--method", "no-board", "--trace"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    said = [line for line in out if "no hand calculation" in line]
    assert said == ["numpy without a board: no hand calculation is written for this solver yet."]
    assert out[1] == said[0]  # right after the problem line, in place of the board

    code = main(["solve", "--points", "1,3;2,5", "--method", "no-board", "--trace", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["board"] == said

"""The board of the constrained methods: every step has its own block (none falls back to the
generic title), the KKT matrix is written out, and the multiplier is explained as a price."""

import numpy as np
import pytest

from engine import Problem, iterate
from engine.board.page import step_block
from engine.board.plain import page_lines
from engine.board.text import Board
from engine.constrained import parse_constraints

PROBLEM = Problem.from_points([0.0, 1, 2, 3, 4], [1.0, 3, 5.5, 6.9, 9.2], 1, loss="sum")


def board_of(method, texts):
    problem = PROBLEM.with_constraints(parse_constraints(texts, PROBLEM))
    steps = list(iterate(problem, method))
    return Board(problem, method, steps, {}), steps


@pytest.mark.parametrize("method, texts", [("kkt", ["through 2, 3"]), ("nullspace", ["through 2, 3", "B1 = 2"]),
                                           ("bvls", ["B1 <= 1.5", "B0 >= 0"])])
def test_every_step_has_a_block_of_its_own(method, texts):
    board, steps = board_of(method, texts)
    for index in range(len(steps)):
        step_block(board, index, strict=True)  # raises if a formatter cannot read its step
    lines = page_lines(board, len(steps) - 1, method)
    assert not any("no hand calculation" in line for line in lines)


def test_the_kkt_board_writes_the_matrix_and_the_price():
    board, steps = board_of("kkt", ["through 2, 3"])
    text = "\n".join(page_lines(board, len(steps) - 1, "kkt"))
    a = PROBLEM.design
    gram = a.T @ a  # [[5, 10], [10, 30]] for x = 0…4
    np.testing.assert_array_equal(gram, [[5, 10], [10, 30]])
    assert "K = [[5, 10, 1], [10, 30, 2], [1, 2, 0]]" in text
    assert "moving the pinned point up by a small δ would lower the loss" in text

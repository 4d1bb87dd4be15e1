"""The nonlinear board view (issue 17): it writes ∂r/∂bⱼ of the formula as soon as there is a model,
then the player's step of a real Gauss-Newton or LM run — δ as numpy's lstsq of J δ = −r computed here
— follows the player from step 3 to step 4, lets the lecturer choose between the two solvers, and
fits in the nonlinear window at 1280×720 at the normal text and at twice it."""

from __future__ import annotations

import numpy as np

from engine.exact_text import decimal_text
from engine.nonlinear import nist_problem
from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import NonlinearProblem
from gui.nonlinear.board_view import NonlinearBoardView
from gui.nonlinear.lab import NonlinearLab

from .nonlinear_steps import close, complex_step_jacobian, residual, run
from .test_nonlinear_table import open_window, run_to_end
from .text_fit import clipped_texts, settled_clipped


def make_view(qtbot, problem, size=(640, 600)):
    lab = NonlinearLab(problem)
    view = NonlinearBoardView(lab)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return lab, view


def delta_text(problem, b) -> str:
    """'δ = [−2535, 0.0009949]ᵀ' for lstsq(J, −r) at b, written as the board writes numbers."""
    delta = np.linalg.lstsq(complex_step_jacobian(problem, b), -residual(problem, b), rcond=None)[0]
    return "δ = [" + ", ".join(decimal_text(v, 4) for v in delta) + "]ᵀ"


def test_the_board_writes_the_derivatives_before_any_run(qtbot):
    x = np.linspace(1.0, 10.0, 8)
    problem = NonlinearProblem(parse_formula("b1*(1-exp(-b2*x))"), x, 3.0 * (1 - np.exp(-0.4 * x)), start=[1, 1])
    lab, view = make_view(qtbot, problem)
    text = view.plain_text()
    assert "∂r/∂b1 = 1 − exp(−b2·x)" in text
    assert "∂r/∂b2 = b1·exp(−b2·x)·x" in text
    assert "Run Gauss-Newton or Levenberg-Marquardt" in view.caption.text()
    close(qtbot, lab, view)


def test_the_board_follows_the_player_from_step_3_to_step_4(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    run(qtbot, lab, "gauss-newton")
    steps = lab.traces["gauss-newton"]
    assert len(steps) > 5
    lab.player.seek(3)
    at_3 = view.plain_text()
    assert "Iteration 3 (Gauss-Newton)" in at_3
    assert delta_text(problem, steps[2].theta) in at_3
    assert "iteration 3" in view.caption.text()
    lab.player.seek(4)
    at_4 = view.plain_text()
    assert at_4 != at_3
    assert "Iteration 4 (Gauss-Newton)" in at_4
    assert delta_text(problem, steps[3].theta) in at_4
    lab.player.seek(0)
    assert "Start" in view.plain_text() and "Iteration" not in view.plain_text()
    close(qtbot, lab, view)


def test_the_lecturer_chooses_which_solver_the_board_explains(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    run(qtbot, lab, "adam", "gauss-newton", "lm")
    lab.player.seek(3)
    assert view.choice.isVisible() and view.choice.count() == 2  # Adam has no board of this kind
    assert "Iteration 3 (Gauss-Newton)" in view.plain_text()
    view.choice.setCurrentIndex(view.choice.findData("lm"))
    view.choice.activated.emit(view.choice.currentIndex())
    text = view.plain_text()
    assert "Iteration 3 (Levenberg-Marquardt)" in text
    mu = lab.traces["lm"][3].detail["mu"]
    assert f"(JᵀJ + μD²) δ = −Jᵀr with μ = {decimal_text(mu, 4)}" in text
    assert "Levenberg-Marquardt" in view.caption.text()
    close(qtbot, lab, view)


def test_the_board_fits_the_window_at_once_and_twice_the_text(qtbot, app_font):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    window.resize(1280, 720)
    run_to_end(qtbot, window, ["gauss-newton", "lm"])
    window.lab.player.pause()
    window.lab.player.seek(3)
    board = window.tabs.show_view("board")
    qtbot.wait(20)
    assert isinstance(board, NonlinearBoardView) and board.isVisible()
    assert "Iteration 3" in board.plain_text()
    assert clipped_texts(window) == []
    window.presentation.enter(2.0)
    assert board.caption.font().pointSizeF() >= 1.9 * app_font.pointSizeF()
    assert settled_clipped(qtbot, window) == []
    window.close()

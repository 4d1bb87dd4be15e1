"""The hand-calculation panel writes what the seed writes on the board.

Expected strings are the seed's own (/work/shared/seed/000_a955c5b0f3e05051.txt, written with
the proper minus sign), or follow from the mathematics and numpy; never from the panel itself.
"""

import itertools

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from engine import SOLVERS, Problem, iterate
from engine.board.page import FORMATTERS, has_formatter, step_block
from engine.board.text import Board
from engine.datasets import get_dataset
from gui.views.board.board_html import no_formatter_html, page_html

from .driving import run_to_end


@pytest.fixture
def view(window):
    hand = window.view("hand")
    window.show_view("hand")
    return hand




def show(window, view, position):
    window.player.seek(position)
    view.refresh(position)
    return view.plain_text()


def lines_of(text):
    return [line.strip() for line in text.splitlines()]


def test_nothing_is_shown_before_a_run(view):
    view.refresh(0)
    assert view.plain_text() == ""


def test_gram_schmidt_writes_the_seed_qr_example_in_order(qtbot, window, view):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(basis_order="descending")  # the seed's A = [x, 1]
    run_to_end(qtbot, window, ["cgs"])
    # The seed's strings, in the order the seed writes them.
    expected = ["q₁ = v₁/‖v₁‖ = [1/√5, 2/√5]ᵀ", "(3/√5)·q₁ = [3/5, 6/5]ᵀ", "= [2/5, −1/5]ᵀ",
                "q₂ = v₂⊥/‖v₂⊥‖ = [2/√5, −1/√5]ᵀ", "R = [[√5, 3/√5], [0, 1/√5]]", "Qᵀy = [13/√5, 1/√5]ᵀ",
                "→  b = 1", "→  a = 2"]
    first = show(window, view, 0)
    assert expected[0] in first and "q₂" not in first  # later steps are not written yet
    text = show(window, view, window.player.length - 1)
    positions = [text.find(s) for s in expected]
    assert all(p >= 0 for p in positions), [s for s, p in zip(expected, positions) if p < 0]
    assert positions == sorted(positions)
    assert "Column 1 of A: v₁ = [1, 2]ᵀ" in text
    assert "‖v₁‖ = √(1² + 2²) = √5" in text
    assert "row 2: (1/√5)·b = 1/√5" in text


def test_gradient_descent_shows_the_seed_three_iterations(qtbot, window, view):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(loss="sum")
    window.solver_panel.set_start_point([0, 0])
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1})
    early = show(window, view, 1)
    assert "(a, b) = (1.3, 0.8)" in early and "(1.71, 1.05)" not in early
    text = show(window, view, 3)
    lines = lines_of(text)
    # the seed's iterates; it rounds b₃ = 1.05 + 0.077 = 1.127 to 1.13
    for pair in ["(a, b) = (1.3, 0.8)", "(a, b) = (1.71, 1.05)", "(a, b) = (1.84, 1.127)"]:
        assert pair in text
    for name, values in {"a": ["−13", "−4.1"], "b": ["−8", "−2.5"]}.items():
        for value in values:
            assert any(line.startswith(f"∂L/∂{name} = ") and line.endswith(f"= {value}") for line in lines), value
    assert "∂L/∂a = (−3)·1 + (−5)·2 = −13" in text
    assert "a₁ = a₀ − η·∂L/∂a = 0 − 0.1·(−13) = 1.3" in text
    assert "b₃ = b₂ − η·∂L/∂b = 1.05 − 0.1·(−0.77) = 1.127" in text
    assert text.index("(1.3, 0.8)") < text.index("(1.71, 1.05)") < text.index("(1.84, 1.127)")


def test_matrix_inversion_shows_the_seed_inverse(qtbot, window, view):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(basis_order="descending")
    run_to_end(qtbot, window, ["normal-inverse"])
    text = show(window, view, window.player.length - 1)
    assert "AᵀA = [[5, 3], [3, 2]]" in text
    assert "Aᵀy = [13, 8]ᵀ" in text
    assert "det(AᵀA) = 5·2 − 3·3 = 1" in text
    assert "(AᵀA)⁻¹ = [[2, −3], [−3, 5]]" in text
    assert "[2·13 + (−3)·8, (−3)·13 + 5·8]ᵀ = [2, 1]ᵀ" in text


def test_a_larger_problem_shows_numbers_not_exact_forms(qtbot, window, view):
    window.load_dataset("nist-norris")
    run_to_end(qtbot, window, ["cgs"])
    text = show(window, view, window.player.length - 1)
    problem = window.problem
    r = np.linalg.qr(problem.matrix)[1]
    r = r * np.sign(np.diag(r))[:, None]  # Gram-Schmidt's R has a positive diagonal
    assert f"R = [[{r[0, 0]:.4g}, {r[0, 1]:.4g}], [0, {r[1, 1]:.4g}]]" in text
    assert "√" not in text
    assert "4 significant digits" in text


def test_copy_puts_the_plain_text_on_the_clipboard(qtbot, window, view):
    window.load_dataset("seed-2pt")
    run_to_end(qtbot, window, ["mgs"])
    text = show(window, view, window.player.length - 1)
    QApplication.clipboard().clear()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    assert "Qᵀy" in text


def test_the_current_step_is_highlighted_and_scrolled_into_view(qtbot, window, view):
    window.load_dataset("seed-4pt")
    window.model_controls.set_options(degree=3)
    run_to_end(qtbot, window, ["householder"])
    last = window.player.length - 1
    show(window, view, last)
    html = view.browser.toHtml()
    assert html.count("<a name=\"current\">") == 1
    bar = view.browser.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()  # the short last step is in view
    show(window, view, 0)
    assert view.browser.verticalScrollBar().value() == 0


# ---- the board text without Qt ---------------------------------------------------------------
def steps_of(problem, method, limit=40, **params):
    return list(itertools.islice(iterate(problem, method, **params), limit))


def board(problem, method, steps, **params):
    return Board(problem, method, steps, SOLVERS.get(method).parse_params(params))


def text_of(problem, method, limit=40, **params):
    run_params = {k: v for k, v in params.items() if k != "start"}
    steps = steps_of(problem, method, limit, **params)
    b = board(problem, method, steps, **run_params)
    return "\n".join(line for i in range(len(steps)) for line in step_block(b, i, strict=True).lines)


def test_every_solver_has_a_formatter():
    assert [spec.name for spec in SOLVERS if not has_formatter(spec.name)] == []
    assert not has_formatter("mystery")
    assert "no hand calculation" in no_formatter_html("Mystery method")


PROBLEMS = {
    "seed": Problem.from_points([1, 2], [3, 5], 1, basis_order="descending", loss="sum"),
    "quadratic": Problem.from_points([0, 1, 2, 3], [1, 0, 2, 5], 2),
    "scaled": Problem.from_points([0, 1, 2, 3, 4, 5, 6, 7], [1, 0, 2, 5, 4, 6, 9, 8], 1, scaling="standardize"),
    "features": get_dataset("nist-longley").problem(),
}


@pytest.mark.parametrize("problem_name", list(PROBLEMS))
@pytest.mark.parametrize("method", sorted(FORMATTERS))
def test_every_step_of_every_solver_is_written_without_falling_back(problem_name, method):
    problem = PROBLEMS[problem_name]
    params = {"max_iter": 30} if "max_iter" in SOLVERS.get(method).defaults() else {}
    if method == "exact" and problem_name == "features":
        params = {}
    steps = steps_of(problem, method, 40, **params)
    b = board(problem, method, steps, **params)
    for i in range(len(steps)):
        block = step_block(b, i, strict=True)
        assert block.lines and all(isinstance(line, str) and line for line in block.lines)
    assert page_html(b, len(steps) - 1, "label").count('name="current"') == 1


def test_the_seed_soft_threshold_example():
    # one parameter, H = 1, so η = 1/L = 1 and the gradient step from 0 lands on z = 1.5
    problem = Problem.from_points([1, 0], [1.5, 0], 1, intercept=False, loss="sum")
    text = text_of(problem, "ista", 3, lam=0.3, max_iter=2)
    assert "S(1.5, 0.3) = 1.2" in text


def test_conjugate_gradient_on_the_seed_system():
    # the seed's A = [4 1; 1 3], b = [1, 2]: r₀ = p₀ = [1, 2], Hp₀ = [6, 7], so α₀ = 5/20 = 1/4
    # (the seed writes 5/14, a slip in its pᵀAp)
    problem = Problem.from_normal_equations([[4, 1], [1, 3]], [1, 2])
    text = text_of(problem, "cg", 4)
    assert "r₀ᵀr₀ = 5" in text
    assert "α₀ = r₀ᵀr₀ / p₀ᵀHp₀ = 5/20 = 1/4" in text
    assert "θ₁ = θ₀ + α₀p₀ = [1/4, 1/2]ᵀ" in text


def test_power_iteration_on_the_seed_matrix():
    # the seed: A = [2 1; 1 2], v₀ = [1, 0] → v₁ = [2/√5, 1/√5] → v₂ = [5/√41, 4/√41]
    problem = Problem.from_normal_equations([[2, 1], [1, 2]], [1, 1])
    text = text_of(problem, "power-iteration", 3)
    assert "v₁ = Hv₀/‖Hv₀‖ = [2/√5, 1/√5]ᵀ" in text
    assert "v₂ = Hv₁/‖Hv₁‖ = [5/√41, 4/√41]ᵀ" in text


def test_the_seed_momentum_example():
    # the seed: from (a, b) = (1.3, 0.8) with v = 0: v_a = 0.9 × 0 + (−4.1) = −4.1, a_new = 1.3 − 0.1 × (−4.1) = 1.71
    problem = PROBLEMS["seed"]
    text = text_of(problem, "momentum", 3, lr=0.1, start=[0.8, 1.3], max_iter=2)
    assert "v[a] = β·v[a] + ∂L/∂a = 0.9·0 + (−4.1) = −4.1" in text
    assert "v[b] = β·v[b] + ∂L/∂b = 0.9·0 + (−2.5) = −2.5" in text
    assert "a₁ = a₀ − η·v[a] = 1.3 − 0.1·(−4.1) = 1.71" in text
    assert "b₁ = b₀ − η·v[b] = 0.8 − 0.1·(−2.5) = 1.05" in text


def test_the_page_keeps_only_the_last_iterations():
    problem = PROBLEMS["seed"]
    steps = steps_of(problem, "gd", 60, lr=0.05, start=[0, 0], max_iter=59)
    b = board(problem, "gd", steps, lr=0.05)
    cache = {}
    html = page_html(b, 59, "Gradient descent", cache)
    assert "Iteration 59" in html and "Iteration 30" not in html and "Start" in html
    assert len(cache) <= 20

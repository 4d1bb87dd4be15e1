"""The comparison table: digits measured against exact arithmetic computed here independently,
badges that never call a wrong answer right, sorting, and CSV that round-trips."""

import csv
import io

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from engine import lre, solve
from engine.datasets import get_dataset
from gui.views.comparison.table import COLUMNS, ComparisonView

from .driving import FINISH_MS
from .driving import run_to_end as run_and_wait


@pytest.fixture(autouse=True)
def table_in_front(window):
    window.show_view("table")


def view_of(window) -> ComparisonView:
    return next(v for v in window.views if v.name == "table")


def run_to_end(qtbot, window, methods, **params):
    """Run, then wait for the exact solution (computed in a thread once the run ends)."""
    view = view_of(window)
    run_and_wait(qtbot, window, methods, **params)
    qtbot.waitUntil(lambda: view.exact_note and not view.exact_note.startswith("computing"), timeout=FINISH_MS)
    view.refresh(window.player.length - 1)
    return view


def table_cells(view) -> list[list[str]]:
    table = view.table
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return [header] + [[table.item(r, c).text() for c in range(table.columnCount())]
                       for r in range(table.rowCount())]


def test_filip_digits_are_the_lre_against_exact_arithmetic(qtbot, window):
    window.load_dataset("nist-filip")
    view = run_to_end(qtbot, window, ["householder", "normal-cholesky", "cgs"])
    problem = get_dataset("nist-filip").problem()
    assert problem.degree == 10
    exact = solve(problem, "exact")
    assert exact.status == "converged"
    for key in ("householder", "normal-cholesky", "cgs"):
        result = window.race.results[key]
        if result.theta is None:
            assert view.digits(key) is None and view.cell(key, "correct digits") == "—"
            continue
        expected = lre(result.theta, exact.theta)
        assert view.digits(key) == pytest.approx(expected, abs=1e-12)
        assert view.cell(key, "correct digits") == f"{max(expected, 0.0):.1f}"
    # Householder keeps about 7 of Filip's digits: at least the 6 a ✔ needs (the documented rule).
    assert lre(window.race.results["householder"].theta, exact.theta) >= 6
    assert view.badge_of("householder") == "✔"
    assert window.race.results["normal-cholesky"].status == "failed"
    assert view.badge_of("normal-cholesky") == "✘"
    assert view.badge_of("cgs") == "✘"  # classical Gram-Schmidt loses every digit here
    assert view.cell("exact", "correct digits") == "ground truth"
    assert "rational arithmetic" in view.table.horizontalHeaderItem(COLUMNS.index("correct digits")).toolTip()
    # The full-precision parameters are in the tooltip, every digit of every parameter.
    tip = view.table.item(view.row_of("householder"), COLUMNS.index("parameters θ")).toolTip()
    theta = window.race.results["householder"].theta
    assert tip.splitlines() == [f"B{j} = {v!r}" for j, v in enumerate(theta)]


def test_copy_as_csv_and_ctrl_c_round_trip(qtbot, window):
    window.load_dataset("seed-4pt")
    view = run_to_end(qtbot, window, ["householder", "gd", "normal-inverse"])
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO(clipboard.text())))
    assert rows == table_cells(view)
    assert len(rows) == 1 + 4  # header, three solvers and exact
    assert any("," in cell for row in rows for cell in row)  # θ holds commas: csv quoting is exercised
    clipboard.setText("")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert list(csv.reader(io.StringIO(clipboard.text()))) == rows


def test_clicking_a_header_sorts_by_the_numbers(qtbot, window):
    window.load_dataset("nist-filip")
    view = run_to_end(qtbot, window, ["householder", "normal-cholesky", "cgs", "lstsq"])
    column = COLUMNS.index("correct digits")
    header = view.table.horizontalHeader()
    point = header.rect().topLeft()
    point.setX(header.sectionViewportPosition(column) + header.sectionSize(column) // 2)
    point.setY(header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    order = [view.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(view.table.rowCount())]
    shown = [view.digits(key) for key in order]
    measured = [d for d in shown if d is not None]
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert header.sortIndicatorSection() == column
    assert measured == sorted(measured, reverse=descending)
    assert len(measured) == 3  # householder, cgs, lstsq; Cholesky has no answer and exact is the truth
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    order = [view.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(view.table.rowCount())]
    measured = [view.digits(key) for key in order if view.digits(key) is not None]
    assert measured == sorted(measured, reverse=not descending)


def test_a_running_solver_says_so(qtbot, window):
    window.load_dataset("noisy-line")
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values({"max_iter": 10_000_000, "tol": 0.0, "lr": 1e-9})
    assert window.run()
    view = view_of(window)
    view.refresh(0)
    assert view.cell("gd", "warnings / message") == "running…"
    assert view.badge_of("gd") == ""
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        window.cancel()


def test_a_large_problem_is_compared_with_lstsq(qtbot, window):
    x = np.linspace(-1, 1, 6000)
    window.points.set_points(x, 1 + 2 * x + 0.1 * np.sin(40 * x))
    window.model_controls.set_options(degree=9)  # n·p² = 6000·100 > 500,000
    view = run_to_end(qtbot, window, ["householder"])
    assert "too large for exact arithmetic" in view.cell("exact", "warnings / message")
    reference = window.race.reference.theta
    assert view.digits("householder") == pytest.approx(lre(window.race.results["householder"].theta, reference))
    assert "lstsq" in view.table.horizontalHeaderItem(COLUMNS.index("correct digits")).toolTip()


def test_one_parameter_model(qtbot, window):
    window.points.set_points([1.0, 2.0, 4.0], [2.0, 3.0, 7.0])
    window.model_controls.set_options(degree=0)
    view = run_to_end(qtbot, window, ["householder", "gd"])
    assert view.exact_result.theta.tolist() == [4.0]  # the mean of 2, 3, 7
    assert view.badge_of("householder") == "✔"
    assert view.cell("householder", "parameters θ") == "(4)"


def test_rank_deficient_data(qtbot, window):
    window.points.set_points([1.0, 1.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0])
    window.model_controls.set_options(degree=2)  # two distinct x values cannot fix three coefficients
    view = run_to_end(qtbot, window, ["householder", "svd", "cg"])
    assert view.exact_result.status == "failed"  # exactly dependent columns: no unique answer
    assert "lstsq" in view.truth_label.text()
    assert window.race.results["householder"].status == "failed"
    assert view.badge_of("householder") == "✘"
    assert view.badge_of("svd") == "✔"  # svd's minimum-norm answer is lstsq's
    rows = list(csv.reader(io.StringIO(view.csv_text())))
    assert rows == table_cells(view)


def test_a_new_run_during_the_exact_computation_gets_its_own_answer(qtbot, window):
    """The exact solver cannot be interrupted: a stale answer is dropped and the new run's is computed."""
    rng = np.random.default_rng(1)
    x = np.round(rng.uniform(-1, 1, 800), 3)
    window.points.set_points(x, np.round(1 + x + rng.normal(0, 0.1, x.size), 3))
    window.model_controls.set_options(degree=6)  # n·p² = 800·49: a few tenths of a second in fractions
    view = view_of(window)
    window.solver_panel.set_checked(["householder"])
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    # Usually still computing here (a few tenths of a second); either way the answer shown
    # at the end must be the new run's.
    window.model_controls.set_options(degree=2)
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    qtbot.waitUntil(lambda: view.exact_result is not None, timeout=FINISH_MS)
    assert view.exact_result.theta.size == 3
    expected = solve(window.problem, "exact").theta
    np.testing.assert_array_equal(view.exact_result.theta, expected)


def test_closing_the_window_while_exact_arithmetic_runs_is_clean(qtbot, window):
    rng = np.random.default_rng(2)
    x = np.round(rng.uniform(-1, 1, 800), 3)
    window.points.set_points(x, np.round(x ** 2 + rng.normal(0, 0.1, x.size), 3))
    window.model_controls.set_options(degree=6)
    window.solver_panel.set_checked(["householder"])
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    view = view_of(window)
    assert view.computing
    window.close()
    assert not view.computing


def test_rows_follow_the_player_step_by_step_and_show_the_answer_at_the_end(qtbot, window):
    """Before a solver's end its row shows that step's θ, loss and digits (no badge: there is
    no answer yet); at the end, the answer and its badge. Digits are checked against exact
    arithmetic computed here."""
    window.load_dataset("seed-4pt")
    view = run_to_end(qtbot, window, ["gd", "householder"], gd={"lr": 0.1, "max_iter": 40, "tol": 0.0})
    exact = solve(window.problem, "exact").theta
    trace = window.race.traces["gd"]
    window.player.pause()
    for position in (0, 1, 10, len(trace) - 2):
        window.player.seek(position)
        view.refresh(window.player.position)
        step = trace[position]
        assert view.cell("gd", "steps") == str(step.k)
        assert view.cell("gd", "loss") == f"{step.loss:.6g}"
        assert view.badge_of("gd") == ""
        assert view.digits("gd") == pytest.approx(lre(step.theta, exact))
        assert view.cell("gd", "status") == "paused"
    window.player.seek(len(trace) - 1)
    view.refresh(window.player.position)
    result = window.race.results["gd"]
    assert view.cell("gd", "steps") == str(result.iterations)
    assert view.cell("gd", "status") == result.status
    assert view.badge_of("gd") in "✔⚠✘" and view.badge_of("gd")
    assert view.digits("gd") == pytest.approx(lre(result.theta, exact))

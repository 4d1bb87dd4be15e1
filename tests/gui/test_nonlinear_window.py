"""The nonlinear fit window with real widgets and a real worker thread: a failing method stays on
the canvas (dashed, ✘, why), a bad formula says where and keeps the model, the window fits
1280×720 at ×1 and ×2, and closing during a run cancels it."""

import time

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from engine.nonlinear import nist_problem
from gui.look.solver_look import FAILED_DASH
from gui.nonlinear.model_panel import TYPED
from gui.nonlinear.window import NonlinearWindow
from gui.run.threads import running_threads

from .test_nonlinear_table import open_window, run_to_end
from .text_fit import clipped_texts


def exp_decay_points():
    x = np.linspace(0.0, 5.0, 15)
    return x, 2.5 * np.exp(-0.8 * x) + 0.02 * np.sin(5 * x)


def test_a_failing_method_stays_visible_dashed_with_its_reason(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 2))
    run_to_end(qtbot, window, ["lm", "gd"], gd={"lr": 1e6})
    result = window.lab.results["gd"]
    assert result.status in ("diverged", "failed"), result
    row = window.canvas.legend_rows()["gd"]
    assert row.startswith("✘")
    first_words = " ".join(result.message.split())[:20]
    assert first_words and first_words in row, (row, result.message)
    curve = window.canvas.curves["gd"]
    assert curve.isVisible()
    assert list(curve.opts["pen"].dashPattern()) == list(FAILED_DASH)
    x, y = curve.getData()
    shown = np.isfinite(y)
    assert shown.any(), "the failed method's curve is drawn at the last parameters that give numbers"
    (x_low, x_high), (y_low, y_high) = window.canvas.plot.getViewBox().viewRange()
    inside = shown & (x >= x_low) & (x <= x_high) & (y >= y_low) & (y <= y_high)
    assert inside.any(), "the failed curve is in sight, not off the plot"
    assert window.table.cell_text("gd", "method").startswith("✘")
    assert window.table.cell_text("lm", "status") == "converged"
    assert not window.canvas.legend_rows()["lm"].startswith("✘")
    window.close()


def first_unmatched_closing(text: str) -> int:
    depth = 0
    for index, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth < 0:
            return index
    raise AssertionError("no unmatched bracket")


def test_a_bad_formula_shows_its_position_and_keeps_the_model(qtbot):
    window = open_window(qtbot, data=exp_decay_points())
    panel = window.model_panel
    panel.model_combo.setCurrentIndex(panel.model_combo.findData(TYPED))
    panel.model_combo.activated.emit(panel.model_combo.currentIndex())
    assert panel.formula_edit.isVisible()
    before = window.lab.problem
    assert before is not None
    bad = "b1 * (1 - exp(-b2*x)))"
    panel.formula_edit.setFocus()
    qtbot.keyClicks(panel.formula_edit, bad)  # Space types a space here: it plays only outside a text field
    assert panel.formula_edit.text() == bad and not window.lab.player.playing
    qtbot.keyClick(panel.formula_edit, Qt.Key.Key_Return)
    assert window.lab.problem is before, "the model in use stays"
    assert panel.formula_error.isVisible()
    shown = panel.formula_error.text()
    assert "Traceback" not in shown and "File \"" not in shown
    lines = panel.formula_error.text().split("<pre>")[1].split("</pre>")[0].split("\n")
    position = first_unmatched_closing(bad)
    assert lines[0] == bad and lines[1] == " " * position + "^"
    assert f"character {position + 1}" in shown
    assert "Traceback" not in window.statusBar().currentMessage()

    panel.formula_edit.setText("b1*(1-exp(-b2*x))")
    qtbot.keyClick(panel.formula_edit, Qt.Key.Key_Return)
    assert not panel.formula_error.isVisible()
    assert window.lab.problem is not before
    assert window.lab.problem.parameter_names == ("b1", "b2")
    assert [f.text() for f in panel._start_fields] == ["1", "1"]
    window.close()


def test_fits_1280_by_720_at_one_and_two_times_the_text(qtbot, app_font):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    window.resize(1280, 720)
    run_to_end(qtbot, window, ["gauss-newton", "lm", "gd"], gd={"lr": 1e6})
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert clipped_texts(window) == [], window.tabs.tabText(tab)
    window.presentation.enter(2.0)
    qtbot.wait(50)
    assert window.font().pointSizeF() >= 1.9 * app_font.pointSizeF()
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert clipped_texts(window) == [], f"×2: {window.tabs.tabText(tab)}"
    assert not window.settings_panel.isVisible(), "presentation shows the canvas, the views and the table"
    window.presentation.leave()
    assert window.settings_panel.isVisible()
    big = QFont(app_font)  # the main window's F5 doubles the application's font: the settings stay, widened
    big.setPointSizeF(2 * app_font.pointSizeF())
    QApplication.setFont(big)
    qtbot.wait(50)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(20)
        assert clipped_texts(window) == [], f"application font ×2: {window.tabs.tabText(tab)}"
    names = window.solvers.list
    assert names.sizeHintForColumn(0) <= names.viewport().width(), "every solver's name is whole"
    window.close()
    assert not window.presentation.presenting


def test_closing_during_a_long_run_cancels_it_without_freezing(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    window.solvers.set_checked(["gd"])
    window.solvers.form("gd").set_values({"lr": 1e-9, "max_iter": 1_000_000})
    with qtbot.waitSignal(window.lab.race.traces_grew, timeout=10_000):
        window.run()
    assert window.lab.running
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 5.0
    assert not running_threads()


def test_a_new_run_cancels_the_old_one(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    window.solvers.set_checked(["gd"])
    window.solvers.form("gd").set_values({"lr": 1e-9, "max_iter": 1_000_000})
    with qtbot.waitSignal(window.lab.race.traces_grew, timeout=10_000):
        window.run()
    first = window.lab.race.run_id
    window.solvers.set_checked(["lm"])
    window.run()  # cancels the running one at once (its `finished`), then runs lm
    assert window.lab.race.run_id == first + 1
    qtbot.waitUntil(lambda: not window.lab.running, timeout=60_000)
    assert window.lab.solver_keys() == ["lm"] and window.lab.results["lm"].status == "converged"
    window.close()


def test_the_window_opens_alone_without_a_problem(qtbot):
    window = NonlinearWindow(problem=None)
    qtbot.addWidget(window)
    window.show()
    assert window.lab.problem is None
    assert not window.run()
    assert window.statusBar().currentMessage()
    window.close()


def test_in_the_window_a_gauss_newton_race_against_adam_draws_both_paths_on_the_surface(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    surface = window.tabs.show_view("surface")
    run_to_end(qtbot, window, ["gauss-newton", "adam"], adam={"max_iter": 150})
    qtbot.waitUntil(lambda: surface.grid is not None and not surface.busy, timeout=60_000)
    for key in ("gauss-newton", "adam"):
        expected = np.array([step.theta for step in window.lab.traces[key]], dtype=float)
        x, y = surface.plot.paths[key].getData()
        np.testing.assert_array_equal(np.column_stack([x, y]), expected)
        colour = window.canvas.curves[key].opts["pen"].color().name()  # the same colour on the fit and the surface
        assert surface.plot.paths[key].opts["pen"].color().name() == colour
    np.testing.assert_array_equal(window.lab.traces["gauss-newton"][0].theta, [500.0, 1e-4])  # NIST's start 1
    window.close()


def test_a_problem_opened_from_outside_names_its_own_model(qtbot):
    """`screenshot --model` and a session open the window on a problem: the combo names its model."""
    from engine.nonlinear import NonlinearProblem
    from engine.nonlinear.formula import parse_formula
    from engine.nonlinear.models import MODELS

    x, y = exp_decay_points()
    typed = NonlinearProblem(parse_formula("sin(w*x + phi)"), x, y, start=[0.0, 1.0])
    window = open_window(qtbot, typed)
    panel = window.model_panel
    assert panel.model_combo.currentData() == TYPED
    assert panel.formula_edit.text() == "sin(w*x + phi)" and panel.formula_edit.isVisibleTo(window)
    key, template = next(iter(MODELS.items()))
    library = NonlinearProblem(parse_formula(template.formula_text), x, y, start=template.guess(x, y))
    window.open_problem(library)
    assert panel.model_combo.currentData() == key and not panel.formula_edit.isVisibleTo(window)
    window.close()

"""The main window, driven through its real widgets, real threads and real files."""

import numpy as np
import pytest

from engine import SOLVERS
from engine.datasets import DATASETS
from gui.persist.file_actions import load_file
from gui.run.threads import running_threads

from .driving import FINISH_MS, run_to_last_step


def curve_y(window, key):
    return window.canvas.curve_item(key).getData()


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_builtin_data_set_loads(window, name):
    data_set = DATASETS[name]
    window.load_dataset(name)
    problem = window.build_problem()
    expected = data_set.problem()
    assert (problem.n, problem.p) == (expected.n, expected.p)
    np.testing.assert_array_equal(problem.y, expected.y)
    assert window.points.count == expected.n


def test_a_bad_csv_leaves_the_canvas_as_it_was_and_says_why(window, tmp_path):
    window.load_dataset("seed-4pt")
    before = window.points.x.copy(), window.points.y.copy()
    bad = tmp_path / "broken.csv"
    bad.write_text("x,y\n1,2\n2,oops\n3,4\n")
    assert not load_file(window, str(bad))
    np.testing.assert_array_equal(window.points.x, before[0])
    np.testing.assert_array_equal(window.points.y, before[1])
    assert window.banner.isVisible()
    assert "broken.csv" in window.banner.text() and "line 3" in window.banner.text()


def test_a_good_csv_is_loaded_and_undo_brings_the_old_points_back(window, tmp_path):
    window.load_dataset("seed-2pt")
    good = tmp_path / "three.csv"
    good.write_text("1;1\n2;3\n3;2\n")
    assert load_file(window, str(good))
    np.testing.assert_array_equal(window.points.y, [1, 3, 2])
    window.points.undo_stack.undo()
    np.testing.assert_array_equal(window.points.y, [3, 5])


FAMILY_REPRESENTATIVES = [specs[0].name for family, specs in SOLVERS.families().items() if family != "Analysis"]


@pytest.mark.parametrize("method", FAMILY_REPRESENTATIVES)
def test_each_family_runs_to_the_end_and_the_curve_is_its_answer(qtbot, window, method):
    window.load_dataset("noisy-line")
    run_to_last_step(qtbot, window, [method])
    result = window.race.results[method]
    assert result.theta is not None, result.message
    x, y = curve_y(window, method)
    np.testing.assert_allclose(y, window.problem.predict(result.theta, x), rtol=1e-12, atol=1e-12)
    assert window.run_table.item(0, 3).text() == result.status


def test_a_race_of_three_draws_three_curves_and_the_reference(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["householder", "gd", "adam"])
    assert set(window.canvas.curve_keys()) >= {"householder", "gd", "adam"}
    for key in ("householder", "gd", "adam"):
        x, y = curve_y(window, key)
        np.testing.assert_allclose(y, x + 1, atol=1e-5)  # seed-4pt lies on y = 1 + x
    labels = [label.text for _, label in window.canvas.legend.items]
    assert any("reference" in text for text in labels)


def test_step_step_back_and_scrub_show_the_recorded_step(qtbot, window):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(loss="sum")
    run_to_last_step(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 50, "tol": 0.0})
    trace = window.race.traces["gd"]

    def shown_theta():
        x, y = curve_y(window, "gd")
        return np.polyfit(x, y, 1)[::-1]

    window.player.seek(2)
    np.testing.assert_allclose(shown_theta(), [1.05, 1.71], atol=1e-9)  # the seed's second iteration
    window.run_controls.step_action.trigger()
    assert window.player.position == 3
    np.testing.assert_allclose(shown_theta(), trace.steps[3].theta, atol=1e-9)
    window.run_controls.back_action.trigger()
    window.run_controls.back_action.trigger()
    assert window.player.position == 1
    np.testing.assert_allclose(shown_theta(), [0.8, 1.3], atol=1e-9)
    window.run_controls.timeline.setValue(10)
    assert window.player.position == 10
    np.testing.assert_allclose(shown_theta(), trace.steps[10].theta, atol=1e-9)


def test_starting_and_cancelling_a_hundred_times_leaks_nothing(qtbot, window):
    window.load_dataset("noisy-line")
    window.solver_panel.set_checked(["gd", "householder"])
    window.solver_panel.form("gd").set_values({"max_iter": 1_000_000, "tol": 0.0, "lr": 1e-9})
    for _ in range(100):
        assert window.run()
        window.cancel()
    qtbot.waitUntil(lambda: not running_threads(), timeout=FINISH_MS)


def test_closing_the_window_in_the_middle_of_a_long_run_is_clean(qtbot, window):
    window.load_dataset("noisy-line")
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values({"max_iter": 10_000_000, "tol": 0.0, "lr": 1e-9})
    assert window.run()
    qtbot.waitUntil(lambda: len(window.race.traces["gd"]) > 100, timeout=FINISH_MS)
    assert window.race.running
    window.close()
    assert not running_threads()


def test_editing_a_point_refits_the_checked_solvers(qtbot, window):
    window.load_dataset("seed-2pt")
    run_to_last_step(qtbot, window, ["householder"])
    first_run = window.race.run_id
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        window.points.add_point(3.0, 4.0)
    assert window.race.run_id > first_run
    qtbot.waitUntil(lambda: "householder" in window.race.results, timeout=FINISH_MS)
    window.show_frame(window.player.length - 1)
    x, y = curve_y(window, "householder")
    expected = np.polyfit([1, 2, 3], [3, 5, 4], 1)
    np.testing.assert_allclose(y, np.polyval(expected, x), atol=1e-9)


def test_running_with_too_few_points_says_why(window):
    window.solver_panel.set_checked(["householder"])
    window.points.add_point(1.0, 1.0)
    assert not window.run()
    assert window.banner.isVisible() and "two" in window.banner.text()


def test_a_wide_csv_asks_for_columns_and_fits_the_chosen_ones(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt

    from gui.data.column_dialog import ColumnDialog
    from gui.data.data_source import Selection

    wide = tmp_path / "wide.csv"
    wide.write_text("a,b,target\n1,2,3\n2,3,5\n3,5,8\n4,6,9\n5,8,13\n")

    def choose(win, table):
        dialog = ColumnDialog(table, win)
        qtbot.addWidget(dialog)
        assert dialog.chosen_target() == "target"  # the last column by default
        assert dialog.chosen_features() == ["a", "b"]
        dialog.features.item(1).setCheckState(Qt.CheckState.Unchecked)  # fit target on a alone
        return Selection(table, dialog.chosen_target(), tuple(dialog.chosen_features()))

    assert load_file(window, str(wide), choose_columns=choose)
    problem = window.build_problem()
    np.testing.assert_array_equal(problem.x, [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(problem.y, [3, 5, 8, 9, 13])


def test_a_table_of_several_features_is_fitted_as_a_table(qtbot, window):
    window.load_dataset("nist-longley")
    run_to_last_step(qtbot, window, ["householder"])
    result = window.race.results["householder"]
    expected = np.linalg.lstsq(window.problem.design, window.problem.y, rcond=None)[0]
    np.testing.assert_allclose(result.theta, expected, rtol=1e-6)

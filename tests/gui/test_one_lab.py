"""One lab, one truth: every view, table and the toolbar follow the same Lab (issue: the views
disagreed on the step and the colours, and a failing method vanished).

The expected numbers come from the recorded traces and from the definition of a step (step 0 is
the start, the k-th iterate is step k); what is tested is that every place says the same.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtGui import QColor

from gui.look.solver_look import FAILED_DASH, solver_look
from gui.views.comparison.cells import EXACT_KEY

from .driving import open_window, run_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _step_numbers(text: str) -> list[tuple[int, int]]:
    """Every "step k of N" in a text."""
    return [(int(k), int(n)) for k, n in re.findall(r"step (\d+) of (\d+)", text)]


def _everything_says(window, key: str) -> dict[str, tuple[int, int] | int]:
    """What each place shows for solver `key` at the player's frame, as (k, N) or k."""
    lab = window.lab
    window.show_frame(lab.position)
    for name in ("hand", "geometry"):
        window.view(name).refresh(lab.position)
    said = {"toolbar": _step_numbers(window.run_controls.counter.text())[0],
            "solvers table": tuple(int(v) for v in window.run_table.cell(key, "step").split(" of "))}
    if key in ("cgs", "mgs", "householder"):
        said["geometry"] = _step_numbers(window.view("geometry").caption.text())[0]
    hand = window.view("hand")
    said["hand"] = _step_numbers(hand.caption.text())[0]
    if key in ("cgs", "mgs", "householder", "normal-inverse"):  # a direct method's last heading: "Step k: …"
        headings = re.findall(r"^Step (\d+):", hand.browser.toPlainText(), flags=re.MULTILINE)
        said["hand's last heading"] = (int(headings[-1]), said["hand"][1])
    table = window.view("table")
    table.refresh(lab.position)
    said["comparison"] = int(table.cell(key, "steps"))
    return said


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def test_after_every_move_every_place_reports_the_same_step(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["cgs", "gd"], gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
    lab, controls = window.lab, window.run_controls
    moves = [("step", controls.step_action.trigger), ("step", controls.step_action.trigger),
             ("step back", controls.back_action.trigger), ("scrub", lambda: controls.timeline.setValue(4)),
             ("scrub", lambda: controls.timeline.setValue(20)), ("reset", controls.reset_action.trigger),
             ("to the end", lambda: controls.timeline.setValue(controls.timeline.maximum()))]
    for key in ("cgs", "gd"):
        window.set_focus_key(key)
        length = len(lab.traces[key])
        for move, act in moves:
            act()
            frame = lab.position
            k = min(frame, length - 1)  # a solver that ended shows its last step
            said = _everything_says(window, key)
            last_frame = lab.last_frame
            assert said.pop("toolbar") == (frame, last_frame), move
            assert said.pop("comparison") == k, (move, key)
            for place, shown in said.items():
                assert shown == (k, length - 1), (move, key, place)


def test_iteration_counts_agree_between_the_tables_at_the_end(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["normal-inverse", "cgs", "gd"], gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
    window.player.seek(window.lab.last_frame)
    table = window.view("table")
    window.show_frame(window.lab.position)
    table.refresh(window.lab.position)
    for key in ("normal-inverse", "cgs", "gd"):
        steps = len(window.lab.traces[key]) - 1
        assert window.run_table.cell(key, "step") == f"{steps} of {steps}"
        assert table.cell(key, "steps") == str(steps)


def test_every_place_agrees_after_checking_and_unchecking_a_solver(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["householder"])
    for methods in (["householder", "gd"], ["gd"]):  # check gd, then uncheck householder: each refits
        run_to_end(qtbot, window, methods, gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
        window.set_focus_key("gd")  # the views explain gd
        window.player.seek(3)
        said = _everything_says(window, "gd")
        assert said.pop("toolbar") == (3, window.lab.last_frame)
        assert said.pop("comparison") == 3
        assert set(said.values()) == {(3, len(window.lab.traces["gd"]) - 1)}
        assert window.run_table.keys() == window.solver_panel.checked_methods()


def test_the_toolbar_and_the_views_agree_after_load_and_after_adding_a_point(qtbot, window):
    window.load_dataset("seed-4pt")
    assert window.run_controls.counter.text() == "step 0 of 0"
    run_to_end(qtbot, window, ["householder"])
    window.lab.points.add_point(5.0, 3.0)  # the refit runs again on five points
    qtbot.waitUntil(lambda: window.lab.problem.n == 5 and not window.race.running, timeout=30_000)
    window.player.pause()
    window.player.seek(2)
    said = _everything_says(window, "householder")
    length = len(window.lab.traces["householder"])
    assert said.pop("toolbar") == (2, window.lab.last_frame)
    assert said.pop("comparison") == 2
    assert set(said.values()) == {(2, length - 1)}


def test_the_table_says_paused_when_paused(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
    window.player.seek(3)
    window.player.pause()
    window.show_frame(window.lab.position)
    assert window.run_table.cell("gd", "status") == "paused"


def _pen_color(item) -> str:
    return QColor(item.opts["pen"].color()).name()


def test_a_solvers_colour_is_its_own_everywhere_and_does_not_move(qtbot, window):
    window.load_dataset("seed-4pt")
    seen: dict[str, set[str]] = {"householder": set(), "gd": set()}
    for methods in (["householder", "gd"], ["cgs", "mgs", "householder", "gd"], ["gd", "householder"], ["gd"]):
        run_to_end(qtbot, window, methods, gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
        window.player.seek(window.lab.last_frame)
        window.show_frame(window.lab.position)
        surface = window.view("surface")
        surface.refresh(window.lab.position)
        convergence = window.view("convergence")
        convergence.refresh(window.lab.position)
        for key in seen:
            if key not in methods:
                continue
            row = window.run_table.keys().index(key)
            colours = {"canvas": _pen_color(window.canvas.curve_item(key)),
                       "solvers table": window.run_table.item(row, 0).foreground().color().name()}
            comparison = window.view("table")
            comparison.refresh(window.lab.position)
            icon = comparison.table.item(comparison.row_of(key), 0).icon().pixmap(14, 14).toImage()
            colours["comparison"] = icon.pixelColor(7, 7).name()
            if key == "gd":
                colours["surface"] = QColor(surface.raw.items[key]["path"].opts["pen"].color()).name()
                index = convergence._index[key]
                colours["convergence"] = _pen_color(convergence._slots[index].curves[0])
            assert set(colours.values()) == {solver_look(key).color.name()}, colours
            seen[key] |= set(colours.values())
    assert all(len(colours) == 1 for colours in seen.values()), seen
    assert solver_look("householder").color != solver_look("gd").color


def test_the_neural_view_draws_householder_in_householders_colour():
    from gui.views.neural.fit import FITS

    assert QColor(FITS["solved-householder"][3]).name() == solver_look("householder").color.name()
    assert QColor(FITS["trained-gd"][3]).name() == solver_look("gd").color.name()


def test_no_two_solvers_look_the_same():
    from engine import SOLVERS

    looks = [solver_look(spec.name) for spec in SOLVERS]
    assert len({(look.color_name, look.dash, look.marker) for look in looks}) == len(looks)


def test_on_filip_the_normal_equations_stay_in_the_legend_marked_failed(qtbot, window):
    window.load_dataset("nist-filip")
    run_to_end(qtbot, window, ["householder", "normal-inverse", "normal-cholesky"])
    window.player.seek(window.lab.last_frame)
    window.show_frame(window.lab.position)
    kappa_gram = (window.lab.problem.cond_scaled if hasattr(window.lab.problem, "cond_scaled")
                  else window.lab.problem.cond) ** 2
    assert kappa_gram > 1 / np.finfo(float).eps  # why they must fail: mathematics, not the code
    for key in ("normal-inverse", "normal-cholesky"):
        text = window.canvas.legend_text(key)
        assert text is not None and text.startswith("✘"), text
        assert "κ(AᵀA)" in text and "1/ε" in text, text
        window.set_focus_key(key)
        hand = window.view("hand")
        hand.refresh(window.lab.position)
        board = hand.browser.toPlainText()
        assert "singular to working precision" in board.split("Step")[-1], board[-400:]
    assert not window.canvas.legend_text("householder").startswith("✘")
    table = window.run_table
    assert sorted(table.keys()) == ["householder", "normal-cholesky", "normal-inverse"]
    for row in range(table.rowCount()):  # every checked solver's row can be seen, none scrolled away
        assert table.viewport().rect().contains(table.visualItemRect(table.item(row, 0))), row


def test_a_diverged_gradient_descent_stays_on_the_surface_and_in_the_legend(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 1.0, "max_iter": 100})
    assert window.lab.results["gd"].status == "diverged"
    window.player.seek(window.lab.last_frame)
    window.show_frame(window.lab.position)
    text = window.canvas.legend_text("gd")
    assert text.startswith("✘") and "diverged" in text.lower()
    assert window.canvas.curve_item("gd").opts["pen"].dashPattern() == list(FAILED_DASH)
    surface = window.view("surface")
    surface.refresh(window.lab.position)
    path = surface.raw.items["gd"]["path"]
    x, y = path.getData()
    steps = len(window.lab.traces["gd"])
    assert x is not None and len(x) == steps and np.all(np.isfinite(x)) and np.all(np.isfinite(y))
    marker = surface.raw.items["gd"]["marker"]
    assert len(marker.data) == 1  # the last iterate, where it went (clipped into the picture)
    last = window.lab.traces["gd"][steps - 1]
    assert "diverged" in last.title and window.lab.results["gd"].iterations == last.k


def test_the_exact_row_has_error_zero_and_the_reference_is_named(qtbot, window):
    window.load_dataset("seed-4pt")
    table = window.view("table")
    with qtbot.waitSignal(table.exact_ready, timeout=30_000):
        run_to_end(qtbot, window, ["householder", "normal-inverse"])
    window.player.seek(window.lab.last_frame)
    table.refresh(window.lab.position)
    assert float(table.cell(EXACT_KEY, "‖θ − θref‖/‖θref‖")) == 0.0
    assert "exact solution computed in rational arithmetic" in table.truth_label.text()
    assert "engine" not in table.truth_label.text() and "(" + "problem" not in table.truth_label.text()


@pytest.mark.parametrize("race", [("householder", "normal-inverse", "gd"), ("cgs", "mgs", "householder"),
                                  ("gd", "momentum", "nesterov", "adam"), ("adam", "rmsprop", "adagrad"),
                                  ("householder", "gd", "adam"),
                                  ("exact", "householder", "mgs", "cgs", "normal-inverse", "normal-cholesky")])
def test_the_usual_races_are_told_apart_by_colour_alone(race):
    assert len({solver_look(name).color_name for name in race}) == len(race)


def test_the_solvers_table_shows_every_checked_solver_on_a_small_screen(qtbot):
    window = open_window(qtbot, size=(1280, 720))
    window.load_dataset("seed-4pt")
    methods = ["svd", "normal-inverse", "cgs", "mgs", "householder", "gd"]
    run_to_end(qtbot, window, methods, gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
    window.table_dock.raise_()
    qtbot.wait(50)  # the dock's new height is laid out
    table = window.run_table
    assert sorted(table.keys()) == sorted(methods)
    for row in range(table.rowCount()):
        assert table.viewport().rect().contains(table.visualItemRect(table.item(row, 0))), row


def test_a_failed_solvers_reason_is_written_on_lines_that_fit_a_narrow_legend(qtbot, window):
    window.load_dataset("nist-filip")
    run_to_end(qtbot, window, ["householder", "normal-inverse"])
    window.player.seek(window.lab.last_frame)
    window.show_frame()
    lines = window.canvas.legend_text("normal-inverse").splitlines()
    assert len(lines) >= 2 and lines[0].startswith("✘ Matrix inversion")
    assert all(len(line.strip()) <= 30 for line in lines), lines
    assert "κ(AᵀA)" in " ".join(lines) and "1/ε" in " ".join(lines)

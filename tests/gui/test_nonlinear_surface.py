"""The nonlinear loss surface (issue 17, point 3): a Gauss-Newton race against Adam on Misra1a
draws both paths, point for point the steps' θ; the surface is the loss computed here from the
formula; a model with several minima shows them; a click starts the solvers there; a model
without two parameters gets a sentence, not an empty plot. (The view at 1280×720 at ×1 and ×2:
test_nonlinear_surface_fits.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from engine.nonlinear import nist_problem
from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import Certified, NonlinearProblem
from gui.nonlinear.lab import NonlinearLab
from gui.nonlinear.surface_view import SurfaceView
from gui.run.worker import RunRequest

from .text_fit import clipped_texts

RACE = [RunRequest("gauss-newton", "gauss-newton", {}), RunRequest("adam", "adam", {"max_iter": 150})]


def make_view(qtbot, problem, size=(900, 600)):
    lab = NonlinearLab(problem)
    view = SurfaceView(lab)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return lab, view


def finish(qtbot, lab, view, requests):
    """Run `requests`, wait for the race and the surface, and show the last frame."""
    with qtbot.waitSignal(lab.race.finished, timeout=60_000):
        lab.run(requests)
    lab.player.pause()
    lab.player.seek(lab.player.length - 1)
    qtbot.waitUntil(lambda: view.grid is not None and not view.busy, timeout=60_000)  # grown to the paths


def close(qtbot, lab, view):
    view.close()
    lab.shutdown()
    qtbot.waitUntil(lambda: not view.busy and lab.race.live_threads == 0, timeout=10_000)


def test_a_gauss_newton_race_against_adam_on_misra1a_draws_both_paths(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    finish(qtbot, lab, view, RACE)
    for key in ("gauss-newton", "adam"):
        steps = lab.race.traces[key].steps
        assert len(steps) >= 3
        expected = np.array([step.theta for step in steps], dtype=float)  # every step, the start first
        x, y = view.plot.paths[key].getData()
        np.testing.assert_array_equal(np.column_stack([x, y]), expected)
        assert np.array_equal(expected[0], problem.start)
        marker = view.plot.markers[key].getData()
        final = lab.results[key].theta
        np.testing.assert_allclose([marker[0][0], marker[1][0]], final, rtol=1e-12)
        pen = view.plot.paths[key].opts["pen"]
        assert pen.color().name() == lab.solver_color(key).name()
    # Gauss-Newton ends at NIST's certified answer, drawn as the white star
    assert lab.results["gauss-newton"].status == "converged"
    star = view.plot.answer.getData()
    np.testing.assert_allclose([star[0][0], star[1][0]], [2.3894212918e02, 5.5015643181e-04], rtol=1e-9)
    # the picture holds both paths
    low, high = view.grid.box
    for key in ("gauss-newton", "adam"):
        x, y = view.plot.paths[key].getData()
        assert np.all((x >= low[0]) & (x <= high[0]) & (y >= low[1]) & (y <= high[1]))
    close(qtbot, lab, view)


def test_the_paths_follow_the_player(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    finish(qtbot, lab, view, RACE)
    lab.player.seek(2)
    for key in ("gauss-newton", "adam"):
        x, _ = view.plot.paths[key].getData()
        steps = lab.race.traces[key].steps
        assert len(x) == min(3, len(steps))
        np.testing.assert_array_equal(x, [s.theta[0] for s in steps[:3]])
    close(qtbot, lab, view)


def test_the_surface_is_the_loss_of_the_formula(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    qtbot.waitUntil(lambda: view.grid is not None, timeout=60_000)
    grid = view.grid
    x, y = problem.x, problem.y
    for i, j in ((0, 0), (len(grid.b2) // 2, len(grid.b1) // 3), (len(grid.b2) - 1, len(grid.b1) - 1)):
        b1, b2 = grid.b1[j], grid.b2[i]
        expected = 0.5 * np.sum((b1 * (1 - np.exp(-b2 * x)) - y) ** 2)  # Misra1a's model, written here
        assert grid.values[i, j] == pytest.approx(expected, rel=1e-12)
    # the start and the certified answer are inside the box
    low, high = grid.box
    for point in (problem.start, [2.3894212918e02, 5.5015643181e-04]):
        assert np.all(low <= point) and np.all(point <= high)
    close(qtbot, lab, view)


def test_a_model_with_several_minima_shows_them(qtbot):
    # y = sin(b1·x) + b2 on x in [0, 10], made with b1 = 3, b2 = 0.5: between the start's b1 = 1.2 and
    # the answer the loss has a valley wherever the sine lines up with the data for a while
    x = np.linspace(0.0, 10.0, 60)
    y = np.sin(3.0 * x) + 0.5
    certified = Certified(values=np.array([3.0, 0.5]), rss=0.0)
    problem = NonlinearProblem(parse_formula("sin(b1*x) + b2"), x, y, start=[1.2, 0.0], certified=certified)
    lab, view = make_view(qtbot, problem)
    qtbot.waitUntil(lambda: view.grid is not None, timeout=60_000)
    np.testing.assert_array_equal(view.grid.answer, [3.0, 0.5])
    assert len(view.grid.minima) >= 2
    for point in view.grid.minima:  # each is a minimum: the gradient Jᵀr, computed here, vanishes there
        b1, b2 = point
        r = np.sin(b1 * x) + b2 - y
        jacobian = np.column_stack([x * np.cos(b1 * x), np.ones_like(x)])
        assert np.linalg.norm(jacobian.T @ r) <= 1e-6 * np.linalg.norm(jacobian) * max(np.linalg.norm(r), 1.0)
        assert 0.5 * r @ r > 1.0  # and not the answer: a higher valley
        low, high = view.grid.box
        assert np.all(low <= point) and np.all(point <= high)
    drawn = view.plot.others.getData()
    np.testing.assert_array_equal(np.column_stack(drawn), np.array(view.grid.minima))
    close(qtbot, lab, view)


def test_a_click_starts_the_solvers_there(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    finish(qtbot, lab, view, [RunRequest("lm", "lm", {})])
    box = view.plot.view
    target = np.array([300.0, 4e-4])
    scene = box.mapViewToScene(QPointF(*target))
    pixel = view.plot.widget.mapFromScene(scene)
    with qtbot.waitSignal(lab.race.finished, timeout=60_000):
        qtbot.mouseClick(view.plot.widget.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
    assert lab.start is not None
    np.testing.assert_allclose(lab.start, target, rtol=0.02)  # within a pixel of the click
    assert np.array_equal(lab.race.traces["lm"].steps[0].theta, lab.start)  # the run began there
    mark = view.plot.start.getData()
    np.testing.assert_array_equal([mark[0][0], mark[1][0]], lab.start)  # and the + moved there
    close(qtbot, lab, view)


def test_a_model_with_three_parameters_gets_a_sentence(qtbot):
    x = np.linspace(0.0, 4.0, 30)
    problem = NonlinearProblem(parse_formula("b1*exp(-b2*x) + b3"), x, 2 * np.exp(-x) + 1, start=[1, 1, 0])
    lab, view = make_view(qtbot, problem)
    assert not view.plot.widget.isVisible()
    text = view.message.text()
    assert "two parameters" in text and "3 parameters (b1, b2, b3)" in text
    assert not view.busy
    assert clipped_texts(view) == []
    close(qtbot, lab, view)


def test_a_start_outside_the_picture_makes_it_grow(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    qtbot.waitUntil(lambda: view.grid is not None and not view.busy, timeout=60_000)
    low, high = view.grid.box
    start = np.array([high[0] + (high[0] - low[0]), high[1] * 1.5])  # a start typed in, far outside
    lab.set_start(start)
    qtbot.waitUntil(lambda: not view.busy and np.all(view.grid.box[1] >= start), timeout=60_000)
    assert np.all(view.grid.box[0] <= low)  # grown, not moved
    mark = view.plot.start.getData()
    np.testing.assert_array_equal([mark[0][0], mark[1][0]], start)
    close(qtbot, lab, view)

"""The basin map (issue 17, point 3): computed in a worker thread row by row and drawn as it goes
(the count of filled cells grows over several turns of the event loop), Cancel stops it (the count
stops growing, the thread finishes, the message says so), a new problem and closing stop it too;
a click starts the solvers there; its legend names each minimum with its parameters and RSS
(checked against NIST's certified values)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from engine.nonlinear import nist_problem
from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import NonlinearProblem
from gui.nonlinear.basin_legend import DID_NOT_CONVERGE, NOT_COMPUTED
from gui.nonlinear.basin_view import BasinView
from gui.nonlinear.lab import NonlinearLab
from gui.run.threads import running_threads
from gui.run.worker import RunRequest

MISRA1A = (2.3894212918e02, 5.5015643181e-04)
MISRA1A_RSS = 1.2455138894e-01


def make_view(qtbot, problem, grid=(40, 40)):
    lab = NonlinearLab(problem)
    view = BasinView(lab, grid=grid)
    qtbot.addWidget(view)
    view.resize(900, 650)
    return lab, view


def test_the_map_fills_progressively_and_cancel_stops_it(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    assert view.filled_count() == 0 and not view.running  # nothing runs before it is shown
    view.show()  # shown: it starts
    assert view.running
    counts = [view.filled_count()]
    for _ in range(4):  # several turns of the event loop, each bringing rows
        qtbot.waitUntil(lambda: view.filled_count() > counts[-1], timeout=60_000)
        counts.append(view.filled_count())
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    assert 0 < counts[-1] < 40 * 40  # drawn before the end: progressive
    image = view.image.image
    assert np.count_nonzero(np.any(image[..., :3] != 255, axis=-1)) > 0  # coloured cells on screen
    view.cancel_button.click()
    stopped = view.filled_count()
    assert "cancelled" in view.message.text()
    qtbot.waitUntil(lambda: not running_threads(), timeout=30_000)  # the worker's thread finished
    qtbot.wait(200)  # rows still queued when Cancel was pressed are not drawn
    assert view.filled_count() == stopped < 40 * 40
    assert not view.running and view.map_button.isEnabled() and not view.cancel_button.isEnabled()
    view.close()


def test_the_legend_names_the_minimum_with_its_parameters_and_rss(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1), grid=(6, 5))
    with qtbot.waitSignal(view.map_finished, timeout=120_000):
        view.show()
    assert view.filled_count() == 6 * 5
    reached = view.labels[view.labels >= 0]
    assert reached.size > 0
    label = np.bincount(reached).argmax()  # the minimum most starts reach
    ends = view.ends[view.labels == label]
    np.testing.assert_allclose(ends[0], MISRA1A, rtol=1e-6)  # NIST's certified answer
    rss = np.sum((ends[0][0] * (1 - np.exp(-ends[0][1] * lab.problem.x)) - lab.problem.y) ** 2)
    assert rss == pytest.approx(MISRA1A_RSS, rel=1e-6)
    legend = view.legend_text()
    assert f"b1 = {ends[0][0]:.5g}" in legend and f"b2 = {ends[0][1]:.5g}" in legend
    assert f"RSS {rss:.6g}" in legend
    failed = int(np.count_nonzero(view.labels == DID_NOT_CONVERGE))
    assert ("did not converge" in legend) == (failed > 0)
    assert "minim" in view.message.text()
    view.close()
    qtbot.waitUntil(lambda: not running_threads(), timeout=10_000)


def test_a_new_problem_cancels_the_map_and_starts_another(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    view.show()
    qtbot.waitUntil(lambda: view.filled_count() > 0, timeout=60_000)
    x = np.linspace(0.0, 3.0, 20)
    other = NonlinearProblem(parse_formula("b1*exp(-b2*x)"), x, 2.0 * np.exp(-0.7 * x), start=[1.0, 1.0])
    lab.set_problem(other)
    assert view.filled_count() == 0 or np.all(view.labels[view.labels != NOT_COMPUTED] >= DID_NOT_CONVERGE)
    qtbot.waitUntil(lambda: view.rows_done >= 2, timeout=60_000)
    assert view.plot.getAxis("bottom").labelText == "b1"
    assert view.b1_values[0] < 2.0 < view.b1_values[-1]  # the box of the new problem: its answer inside
    view.close()  # closing cancels and waits: no thread is left
    assert not running_threads()


def test_a_model_with_three_parameters_gets_a_sentence(qtbot):
    x = np.linspace(0.0, 4.0, 30)
    problem = NonlinearProblem(parse_formula("b1*exp(-b2*x) + b3"), x, 2 * np.exp(-x) + 1, start=[1, 1, 0])
    lab, view = make_view(qtbot, problem)
    view.show()
    assert not view.running and not running_threads()
    assert "two parameters" in view.message.text() and "3 parameters (b1, b2, b3)" in view.message.text()
    assert not view.plot_widget.isVisible()
    view.close()


def test_a_click_on_the_map_starts_the_solvers_there(qtbot):
    lab, view = make_view(qtbot, nist_problem("nist-misra1a", 1))
    lab.requests = [RunRequest("lm", "lm", {})]
    view.show()
    qtbot.waitUntil(lambda: view.b1_values is not None, timeout=60_000)
    view.cancel()
    target = np.array([300.0, 3e-4])
    pixel = view.plot_widget.mapFromScene(view.plot.getViewBox().mapViewToScene(QPointF(*target)))
    with qtbot.waitSignal(lab.race.finished, timeout=60_000):
        qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
    np.testing.assert_allclose(lab.start, target, rtol=0.02)  # within a pixel of the click
    assert np.array_equal(lab.race.traces["lm"].steps[0].theta, lab.start)
    mark = view.map.start.getData()
    np.testing.assert_array_equal([mark[0][0], mark[1][0]], lab.start)
    view.close()
    lab.shutdown()

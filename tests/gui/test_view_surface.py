"""The loss-surface view in a real window: it follows the player, draws the exact loss, and a
click on it restarts the run from the clicked point."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.views.surface.loss_surface import PRINCIPAL

from .driving import FINISH_MS, run_to_end

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


@pytest.fixture(autouse=True)
def collect_garbage_in_the_gui_thread():
    """Earlier tests' windows are garbage in reference cycles; if Python's collector met them
    in a worker thread, their Qt objects would be destroyed there (a deadlock was seen with
    pyqtgraph's parentless menus). Collect them here, before any worker starts."""
    gc.collect()
    yield
    gc.collect()




@pytest.fixture
def view(window):
    surface = window.view("surface")
    window.show_view("surface")
    return surface




def show(window, view, position):
    window.player.seek(position)
    view.refresh(position)


def marker(pane, key):
    x, y = pane.items[key]["marker"].getData()
    return np.array([x[0], y[0]])


def pixels(pane, picks):
    """(i, j, x, y): pixel centres of the heat map, from the image item's own rectangle."""
    image = pane.image.image
    rect = pane.image.mapRectToParent(pane.image.boundingRect())
    nx, ny = image.shape
    for i, j in picks:
        yield i, j, rect.left() + (i + 0.5) * rect.width() / nx, rect.top() + (j + 0.5) * rect.height() / ny


def click(pane, x, y):
    """A real press and release on the plot's viewport at data coordinates (x, y)."""
    widget = pane.widget
    pos = widget.mapFromScene(widget.getViewBox().mapViewToScene(QPointF(x, y)))
    viewport = widget.viewport()
    for kind, buttons in ((QEvent.Type.MouseButtonPress, LEFT), (QEvent.Type.MouseButtonRelease, NONE)):
        event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), LEFT, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


PICKS = [(0, 0), (199, 199), (37, 150), (120, 64), (180, 20)]


def test_the_marker_follows_step_step_back_and_scrub(qtbot, window, view):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(loss="sum")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 50, "tol": 0.0})
    trace = window.race.traces["gd"]
    show(window, view, 2)
    np.testing.assert_allclose(marker(view.raw, "gd"), [1.05, 1.71], atol=1e-12)  # the seed's iteration 2
    x, y = view.raw.items["gd"]["path"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]), [[0, 0], [0.8, 1.3], [1.05, 1.71]], atol=1e-12)
    window.run_controls.step_action.trigger()
    assert window.player.position == 3
    np.testing.assert_allclose(marker(view.raw, "gd"), trace[3].theta, atol=1e-12)
    window.run_controls.back_action.trigger()
    window.run_controls.back_action.trigger()
    np.testing.assert_allclose(marker(view.raw, "gd"), [0.8, 1.3], atol=1e-12)
    window.run_controls.timeline.setValue(10)
    np.testing.assert_allclose(marker(view.raw, "gd"), trace[10].theta, atol=1e-12)
    assert len(view.raw.items["gd"]["path"].getData()[0]) == 11


def test_the_gradient_arrow_points_downhill_at_the_seeds_first_iterate(qtbot, window, view):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(loss="sum")
    run_to_end(qtbot, window, ["gd", "momentum"], gd={"lr": 0.1, "max_iter": 20, "tol": 0.0})
    view.gradient_check.setChecked(True)
    show(window, view, 1)
    x, y = view.raw.items["gd"]["gradient"].getData()
    shaft = np.array([x[1] - x[0], y[1] - y[0]])
    np.testing.assert_allclose([x[0], y[0]], [0.8, 1.3], atol=1e-12)
    downhill = np.array([2.5, 4.1])  # −∇L at (B0, B1) = (0.8, 1.3), by hand in the seed
    np.testing.assert_allclose(shaft / np.linalg.norm(shaft), downhill / np.linalg.norm(downhill), atol=1e-9)
    assert len(view.raw.items["momentum"]["velocity"].getData()[0]) == 6  # shaft and two wings
    view.gradient_check.setChecked(False)
    hidden, _ = view.raw.items["gd"]["gradient"].getData()
    assert hidden is None or len(hidden) == 0


def test_the_heat_map_is_the_loss_of_the_rows_raw_and_standardised(qtbot, window, view):
    window.load_dataset("noisy-line")
    run_to_end(qtbot, window, ["gd", "householder"])
    show(window, view, 30)
    problem = window.problem
    assert view.raw.image.image.shape == (200, 200)
    for i, j, x, y in pixels(view.raw, PICKS):
        np.testing.assert_allclose(10 ** view.raw.image.image[i, j], problem.loss([x, y]), rtol=1e-9)
    view.standardized_check.setChecked(True)
    assert view.std.widget.isVisible()
    x_data = window.points.x
    mean, spread = x_data.mean(), x_data.std()
    for i, j, w0, w1 in pixels(view.std, PICKS):
        b1 = w1 / spread  # w1 = σ·B1 and w0 = B0 + x̄·B1: the standardised coordinates
        np.testing.assert_allclose(10 ** view.std.image.image[i, j], problem.loss([w0 - mean * b1, b1]), rtol=1e-9)
    theta = window.lab.step_at("gd", 30).theta
    np.testing.assert_allclose(marker(view.std, "gd"), [theta[0] + mean * theta[1], spread * theta[1]], rtol=1e-12)
    assert "B0" in view.raw.plot.getAxis("bottom").labelText
    assert "B1" in view.raw.plot.getAxis("left").labelText


def test_a_click_on_the_surface_restarts_the_run_from_there(qtbot, window, view):
    window.load_dataset("noisy-line")
    run_to_end(qtbot, window, ["gd"])
    show(window, view, 5)
    (x0, x1), (y0, y1) = view.raw.view.viewRange()
    target = np.array([x0 + 0.3 * (x1 - x0), y0 + 0.7 * (y1 - y0)])
    pixel = np.abs(view.raw.view.viewPixelSize())  # before the new run re-frames the picture
    with qtbot.waitSignal(view.start_clicked) as clicked, qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        click(view.raw, *target)
    np.testing.assert_array_less(np.abs(clicked.args[0] - target), pixel)
    first = window.race.traces["gd"][0].theta
    np.testing.assert_array_less(np.abs(first - target), pixel)
    window.player.pause()


def test_one_parameter_gives_a_parabola(qtbot, window, view):
    window.load_dataset("nist-noint1")
    run_to_end(qtbot, window, ["gd"])
    problem = window.problem
    assert problem.p == 1
    show(window, view, 2)
    assert "One parameter" in view.message.text()
    x, y = view.raw.curve.getData()
    for k in (0, 100, 399):
        np.testing.assert_allclose(y[k], problem.loss([x[k]]), rtol=1e-9)
    theta = window.lab.step_at("gd", 2).theta
    np.testing.assert_allclose(marker(view.raw, "gd"), [theta[0], problem.loss(theta)], rtol=1e-9)


def test_three_parameters_give_a_slice_through_the_focus_solver(qtbot, window, view):
    window.load_dataset("noisy-line")
    window.model_controls.set_options(degree=2)
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 200, "tol": 0.0})
    problem = window.problem
    assert problem.p == 3
    view.x_box.setCurrentIndex(1)
    view.y_box.setCurrentIndex(2)
    for position in (10, 150):
        show(window, view, position)
        anchor = window.lab.step_at("gd", position).theta
        assert "slice" in view.message.text() and "p = 3" in view.message.text()
        assert view.raw.plot.getAxis("bottom").labelText == "B1"
        np.testing.assert_allclose(marker(view.raw, "gd"), anchor[1:], rtol=1e-12)
        for i, j, x, y in pixels(view.raw, PICKS):
            expected = problem.loss([anchor[0], x, y])  # B0 held at the solver's value
            np.testing.assert_allclose(10 ** view.raw.image.image[i, j], expected, rtol=1e-9)
    view.mode_box.setCurrentText(PRINCIPAL)
    show(window, view, 150)
    assert "long axis" in view.raw.plot.getAxis("bottom").labelText
    assert "short axis" in view.raw.plot.getAxis("left").labelText
    assert np.all(np.isfinite(view.raw.image.image))


def test_dependent_columns_draw_a_flat_valley_and_say_why(qtbot, window, view):
    window.points.set_points(np.full(5, 2.0), np.arange(5.0))  # every x equal: 1 and x are parallel
    run_to_end(qtbot, window, ["gd", "householder"])
    show(window, view, window.player.length - 1)
    text = view.message.text()
    assert "linearly dependent" in text and "rank 1 of 2" in text
    image = view.raw.image.image
    assert np.all(np.isfinite(image))
    for i, j, x, y in pixels(view.raw, PICKS):
        np.testing.assert_allclose(10 ** image[i, j], window.problem.loss([x, y]), rtol=1e-9)


def test_annealing_marks_its_rejected_proposals(qtbot, window, view):
    window.load_dataset("noisy-line")
    run_to_end(qtbot, window, ["annealing"], annealing={"max_iter": 120})
    show(window, view, 60)
    trace = window.race.traces["annealing"]
    rejected = [trace[i].detail["proposal"] for i in range(61) if trace[i].detail.get("accepted") is False]
    assert rejected
    x, y = view.raw.items["annealing"]["rejected"].getData()
    np.testing.assert_allclose(np.column_stack([x, y]), rejected, rtol=1e-12)


def test_a_view_before_any_run_draws_nothing_and_does_not_fail(window, view):
    view.refresh(0)
    assert "Run a solver" in view.message.text()


def test_hovering_shows_the_loss_under_the_cursor(qtbot, window, view):
    window.load_dataset("noisy-line")
    run_to_end(qtbot, window, ["gd"])
    show(window, view, 5)
    (x0, x1), (y0, y1) = view.raw.view.viewRange()
    widget = view.raw.widget
    pos = widget.mapFromScene(widget.getViewBox().mapViewToScene(QPointF(x0 + 0.6 * (x1 - x0), y0 + 0.4 * (y1 - y0))))
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.viewport().mapToGlobal(pos)), NONE, NONE,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget.viewport(), event)
    under = widget.getViewBox().mapSceneToView(widget.mapToScene(QPoint(pos)))
    text = view.hover_label.text()
    assert text.startswith("B0 = ") and "B1 = " in text
    np.testing.assert_allclose(float(text.split("loss ")[1]), window.problem.loss([under.x(), under.y()]), rtol=1e-5)

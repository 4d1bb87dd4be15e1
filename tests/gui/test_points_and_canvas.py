"""The points model's undo history, and the canvas driven by real mouse and key events sent to
its viewport at positions mapped from data coordinates through the ViewBox."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.data.canvas import REFERENCE_LABEL, PointCanvas
from gui.data.canvas_density import DENSITY_THRESHOLD
from gui.data.points import PointsModel
from gui.look.solver_look import solver_look

from .driving import open_window

LEFT, RIGHT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton, Qt.MouseButton.NoButton
NO_MOD, SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier
#: pyqtgraph drops mouse moves closer together than 1/mouseRateLimit (10 ms).
MOVE_PAUSE_MS = 15


# ---- Helpers: real QMouseEvents on the viewport, as pyqtgraph's ui_testing does
def to_widget(canvas: PointCanvas, x: float, y: float) -> QPoint:
    scene = canvas.plotItem.vb.mapViewToScene(QPointF(x, y))
    return canvas.mapFromScene(scene)


def pixel_size(canvas: PointCanvas) -> tuple[float, float]:
    px, py = canvas.plotItem.vb.viewPixelSize()
    return abs(px), abs(py)


def send(canvas, kind, pos: QPoint, button, buttons, modifiers=NO_MOD) -> None:
    viewport = canvas.viewport()
    local = QPointF(pos)
    event = QMouseEvent(kind, local, QPointF(viewport.mapToGlobal(pos)), button, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def click(canvas, x, y, button=LEFT, modifiers=NO_MOD) -> None:
    pos = to_widget(canvas, x, y)
    send(canvas, QEvent.Type.MouseButtonPress, pos, button, button, modifiers)
    send(canvas, QEvent.Type.MouseButtonRelease, pos, button, NONE, modifiers)


def drag(qtbot, canvas, start, end, modifiers=NO_MOD, steps=5) -> None:
    a, b = to_widget(canvas, *start), to_widget(canvas, *end)
    send(canvas, QEvent.Type.MouseButtonPress, a, LEFT, LEFT, modifiers)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        qtbot.wait(MOVE_PAUSE_MS)
        p = QPoint(round(a.x() + t * (b.x() - a.x())), round(a.y() + t * (b.y() - a.y())))
        send(canvas, QEvent.Type.MouseMove, p, NONE, LEFT, modifiers)
    qtbot.wait(MOVE_PAUSE_MS)
    send(canvas, QEvent.Type.MouseButtonRelease, b, LEFT, NONE, modifiers)


@pytest.fixture
def canvas(qtbot):
    widget = PointCanvas(PointsModel())
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.plotItem.vb.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    return widget


# ---- The model alone
def test_model_undo_redo_restore_exact_arrays(qtbot):
    model = PointsModel()
    with qtbot.waitSignal(model.changed):
        model.add_point(0.1, 0.7)
    for x, y in [(1 / 3, 2 / 7), (2.2, 1e-9), (3.3, -4.4)]:
        model.add_point(x, y)
    model.move_points([1, 2], 0.1, 0.3)
    model.move_points([2, 1], 1 / 7, -0.2, merge=True)  # merges: same points
    model.remove_points([0, 2])
    model.set_points([5, 6, 7], [1, 2, 3])
    model.clear()
    stack = model.undo_stack
    assert model.count == 0 and stack.count() == 8
    states = {}
    for index in range(stack.count(), -1, -1):
        stack.setIndex(index)
        states[index] = (model.x, model.y)
    assert model.count == 0
    for index in range(1, stack.count() + 1):
        stack.setIndex(index)
        assert np.array_equal(model.x, states[index][0]) and np.array_equal(model.y, states[index][1])
    x4, y4 = states[4]
    assert np.array_equal(x4, [0.1, 1 / 3, 2.2, 3.3]) and np.array_equal(y4, [0.7, 2 / 7, 1e-9, -4.4])
    assert np.array_equal(states[5][0][[0, 3]], [0.1, 3.3])


def test_model_command_texts_and_read_only_arrays(qtbot):
    model = PointsModel()
    model.add_point(1.2, 3.4)
    assert model.undo_stack.undoText() == "Add point (1.2, 3.4)"
    model.add_point(2, 2)
    model.add_point(3, 3)
    model.move_points([0, 1, 2], 1, 1)
    assert model.undo_stack.undoText() == "Move 3 points"
    model.remove_points([1])
    assert model.undo_stack.undoText() == "Remove point (3, 3)"
    snapshot = model.x
    with pytest.raises(ValueError):
        snapshot[0] = 99.0
    model.move_points([0], 5, 5)
    assert snapshot[0] == 2.2 and model.x[0] == 7.2
    with pytest.raises(IndexError):
        model.remove_points([7])


def test_separate_drags_of_the_same_point_are_separate_undo_steps(qtbot):
    model = PointsModel()
    model.add_point(0, 0)
    model.move_points([0], 1, 0)
    model.move_points([0], 1, 0, merge=True)
    model.move_points([0], 0, 1)  # a new drag starts unmerged
    model.move_points([0], 0, 1, merge=True)
    assert model.undo_stack.count() == 3
    model.undo_stack.undo()
    assert (model.x[0], model.y[0]) == (2, 0)


# ---- The canvas under the mouse
def test_clicks_add_points_at_the_clicked_data_coordinates(canvas):
    targets = [(2.0, 3.0), (7.5, 1.25), (5.0, 8.0)]
    for x, y in targets:
        click(canvas, x, y)
    model = canvas.model
    assert model.count == 3
    px, py = pixel_size(canvas)
    assert np.allclose(model.x, [t[0] for t in targets], atol=px)
    assert np.allclose(model.y, [t[1] for t in targets], atol=py)
    assert canvas.points_item.data.size == 3
    assert model.undo_stack.undoText().startswith("Add point (")


def test_drag_moves_one_point_in_one_undo_step(qtbot, canvas):
    canvas.model.set_points([2.0, 6.0], [2.0, 6.0])
    steps_before = canvas.model.undo_stack.count()
    with qtbot.waitSignal(canvas.drag_started), qtbot.waitSignal(canvas.drag_finished):
        drag(qtbot, canvas, (2.0, 2.0), (4.0, 7.0))
    px, py = pixel_size(canvas)
    model = canvas.model
    assert abs(model.x[0] - 4.0) <= 1.5 * px and abs(model.y[0] - 7.0) <= 1.5 * py
    assert (model.x[1], model.y[1]) == (6.0, 6.0)
    assert model.undo_stack.count() == steps_before + 1
    assert model.undo_stack.undoText() == "Move point 0"
    model.undo_stack.undo()
    assert np.array_equal(model.x, [2.0, 6.0]) and np.array_equal(model.y, [2.0, 6.0])
    assert canvas.plotItem.vb.cursor().shape() == Qt.CursorShape.OpenHandCursor


def test_drag_on_empty_space_pans_instead_of_adding(qtbot, canvas):
    canvas.model.set_points([5.0], [5.0])
    drag(qtbot, canvas, (2.0, 2.0), (3.0, 3.0))
    assert canvas.model.count == 1
    (x0, _), (y0, _) = canvas.plotItem.vb.viewRange()
    assert x0 < -0.5 and y0 < -0.5


def test_click_selects_and_delete_removes_the_selected_point(qtbot, canvas):
    canvas.model.set_points([2.0, 5.0, 8.0], [2.0, 5.0, 8.0])
    with qtbot.waitSignal(canvas.selection_changed):
        click(canvas, 5.0, 5.0)
    assert canvas.selected_indices().tolist() == [1]
    assert canvas.model.count == 3  # clicking a point selects it, adds nothing
    assert canvas.selection_item.data.size == 1
    QTest.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.model.x.tolist() == [2.0, 8.0]
    assert canvas.selected_indices().size == 0
    canvas.model.undo_stack.undo()
    assert canvas.model.x.tolist() == [2.0, 5.0, 8.0]
    canvas.model.undo_stack.redo()
    assert canvas.model.x.tolist() == [2.0, 8.0]


def test_right_click_on_a_point_removes_it(canvas):
    canvas.model.set_points([2.0, 5.0], [2.0, 5.0])
    click(canvas, 2.0, 2.0, button=RIGHT)
    assert canvas.model.x.tolist() == [5.0]


def test_rubber_band_selects_then_delete_and_move_together(qtbot, canvas):
    canvas.model.set_points([1.0, 2.0, 3.0, 8.0], [1.0, 2.5, 2.0, 8.0])
    drag(qtbot, canvas, (0.5, 0.5), (4.0, 4.0), modifiers=SHIFT)
    assert canvas.selected_indices().tolist() == [0, 1, 2]
    assert canvas.model.count == 4
    drag(qtbot, canvas, (2.0, 2.5), (3.0, 3.5))  # drag one selected point: all three move
    moved = canvas.model.x - np.array([1.0, 2.0, 3.0, 8.0])
    px, _ = pixel_size(canvas)
    assert np.allclose(moved[:3], 1.0, atol=1.5 * px) and moved[3] == 0
    QTest.keyClick(canvas, Qt.Key.Key_Backspace)
    assert canvas.model.x.tolist() == [8.0]
    canvas.model.undo_stack.undo()
    canvas.model.undo_stack.undo()
    assert canvas.model.x.tolist() == [1.0, 2.0, 3.0, 8.0]


def test_select_all_and_clear_selection(canvas):
    canvas.model.set_points([1.0, 2.0], [1.0, 2.0])
    canvas.select_all()
    assert canvas.selected_indices().tolist() == [0, 1]
    canvas.clear_selection()
    assert canvas.selected_indices().size == 0


def test_density_mode_above_the_threshold_still_takes_clicks(canvas):
    rng = np.random.default_rng(1)
    n = 50_000
    x, y = rng.uniform(1, 9, n), rng.uniform(1, 4, n)
    x[0], y[0] = 9.0, 9.0  # a lone outlier must still show
    canvas.model.set_points(x, y)
    assert n > DENSITY_THRESHOLD and canvas.density_mode
    assert canvas.density_item.isVisible() and canvas.points_item.data.size == 0
    image = canvas.density_item.image
    assert image[-1, -1] > 0 and np.count_nonzero(image) > 1000
    click(canvas, 5.0, 6.0)
    assert canvas.model.count == n + 1 and canvas.density_mode
    px, py = pixel_size(canvas)
    assert abs(canvas.model.x[-1] - 5.0) <= px and abs(canvas.model.y[-1] - 6.0) <= py
    canvas.model.undo_stack.undo()
    canvas.model.set_points([1.0], [1.0])
    assert not canvas.density_mode and not canvas.density_item.isVisible()
    assert canvas.points_item.data.size == 1


def test_set_curve_twice_reuses_the_item(canvas):
    first = canvas.set_curve("gd", "Gradient descent", [0, 1, 2], [0, 1, 2], solver_look("gd"))
    second = canvas.set_curve("gd", "Gradient descent", [0, 1, 2], [5, 6, 7], solver_look("gd"))
    assert first is second is canvas.curve_item("gd")
    assert np.array_equal(second.yData, [5, 6, 7])
    labels = [label.text for _, label in canvas.legend.items]
    assert labels == ["Gradient descent"]
    canvas.set_reference_curve(np.arange(3.0), np.arange(3.0))
    assert [label.text for _, label in canvas.legend.items] == ["Gradient descent", REFERENCE_LABEL]
    canvas.set_reference_curve(None, None)
    assert not canvas.reference_item.isVisible()
    canvas.remove_curve("gd")
    assert canvas.curve_item("gd") is None and canvas.legend.items == []


def test_the_legend_lists_the_solvers_in_the_run_order_whichever_draws_first(canvas):
    """A lecture's legend should not reshuffle between two runs of the same race."""
    canvas.curve_order = ["householder", "gd", "adam"]
    canvas.set_reference_curve(np.arange(3.0), np.arange(3.0))
    for key in ("adam", "householder", "gd"):  # the order their first steps happened to arrive in
        canvas.set_curve(key, key.upper(), [0, 1], [0, 1], solver_look(key))
    assert [label.text for _, label in canvas.legend.items] == [REFERENCE_LABEL, "HOUSEHOLDER", "GD", "ADAM"]
    assert canvas.curve_keys() == ["householder", "gd", "adam"]


def test_curve_grid_spans_data_and_view(canvas):
    canvas.model.set_points([-5.0, 3.0], [0.0, 1.0])
    grid = canvas.curve_grid(samples=50)
    assert grid.size == 50 and grid[0] == -5.0 and grid[-1] == pytest.approx(10.0)


def test_cursor_moved_reports_data_coordinates(qtbot, canvas):
    with qtbot.waitSignal(canvas.cursor_moved) as blocker:
        qtbot.wait(MOVE_PAUSE_MS)
        send(canvas, QEvent.Type.MouseMove, to_widget(canvas, 3.0, 4.0), NONE, NONE)
    x, y = blocker.args
    px, py = pixel_size(canvas)
    assert abs(x - 3.0) <= px and abs(y - 4.0) <= py


def test_auto_range_fits_the_points(canvas):
    canvas.model.set_points([100.0, 200.0], [-3.0, 3.0])
    canvas.auto_range()
    (x0, x1), (y0, y1) = canvas.plotItem.vb.viewRange()
    assert x0 < 100 < 200 < x1 and y0 < -3 < 3 < y1 and x1 - x0 < 200


def test_a_click_on_the_legend_adds_no_point(canvas):
    assert not canvas.legend.isVisible()  # empty: no box, nothing in the way
    canvas.set_curve("qr", "Householder QR", [0, 10], [0, 10], solver_look("householder"))
    assert canvas.legend.isVisible()
    centre = canvas.legend.sceneBoundingRect().center()
    data = canvas.plotItem.vb.mapSceneToView(centre)
    click(canvas, data.x(), data.y())
    assert canvas.model.count == 0
    canvas.clear_curves()
    assert not canvas.legend.isVisible()


def test_rect_mode_left_drag_selects_instead_of_zooming(qtbot, canvas):
    canvas.model.set_points([2.0, 3.0, 8.0], [2.0, 3.0, 8.0])
    vb = canvas.plotItem.vb
    vb.setMouseMode(vb.RectMode)
    before = vb.viewRange()
    drag(qtbot, canvas, (1.0, 1.0), (5.0, 5.0))
    assert canvas.selected_indices().tolist() == [0, 1]
    assert vb.viewRange() == before


def test_cursor_is_an_open_hand_over_a_point(qtbot, canvas):
    canvas.model.set_points([5.0], [5.0])
    vb = canvas.plotItem.vb
    qtbot.wait(MOVE_PAUSE_MS)
    send(canvas, QEvent.Type.MouseMove, to_widget(canvas, 5.0, 5.0), NONE, NONE)
    assert vb.cursor().shape() == Qt.CursorShape.OpenHandCursor
    qtbot.wait(MOVE_PAUSE_MS)
    send(canvas, QEvent.Type.MouseMove, to_widget(canvas, 2.0, 2.0), NONE, NONE)
    assert vb.cursor().shape() == Qt.CursorShape.CrossCursor


def test_a_model_with_its_history_is_freed_cleanly_by_the_garbage_collector(qtbot):
    """Commands hold their model weakly: a model dropped with a full undo history is freed by
    reference counting, with no cycle left for the collector (which crashed Qt once)."""
    import gc
    import weakref

    refs = []
    for _ in range(20):
        model = PointsModel()
        model.add_point(1.0, 2.0)
        model.move_points([0], 0.5, 0.5)
        model.set_points([1, 2, 3], [3, 2, 1])
        model.remove_points([1])
        refs.append(weakref.ref(model))
        del model
    assert all(ref() is None for ref in refs)  # gone before any collection
    gc.collect()


def test_a_long_title_is_cut_to_the_plot_and_never_widens_it(qtbot):
    """pyqtgraph's title asks for its text's width: a sentence longer than the plot would push the
    plot past the window, and every point would move under the mouse in the middle of a drag."""
    window = open_window(qtbot, (1280, 720))
    view = window.canvas.getViewBox()
    qtbot.wait(50)
    width = view.width()
    sentence = "not defined with n = 2 points and p = 2 coefficients: " * 6
    window.canvas.set_title_text(sentence)
    qtbot.wait(50)
    assert view.width() == pytest.approx(width, abs=1)
    label = window.canvas.plotItem.titleLabel
    assert label.text.endswith("…") and label.toolTip() == sentence
    window.close()

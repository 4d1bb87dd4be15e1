"""Snap to grid (issue 14, point 3): real mouse clicks and drags on the window's canvas land exactly
on the axes' ticks when snapping is on, and exactly where the mouse was when it is off."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from .driving import open_window
from .test_points_and_canvas import drag

LEFT = Qt.MouseButton.LeftButton
#: Qt takes two clicks at one place within this time for a double click.
DOUBLE_CLICK_GAP_MS = 600


def pixel_of(canvas, x: float, y: float) -> QPoint:
    """The viewport pixel that shows data (x, y)."""
    return canvas.mapFromScene(canvas.plotItem.vb.mapViewToScene(QPointF(x, y)))


def click_at(qtbot, canvas, x: float, y: float) -> None:
    qtbot.mouseClick(canvas.viewport(), LEFT, pos=pixel_of(canvas, x, y))
    qtbot.wait(DOUBLE_CLICK_GAP_MS // 10)


@pytest.fixture
def projector(qtbot):
    """The window at a lecture hall projector's 1280 × 720, active (shortcuts reach it)."""
    window = open_window(qtbot, (1280, 720), active=True)
    window.canvas.plotItem.vb.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    yield window
    window.close()


def test_snap_values_are_the_decimal_numbers_a_student_writes():
    from gui.data.snap import snap_value  # here: the window tests below run on a checkout without it

    assert snap_value(0.29, 0.1) == 0.3 and repr(snap_value(0.29, 0.1)) == "0.3"
    assert snap_value(0.71, 0.1) == 0.7  # 7 × 0.1 is 0.7000000000000001 in floats
    assert snap_value(2.996, 1.0) == 3.0 and snap_value(-1.26, 0.5) == -1.5
    assert snap_value(0.0049, 0.01) == 0.0 and snap_value(1234.0, 200.0) == 1200.0
    assert snap_value(0.123, None) == 0.123


def test_with_snap_on_a_click_near_1_3_adds_exactly_1_3(qtbot, projector):
    canvas, points = projector.canvas, projector.lab.points
    assert canvas.snap.enabled, "snap is on for an empty canvas"
    click_at(qtbot, canvas, 1.004, 2.997)
    click_at(qtbot, canvas, 1.996, 5.003)
    assert points.x.tolist() == [1.0, 2.0] and points.y.tolist() == [3.0, 5.0]
    scatter_x, scatter_y = canvas.points_item.getData()
    assert scatter_x.tolist() == [1.0, 2.0] and scatter_y.tolist() == [3.0, 5.0]
    # the values lie on the ticks the axes draw (pyqtgraph's own tick values)
    bottom, left = canvas.plotItem.getAxis("bottom"), canvas.plotItem.getAxis("left")
    ticks_x = np.concatenate([v for _, v in bottom.tickValues(0, 10, bottom.geometry().width())])
    ticks_y = np.concatenate([v for _, v in left.tickValues(0, 10, left.geometry().height())])
    assert 1.0 in ticks_x and 3.0 in ticks_y


def test_with_snap_off_a_click_lands_where_the_mouse_was(qtbot, projector):
    canvas, points = projector.canvas, projector.lab.points
    QTest.keyClick(projector, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # Edit > Snap to Grid
    assert not canvas.snap.enabled
    click_at(qtbot, canvas, 1.004, 2.997)
    px, py = (abs(v) for v in canvas.plotItem.vb.viewPixelSize())
    assert points.count == 1
    assert (points.x[0], points.y[0]) != (1.0, 3.0)
    assert abs(points.x[0] - 1.004) <= px and abs(points.y[0] - 2.997) <= py


def test_tenths_snap_to_the_shortest_decimal(qtbot, projector):
    canvas, points = projector.canvas, projector.lab.points
    canvas.plotItem.vb.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
    click_at(qtbot, canvas, 0.3007, 0.6994)
    assert (points.x[0], points.y[0]) == (0.3, 0.7)
    assert (repr(float(points.x[0])), repr(float(points.y[0]))) == ("0.3", "0.7")


def test_dragging_a_point_snaps_and_is_one_undo_step(qtbot, projector):
    canvas, points = projector.canvas, projector.lab.points
    points.set_points([1.0, 6.0], [3.0, 2.0])
    with qtbot.waitSignal(canvas.drag_finished):
        drag(qtbot, canvas, (1.0, 3.0), (4.012, 6.989))
    assert points.x.tolist() == [4.0, 6.0] and points.y.tolist() == [7.0, 2.0]
    assert points.undo_stack.undoText() == "Move point 0"
    points.undo_stack.undo()
    assert points.x.tolist() == [1.0, 6.0] and points.y.tolist() == [3.0, 2.0]


def test_snap_is_on_for_small_data_off_for_large_and_the_users_choice_stays(qtbot, projector):
    canvas, points = projector.canvas, projector.lab.points
    points.set_points(np.arange(200.0), np.arange(200.0))
    assert not canvas.snap.enabled, "measured data is not moved onto a grid"
    points.set_points([1.0, 2.0], [3.0, 5.0])
    assert canvas.snap.enabled
    canvas.snap.action.trigger()  # the user turns it off
    points.set_points([0.0], [0.0])
    assert not canvas.snap.enabled


def test_the_toggle_is_in_the_canvas_menu_and_the_edit_menu(projector):
    action = projector.canvas.snap.action
    assert action.isCheckable() and action.text() == "Snap to Grid"
    assert action in projector.canvas.plotItem.vb.menu.actions()
    edit = next(a.menu() for a in projector.menuBar().actions() if a.text().replace("&", "") == "Edit")
    assert action in edit.actions()
    assert action.shortcut().toString() == "Ctrl+G"

"""The Points dock (issue 14, point 3): coordinates typed, edited, added and deleted with real key
presses, on the canvas at once, undone by Ctrl+Z like a click on the canvas; bad numbers refused
with a reason; 10⁵ points; no clipped text at presentation size ×2 on a 1280 × 720 projector."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QAbstractTableModel, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from .driving import open_presentation_window, open_window
from .text_fit import clipped_texts

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot):
    """At 1280 × 720, active (shortcuts reach it), with the Points dock opened by its key."""
    window = open_window(qtbot, (1280, 720), active=True)
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)  # View > Points
    qtbot.waitUntil(lambda: window.point_table.view.isVisible())
    yield window
    window.close()


def table_view(window):
    return window.point_table.view


def canvas_points(window) -> list[tuple[float, float]]:
    """What the canvas's scatter draws."""
    x, y = window.canvas.points_item.getData()
    return list(zip(np.asarray(x).tolist(), np.asarray(y).tolist()))


def lab_points(window) -> list[tuple[float, float]]:
    return list(zip(window.lab.points.x.tolist(), window.lab.points.y.tolist()))


def type_into_cell(qtbot, window, row: int, column: int, text: str, end=Qt.Key.Key_Return) -> None:
    """Click the cell, type over it as a user does (a key opens the editor), and press `end`."""
    view = table_view(window)
    index = view.model().index(row, column)
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    if text:
        QTest.keyClicks(view, text[0])
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        QTest.keyClicks(QApplication.focusWidget(), text[1:])
    else:  # an empty cell: open the editor, then clear it
        QTest.keyClick(view, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        QApplication.focusWidget().clear()
    QTest.keyClick(QApplication.focusWidget(), end)
    wait_for_commit(qtbot, view)


def wait_for_commit(qtbot, view) -> None:
    """The delegate commits an Enter on the next turn of the event loop."""
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def test_a_point_typed_in_the_table_is_on_the_canvas_and_ctrl_z_removes_it(qtbot, window):
    view = table_view(window)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Insert)  # opens x of the empty last row
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    QTest.keyClicks(QApplication.focusWidget(), "1")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to y
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    QTest.keyClicks(QApplication.focusWidget(), "3")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    wait_for_commit(qtbot, view)
    assert lab_points(window) == [(1.0, 3.0)]
    assert canvas_points(window) == [(1.0, 3.0)]
    assert view.model().rowCount() == 2  # the point and a new empty row
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert lab_points(window) == [] and canvas_points(window) == []
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert lab_points(window) == [(1.0, 3.0)] and canvas_points(window) == [(1.0, 3.0)]


def test_editing_a_cell_moves_the_canvas_point_and_undo_moves_it_back(qtbot, window):
    window.lab.points.set_points([1.0, 2.0], [3.0, 5.0])
    type_into_cell(qtbot, window, 1, 1, "7.25")
    assert lab_points(window) == [(1.0, 3.0), (2.0, 7.25)]
    assert canvas_points(window) == [(1.0, 3.0), (2.0, 7.25)]
    assert table_view(window).model().index(1, 1).data() == "7.25"
    type_into_cell(qtbot, window, 0, 0, "0,5")  # a decimal comma
    assert lab_points(window) == [(0.5, 3.0), (2.0, 7.25)]
    table_view(window).setFocus()
    QTest.keyClick(table_view(window), Qt.Key.Key_Z, CTRL)
    QTest.keyClick(table_view(window), Qt.Key.Key_Z, CTRL)
    assert lab_points(window) == [(1.0, 3.0), (2.0, 5.0)] and canvas_points(window) == [(1.0, 3.0), (2.0, 5.0)]


def test_delete_removes_the_selected_rows_in_one_undo_step(qtbot, window):
    window.lab.points.set_points([1.0, 2.0, 3.0], [3.0, 5.0, 7.0])
    view = table_view(window)
    view.selectRow(0)
    view.selectionModel().select(view.model().index(2, 0), view.selectionModel().SelectionFlag.Select
                                 | view.selectionModel().SelectionFlag.Rows)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert lab_points(window) == [(2.0, 5.0)] and canvas_points(window) == [(2.0, 5.0)]
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert lab_points(window) == [(1.0, 3.0), (2.0, 5.0), (3.0, 7.0)]
    view.selectRow(1)
    QTest.mouseClick(window.point_table.delete_button, Qt.MouseButton.LeftButton)
    assert lab_points(window) == [(1.0, 3.0), (3.0, 7.0)]


@pytest.mark.parametrize(("typed", "reason"), [("abc", "not a number"), ("1e400", "too large"), ("", "Empty")])
def test_a_bad_value_keeps_the_old_one_and_says_why(qtbot, window, typed, reason):
    window.lab.points.set_points([1.0, 2.0], [3.0, 5.0])
    steps = window.lab.points.undo_stack.count()
    type_into_cell(qtbot, window, 0, 1, typed)
    assert lab_points(window) == [(1.0, 3.0), (2.0, 5.0)]
    assert window.lab.points.undo_stack.count() == steps
    cell = table_view(window).model().index(0, 1)
    assert cell.data() == "3"
    assert reason in cell.data(Qt.ItemDataRole.ToolTipRole)
    status = window.point_table.status
    assert status.isVisible() and reason in status.text() and "kept" in status.text()
    assert reason in window.statusBar().currentMessage()


def test_the_table_and_the_canvas_share_the_selection(qtbot, window):
    window.lab.points.set_points([1.0, 2.0, 3.0], [3.0, 5.0, 7.0])
    window.canvas.select([2])
    assert [i.row() for i in table_view(window).selectionModel().selectedRows()] == [2]
    table_view(window).selectRow(0)
    assert window.canvas.selected_indices().tolist() == [0]


def test_a_hundred_thousand_points_in_a_table_model_over_the_arrays(qtbot, window):
    n = 100_000
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=n), rng.normal(size=n)
    window.lab.points.set_points(x, y)
    model = table_view(window).model()
    assert isinstance(model, QAbstractTableModel) and model.rowCount() == n + 1
    assert float(model.index(n - 1, 0).data()) == x[-1]  # shown to the last digit
    table_view(window).scrollToBottom()
    type_into_cell(qtbot, window, n - 1, 1, "2.5")
    assert window.lab.points.y[n - 1] == 2.5 and window.lab.points.count == n
    np.testing.assert_array_equal(window.lab.points.y[:-1], y[:-1])


def test_presentation_size_two_on_a_projector_clips_nothing_in_the_points_dock(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, size=(1280, 720))
    try:
        window.lab.points.set_points([1.0, 2.0], [3.0, 5.0])
        window.presentation.enter(2.0)
        window.points_dock.toggleViewAction().trigger()
        qtbot.waitUntil(lambda: window.point_table.view.isVisible())
        window.point_table.table_model.setData(window.point_table.table_model.index(0, 0), "abc")
        qtbot.wait(50)
        assert clipped_texts(window.points_dock) == []
        view = window.point_table.view
        assert view.rowHeight(0) >= view.fontMetrics().height()
        assert view.verticalHeader().fontMetrics().horizontalAdvance("3") < view.verticalHeader().width()
    finally:
        window.presentation.leave(remember=False)
        window.close()

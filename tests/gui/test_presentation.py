"""Presentation mode, full screen and the themes, driven by real key presses on a real window;
the choice is remembered in a real settings file."""

import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import QApplication

from .driving import FINISH_MS, open_presentation_window, run_to_last_step


@pytest.fixture
def window(qtbot, settings, app_font):
    window = open_presentation_window(qtbot, settings)
    yield window
    window.close()


def pen_width(item) -> float:
    return QPen(item.opts["pen"]).widthF()


def test_f5_scales_fonts_lines_and_markers_and_esc_restores_them_exactly(qtbot, window, app_font):
    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["householder", "gd"])
    curve = window.canvas.curve_item("gd")
    pen_before = QPen(curve.opts["pen"])
    marker_before = window.canvas.points_item.opts["size"]
    tick_font_before = QFont(window.canvas.getAxis("bottom").style["tickFont"])
    assert window.presentation.scale == 2.0  # the default

    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.presentation.presenting
    assert QApplication.font().pointSizeF() == pytest.approx(2.0 * app_font.pointSizeF())
    assert pen_width(curve) == pytest.approx(2.0 * pen_before.widthF())
    assert window.canvas.points_item.opts["size"] == pytest.approx(2.0 * marker_before)
    assert window.canvas.getAxis("bottom").style["tickFont"].pointSizeF() == pytest.approx(
        2.0 * tick_font_before.pointSizeF())

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presentation.presenting
    assert QApplication.font() == app_font
    assert QPen(curve.opts["pen"]) == pen_before
    assert window.canvas.points_item.opts["size"] == marker_before
    assert window.canvas.getAxis("bottom").style["tickFont"] == tick_font_before


def test_f5_twice_leaves_and_the_toolbar_button_follows(qtbot, window, app_font):
    button = window.presentation.present_action
    assert button in window.run_controls.actions()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert button.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.presentation.presenting and not button.isChecked()
    assert QApplication.font() == app_font
    button.trigger()  # the toolbar button does the same
    assert window.presentation.presenting


def test_a_new_run_while_presenting_draws_thick_curves(qtbot, window):
    window.load_dataset("noisy-line")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    run_to_last_step(qtbot, window, ["householder", "gd", "adam"])
    keys = window.canvas.curve_keys()
    assert set(keys) >= {"householder", "gd", "adam"}
    # each curve is created during the run with the canvas's width 3 (canvas._curve_pen)
    qtbot.waitUntil(lambda: all(pen_width(window.canvas.curve_item(k)) == pytest.approx(6.0) for k in keys))
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert all(pen_width(window.canvas.curve_item(k)) == pytest.approx(3.0) for k in keys)


def test_the_legend_makes_room_for_its_labels_when_they_grow(qtbot, window):
    """Entering presentation mode after a run enlarges labels whose rows were sized already."""
    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["householder", "gd", "adam"])
    qtbot.keyClick(window, Qt.Key.Key_F5)
    legend = window.canvas.legend

    def rows():
        return sorted((label.item.mapRectToScene(label.item.boundingRect()) for _, label in legend.items),
                      key=lambda rect: rect.top())

    qtbot.waitUntil(lambda: len(legend.items) == 4 and all(label.opts.get("size") for _, label in legend.items))
    qtbot.waitUntil(lambda: all(lower.top() >= upper.bottom() - 1 for upper, lower in zip(rows(), rows()[1:])))
    assert legend.height() >= sum(row.height() for row in rows())  # the frame holds them all


def test_the_scale_can_be_chosen_and_changed_while_presenting(qtbot, window, app_font):
    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["householder"])
    curve = window.canvas.curve_item("householder")
    width = pen_width(curve)
    window.presentation.enter(1.5)
    assert QApplication.font().pointSizeF() == pytest.approx(1.5 * app_font.pointSizeF())
    assert pen_width(curve) == pytest.approx(1.5 * width)
    window.presentation.set_scale(2.5)
    assert QApplication.font().pointSizeF() == pytest.approx(2.5 * app_font.pointSizeF())
    assert pen_width(curve) == pytest.approx(2.5 * width)
    window.presentation.leave()
    assert QApplication.font() == app_font and pen_width(curve) == width


def test_panels_are_hidden_then_restored_and_alt_shows_the_menu_bar(qtbot, window):
    side, table = window.side_dock, window.table_dock
    side_width = side.width()
    assert side.isVisible() and table.isVisible() and window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not side.isVisible() and not table.isVisible()
    assert not window.menuBar().isVisible()
    assert window.canvas.isVisible() and window.run_controls.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Alt)
    assert window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Alt)
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # Alt with a key is no toggle
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert side.isVisible() and table.isVisible() and window.menuBar().isVisible()
    qtbot.waitUntil(lambda: abs(side.width() - side_width) <= 2)


def test_esc_leaves_presenting_and_cancels_a_run_otherwise(qtbot, window):
    window.load_dataset("noisy-line")
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.form("gd").set_values({"max_iter": 10_000_000, "tol": 0.0, "lr": 1e-9})
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.run()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presentation.presenting
    assert window.race.running  # Esc left presentation mode; it did not cancel as well
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert "gd" in window.race.traces


def test_f11_toggles_full_screen(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.presentation.full_screen_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert not window.presentation.full_screen_action.isChecked()


def _lightness(color: QColor) -> float:
    return color.lightnessF()


def point_and_background(window) -> tuple[QColor, QColor]:
    """The colour at the first point's centre and the plot's background, in a grabbed canvas."""
    canvas = window.canvas
    scene_pos = canvas.plotItem.vb.mapViewToScene(QPointF(window.points.x[0], window.points.y[0]))
    pixel = canvas.mapFromScene(scene_pos)
    image = canvas.grab().toImage()
    return image.pixelColor(pixel), canvas.backgroundBrush().color()


def test_the_dark_theme_darkens_the_canvas_and_keeps_the_points_visible(qtbot, window):
    window.load_dataset("seed-4pt")
    window.canvas.auto_range()
    point, background = point_and_background(window)
    assert _lightness(background) > 0.9 and _lightness(point) < 0.4  # dark points on white paper
    brush_before = window.canvas.points_item.opts["brush"]

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    point, background = point_and_background(window)
    assert _lightness(background) < 0.15
    assert _lightness(point) - _lightness(background) > 0.5  # a light point on dark paper
    assert _lightness(window.palette().color(QPalette.ColorRole.Window)) < 0.3
    assert _lightness(window.palette().color(QPalette.ColorRole.WindowText)) > 0.7
    tick_pen = window.canvas.getAxis("left").textPen()
    assert _lightness(tick_pen.color()) > 0.7  # tick labels readable on the dark plot

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    point, background = point_and_background(window)
    assert background == QColor("white")
    assert window.canvas.points_item.opts["brush"] == brush_before


def test_a_bad_theme_name_is_refused_with_the_names_that_exist(window):
    with pytest.raises(ValueError, match="purple.*light, dark"):
        window.presentation.set_theme("purple")


def test_theme_scale_and_presenting_are_remembered_in_the_settings_file(qtbot, settings, app_font):
    first = open_presentation_window(qtbot, settings)
    first.presentation.set_theme("dark")
    first.presentation.set_scale(2.5)
    qtbot.keyClick(first, Qt.Key.Key_F5)
    first.close()
    assert QApplication.font() == app_font  # closing while presenting gives the fonts back

    saved = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    assert saved.value("appearance/theme") == "dark"
    assert float(saved.value("presentation/scale")) == 2.5
    assert saved.value("presentation/on", type=bool) is True

    second = open_presentation_window(qtbot, saved)
    assert second.presentation.presenting and second.presentation.scale == 2.5
    assert second.presentation.dark_action.isChecked()
    assert _lightness(second.canvas.backgroundBrush().color()) < 0.15
    assert QApplication.font().pointSizeF() == pytest.approx(2.5 * app_font.pointSizeF())
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    second.close()
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value("presentation/on", type=bool) is False


def test_damaged_settings_fall_back_to_the_defaults(qtbot, tmp_path, app_font):
    path = tmp_path / "damaged.ini"
    path.write_text("[appearance]\ntheme=purple\n[presentation]\nscale=huge\non=maybe\n")
    window = open_presentation_window(qtbot, QSettings(str(path), QSettings.Format.IniFormat))
    assert not window.presentation.presenting
    assert window.presentation.scale == 2.0
    assert _lightness(window.canvas.backgroundBrush().color()) > 0.9
    window.close()


def test_the_run_toolbar_keeps_its_counter_and_speed_whole_at_twice_the_size(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["gd"])
    window.presentation.enter(2.0)
    controls = window.run_controls
    pairs = ((controls.counter, controls.counter.text()), (controls.speed_box, "1000 steps/s"))

    def fits(widget, text):
        return widget.width() >= widget.fontMetrics().horizontalAdvance(text)

    # The widths follow the new font once the event loop has delivered it to every widget and laid
    # the toolbars out again; how long that takes depends on the machine, so wait for it (2 s at most).
    qtbot.waitUntil(lambda: all(fits(widget, text) for widget, text in pairs), timeout=2000)
    for widget, text in pairs:
        assert fits(widget, text), text
    window.presentation.leave()


def test_a_view_first_shown_while_presenting_is_presented_too(qtbot, window):
    """Views are built on their first showing: one built in presentation mode gets its large fonts
    and thick lines then, and gives them back on leaving, like the views built before."""
    from gui.views.board.hand_calc import BOARD_POINT_SIZE

    window.load_dataset("seed-4pt")
    run_to_last_step(qtbot, window, ["householder", "gd"])
    qtbot.keyClick(window, Qt.Key.Key_F5)
    scale = window.presentation.scale
    assert "hand" not in [view.name for view in window.built_views()]
    window.show_view("hand")
    browser = window.view("hand").browser
    assert browser.font().pointSizeF() == pytest.approx(scale * BOARD_POINT_SIZE)
    window.show_view("convergence")
    curve = window.view("convergence").items("gd").curves[0]
    qtbot.waitUntil(lambda: pen_width(curve) == pytest.approx(2 * scale))  # drawn with width 2
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert browser.font().pointSizeF() == pytest.approx(BOARD_POINT_SIZE)
    assert pen_width(curve) == pytest.approx(2.0)

"""In front of a class (issue 14, point 1): the window fits a 1280 × 720 and a 1024 × 768
projector in both modes, the canvas keeps at least 45 % of the width, no text is cut at
presentation sizes, the presenter layouts are on F6, F7 and F8, legends leave the points
visible, and the axes show real values."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QDockWidget

from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW

from .driving import open_presentation_window, run_to_last_step
from .text_fit import clipped_texts, settled_clipped

PROJECTORS = [(1280, 720), (1024, 768)]


def visible_docks(window) -> list[QDockWidget]:
    return [dock for dock in window.findChildren(QDockWidget) if dock.isVisible() and not dock.isFloating()]


@pytest.mark.parametrize("size", PROJECTORS)
def test_the_window_fits_the_projector_and_the_canvas_keeps_45_percent(qtbot, settings, app_font, size):
    window = open_presentation_window(qtbot, settings, size)
    window.load_dataset("nist-filip")
    qtbot.wait(200)
    width, height = size
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 768
    assert window.canvas.width() >= 0.45 * window.width(), (window.canvas.width(), window.width())
    for scale in (1.5, 2.0):
        window.presentation.enter(scale)
        qtbot.wait(200)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 768, (scale, hint)
        assert window.canvas.width() >= 0.45 * window.width(), (scale, window.canvas.width())
        window.presentation.leave()
        qtbot.wait(50)
    window.close()


@pytest.mark.parametrize("scale", [None, 1.5, 2.0])
def test_at_1280x720_no_text_is_cut_in_either_presenter_layout(qtbot, settings, app_font, scale):
    """Normal mode (×1) and presentation ×1.5 and ×2: the canvas beside each view, then each view
    alone; every label, button, check box, combo box, tab and plot text fits (font metrics)."""
    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("nist-filip")  # long names, a failure with its reason, 11 columns
    run_to_last_step(qtbot, window, ["householder", "normal-inverse", "gd"])
    if scale is not None:
        window.presentation.enter(scale)
    qtbot.wait(200)
    # settled: under load the toolbars take the larger font a moment after the 200 ms (3 s at most)
    assert settled_clipped(qtbot, window) == [], "the first layout"
    layouts = window.presenter_layouts
    for name in window.view_docks:
        for layout in (CANVAS_AND_VIEW, ONE_VIEW):
            layouts.show(layout, name)
            qtbot.wait(150)
            assert settled_clipped(qtbot, window) == [], f"{layout} with the {name} view at ×{scale or 1}"
    window.close()


def test_f6_f7_f8_show_the_canvas_and_one_view_one_view_full_and_every_panel_again(qtbot, settings, app_font):
    window = open_presentation_window(qtbot, settings, (1280, 720))
    panels_before = {dock.objectName() for dock in visible_docks(window)}
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.wait(100)
    first = window.presenter_layouts.view_name
    docks = visible_docks(window)
    assert [dock.objectName() for dock in docks] == [window.view_docks[first].objectName()]
    assert window.canvas.isVisible()
    assert abs(docks[0].width() - window.width() / 2) < 0.1 * window.width()

    qtbot.keyClick(window, Qt.Key.Key_F6)  # again: the next view
    qtbot.wait(100)
    second = window.presenter_layouts.view_name
    assert second != first and [d.objectName() for d in visible_docks(window)] == [
        window.view_docks[second].objectName()]

    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.wait(100)
    assert not window.canvas.isVisible()
    (dock,) = visible_docks(window)
    assert dock is window.view_docks[second] and dock.width() >= window.width() - 20

    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.wait(100)
    assert window.canvas.isVisible()
    assert {dock.objectName() for dock in visible_docks(window)} == panels_before
    window.close()


def test_presenting_starts_with_the_canvas_and_one_view_and_esc_brings_the_panels_back(qtbot, settings, app_font):
    window = open_presentation_window(qtbot, settings, (1280, 720))
    panels_before = {dock.objectName() for dock in visible_docks(window)}
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.wait(100)
    assert window.presenter_layouts.layout == CANVAS_AND_VIEW
    assert len(visible_docks(window)) == 1 and window.canvas.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.wait(100)
    assert not window.canvas.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.wait(100)
    assert not window.presentation.presenting and window.canvas.isVisible()
    assert {dock.objectName() for dock in visible_docks(window)} == panels_before
    window.close()


def points_under(window, rect) -> int:
    """How many of the canvas's points the scene rectangle `rect` covers, each point mapped
    to the scene by the view box itself."""
    view = window.canvas.plotItem.vb
    scene = [view.mapViewToScene(QPointF(x, y)) for x, y in zip(window.points.x, window.points.y)]
    return sum(rect.contains(p) for p in scene)


@pytest.mark.parametrize("empty_corner", ["top left", "bottom right"])
def test_the_canvas_legend_goes_where_it_covers_no_point(qtbot, settings, app_font, empty_corner):
    """Points along a rising line leave the top-left and bottom-right corners empty; with a
    cluster added in one of them, the legend must take the other."""
    window = open_presentation_window(qtbot, settings, (1280, 720))
    x = np.linspace(0, 10, 40)
    cluster = (np.full(8, 9.5), np.linspace(0, 1, 8)) if empty_corner == "top left" else (
        np.full(8, 0.5), np.linspace(9, 10, 8))
    window.points.set_points(np.r_[x, cluster[0]], np.r_[x, cluster[1]])
    run_to_last_step(qtbot, window, ["householder", "gd"])
    qtbot.wait(400)  # the placer waits for the view to settle
    legend = window.canvas.legend
    rect = legend.mapRectToScene(legend.boundingRect())
    assert legend.isVisible() and points_under(window, rect) == 0
    view = window.canvas.plotItem.vb.sceneBoundingRect()
    at_left = rect.center().x() < view.center().x()
    assert at_left == (empty_corner == "top left")
    window.close()


def test_no_axis_shows_a_scale_prefix_and_filip_reads_in_its_own_units(qtbot, settings, app_font):
    """Filip's y runs from 0.76 to 0.93: its axis says "y" with ticks like 0.8, not "y (x0.001)"
    with ticks 760–930."""
    import pyqtgraph as pg

    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("nist-filip")
    run_to_last_step(qtbot, window, ["householder", "gd"])
    for view in window.views:  # built, and drawn at the last step
        view.refresh(window.player.position)
    qtbot.wait(100)
    axes = [item for widget in [window.canvas, *window.views] for view in widget.findChildren(pg.GraphicsView)
            + ([widget] if isinstance(widget, pg.GraphicsView) else [])
            for item in view.scene().items() if isinstance(item, pg.AxisItem)]
    assert axes
    prefixed = [axis.labelString() for axis in axes if "(x" in axis.labelString() or "×1e" in axis.labelString()]
    assert prefixed == []
    left = window.canvas.getAxis("left")
    ticks = [value for _spacing, values in left.tickValues(0.76, 0.93, 400) for value in values]
    assert ticks and all(0.7 <= t <= 1.0 for t in ticks)
    assert all(0.7 <= float(s) <= 1.0 for s in left.tickStrings(ticks, 1, 0.01))
    window.close()


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_at_presentation_sizes_the_canvas_legend_covers_no_point_on_filip(qtbot, settings, app_font, scale):
    """Filip's points fill every corner and a failing solver's row is long: at a projector's
    font the legend leaves the plot for a line under it, naming every solver, ✘ the failed one."""
    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("nist-filip")
    window.presentation.enter(scale)
    run_to_last_step(qtbot, window, ["householder", "normal-inverse"])
    qtbot.wait(400)
    legend = window.canvas.legend
    if legend.isVisible():
        assert points_under(window, legend.mapRectToScene(legend.boundingRect())) == 0
    else:
        texts = window.legend_strip.texts()
        assert window.legend_strip.isVisible()
        assert texts[0].startswith("✘ Matrix inversion") and any("Householder" in t for t in texts), texts
        strip_top = window.legend_strip.mapTo(window, QPoint(0, 0)).y()  # in the area under the canvas
        canvas_bottom = window.canvas.mapTo(window, QPoint(0, window.canvas.height())).y()
        assert strip_top >= canvas_bottom
    assert settled_clipped(qtbot, window) == []
    window.close()


def test_the_step_counter_stays_on_screen_at_x2_and_leaving_gives_every_size_back(qtbot, settings, app_font):
    window = open_presentation_window(qtbot, settings, (1280, 720))
    controls = window.run_controls
    qtbot.wait(100)
    sizes = {widget: widget.size() for widget in (controls.speed_box, window.model_controls)}
    counter_room = controls.counter.minimumWidth()
    one_row = not window.toolBarBreak(controls.timeline_bar)
    window.presentation.enter(2.0)
    qtbot.wait(200)
    counter = controls.counter
    assert counter.isVisible() and not counter.visibleRegion().isEmpty()
    right = counter.mapTo(window, counter.rect().topRight()).x()
    assert right <= window.width()
    assert clipped_texts(controls) == [] and clipped_texts(controls.timeline_bar) == []
    window.presentation.leave()
    qtbot.wait(200)
    assert (not window.toolBarBreak(controls.timeline_bar)) == one_row
    assert {widget: widget.size() for widget in sizes} == sizes
    assert controls.counter.minimumWidth() == counter_room
    window.close()

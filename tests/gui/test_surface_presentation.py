"""The loss-surface pane at presentation ×2 in a dock of about 640×560 (issue 14, points 1 and 4):
the B0/B1 boxes read in full, its check boxes grow with the font, no text is clipped, and the
tick labels of its axes do not run into each other ("-1500-1000-500")."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionButton

from gui.presentation import install_presentation

from .driving import open_window, run_to_end
from .text_fit import clipped_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def tick_label_overlaps(axis: pg.AxisItem) -> list[str]:
    """Neighbouring major tick labels of a horizontal axis that overlap, as 'a|b'."""
    low, high = axis.range
    size = axis.width()
    metrics = QFontMetrics(axis.style["tickFont"] or axis.font())
    spacing, values = axis.tickValues(low, high, size)[0]
    values = sorted(v for v in values if low <= v <= high)
    texts = axis.tickStrings(values, axis.scale, spacing)
    centres = [(v - low) / (high - low) * size for v in values]
    widths = [metrics.horizontalAdvance(t) for t in texts]
    return [f"{texts[i]}|{texts[i + 1]}" for i in range(len(values) - 1)
            if centres[i] + widths[i] / 2 > centres[i + 1] - widths[i + 1] / 2]


@pytest.fixture
def presented(qtbot, tmp_path):
    window = open_window(qtbot, (1280, 720))
    presentation = install_presentation(window, QSettings(str(tmp_path / "lab.ini"), QSettings.Format.IniFormat))
    window.load_dataset("seed-4pt")
    window.model_controls.set_options(degree=2)  # p = 3: the B0 / B1 boxes are shown
    window.show_view("surface")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 1.0})
    presentation.enter(2.0)
    dock = window.view_docks["surface"]
    dock.setFloating(True)
    dock.resize(640, 560)
    qtbot.wait(200)  # the floating dock takes its size (or the minimum its contents force)
    view = window.view("surface")
    view.refresh(window.player.length - 1)
    qtbot.wait(50)
    yield window, dock, view
    presentation.leave(remember=False)


def test_the_surface_pane_fits_at_twice_the_font(qtbot, presented):
    window, dock, view = presented
    assert dock.width() <= 680  # the pane does not force a wider dock
    assert clipped_texts(dock) == []
    for box in (view.x_box, view.y_box):
        assert box.isVisible() and box.currentText() in ("B0", "B1", "B2")
    for check in (view.gradient_check, view.standardized_check):
        option = QStyleOptionButton()
        option.initFrom(check)
        indicator = check.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, check)
        assert indicator.height() >= 0.6 * check.fontMetrics().height()


def test_tick_labels_do_not_run_together(qtbot, presented):
    window, dock, view = presented
    axis = view.raw.plot.getAxis("bottom")
    assert axis.width() < 500  # a narrow axis at a doubled font: where labels used to collide
    assert tick_label_overlaps(axis) == []
    for width in (300, 420):  # and narrower still
        dock.resize(width + 200, 560)
        qtbot.wait(50)
        assert tick_label_overlaps(view.raw.plot.getAxis("bottom")) == []

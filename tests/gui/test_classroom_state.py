"""The classroom state set from outside the canvas (a driver, a test, a saved round) is drawn as if
the class had made it: a guess gets its handles, and the strips under the canvas keep their
words whole after a presenter layout changes the canvas's width."""

import numpy as np
from PySide6.QtWidgets import QLabel

from gui.main_window import MainWindow
from gui.presenter_layouts import CANVAS_AND_VIEW

from .driving import run_to_last_step

X = np.arange(1.0, 9.0)
Y = np.array([2.2, 2.8, 4.6, 4.4, 6.1, 5.6, 7.9, 7.6])


def _window(qtbot, size=(1600, 900)) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.points.set_points(X, Y)
    qtbot.waitUntil(lambda: window.lab.data_problem is not None, timeout=5000)
    return window


def test_a_guess_set_from_outside_gets_its_handles_on_its_line(qtbot):
    window = _window(qtbot)
    window.lab.guess.set_theta([1.5, 0.65])
    handles = window.my_line.handle_points()
    assert len(handles) >= 2 and window.my_line.guess_action.isChecked()
    # every handle lies on y = 1.5 + 0.65 x, the line the class sees
    np.testing.assert_allclose(handles[:, 1], 1.5 + 0.65 * handles[:, 0], rtol=1e-12)
    window.close()


def test_the_sum_of_squares_strip_is_whole_after_the_canvas_and_view_layout(qtbot):
    window = _window(qtbot, (1280, 720))
    run_to_last_step(qtbot, window, ["householder"])
    window.lab.residuals.set_shown("sum_bars", True)
    window.lab.guess.set_theta([1.5, 0.65])
    window.presenter_layouts.show(CANVAS_AND_VIEW, "surface")
    strip = window.findChild(QLabel, "sum-of-squares-strip")
    # at 1280 px the canvas is too narrow for the box of bars: the numbers are in the strip
    qtbot.waitUntil(strip.isVisible, timeout=2000)

    def whole() -> bool:
        return strip.height() >= strip.heightForWidth(strip.width()) > 0

    qtbot.waitUntil(whole, timeout=2000)
    assert whole()
    window.close()


def test_with_every_strip_under_the_canvas_at_twice_the_font_the_window_still_fits_720_pixels(qtbot, tmp_path):
    """Two solvers, My line with a kept guess, the sum-of-squares numbers and the legend in words,
    at ×2 in the canvas-and-view layout: the strips take at most their share of the column (and
    scroll), the canvas keeps the rest, and the window needs no more than a 1280 × 720 screen."""
    from PySide6.QtCore import QSettings

    from gui.under_canvas import MAX_SHARE

    from .driving import open_presentation_window

    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("outliers")
    run_to_last_step(qtbot, window, ["householder", "lad"])
    for what in ("segments", "squares", "sum_bars"):
        window.lab.residuals.set_shown(what, True)
    window.lab.guess.set_theta([5.0, 1.5])
    window.lab.guess.keep()
    window.lab.guess.set_theta([4.0, 1.7])
    window.presentation.enter(2.0)
    window.presenter_layouts.show(CANVAS_AND_VIEW, "residuals")
    qtbot.wait(500)
    assert window.minimumSizeHint().height() <= 720, window.minimumSizeHint()
    assert window.height() <= 720
    area, column = window.under_canvas, window.centralWidget()
    assert area.isVisible() and area.height() <= MAX_SHARE * column.height() + 1
    window.presentation.leave(remember=False)
    window.close()

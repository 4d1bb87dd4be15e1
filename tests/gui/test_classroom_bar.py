"""The classroom bar (issue 15, point 1: each residual picture a toggle in the presenter layout):
with the menus hidden while presenting, a row of buttons turns the segments, squares and bars on,
picks the distance, and starts, keeps and reveals My line; the panels' layout (F8) puts it away."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolBar

from .driving import open_presentation_window, run_to_last_step
from .text_fit import settled_clipped


def button(bar: QToolBar, words: str):
    (action,) = [a for a in bar.actions() if a.iconText() == words]
    return bar.widgetForAction(action)


def test_presenting_shows_the_classroom_bar_and_its_buttons_drive_the_pictures(qtbot, settings, app_font):
    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("outliers")
    run_to_last_step(qtbot, window, ["householder"])
    assert window.findChild(QToolBar, "classroom-bar") is None or \
        not window.findChild(QToolBar, "classroom-bar").isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    bar = window.findChild(QToolBar, "classroom-bar")
    qtbot.waitUntil(lambda: bar is not None and bar.isVisible() and window.menuBar().isHidden(), timeout=3000)

    qtbot.mouseClick(button(bar, "Squares"), Qt.MouseButton.LeftButton)
    assert window.lab.residuals.squares
    qtbot.mouseClick(button(bar, "Bars"), Qt.MouseButton.LeftButton)
    assert window.lab.residuals.sum_bars
    qtbot.mouseClick(button(bar, "Squares"), Qt.MouseButton.LeftButton)
    assert not window.lab.residuals.squares
    qtbot.mouseClick(button(bar, "My Line (G)"), Qt.MouseButton.LeftButton)
    assert window.lab.guess.active
    qtbot.mouseClick(button(bar, "Keep (K)"), Qt.MouseButton.LeftButton)
    assert [k.name for k in window.lab.guess.kept] == ["Guess 1"]
    qtbot.mouseClick(button(bar, "Reveal (R)"), Qt.MouseButton.LeftButton)
    assert window.lab.guess.revealed

    qtbot.wait(300)
    assert settled_clipped(qtbot, window) == []
    # every button on the row, none pushed into the toolbar's overflow menu at twice the font
    assert all(bar.widgetForAction(a).isVisible() for a in bar.actions() if not a.isSeparator())

    qtbot.keyClick(window, Qt.Key.Key_F7)  # one view full: no canvas, so no classroom bar
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(bar.isVisible, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    window.close()


def test_alt_with_an_arrow_nudges_my_line_and_does_not_open_the_hidden_menus(qtbot, settings, app_font):
    """Presenting, Alt alone shows the hidden menu bar; Alt+↑ is My line's nudge and must not."""
    from PySide6.QtTest import QTest

    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("outliers")
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(window.menuBar().isHidden, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_G)
    before = window.lab.guess.theta.copy()
    QTest.keyPress(window, Qt.Key.Key_Alt, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    QTest.keyRelease(window, Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier)
    qtbot.wait(50)
    assert window.lab.guess.theta[0] > before[0]  # B0 nudged up
    assert window.menuBar().isHidden()
    QTest.keyPress(window, Qt.Key.Key_Alt, Qt.KeyboardModifier.AltModifier)
    QTest.keyRelease(window, Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier)
    qtbot.wait(50)
    assert not window.menuBar().isHidden()  # Alt alone still shows them
    window.close()


def test_with_the_classroom_bar_every_view_beside_the_canvas_fits_a_720_pixel_projector(qtbot, settings, app_font):
    """The bar takes a row of its own at twice the font: the window with any view beside the
    canvas must still fit 720 pixels, a window manager's title bar (24 px) included."""
    from gui.look.style import base_font
    from gui.presenter_layouts import CANVAS_AND_VIEW

    QApplication.setFont(base_font())  # the app's own font (gui/app.py), which presenting doubles
    window = open_presentation_window(qtbot, settings, (1280, 720))
    window.load_dataset("outliers")
    run_to_last_step(qtbot, window, ["householder"])
    window.presentation.enter(2.0)
    for name in window.view_docks:
        window.presenter_layouts.show(CANVAS_AND_VIEW, name)
        qtbot.wait(100)
        assert window.presenter_layouts.classroom_bar().isVisible()
        assert window.minimumSizeHint().height() <= 720 - 24, (name, window.minimumSizeHint())
    window.presentation.leave(remember=False)
    window.close()

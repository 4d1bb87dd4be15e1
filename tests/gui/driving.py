"""Driving the main window in tests the way a user does: open it, check solvers, set their settings, Run."""

from gui.headless.scene import run_scene
from gui.main_window import MainWindow
from gui.presentation import install_presentation

#: Generous: CI machines are slow and shared; a run that takes this long is a hang.
FINISH_MS = 60_000


def open_window(qtbot, size=(1600, 1000), *, active=False) -> MainWindow:
    """The main window as a user sees it: shown at `size`, on screen (exposed), with the "replace
    the points?" question (a modal dialog that would block the test) answered yes. With `active`
    it is also the active window, because Qt delivers shortcuts only to the active window."""
    window = MainWindow()
    window.confirm_replace = lambda source: True
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if active:
        with qtbot.waitActive(window):
            window.activateWindow()
    return window


def open_presentation_window(qtbot, settings, size=(1200, 800)) -> MainWindow:
    """An active window with presentation mode, full screen and the themes installed (remembered
    in `settings`), and the keyboard focus on the canvas, ready for real key presses."""
    window = open_window(qtbot, size, active=True)
    window.presentation = install_presentation(window, settings)
    window.canvas.setFocus()
    return window


def run_to_end(qtbot, window, methods, **params):
    """Check `methods`, give each its hyperparameters (`gd={"lr": 0.1}`), run, wait until the
    race has finished, and pause the player (it stays where the playback was): gui/headless/scene.py."""
    window.solver_panel.set_checked(methods)
    for name, values in params.items():
        window.solver_panel.form(name).set_values(values)
    assert run_scene(window, step=None, timeout_s=FINISH_MS / 1000), window.banner.text()


def run_to_last_step(qtbot, window, methods, **params):
    """`run_to_end`, then show the last step on the canvas and in the views."""
    run_to_end(qtbot, window, methods, **params)
    window.player.seek(window.player.length - 1)
    window.show_frame(window.player.position)

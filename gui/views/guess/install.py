"""My line in the window: its strip under the canvas, View > My Line, the canvas's right-click
menu, the keys (on the window, so they work with the menu bar hidden while presenting), and
Gauss-Seidel taking over from a guess through the window's own run (the surface's click-to-start
does the same with lab.restart_requested)."""

from __future__ import annotations

import numpy as np

from ...look.menu_bar import find_menu
from .my_line import MyLine

TAKE_OVER_METHOD = "gauss-seidel"


def install_my_line(window) -> MyLine:
    """My line on the window's canvas, following its Lab; also `window.my_line`."""

    def status(text: str) -> None:
        window.statusBar().showMessage(text, 8000)

    def take_over(theta: np.ndarray) -> None:
        """Gauss-Seidel joins the checked solvers and everything iterative restarts from θ."""
        panel = window.solver_panel
        checked = panel.checked_methods()
        if TAKE_OVER_METHOD not in checked:
            panel.set_checked([*checked, TAKE_OVER_METHOD])
        window.lab.restart_requested.emit(theta)
        window.set_focus_key(TAKE_OVER_METHOD)
        status("Gauss-Seidel starts from your guess, one coefficient at a time.")

    my_line = MyLine(window.lab, window.canvas, status=status, take_over=take_over, parent=window)
    layout = window.centralWidget().layout()
    layout.insertWidget(layout.indexOf(window.canvas) + 1, my_line.bar)

    view_menu = find_menu(window, "View")
    view_menu.addSeparator()
    submenu = view_menu.addMenu("&My Line")
    for action in my_line.actions:
        submenu.addAction(action)
        window.addAction(action)  # the keys work with the menu bar hidden (presentation)
    canvas_menu = window.canvas.getViewBox().menu
    canvas_menu.addSeparator()
    for action in (my_line.guess_action, my_line.keep_action, my_line.reveal_action):
        canvas_menu.addAction(action)
    window.my_line = my_line
    return my_line

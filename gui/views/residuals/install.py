"""`install_residual_pictures(window)`: the residual pictures, the sum-of-squares strip and the
toggles on a window (the package's docstring says what they are)."""

from __future__ import annotations

from .actions import ResidualActions
from .pictures import ResidualPictures
from .sum_bars import SumBarsOverlay, SumStrip


class ResidualOverlay:
    """What install_residual_pictures made, by name (tests and the presenter layouts)."""

    def __init__(self, pictures: ResidualPictures, bars: SumBarsOverlay, actions: ResidualActions):
        self.pictures, self.bars, self.actions = pictures, bars, actions


def install_residual_pictures(window) -> ResidualOverlay:
    """The pictures on `window.canvas`, the bars' strip under it, and the actions, which the View
    menu (gui/menus.py) and the canvas's own menu show."""
    lab, canvas = window.lab, window.canvas
    strip = SumStrip(canvas.parentWidget())
    layout = canvas.parentWidget().layout() if canvas.parentWidget() is not None else None
    if layout is not None:
        layout.insertWidget(layout.indexOf(canvas) + 1, strip)
    actions = ResidualActions(lab.residuals, window)
    view_menu = canvas.getViewBox().menu
    actions.add_to(view_menu)
    window.residual_actions = actions.actions
    overlay = ResidualOverlay(ResidualPictures(lab, canvas), SumBarsOverlay(lab, canvas, strip), actions)
    window.residual_overlay = overlay
    return overlay

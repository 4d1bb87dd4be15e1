"""`install_gd_conditioning(window)`: the view's optimal-step button writes gradient descent's lr
into the solver panel, the way the lr slider does (the field's text, which validates, stores and
asks for a new run), whenever the view is built. Imports no Qt view code: the view itself is
built, and its module imported, only when its tab is first shown."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot

VIEW_NAME = "gd-conditioning"


def format_lr(value: float) -> str:
    """Every digit (repr): the field then holds exactly 2/(λ₁ + λₙ)."""
    return repr(float(value))


class OptimalStepLink(QObject):
    """Connects the view, once built, to the solver panel. A QObject child of the window, so the
    connection ends with the window (a plain closure on `view_built` outlived a deleted window)."""

    def __init__(self, window):
        super().__init__(window)
        self._panel = window.solver_panel
        window.view_built.connect(self.on_view_built)
        for view in window.built_views():
            self.on_view_built(view)

    @Slot(object)
    def on_view_built(self, view) -> None:
        if view.name == VIEW_NAME:
            view.lr_chosen.connect(self.write_lr)

    @Slot(str, float)
    def write_lr(self, method: str, value: float) -> None:
        self._panel.form(method).editor("lr").setText(format_lr(value))


def install_gd_conditioning(window) -> OptimalStepLink:
    """Connect the view's `lr_chosen` to the solver panel, now or when the window builds the view."""
    return OptimalStepLink(window)

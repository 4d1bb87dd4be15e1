"""`install_gd_conditioning(window)`: the view's optimal-step button writes gradient descent's lr
into the solver panel, the way the lr slider does (the field's text, which validates, stores and
asks for a new run), whenever the view is built. Imports no Qt view code: the view itself is
built, and its module imported, only when its tab is first shown."""

from __future__ import annotations

VIEW_NAME = "gd-conditioning"


def format_lr(value: float) -> str:
    """Every digit (repr): the field then holds exactly 2/(λ₁ + λₙ)."""
    return repr(float(value))


def install_gd_conditioning(window) -> None:
    """Connect the view's `lr_chosen` to the solver panel, now or when the window builds the view."""
    panel = window.solver_panel

    def write_lr(method: str, value: float) -> None:
        panel.form(method).editor("lr").setText(format_lr(value))

    def on_view_built(view) -> None:
        if view.name == VIEW_NAME:
            view.lr_chosen.connect(write_lr)

    window.view_built.connect(on_view_built)
    for view in window.built_views():
        on_view_built(view)

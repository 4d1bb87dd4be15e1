"""`main.py screenshot --nonlinear KEY`: the nonlinear fit window on a NIST problem, rendered off
screen after its solvers ran, with one of its views in front, saved as a picture."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from engine import InputError
from engine.errors import brief, listing

from ..nonlinear.view_tabs import VIEW_KEYS
from .scene import RUN_TIMEOUT_S, wait_for
from .screenshot import check_picture_path, save_picture


def render_nonlinear_screenshot(out: str, key: str | None, *, problem=None, methods: list[str] | None = None,
                                view: str | None = None, start: int = 1, size: tuple[int, int] = (1280, 720),
                                presentation: float | None = None, params: list[str] | None = None) -> str:
    """Open the nonlinear window on NIST problem `key` (from its start 1 or 2), or on `problem` (a
    NonlinearProblem: a --model on the command line's data), race `methods`
    (default: gauss-newton and lm) with `params` ("lr=1e-3" for every solver that has it,
    "gd.lr=1e-3" for one), show `view` (surface, basin, log-linear, …) beside the fit, and save
    the window as `out`."""
    from engine.nonlinear import NIST_NONLINEAR

    from ..app import application
    from ..nonlinear.window import NonlinearWindow

    check_picture_path(out)
    key = None if key is None else key.lower() if key.lower().startswith("nist-") else f"nist-{key.lower()}"
    if problem is None and key not in NIST_NONLINEAR:
        raise InputError(f"--nonlinear {brief(key)}: unknown NIST nonlinear problem; they are "
                         f"{listing(NIST_NONLINEAR, 80)}")
    if view is not None and view not in VIEW_KEYS:
        raise InputError(f"--nonlinear-view {brief(view)}: unknown; the views are {', '.join(VIEW_KEYS)}")
    application()
    window = NonlinearWindow()
    try:
        if problem is not None:
            window.open_problem(problem)
        else:
            window.open_nist(key, start)
        if methods:
            window.solvers.set_checked(methods)
        set_params(window.solvers, params or [])
        window.resize(*size)
        window.show()
        if presentation is not None:
            window.presentation.enter(presentation)
        shown = window.tabs.show_view(view) if view else None
        QCoreApplication.processEvents()
        window.run()
        wait_for(lambda: not window.lab.running, RUN_TIMEOUT_S)
        window.lab.player.go_to_end()
        QCoreApplication.processEvents()
        if shown is not None:  # a view that computes on its own (the basin map) is pictured once done
            wait_for(lambda: not getattr(shown, "busy", False), RUN_TIMEOUT_S)
        window.canvas.plot.enableAutoRange()
        QCoreApplication.processEvents()
        save_picture(window.grab(), out)
        return out
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.processEvents()


def set_params(solvers, pairs: list[str]) -> None:
    """"key=value" to every checked solver that has `key`, "method.key=value" to one; each value is
    checked by the solver's own form (InputError names what is wrong)."""
    checked = solvers.checked()
    for pair in pairs:
        name, equals, value = pair.partition("=")
        owner, dot, key = name.strip().rpartition(".")
        if not equals or not key:
            raise InputError(f"--param {brief(pair)}: expected KEY=VALUE or METHOD.KEY=VALUE")
        takers = [owner] if dot else [m for m in checked if key in solvers.form(m).values()]
        if not takers or any(m not in checked for m in takers):
            raise InputError(f"--param {brief(pair)}: no raced solver ({', '.join(checked)}) takes {key!r}")
        for method in takers:
            solvers.form(method).set_values({key: value.strip()})

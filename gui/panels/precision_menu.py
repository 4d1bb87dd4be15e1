"""Run > Precision: one switch that sets the floating-point format of every solver that has one.

Each solver keeps its own `precision` setting (its form, built from the registry); this menu is the
lecturer's shortcut for "now the same race in float16", so the class sees which methods survive.
Methods that compute in float64 only (lad, tls, exact, …) are named in the status bar.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup

from engine import SOLVERS
from engine.precision import PRECISIONS

#: The menu's keys: Ctrl+Alt+1 … 4 from the widest format to the narrowest.
PRECISION_KEYS = {name: f"Ctrl+Alt+{number}" for number, name in enumerate(PRECISIONS, start=1)}


def methods_with_precision() -> list[str]:
    return [spec.name for spec in SOLVERS if "precision" in {h.name for h in spec.hyperparameters}]


def set_every_precision(solver_panel, precision: str) -> list[str]:
    """Set `precision` on every solver that offers it; return the checked solvers that cannot."""
    able = methods_with_precision()
    for name in able:
        if precision in SOLVERS.get(name).precisions:
            solver_panel.form(name).set_values({"precision": precision})
    return [name for name in solver_panel.checked_methods()
            if name not in able or precision not in SOLVERS.get(name).precisions]


def install_precision_menu(window) -> dict[str, QAction]:
    """Add Run > Precision to `window` (its solver panel and run menu); the actions by precision."""
    menu = window.run_controls.run_menu.addMenu("&Precision")
    group = QActionGroup(window)
    actions: dict[str, QAction] = {}
    for name, precision in PRECISIONS.items():
        action = QAction(f"Every Solver in {precision.label}", window, checkable=True)
        action.setShortcut(PRECISION_KEYS[name])
        action.setStatusTip(f"Compute every solver that can in {name}: about {precision.digits:.1f} "
                            "significant digits; the data are rounded to it first")
        action.setChecked(name == "float64")
        action.triggered.connect(lambda _=False, name=name: _choose(window, name))
        group.addAction(action)
        menu.addAction(action)
        window.addAction(action)  # the key works with the menu bar hidden (presentation mode)
        actions[name] = action
    return actions


def _choose(window, precision: str) -> None:
    left_out = set_every_precision(window.solver_panel, precision)
    text = f"Every solver that can now computes in {precision}."
    if left_out:
        text += f" {', '.join(left_out)} compute{'s' if len(left_out) == 1 else ''} in float64 only."
    window.statusBar().showMessage(text, 10_000)

"""A preset opens with its solvers checked: the classic problems come with the methods they compare."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.datasets import DataSet


def check_preset_methods(window, data_set: DataSet) -> None:
    """Check the solvers `data_set` names (DataSet.methods) in the window's solver panel and select the
    first, so its settings show; a set that names none leaves the user's choice alone."""
    if not data_set.methods:
        return
    panel = window.solver_panel
    panel.set_checked(list(data_set.methods))
    panel.set_current_method(data_set.methods[0])

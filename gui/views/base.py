"""`RunView`: what every teaching view shares.

A view reads the current run from the Lab (problem, traces, results, each solver's look) and
draws the player's position in `refresh`; it never asks the main window for data. The window
calls `refresh` only for visible views and at most once per frame, `data_changed` after every
edit, and `run_started` when a new run replaces the old one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from ..lab import Lab


class RunView(QWidget):
    """Base class of the docked views. `name` is what `screenshot --view` takes."""

    name = ""
    title = ""

    def __init__(self, lab: Lab):
        super().__init__()
        self.lab = lab
        self.setObjectName(f"view-{self.name}")

    def data_changed(self, problem) -> None:
        """The data or the model changed: `problem` is the new one (None if it cannot be built)."""

    def run_started(self) -> None:
        """A new run began: forget what was drawn for the old one."""

    def shutdown(self) -> None:
        """The window is closing: stop timers and wait for any thread of the view's own."""

    def refresh(self, position: int) -> None:
        """Draw the run as it is at `position` (the player's frame)."""
        raise NotImplementedError

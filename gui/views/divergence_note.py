"""A note in the canvas's corner when a gradient method ran away: "Gradient descent diverged at
iteration 5: η = 1 > 2/L = 0.24", in the solver's own colour, so the class reads why the line
left the picture without opening the solvers' table. The numbers come from the Result's
diagnostics (engine/solvers/iterative.py), never from parsing its message.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QObject, Slot

from engine import Result

from ..lab import Lab
from ..look.style import base_font

#: Pixels between the note and the corner of the plot.
MARGIN = 8


def divergence_text(label: str, result: Result) -> str | None:
    """The note's line for one solver, or None when it did not diverge (or says no numbers)."""
    if result is None or result.status != "diverged":
        return None
    numbers = result.diagnostics
    k = numbers.get("diverged_at", result.iterations)
    lr, bound = numbers.get("lr"), numbers.get("stability_bound")
    if lr is None or bound is None:
        return f"{label} diverged at iteration {k}"
    if numbers.get("lr_is_step_length"):
        return f"{label} diverged at iteration {k}: its step length η = {lr:.3g} overshot"
    if lr > bound:
        return f"{label} diverged at iteration {k}: η = {lr:.3g} > 2/L = {bound:.3g}"
    return f"{label} diverged at iteration {k}: η = {lr:.3g} ≤ 2/L = {bound:.3g}, but its momentum overshot"


class DivergenceNote(QObject):
    """Keeps the note of `lab`'s diverged solvers in the lower-left corner of `canvas`'s plot."""

    def __init__(self, lab: Lab, canvas: pg.PlotWidget):
        super().__init__(canvas)
        self.lab = lab
        self.view = canvas.getViewBox()
        self.item = pg.TextItem(anchor=(0, 1), fill=pg.mkBrush(255, 255, 255, 225))  # readable over data
        self.item.setFont(base_font())
        self.item.setParentItem(self.view)  # in the plot's pixels: it stays in its corner when panning
        self.item.setZValue(20)
        self.item.hide()
        self.lines: list[str] = []
        self.view.sigResized.connect(self._place)
        lab.player.position_changed.connect(self._on_position_changed)
        lab.race.started.connect(self._on_race_changed)
        lab.race.solver_finished.connect(self._on_race_changed)

    @Slot(int)
    def _on_position_changed(self, position: int) -> None:
        self._update(position)

    @Slot()
    @Slot(str)
    def _on_race_changed(self, *_args) -> None:
        self._update(self.lab.position)

    def _update(self, position: int) -> None:
        """One line per solver whose playback reached the step where it diverged."""
        lab = self.lab
        lines, rows = [], []
        for key in lab.solver_keys():
            text = divergence_text(lab.solver_label(key), lab.results.get(key)) if lab.at_end(key, position) else None
            if text is None:
                continue
            lines.append(text)
            color = lab.solver_color(key).name()
            rows.append(f'<span style="color: {color}; font-weight: 600;">{html.escape(text)}</span>')
        if lines == self.lines:
            return
        self.lines = lines
        self.item.setHtml("<br>".join(rows))
        self.item.setVisible(bool(lines))
        self._place()

    def _place(self, *_args) -> None:
        """Lower-left corner; wrapped to the plot's width when a line is longer than that."""
        width = max(self.view.width() - 2 * MARGIN, 50.0)
        self.item.setTextWidth(-1)
        if self.item.textItem.boundingRect().width() > width:
            self.item.setTextWidth(width)
        self.item.setPos(MARGIN, self.view.height() - MARGIN)


def install_divergence_note(window) -> DivergenceNote:
    """The note on the window's canvas, following its Lab."""
    return DivergenceNote(window.lab, window.canvas)

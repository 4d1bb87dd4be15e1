"""The live sum-of-squares bars: one per checked solver at the player's step, one for My line,
and the least value of the distance being added up as the mark to beat (least squares, total
least squares or least Σ|r|: `measures.best_of_distance`). Each number is what `measures.measure` says:
for the vertical distance exactly the loss (the height on the loss surface).

In the corner of the canvas with the fewest points; on a plot too small for the box (a projector
at twice the font) the same numbers go in a line of words under the plot instead.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QSizePolicy

from ...data.canvas_density import DENSITY_THRESHOLD
from ...lab import Lab
from ...look.style import REFERENCE_COLOR
from ..guess.look import MY_LINE_COLOR
from . import measures
from .bar_chart import BarRow, BarsPlacer, SumBars, number_text
from .pictures import problem_on_screen

#: The box leaves the plot when it would take more than this share of the plot's width or height.
MAX_SHARE = (0.6, 0.6)
MY_LINE = "My line"
#: Names up to this many letters are kept on one line in the strip.
SHORT_NAME = 20


class SumStrip(QLabel):
    """The bars' numbers in words, under the plot, while the plot has no room for the box."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sum-of-squares-strip")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_rows(self, title: str, rows: list[BarRow]) -> None:
        cells = [f'<span style="color:{row.color}">■</span>&nbsp;{_unbroken(html.escape(row.name))}'
                 f"&nbsp;<b>{number_text(row.value)}</b>" for row in rows]
        self.setText(f"{html.escape(title)}:&nbsp; " + "&nbsp;&nbsp;&nbsp; ".join(cells))


def _unbroken(name: str) -> str:
    """A short name stays on one line ("My line"); a long one may wrap rather than overflow."""
    return name.replace(" ", "&nbsp;") if len(name) <= SHORT_NAME else name


class SumBarsOverlay(QObject):
    """Keeps the bars of `lab` on `canvas`, or in `strip` when the canvas is too small."""

    def __init__(self, lab: Lab, canvas, strip: SumStrip):
        super().__init__(canvas)
        self.lab, self.canvas, self.strip = lab, canvas, strip
        self.view = canvas.getViewBox()
        self.bars = SumBars()
        self.bars.setParentItem(self.view)
        self.bars.setZValue(15)
        self.bars.hide()
        self.placer = BarsPlacer(canvas.plotItem, self.bars, canvas.legend)
        canvas.interaction.shielding_items.append(self.bars)  # a click on the box adds no point
        self.title, self.rows = "", []
        self._best_cache: tuple[object, np.ndarray] | None = None
        self._best_value: tuple[object, str, tuple[str, float]] | None = None  # (problem, distance, mark)
        self.view.sigResized.connect(self._fit)
        canvas.legend_changed.connect(self.placer.schedule)
        for signal in (lab.player.position_changed, lab.race.started, lab.race.traces_grew, lab.race.finished,
                       lab.race.solver_finished, lab.focus_changed, lab.data_changed, lab.residuals.changed,
                       lab.guess.changed):
            signal.connect(self._on_something_changed)

    @Slot()
    @Slot(object)
    def _on_something_changed(self, *_args) -> None:
        self.update()

    def update(self) -> None:
        lab = self.lab
        if lab.closing or self.canvas.plotItem is None:
            return
        problem = problem_on_screen(lab) if lab.residuals.sum_bars else None
        if problem is not None and problem.n > DENSITY_THRESHOLD:
            problem = None  # the pictures' caption says why
        self.rows = [] if problem is None else self._rows(problem)
        if not self.rows:
            self.title = ""
            self.bars.hide()
            self.strip.hide()
            return
        self.bars.show_rows(self.title, self.rows[:-1], self.rows[-1])
        self._fit()

    def _rows(self, problem) -> list[BarRow]:
        lab, distance = self.lab, self.lab.residuals.distance
        best_theta = self._best_theta(problem)
        rows = []
        for key, theta in lab.current_thetas(lab.position).items():
            if theta is None or np.size(theta) != problem.p or not np.all(np.isfinite(theta)):
                continue
            rows.append(BarRow(lab.solver_label(key), measures.measure(problem, theta, distance),
                               lab.solver_color(key).name()))
        guess = lab.guess.theta
        if guess is not None and guess.size == problem.p:
            rows.append(BarRow(MY_LINE, measures.measure(problem, guess, distance), MY_LINE_COLOR, dashed=True))
        self.title = measures.measure_words(problem, best_theta, distance)
        rows.append(BarRow(*self._best(problem, best_theta, distance), REFERENCE_COLOR))
        return rows

    def _best(self, problem, least_squares: np.ndarray, distance: str) -> tuple[str, float]:
        """The mark to beat for this distance, once per problem and distance (an LP for Σ|r|)."""
        if self._best_value is None or self._best_value[0] is not problem or self._best_value[1] != distance:
            self._best_value = (problem, distance, measures.best_of_distance(problem, distance, least_squares))
        return self._best_value[2]

    def _best_theta(self, problem) -> np.ndarray:
        """lstsq on the points on screen, once per problem (the race's reference when it is the same)."""
        if self._best_cache is None or self._best_cache[0] is not problem:
            reference = self.lab.race.reference
            if problem is self.lab.problem and reference is not None and reference.theta is not None:
                theta = np.asarray(reference.theta, dtype=float)
            else:
                theta = measures.least_squares_theta(problem)
            self._best_cache = (problem, theta)
        return self._best_cache[1]

    def _fit(self, *_args) -> None:
        """The box in the plot when it has room, else the strip under it."""
        if not self.rows:
            return
        room = self.view.width() * MAX_SHARE[0], self.view.height() * MAX_SHARE[1]
        inside = self.bars.width() <= room[0] and self.bars.height() <= room[1]
        self.bars.setVisible(inside)
        self.strip.setVisible(not inside)
        if inside:
            self.placer.schedule()
        else:
            self.strip.show_rows(self.title, self.rows)


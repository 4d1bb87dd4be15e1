"""My line and the kept guesses on the loss surface: a dot at each guess's θ (its two
coefficients, or where it projects onto the plane shown when p > 2), named, moving live while
the line is dragged; the ★ of the minimum waits for Reveal while a classroom round is open."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ...look.style import base_font
from ..guess.look import KEPT_COLOR, MY_LINE_COLOR

#: Above the solvers' paths and points (z ≤ 6): the class looks for its own guess first.
Z_GUESSES = 7
MY_LINE_NAME = "My line"


def _name_item(plot: pg.PlotItem, color: str, z: float = Z_GUESSES + 0.5) -> pg.TextItem:
    item = pg.TextItem(color=color, anchor=(-0.2, 1.1), fill=pg.mkBrush(255, 255, 255, 190))
    font = base_font(10)
    font.setBold(True)
    item.setFont(font)
    item.setZValue(z)
    plot.addItem(item)
    return item


class GuessMarks:
    """The guesses' dots and names in one pane's plot (items built once, names pooled)."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.current = pg.ScatterPlotItem(size=18, pen=pg.mkPen("w", width=2), brush=pg.mkBrush(MY_LINE_COLOR))
        self.kept = pg.ScatterPlotItem(size=13, pen=pg.mkPen(MY_LINE_COLOR, width=1.5), brush=pg.mkBrush(KEPT_COLOR))
        for item in (self.current, self.kept):
            item.setZValue(Z_GUESSES)
            plot.addItem(item)
        self.current_name = _name_item(plot, MY_LINE_COLOR, Z_GUESSES + 1)  # over a kept guess's name
        self.names: list[pg.TextItem] = []
        self.clear()

    def clear(self) -> None:
        self.current.setData(pos=np.empty((0, 2)))
        self.kept.setData(pos=np.empty((0, 2)))
        self.current_name.hide()
        for name in self.names:
            name.hide()

    def draw(self, current: np.ndarray | None, kept: list[tuple[str, np.ndarray]]) -> None:
        """Dots at the picture points: `current` (My line's, or None) and each kept (name, point)."""
        if current is None:
            self.current.setData(pos=np.empty((0, 2)))
            self.current_name.hide()
        else:
            self.current.setData(pos=[tuple(current)])
            self.current_name.setText(MY_LINE_NAME)
            self._place(self.current_name, current, above=True)
        self.kept.setData(pos=np.array([point for _name, point in kept]).reshape(-1, 2))
        while len(self.names) < len(kept):
            self.names.append(_name_item(self.plot, "#4A148C"))
        for item, (name, point) in zip(self.names, kept):
            item.setText(name)
            self._place(item, point, above=False)
        for item in self.names[len(kept):]:
            item.hide()

    def _place(self, item: pg.TextItem, point, *, above: bool) -> None:
        """Beside its dot, on the side facing the middle of the picture (a name never leaves it):
        My line's name above its dot and the kept guesses' below theirs, so close dots keep both
        names readable (unless the dot is near that edge)."""
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        right = point[0] > (x0 + x1) / 2
        near_top, near_bottom = point[1] > y1 - 0.15 * (y1 - y0), point[1] < y0 + 0.15 * (y1 - y0)
        up = (above and not near_top) or near_bottom
        item.setAnchor((1.15 if right else -0.15, 1.1 if up else -0.1))
        item.setPos(float(point[0]), float(point[1]))
        item.show()

    def current_position(self) -> np.ndarray | None:
        """Where My line's dot is drawn (tests)."""
        x, y = self.current.getData()
        return None if x is None or not len(x) else np.array([x[0], y[0]])

    def kept_positions(self) -> dict[str, np.ndarray]:
        x, y = self.kept.getData()
        names = [item.toPlainText() for item in self.names if item.isVisible()]
        return {name: np.array([x[i], y[i]]) for i, name in enumerate(names)}


def round_open(guess) -> bool:
    """A classroom round is on (a guess shown or kept) and the answer not yet revealed."""
    return (guess.active or bool(guess.kept)) and not guess.revealed


class SurfaceGuesses:
    """The guesses' marks in every pane of the loss-surface view."""

    def __init__(self, panes):
        self.marks = {pane: GuessMarks(pane.plot) for pane in panes}

    def draw(self, guess, problem, loss, theta_min, shown_panes) -> None:
        """A dot at My line's θ and at each kept guess (those of this problem's size), the picture
        grown to take them; the ★ waits for Reveal while a round is open."""
        thetas = [("", guess.theta)] if guess.theta is not None and guess.theta.size == problem.p else []
        thetas += [(kept.name, kept.theta) for kept in guess.kept if kept.theta.size == problem.p]
        for pane, marks in self.marks.items():
            pane.minimum.setVisible(not round_open(guess))
            if pane.frame is None or not thetas:
                marks.clear()
                continue
            stacked = np.array([theta for _name, theta in thetas])
            points = pane._on_plot(loss, pane.frame.project(stacked), stacked)
            if pane in shown_panes and pane.frame.k == 2 and pane.include(points):
                pane.draw_surface(loss, theta_min)
            current = points[0] if thetas[0][0] == "" else None
            marks.draw(current, [(name, point) for (name, _theta), point in zip(thetas, points) if name])

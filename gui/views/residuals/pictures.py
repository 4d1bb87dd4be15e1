"""The residuals on the canvas: a segment from each point to the focused solver's curve at the
player's step (in its colour), My line's segments (dashed, neutral), and each squared residual
drawn as a square of area r² in data units, translucent in the solver's colour.

Squares and equal scales. A square of side |r| is a square on screen only when one unit of x
is as long as one unit of y, so while squares (or perpendicular segments, whose right angle has
the same need) are shown the canvas locks its aspect ratio to 1 (pyqtgraph's setAspectLocked),
and unlocks it, back to the view the user had, when they go. We chose the lock over a second,
linked equal-aspect view: the class keeps looking at the one picture of its points, and a
student's square is drawn on the very segment it squares. The lock is honest only when x and y
spread over comparable ranges. On Filip (x over ~6, y over ~0.2) or Longley (10³ apart) an
equal-aspect canvas would be a flat strip with invisible squares, and unequal scales would draw
rectangles that only pretend to be squares; there the canvas keeps its scales, draws no squares
and says why in words, and the bars still show their sum.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem

from ...data.canvas_density import DENSITY_THRESHOLD
from ...lab import Lab
from ...look.style import base_font
from ..guess.look import MY_LINE_COLOR
from . import geometry
from .measures import drawn_distance, trust_of_weights

#: Equal scales are used only while x and y spread over ranges at most this many times apart.
MAX_SPAN_RATIO = 8.0
#: Drawn under the curves (z 5) and the points (z 10), over the grid; My line's dashes over the
#: solver's segments, which share their x when both are vertical.
Z_SQUARES, Z_SEGMENTS, Z_GUESS_SEGMENTS = 1, 2, 3
GUESS_COLOR = QColor(MY_LINE_COLOR)  # My line's own colour, as on the canvas and the surface
SQUARE_FILL_ALPHA = 55
#: The caption's distance from the bottom of the plot, in pixels.
MARGIN = 8


def problem_on_screen(lab: Lab):
    """The problem whose points are on the canvas and whose θ the run gives: the points as they are
    now (a dragged point's square follows it), with the run's model; None when there is no curve."""
    run, data = lab.problem, lab.data_problem
    if run is None or run.degree is None:
        return None
    if data is not None and data.degree == run.degree and data.intercept == run.intercept:
        return data
    return run


class ResidualPictures(QObject):
    """Keeps the residual segments and squares of `lab` on `canvas` (a PointCanvas)."""

    def __init__(self, lab: Lab, canvas):
        super().__init__(canvas)
        self.lab, self.canvas = lab, canvas
        self.view = canvas.getViewBox()
        self.segments_item = pg.PlotDataItem(connect="pairs")
        guess_pen = pg.mkPen(GUESS_COLOR, width=1.5)
        guess_pen.setDashPattern([4.0, 3.0])
        self.guess_segments_item = pg.PlotDataItem(connect="pairs", pen=guess_pen)
        self.squares_item = QGraphicsPathItem()
        for item, z in ((self.squares_item, Z_SQUARES), (self.segments_item, Z_SEGMENTS),
                        (self.guess_segments_item, Z_GUESS_SEGMENTS)):
            item.setZValue(z)
            item.setEnabled(False)  # clicks go through to the ViewBox, which edits the points
            self.view.addItem(item, ignoreBounds=True)
            item.hide()
        self.caption = pg.TextItem(anchor=(0.5, 1), fill=pg.mkBrush(255, 255, 255, 225))
        self.caption.setFont(base_font())
        self.caption.setParentItem(self.view)  # in the plot's pixels, like the divergence note
        self.caption.setZValue(20)
        self.caption.hide()
        self.caption_text = ""
        self.square_corners = np.empty((0, 4, 2))  # the squares drawn now, in data units
        self.aspect_locked = False
        self._range_before_lock = None
        self._color_key = None
        self.view.sigResized.connect(self._place_caption)
        lab.data_changed.connect(self._on_data_changed)
        for signal in (lab.player.position_changed, lab.race.started, lab.race.traces_grew, lab.race.finished,
                       lab.race.solver_finished, lab.focus_changed, lab.residuals.changed, lab.guess.changed):
            signal.connect(self._on_something_changed)

    @Slot()
    @Slot(object)
    def _on_something_changed(self, *_args) -> None:
        self.update()

    @Slot(object)
    def _on_data_changed(self, _problem) -> None:
        self._range_before_lock = None  # new points: leaving equal scales shows them all, not the old view
        self.update()

    # ---- drawing -----------------------------------------------------------------------------
    def update(self) -> None:
        """Draw what `lab.residuals` asks for at the player's step."""
        if self.lab.closing or self.canvas.plotItem is None:
            return
        options, problem = self.lab.residuals, problem_on_screen(self.lab)
        wanted = options.segments or options.squares
        notes = []
        key = self.lab.focus_key()
        theta = self.lab.current_thetas(self.lab.position).get(key) if key else None
        if theta is not None and not np.all(np.isfinite(theta)):
            theta = None
        if problem is not None and problem.n > DENSITY_THRESHOLD and (wanted or options.sum_bars):
            notes.append(f"Residuals are not drawn above {DENSITY_THRESHOLD:,} points: too many to see one by one.")
            problem = None
        if wanted and problem is not None and options.distance == "perpendicular" and theta is not None \
                and drawn_distance(problem, theta, "perpendicular") == "vertical":
            notes.append("Perpendicular distances are drawn for straight lines only: vertical ones here.")
        squares_fit = problem is not None and _spans_comparable(problem.x, problem.y)
        if options.squares and problem is not None and theta is not None and not squares_fit:
            notes.append(_unequal_scales_note(problem.x, problem.y))
        if options.squares and options.distance == "absolute" and problem is not None:
            notes.append("Least absolute deviations makes Σ|r| small (the segments' lengths), not the squares.")
        self._draw(problem if wanted else None, key, theta, squares_fit)
        self._draw_guess(problem if options.segments else None)
        # on the toggles and the data only, not on θ: a new run's first frames must not make the view jump
        perpendicular_lines = options.segments and options.distance == "perpendicular" and problem is not None \
            and problem.degree == 1
        self._lock_aspect(squares_fit and (options.squares or perpendicular_lines))
        self._show_weights(key)
        self._set_caption(" ".join(notes))

    def _feet(self, problem, theta, distance: str):
        """Where each point's segment meets the curve, and the side its square goes."""
        x, y = problem.x, problem.y
        if drawn_distance(problem, theta, distance) == "perpendicular":
            a, b = geometry.line_of(theta, problem.intercept)
            foot_x, foot_y = geometry.perpendicular_feet(a, b, x, y)
            return foot_x, foot_y, 1.0
        foot_x, foot_y = geometry.vertical_feet(theta, x, problem.intercept)
        return foot_x, foot_y, geometry.away_from_curve(theta, x, problem.intercept)

    def _draw(self, problem, key, theta, squares_fit: bool) -> None:
        options = self.lab.residuals
        if problem is None or theta is None:
            self.segments_item.hide()
            self._set_squares(np.empty((0, 4, 2)))
            return
        foot_x, foot_y, side = self._feet(problem, theta, options.distance)
        self._set_color(self.lab.solver_color(key))
        if options.segments:
            self.segments_item.setData(*geometry.segments(problem.x, problem.y, foot_x, foot_y))
            self.segments_item.show()
        else:
            self.segments_item.hide()
        corners = np.empty((0, 4, 2))
        if options.squares and squares_fit:
            corners = geometry.squares_on(problem.x, problem.y, foot_x, foot_y, side)
        self._set_squares(corners)

    def _draw_guess(self, problem) -> None:
        guess = self.lab.guess.theta
        if problem is None or guess is None or guess.size != problem.p:
            self.guess_segments_item.hide()
            return
        foot_x, foot_y, _side = self._feet(problem, guess, self.lab.residuals.distance)
        self.guess_segments_item.setData(*geometry.segments(problem.x, problem.y, foot_x, foot_y))
        self.guess_segments_item.show()

    def _set_color(self, color: QColor) -> None:
        if color.rgb() == self._color_key:
            return
        self._color_key = color.rgb()
        line = QColor(color)
        line.setAlpha(200)
        self.segments_item.setPen(pg.mkPen(line, width=2))
        fill = QColor(color)
        fill.setAlpha(SQUARE_FILL_ALPHA)
        self.squares_item.setBrush(pg.mkBrush(fill))
        outline = pg.mkPen(line, width=1)
        outline.setCosmetic(True)
        self.squares_item.setPen(outline)

    def _set_squares(self, corners: np.ndarray) -> None:
        """One path of closed squares, all turning the same way, so overlaps stay filled."""
        self.square_corners = corners
        if not corners.size:
            self.squares_item.hide()
            return
        corners = corners.copy()
        u, v = corners[:, 1] - corners[:, 0], corners[:, 3] - corners[:, 0]
        turning = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]  # the 2-D cross product: which way round
        corners[turning < 0] = corners[turning < 0][:, ::-1]
        closed = np.concatenate([corners, corners[:, :1]], axis=1)  # back to the first corner
        connect = np.tile([1, 1, 1, 1, 0], len(corners)).astype(bool)
        path = pg.arrayToQPath(closed[:, :, 0].ravel(), closed[:, :, 1].ravel(), connect=connect)
        path.setFillRule(Qt.FillRule.WindingFill)
        self.squares_item.setPath(path)
        self.squares_item.show()

    def squares_path(self) -> QPainterPath:
        return self.squares_item.path()

    # ---- equal scales, weights and the caption -------------------------------------------------------
    def _lock_aspect(self, lock: bool) -> None:
        if lock == self.aspect_locked:
            return
        self.aspect_locked = lock
        if lock:
            self._range_before_lock = self.view.viewRange()
            self.view.setAspectLocked(True, ratio=1.0)
            self.canvas.auto_range()  # every point in view at equal scales
        else:
            self.view.setAspectLocked(False)
            if self._range_before_lock is None:
                self.canvas.auto_range()
            else:
                (x0, x1), (y0, y1) = self._range_before_lock
                self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _show_weights(self, key: str | None) -> None:
        """Least absolute deviations by IRLS: each point as opaque as its step's weight says it is
        trusted (measures.trust_of_weights)."""
        weights = None
        if key == "lad" and self.lab.residuals.distance == "absolute":
            step = self.lab.step_at(key, self.lab.position)
            weights = None if step is None else (step.detail or {}).get("weights")
        self.canvas.set_point_opacity(None if weights is None else trust_of_weights(weights))

    def _set_caption(self, text: str) -> None:
        if text == self.caption_text:
            return
        self.caption_text = text
        self.caption.setText(text, color="#222222")
        self.caption.setVisible(bool(text))
        self._place_caption()

    def _place_caption(self, *_args) -> None:
        """Centred at the bottom of the plot, wrapped to 60 % of its width."""
        width = max(self.view.width() * 0.6, 120.0)
        self.caption.setTextWidth(-1)
        if self.caption.textItem.boundingRect().width() > width:
            self.caption.setTextWidth(width)
        self.caption.setPos(self.view.width() / 2, self.view.height() - MARGIN)


def _spread(values: np.ndarray) -> float:
    return float(np.ptp(values)) if values.size else 0.0


def _spans_comparable(x: np.ndarray, y: np.ndarray) -> bool:
    sx, sy = _spread(x), _spread(y)
    if min(sx, sy) == 0.0:
        return True  # one flat direction: the other sets the scale
    return max(sx, sy) / min(sx, sy) <= MAX_SPAN_RATIO


def _unequal_scales_note(x: np.ndarray, y: np.ndarray) -> str:
    sx, sy = _spread(x), _spread(y)
    ratio = max(sx, sy) / max(min(sx, sy), np.finfo(float).tiny)
    return (f"No squares here: x spreads over {sx:.3g} and y over {sy:.3g}, {ratio:.3g} times apart. "
            "At equal scales the points would be a flat strip, and at these scales a square would look "
            "like a long rectangle. The bars still show their sum.")

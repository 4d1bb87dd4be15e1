"""One plot of the loss surface (`SurfacePane`): heat map, contour lines, the minimum, and
every solver's path across it. The loss-surface view shows one pane in original units and,
optionally, one in standardised coordinates beside it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from engine.surface import Frame, GramLoss, contour_segments, log_levels

from ...look.style import base_font
from .fitting import FittingAxis, keep_title_inside
from .iterate_marks import IterateMarks

GRID = (200, 200)
CURVE_POINTS = 400
#: The picture extends this fraction beyond the minimum, the starts and the paths.
PAD = 0.15
CONTOURS = 12
ARROW_PX = 60
HEAD_PX = 12
#: Light colours, low loss palest, so the solvers' colours stay readable on top.
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], ["#FFFBEA", "#A9CCE3", "#4A6F96"])
CONTOUR_PEN = pg.mkPen("#505050", width=1)
CURVE_PEN = pg.mkPen("#333333", width=2)
LABEL_STYLE = {"font-size": "11pt"}


class SurfacePane:
    """One plot of the loss in one Frame: heat map, contour lines, the minimum, and every
    solver's path, point, arrows and (annealing) rejected proposals; items built once."""

    #: Rejected proposals shown: those of the last TRAIL recorded steps.
    TRAIL = 300

    def __init__(self, title: str, *, aspect_locked: bool = False):
        self.widget = pg.PlotWidget(axisItems={"bottom": FittingAxis("bottom"), "left": FittingAxis("left")})
        # 200 px high at the least: with the classroom bar's row at twice the font the surface beside the
        # canvas must still fit a 720-pixel projector (240 made the window 731 px tall)
        self.widget.setMinimumSize(260, 200)
        self.plot = self.widget.getPlotItem()
        self.plot.setTitle(title, size="11pt")
        self.plot.hideButtons()
        for name in ("bottom", "left"):
            self.plot.getAxis(name).setTickFont(base_font())
            self.plot.getAxis(name).enableAutoSIPrefix(False)  # "×0.001" beside a B confuses
        self.aspect_locked = aspect_locked
        self.widget.setAspectLocked(aspect_locked)
        self.view = self.widget.getViewBox()
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=COLORMAP, interactive=False,
                                   width=14, colorMapMenu=False)
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.bar.axis.setTickFont(base_font())
        self.bar.axis.enableAutoSIPrefix(False)
        self.bar.axis.setLabel("log₁₀ loss", **LABEL_STYLE)
        self.bar.axis.setWidth(None)  # the bar fixes 45 px; wide tick labels would run into the label
        self.bar.axis.geometryChanged.connect(lambda: keep_title_inside(self.bar.axis))
        self.contours = pg.PlotDataItem(pen=CONTOUR_PEN, connect="pairs")
        self.curve = pg.PlotDataItem(pen=CURVE_PEN)
        self.minimum = pg.ScatterPlotItem(symbol="star", size=26, pen=pg.mkPen("k", width=1.2),
                                          brush=pg.mkBrush("w"))
        self.minimum.setZValue(4)  # under the solvers' points: a direct method sits on it
        for item in (self.contours, self.curve, self.minimum):
            self.plot.addItem(item)
        self.frame: Frame | None = None
        self.anchor: np.ndarray | None = None
        self.box: tuple[np.ndarray, np.ndarray] | None = None
        self.cap: tuple[np.ndarray, np.ndarray] | None = None
        self.grid: tuple[np.ndarray, np.ndarray | None, np.ndarray] | None = None
        self.checked: dict[str, int] = {}
        self.items: dict[str, dict[str, pg.GraphicsObject]] = {}
        self._pool: list[dict[str, pg.GraphicsObject]] = []

    def show_title(self, on: bool) -> None:
        """Show or fold away the title row (pyqtgraph caps it at 30 px: too short for a doubled font)."""
        title = self.plot.titleLabel
        title.setVisible(on)
        title.setMaximumHeight(16777215 if on else 0)
        title.setMinimumHeight(0)

    def set_solvers(self, keys: list[str], colors: list) -> None:
        """Give each solver of the new run a set of items in its colour. Item sets are reused
        from run to run, never removed: a removed Qt item would be left to Python's garbage
        collector, which may run in the worker thread (Qt objects must die in the GUI thread)."""
        while len(self._pool) < len(keys):
            items = {"path": pg.PlotDataItem(),
                     "marker": pg.ScatterPlotItem(size=14, pen=pg.mkPen("w", width=1.5)),
                     "gradient": pg.PlotDataItem(connect="pairs"),
                     "velocity": pg.PlotDataItem(connect="pairs"),
                     "rejected": pg.ScatterPlotItem(symbol="x", size=8)}
            items["marker"].setZValue(5)
            for item in items.values():
                self.plot.addItem(item)
            items["marks"] = IterateMarks(self.plot)  # numbered dots and the escape arrow
            self._pool.append(items)
        self.items = {}
        for slot, items in enumerate(self._pool):
            for name in ("path", "gradient", "velocity"):
                items[name].setData([], [])
            for name in ("marker", "rejected"):
                items[name].setData(pos=np.empty((0, 2)))
            items["marks"].clear()
            if slot >= len(keys):
                continue
            color = colors[slot]
            items["marks"].set_color(color)
            items["path"].setPen(pg.mkPen(color, width=2))
            items["marker"].setBrush(pg.mkBrush(color))
            items["gradient"].setPen(pg.mkPen(color, width=2.5))
            items["velocity"].setPen(pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine))
            items["rejected"].setPen(pg.mkPen(color))
            items["rejected"].setBrush(pg.mkBrush(color))
            self.items[keys[slot]] = items

    # ---- the range: around the minimum, the starts and the paths ---------------------------------
    def reset_box(self, points: np.ndarray) -> None:
        points = points[np.all(np.isfinite(points), axis=1)]
        low, high = points.min(axis=0), points.max(axis=0)
        centre, half = (low + high) / 2, (high - low) / 2
        for i in range(len(half)):
            if not half[i] > 1e-12 * max(abs(centre[i]), 1e-300):
                half[i] = 0.5 * abs(centre[i]) if centre[i] else (half.max() if half.max() > 0 else 1.0)
        self.box = (centre - half, centre + half)
        self.cap = (centre - 5 * half, centre + 5 * half)  # a diverging path does not stretch the picture
        self.checked = {}

    def extend_cap(self, points: np.ndarray) -> None:
        """Let the picture reach these points too (the first steps of every path: a run that
        diverges shows where it went before the arrow at the edge takes over)."""
        points = points[np.all(np.isfinite(points), axis=1)]
        if self.cap is None or not len(points):
            return
        low, high = np.minimum(self.cap[0], points.min(axis=0)), np.maximum(self.cap[1], points.max(axis=0))
        extra = 0.05 * (high - low)
        self.cap = (np.minimum(self.cap[0], low - extra), np.maximum(self.cap[1], high + extra))

    def include(self, points: np.ndarray) -> bool:
        """Grow the range to take these points (clipped to the cap); True if it grew."""
        points = points[np.all(np.isfinite(points), axis=1)]
        if self.box is None or not len(points):
            return False
        points = np.clip(points, *self.cap)
        low, high = np.minimum(self.box[0], points.min(axis=0)), np.maximum(self.box[1], points.max(axis=0))
        if np.array_equal(low, self.box[0]) and np.array_equal(high, self.box[1]):
            return False
        extra = 0.1 * (high - low)
        self.box = (np.maximum(low - extra, self.cap[0]), np.minimum(high + extra, self.cap[1]))
        return True

    # ---- the surface -------------------------------------------------------------------------------
    def draw_surface(self, loss: GramLoss, theta_min: np.ndarray) -> None:
        frame = self.frame
        centre = (self.box[0] + self.box[1]) / 2
        half = (self.box[1] - self.box[0]) / 2 * (1 + PAD)
        if self.aspect_locked and frame.k == 2:  # equal units, so a round bowl looks round: fill the view
            half = np.full_like(half, half.max())
            self.view.setRange(xRange=(centre[0] - half[0], centre[0] + half[0]),
                               yRange=(centre[1] - half[1], centre[1] + half[1]), padding=0)
            (x0, x1), (y0, y1) = self.view.viewRange()
            centre, half = np.array([x0 + x1, y0 + y1]) / 2, np.array([x1 - x0, y1 - y0]) / 2
        star = frame.project(theta_min)
        self.image.setVisible(frame.k == 2)
        self.bar.setVisible(frame.k == 2)
        if frame.k == 1:
            u = np.linspace(-half[0], half[0], CURVE_POINTS)
            values = loss.plane(frame.lift(centre, self.anchor), frame.axes, (u,))
            x = centre[0] + u
            self.grid = (x, None, values)
            self.curve.setData(x, values)
            self.contours.setData([], [])
            self.minimum.setData(pos=[(star[0], float(loss.at(theta_min)))])
            self.plot.setLabel("left", "loss", **LABEL_STYLE)
            self.plot.setLabel("bottom", frame.labels[0], **LABEL_STYLE)
            self.view.setRange(xRange=(x[0], x[-1]), yRange=(min(0.0, values.min()), values.max() * 1.05),
                               padding=0)
            return
        u = np.linspace(-half[0], half[0], GRID[0])
        v = np.linspace(-half[1], half[1], GRID[1])
        values = loss.plane(frame.lift(centre, self.anchor), frame.axes, (u, v))
        x, y = centre[0] + u, centre[1] + v
        self.grid = (x, y, values)
        top = float(values.max())
        shade = np.log10(np.maximum(values, top * 1e-10 if top > 0 else 1e-300))
        self.image.setImage(shade, autoLevels=False)
        dx, dy = x[1] - x[0], y[1] - y[0]
        self.image.setRect(QRectF(x[0] - dx / 2, y[0] - dy / 2, dx * len(x), dy * len(y)))
        low, high = float(shade.min()), float(shade.max())
        self.bar.setLevels((low, high if high > low else low + 1))
        segments = contour_segments(x, y, shade, np.log10(log_levels(values, CONTOURS)))
        self.contours.setData(segments[:, 0], segments[:, 1])
        self.curve.setData([], [])
        self.minimum.setData(pos=[tuple(star)])
        self.plot.setLabel("bottom", frame.labels[0], **LABEL_STYLE)
        self.plot.setLabel("left", frame.labels[1], **LABEL_STYLE)
        self.view.setRange(xRange=(x[0] - dx / 2, x[-1] + dx / 2), yRange=(y[0] - dy / 2, y[-1] + dy / 2), padding=0)

    # ---- a solver ------------------------------------------------------------------------------------
    def _on_plot(self, loss: GramLoss, points: np.ndarray, thetas: np.ndarray | None) -> np.ndarray:
        """Picture coordinates: the projected points, or (B, loss(θ)) when there is one axis."""
        if self.frame.k == 1:
            points = np.column_stack([points[:, 0], loss.at(thetas)])
        if self.cap is not None:  # far outside the picture: kept finite for Qt
            span = self.cap[1] - self.cap[0]
            if self.frame.k == 2:
                points = np.clip(points, self.cap[0] - 10 * span, self.cap[1] + 10 * span)
        return points

    def draw_solver(self, key: str, loss: GramLoss, thetas, path, current, base, vectors, trail,
                    steps=(), reached=None) -> None:
        """`steps[i]` is the k of path row i (for its number); `reached` the (k, loss) of the last row."""
        items = self.items.get(key)
        if items is None or self.frame is None:
            return
        xy = self._on_plot(loss, path, thetas)
        items["path"].setData(xy[:, 0], xy[:, 1])
        items["marks"].draw(xy, steps, reached)
        if current is None:
            items["marker"].setData(pos=np.empty((0, 2)))
        else:
            current = np.asarray(current, dtype=float)
            items["marker"].setData(pos=self._on_plot(loss, self.frame.project(current[None]), current[None]))
        solid, dashed = [], []
        if base is not None and vectors:
            start = self._on_plot(loss, self.frame.project(np.asarray(base)[None]), np.asarray(base)[None])[0]
            for vector, is_gradient in vectors:
                direction = self.frame.direction(vector)
                if self.frame.k == 1:
                    direction = np.array([direction[0], 0.0])
                (solid if is_gradient else dashed).extend(self._arrow(start, direction))
        for name, segments in (("gradient", solid), ("velocity", dashed)):
            segments = np.array(segments).reshape(-1, 2)
            items[name].setData(segments[:, 0], segments[:, 1])
        crosses = self._on_plot(loss, self.frame.project(trail), trail) if len(trail) else np.empty((0, 2))
        items["rejected"].setData(pos=crosses)

    def _arrow(self, start: np.ndarray, direction: np.ndarray) -> list:
        """An arrow of fixed screen length from `start` along `direction`, as segment pairs."""
        pixel = np.array(self.view.viewPixelSize())
        if not np.all(pixel > 0):
            return []
        d = direction / pixel
        norm = float(np.hypot(*d))
        if not np.isfinite(norm) or norm == 0:
            return []
        unit = d / norm
        tip = start + ARROW_PX * unit * pixel
        segments = [start, tip]
        for angle in (np.radians(150), -np.radians(150)):
            c, s = np.cos(angle), np.sin(angle)
            wing = np.array([c * unit[0] - s * unit[1], s * unit[0] + c * unit[1]])
            segments += [tip, tip + HEAD_PX * wing * pixel]
        return segments

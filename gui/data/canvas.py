"""The point canvas: the user's points, the solvers' fitted curves and the reference fit, drawn
with items created once and updated with setData (DESIGN.md, Rendering). The residual pictures
(segments, squares, sums) are an overlay that follows the Lab: gui/views/residuals/."""

from __future__ import annotations

from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextDocumentFragment

from ..look.legend_label import REASON_LINE
from ..look.legend_place import keep_in_emptiest_corner
from ..look.solver_look import FAILED_DASH, SolverLook
from ..look.style import BASE_POINT_SIZE, PALETTE, POINT_COLOR, REFERENCE_COLOR, base_font
from .canvas_density import DENSITY_THRESHOLD, DensityImage
from .canvas_interaction import PointInteraction, PointsViewBox
from .points import PointsModel
from .snap import GridSnap

#: A legend row keeps its reason (why a solver failed) only on a plot at least this many of the
#: legend's characters wide: the class must still see the points beside it.
ROOM_FOR_REASONS = 70
#: On a plot narrower than this many letters of the legend (the longest names are ~25 letters),
#: the legend leaves the plot for a strip under it (gui/data/legend_strip.py).
LEGEND_INSIDE_CHARS = 45
#: Pan and zoom redraw the density (or the symbols in view) once they pause this long.
DENSITY_DELAY_MS = 40
#: Never draw more selection rings than this (the selection itself is not truncated).
MAX_SELECTION_RINGS = DENSITY_THRESHOLD
REFERENCE_LABEL = "lstsq (reference)"
DEFAULT_RANGE = (0.0, 10.0)

#: The reference is a wide faint dashed band under the solver curves: a solver that agrees runs
#: inside the band and keeps its own colour.
_Z_DENSITY, _Z_REFERENCE, _Z_CURVES, _Z_POINTS, _Z_SELECTION = -10, 4, 5, 10, 11
#: A point's opacity is drawn in this many steps (a brush each, built once): enough to read a weight.
OPACITY_LEVELS = 16
#: The faintest a point gets: a weight of 0 still shows where the point is.
MIN_OPACITY = 0.12


def _major_ticks(axis: pg.AxisItem, low: float, high: float) -> list[float]:
    """The values where the axis puts its major labels (its own spacing rules)."""
    if not np.isfinite(low) or not np.isfinite(high) or high <= low:
        return []
    length = max(axis.geometry().width() if axis.orientation in ("bottom", "top") else axis.geometry().height(), 1)
    levels = axis.tickValues(low, high, length)
    return list(levels[0][1]) if levels else []


def _curve_pen(look: SolverLook, failed: bool):
    """The solver's own colour and dash, wide, for an answer; thin with FAILED_DASH (a pattern
    no solver uses) for one that failed, so a wrong curve never looks like a right one."""
    if failed:
        pen = pg.mkPen(look.color, width=2)
        pen.setDashPattern(list(FAILED_DASH))
        return pen
    return pg.mkPen(look.color, width=3, style=look.dash)


class PointCanvas(pg.PlotWidget):
    """Click points onto a plot and watch the fits follow them.

    Mouse: left click on empty space adds a point; left click on a point selects it (Ctrl+click
    toggles); left drag on a point moves it, or all selected points when it is one of them;
    Shift+left drag draws a rubber band that selects (so does a plain left drag when the
    ViewBox menu's mouse mode is "1 button"/rect mode); right click on a point removes it.
    Navigation stays pyqtgraph's: left or middle drag on empty space pans, the wheel and right
    drag zoom, right click on empty space opens the plot menu, the "A" button auto-ranges.
    Keys: Delete/Backspace remove the selected points, Ctrl+A selects all, Escape deselects.
    The view never follows new points on its own (the next click would land elsewhere); call
    auto_range() after loading data. Above DENSITY_THRESHOLD points in view a log-shaded density
    image of the view (a bin per DENSITY_PIXELS screen pixels, every non-empty bin drawn, so no
    point disappears) replaces the symbols; clicks and rubber bands still work, single points
    cannot be dragged until the view is zoomed in to fewer points. Above DENSITY_THRESHOLD points
    in all, pan and zoom recompute this (debounced by DENSITY_DELAY_MS).
    """

    cursor_moved = Signal(float, float)
    """The mouse is over (x, y) in data coordinates (for the status bar)."""
    drag_started = Signal()
    """The user started dragging points (the window pauses live refits)."""
    drag_finished = Signal()
    """The drag ended (the window refits once)."""
    selection_changed = Signal()
    """The set of selected points changed."""
    legend_changed = Signal()
    """A legend row came, went or changed, or the legend moved into or out of the plot."""

    def __init__(self, model: PointsModel, parent=None):
        view_box = PointsViewBox()
        super().__init__(parent, viewBox=view_box)
        self.model = model
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(300, 200)
        self._vb = view_box
        self._vb.disableAutoRange()
        self._setup_axes()
        self.legend = self.plotItem.addLegend(
            offset=(10, 10), labelTextSize="12pt", brush=pg.mkBrush(255, 255, 255, 210), pen=pg.mkPen("#BBBBBB")
        )
        self.legend.hide()
        self._legend_out = False  # True: the plot is too small, the legend is shown under it
        self._x_extent: tuple[float, float] | None = None  # the points' x range, for curve_grid
        self.legend_placer = keep_in_emptiest_corner(self.plotItem, self.legend)  # never over the points
        self._setup_items()
        self._curves: dict[str, pg.PlotDataItem] = {}
        self._curve_colors: dict[str, QColor] = {}
        self.curve_order: list[str] = []  # the solvers' keys in the order the legend lists them
        self._density = False
        self._count = 0
        self._density_timer = QTimer(self)
        self._density_timer.setSingleShot(True)
        self._density_timer.setInterval(DENSITY_DELAY_MS)
        self._density_timer.timeout.connect(self._on_view_settled)
        self._vb.sigRangeChanged.connect(self._schedule_view_update)
        self._vb.sigResized.connect(self._schedule_view_update)
        self._vb.sigResized.connect(self._fit_legend_rows)
        self.legend.geometryChanged.connect(self._fit_legend_rows)  # its font grew (presentation)

        self.interaction = PointInteraction(view_box, model, self)
        self.interaction.shielding_items.append(self.legend)
        self.snap = GridSnap(self.plotItem, self)  # off until switched on (install_snap follows the data)
        self.interaction.snap = self.snap
        self._vb.menu.addSeparator()
        self._vb.menu.addAction(self.snap.action)
        self.interaction.selection_changed.connect(self._on_selection_changed)
        self.interaction.drag_started.connect(self.drag_started)
        self.interaction.drag_finished.connect(self.drag_finished)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        model.changed.connect(self._on_model_changed)
        self.set_title_text("")
        self._update_points()
        self.auto_range()

    def _setup_axes(self) -> None:
        for name, label in (("bottom", "x"), ("left", "y")):
            axis = self.plotItem.getAxis(name)
            axis.setTickFont(base_font(12))
            axis.setLabel(label, **{"font-size": "14pt"})
            axis.setStyle(tickTextOffset=6)
            axis.enableAutoSIPrefix(False)  # real values on the ticks, never "y (x0.001)"
        # room on the right and top so the last tick label is not cut off
        self.plotItem.layout.setContentsMargins(6, 4, 24, 6)
        # Grid lines at the major ticks as one path: pyqtgraph's axis grid and GridItem each cost
        # ~20-30 ms a frame under software rendering, this well under 1 ms.
        self.grid_item = pg.PlotDataItem(pen=pg.mkPen("#E6E6E6", width=1), connect="pairs")
        self.grid_item.setZValue(-100)
        self.plotItem.addItem(self.grid_item, ignoreBounds=True)
        self.plotItem.vb.sigRangeChanged.connect(self._update_grid)

    def _update_grid(self, *_) -> None:
        """Redraw the grid at the axes' major ticks for the current view."""
        (x0, x1), (y0, y1) = self.plotItem.vb.viewRange()
        xs, ys = [], []
        bottom, left = self.plotItem.getAxis("bottom"), self.plotItem.getAxis("left")
        for value in _major_ticks(bottom, x0, x1):
            xs += [value, value]
            ys += [y0, y1]
        for value in _major_ticks(left, y0, y1):
            xs += [x0, x1]
            ys += [value, value]
        self.grid_item.setData(xs, ys)

    def _setup_items(self) -> None:
        self.points_item = pg.ScatterPlotItem(
            size=BASE_POINT_SIZE, pen=pg.mkPen("w", width=1), brush=pg.mkBrush(POINT_COLOR), pxMode=True
        )
        self.selection_item = pg.ScatterPlotItem(
            size=BASE_POINT_SIZE + 9, pen=pg.mkPen(PALETTE[4], width=3), brush=pg.mkBrush(None), pxMode=True
        )
        self.density_item = DensityImage()
        self._opacity: np.ndarray | None = None  # a weight in [0, 1] per point (set_point_opacity)
        self._opacity_brushes: list | None = None
        reference = QColor(REFERENCE_COLOR)
        reference.setAlpha(110)
        reference_pen = pg.mkPen(reference, width=8)
        reference_pen.setDashPattern([1.6, 0.9])
        self.reference_item = pg.PlotDataItem(pen=reference_pen, name=REFERENCE_LABEL)
        self._reference_in_legend = False
        items = (
            (self.density_item, _Z_DENSITY, False),
            (self.reference_item, _Z_REFERENCE, True),
            (self.points_item, _Z_POINTS, False),
            (self.selection_item, _Z_SELECTION, True),
        )
        for item, z, ignore_bounds in items:
            item.setZValue(z)
            item.setEnabled(False)  # clicks go through to the ViewBox, which does the editing
            self._vb.addItem(item, ignoreBounds=ignore_bounds)
        self.density_item.hide()
        self.reference_item.hide()

    # ---- Points
    @property
    def density_mode(self) -> bool:
        """True while the points are drawn as a density image rather than symbols."""
        return self._density

    def _on_model_changed(self) -> None:
        self._x_extent = None
        self.legend_placer.schedule()
        self._prune_selection()
        self._update_points()

    def _update_points(self) -> None:
        x, y = self.model.x, self.model.y
        self._count = x.size
        if x.size > DENSITY_THRESHOLD:
            self._update_in_view(x, y)
        else:
            self._density_timer.stop()
            self._set_density(False)
            brushes = self._point_brushes(x.size)
            self.points_item.setData(x=x, y=y, **({} if brushes is None else {"brush": brushes}))
        self._update_selection()

    def set_point_opacity(self, weights: np.ndarray | None) -> None:
        """Draw each point as opaque as its weight in [0, 1] (IRLS's weights: an outlier it trusts
        less fades); None draws every point fully. Ignored when the count differs from the points'
        or they are drawn as a density."""
        weights = None if weights is None else np.clip(np.asarray(weights, dtype=float).ravel(), 0.0, 1.0)
        if weights is None and self._opacity is None:
            return
        if weights is not None and self._opacity is not None and np.array_equal(weights, self._opacity):
            return
        self._opacity = weights
        if not self._density and self._count <= DENSITY_THRESHOLD:
            self.points_item.setBrush(self._point_brushes(self._count) or pg.mkBrush(POINT_COLOR))

    def point_opacity(self) -> np.ndarray:
        """The opacity each point is drawn with now (1 where no weight is shown)."""
        brushes = self._point_brushes(self._count)
        if brushes is None:
            return np.ones(self._count)
        return np.array([brush.color().alphaF() for brush in brushes])

    def _point_brushes(self, count: int) -> list | None:
        """A brush per point from the opacities set, or None (the one default brush)."""
        if self._opacity is None or self._opacity.size != count:
            return None
        if self._opacity_brushes is None:
            self._opacity_brushes = []
            for level in range(OPACITY_LEVELS):
                color = QColor(POINT_COLOR)
                color.setAlphaF(MIN_OPACITY + (1.0 - MIN_OPACITY) * level / (OPACITY_LEVELS - 1))
                self._opacity_brushes.append(pg.mkBrush(color))
        levels = np.rint(self._opacity * (OPACITY_LEVELS - 1)).astype(np.intp)
        return [self._opacity_brushes[level] for level in levels]

    def _set_density(self, on: bool) -> None:
        self._density = on
        self.interaction.points_grabbable = not on
        if not on:
            self.density_item.hide()

    def _schedule_view_update(self, *_) -> None:
        if self._count > DENSITY_THRESHOLD:
            self._density_timer.start()

    def _on_view_settled(self) -> None:
        if self.plotItem is not None and self._count > DENSITY_THRESHOLD:
            self._update_in_view(self.model.x, self.model.y)

    def _update_in_view(self, x: np.ndarray, y: np.ndarray) -> None:
        """Many points in view: their density; few: their symbols (with a view's width around them,
        so a pan shows points at once, before the debounced update)."""
        (x0, x1), (y0, y1) = self._vb.viewRange()
        visible = (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
        if np.count_nonzero(visible) > DENSITY_THRESHOLD:
            self._set_density(True)
            self.points_item.setData(x=[], y=[])
            self.density_item.show_points(x[visible], y[visible], self._vb.viewPixelSize())
            return
        self._set_density(False)
        wx, wy = x1 - x0, y1 - y0
        near = (x >= x0 - wx) & (x <= x1 + wx) & (y >= y0 - wy) & (y <= y1 + wy)
        if np.count_nonzero(near) > 3 * DENSITY_THRESHOLD:
            near = visible
        self.points_item.setData(x=x[near], y=y[near])

    def density_grid(self) -> tuple[QRectF, tuple[int, int]]:
        """The data rectangle the density image covers and its bins (x, y): the extent of the points
        in view, a bin per DENSITY_PIXELS screen pixels."""
        return self.density_item.grid()

    def auto_range(self) -> None:
        """Fit the view to the points (not to the curves, which may shoot off far away)."""
        if self.model.count == 0:
            self._vb.setRange(xRange=DEFAULT_RANGE, yRange=DEFAULT_RANGE, padding=0)
            return
        x, y = self.model.x, self.model.y
        xr, yr = [float(x.min()), float(x.max())], [float(y.min()), float(y.max())]
        for r in (xr, yr):
            if r[1] <= r[0]:
                r[0], r[1] = r[0] - 1.0, r[1] + 1.0
        self._vb.setRange(xRange=xr, yRange=yr, padding=0.08)

    # ---- Selection
    def selected_indices(self) -> np.ndarray:
        return self.interaction.selected

    def select(self, indices) -> None:
        self.interaction.select(indices)

    def select_all(self) -> None:
        self.interaction.select_all()

    def clear_selection(self) -> None:
        self.interaction.select([])

    def delete_selected(self) -> None:
        self.interaction.delete_selected()

    def _prune_selection(self) -> None:
        """Indices shift when points come and go, so a count change drops the selection."""
        selected = self.interaction.selected
        if selected.size and (self.model.count != self._count or selected[-1] >= self.model.count):
            self.interaction.select([])

    def _on_selection_changed(self) -> None:
        self._update_selection()
        self.selection_changed.emit()

    def _update_selection(self) -> None:
        idx = self.interaction.selected
        if idx.size > MAX_SELECTION_RINGS:
            idx = idx[np.linspace(0, idx.size - 1, MAX_SELECTION_RINGS).astype(np.intp)]
        self.selection_item.setData(x=self.model.x[idx], y=self.model.y[idx])

    def close(self) -> bool:
        """pyqtgraph's close() tears the plot down and fails when called twice (a window's close
        and then pytest-qt's); stop listening to the model before the items go."""
        if self.plotItem is None:
            return True
        self._density_timer.stop()
        self.model.changed.disconnect(self._on_model_changed)
        return super().close()

    # ---- Mouse and keys
    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        if self._vb.sceneBoundingRect().contains(scene_pos):
            p = self._vb.mapSceneToView(scene_pos)
            self.cursor_moved.emit(p.x(), p.y())
            self.interaction.update_cursor(scene_pos)

    def keyPressEvent(self, ev):
        if not self.interaction.handle_key(ev):
            super().keyPressEvent(ev)

    # ---- Curves
    def set_curve(self, key: str, label: str, x, y, look: SolverLook, *, failed: bool = False) -> pg.PlotDataItem:
        """Show a solver's fitted curve and its legend row; the item is created on the first
        call, then reused. Empty `x`, `y` keep the row with no curve (a solver that failed
        without numbers stays in the legend, saying why)."""
        style = (look, failed)
        item = self._curves.get(key)
        if item is None:
            item = pg.PlotDataItem(x, y, pen=_curve_pen(*style), name=label)
            item.setZValue(_Z_CURVES)
            item.setEnabled(False)
            self.plotItem.addItem(item, ignoreBounds=True)
            self._curves[key], self._curve_colors[key] = item, style
            self._order_legend()
            self._update_legend()
            self._fit_legend_rows()
            return item
        item.setData(x, y)
        if style != self._curve_colors[key]:
            item.setPen(_curve_pen(*style))
            self._curve_colors[key] = style
            legend_sample = self.legend_sample(key)
            if legend_sample is not None:
                legend_sample.update()
        if item.name() != label:
            item.opts["name"] = label
            legend_label = self.legend.getLabel(item)
            if legend_label is not None:
                legend_label.setText(self._row_text(label))
                self.legend.updateSize()
                self.legend_changed.emit()
        return item

    @property
    def legend_outside(self) -> bool:
        """True while the plot is too small for its legend: a LegendStrip under it shows the rows."""
        return self._legend_out

    def legend_rows(self) -> list[tuple[str, str]]:
        """(colour name, row text as shown) of every legend row, in order."""
        return [(pg.mkPen(sample.item.opts["pen"]).color().name(), row.text) for sample, row in self.legend.items]

    def _row_text(self, label: str) -> str:
        """A legend row as shown: the whole label, or on a plot too narrow for the reasons (a
        projector at twice the font) only the name with its ✘; the Solvers table keeps the why."""
        if self._legend_is_crowded():
            return label.split(REASON_LINE)[0]
        return label

    def _legend_is_crowded(self) -> bool:
        return bool(self.legend.items) and self._vb.width() < ROOM_FOR_REASONS * self._legend_char_width()

    def _legend_char_width(self) -> float:
        """The average width of a letter of the legend, in pixels (it grows with presentation)."""
        rows = [row for _sample, row in self.legend.items]
        if not rows:
            return 0.0
        font = QFont(rows[0].item.font())
        size = str(rows[0].opts.get("size", "")).removesuffix("pt")
        if size.replace(".", "", 1).isdigit():
            font.setPointSizeF(float(size))
        return QFontMetricsF(font).averageCharWidth()

    def _fit_legend_rows(self, *_) -> None:
        """Every row at the length the plot has room for, and the legend out of a plot too small
        for it even then (called when the plot is resized)."""
        changed = False
        outside = self._legend_is_crowded() and self._vb.width() < LEGEND_INSIDE_CHARS * self._legend_char_width()
        if outside != self._legend_out:
            self._legend_out = outside
            self._update_legend()
        for sample, row in self.legend.items:
            full = sample.item.name() if hasattr(sample.item, "name") else None
            shown = None if full is None else self._row_text(full)
            if shown is not None and row.text != shown:
                row.setText(shown)
                changed = True
        if changed:
            self.legend.updateSize()
            self.legend_changed.emit()

    def legend_text(self, key: str) -> str | None:
        """The legend row of solver `key` as shown, in plain text (None if it has none)."""
        item = self._curves.get(key)
        label = None if item is None else self.legend.getLabel(item)
        return None if label is None else QTextDocumentFragment.fromHtml(label.text).toPlainText()

    def legend_sample(self, key: str):
        item = self._curves.get(key)
        for sample, _label in self.legend.items:
            if sample.item is item:
                return sample
        return None

    def curve_item(self, key: str) -> pg.PlotDataItem | None:
        return self._curves.get(key)

    def curve_keys(self) -> list[str]:
        return list(self._curves)

    def remove_curve(self, key: str) -> None:
        item = self._curves.pop(key, None)
        self._curve_colors.pop(key, None)
        if item is not None:
            self.plotItem.removeItem(item)
            self._update_legend()

    def clear_curves(self) -> None:
        for key in list(self._curves):
            self.remove_curve(key)

    def set_reference_curve(self, x, y) -> None:
        """The exact least-squares fit as a faint dashed line; None hides it."""
        shown = x is not None and y is not None
        if shown:
            self.reference_item.setData(x, y)
        else:
            self.reference_item.setData([], [])
        self.reference_item.setVisible(shown)
        if shown != self._reference_in_legend:
            if shown:
                self.legend.addItem(self.reference_item, self.reference_item.name())
            else:
                self.legend.removeItem(self.reference_item)
            self._reference_in_legend = shown
            self._update_legend()

    def set_reference_label(self, label: str) -> None:
        """Name the reference line in the legend (with constraints it is the free fit, not the answer)."""
        if label == self.reference_item.name():
            return
        self.reference_item.opts["name"] = label
        legend_label = self.legend.getLabel(self.reference_item) if self._reference_in_legend else None
        if legend_label is not None:
            legend_label.setText(self._row_text(label))
            self.legend.updateSize()
            self.legend_changed.emit()

    def _order_legend(self) -> None:
        """The solvers' rows in `curve_order` (the run's order), whichever solver drew first."""
        rank = {key: i for i, key in enumerate(self.curve_order)}
        keys = sorted(self._curves, key=lambda key: rank.get(key, len(rank)))
        if keys == list(self._curves):
            return
        for key in keys:  # to the end of the legend, in order
            item = self._curves.pop(key)
            self.legend.removeItem(item)
            self.legend.addItem(item, self._row_text(item.name()))
            self._curves[key] = item

    def _update_legend(self) -> None:
        """An empty legend is an empty box that would swallow clicks: hide it."""
        self.legend.setVisible(bool(self.legend.items) and not self._legend_out)
        self.legend_placer.schedule()
        self.legend_changed.emit()

    def curve_grid(self, samples: int = 400) -> np.ndarray:
        """x values covering the data and the visible range, to evaluate the fits on."""
        (lo, hi), _ = self._vb.viewRange()
        if self.model.count:
            if self._x_extent is None:  # once per edit, not per frame: a min and a max of 10⁵ x take ~1 ms
                self._x_extent = float(self.model.x.min()), float(self.model.x.max())
            lo, hi = min(lo, self._x_extent[0]), max(hi, self._x_extent[1])
        if hi <= lo:
            lo, hi = lo - 1.0, hi + 1.0
        return np.linspace(lo, hi, samples)

    # ---- Title
    def set_title_text(self, text: str) -> None:
        """A one-line status above the plot, e.g. "n = 4, degree 1, κ = 6.9": cut to the plot's width
        with "…" (the whole sentence in the tooltip). pyqtgraph's title asks for its text's width, so
        a long sentence would widen the plot past the window and move every point under the mouse."""
        label = self.plotItem.titleLabel
        font = QFont(self.font())
        font.setPointSizeF(13.0)
        room = max(int(self.plotItem.vb.width()) if self.plotItem.vb is not None else 0, 120)
        shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, room) if text else ""
        self.plotItem.setTitle(escape(shown, quote=False) or " ", size="13pt", color="#222222")
        label.setMinimumWidth(0)
        label.setToolTip(text if shown != text else "")

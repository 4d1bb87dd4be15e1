"""What the Neural view's experiment pages share: the page protocol, log plots, spin boxes.

A page owns its controls (a row of labelled inputs), its plots, the jobs it hands to the worker
and the drawing of what comes back. The view only picks a page, runs it and forwards batches.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ...look.legend_place import keep_in_emptiest_corner
from ...look.style import PALETTE, base_font
from .worker import ItemBatch, JobDone

#: Values drawn on a log axis are clipped up to this (an exact 0 would be −∞ there).
FLOOR = 1e-17
LEGEND_STYLE = {"offset": (-10, 10), "labelTextSize": "10pt", "brush": pg.mkBrush(255, 255, 255, 220),
                "pen": pg.mkPen("#BBBBBB")}
#: The two random kinds compared by several experiments, in a fixed colour each.
KIND_COLORS = {"orthogonal": PALETTE[0], "gaussian": PALETTE[1]}


def positive(values) -> np.ndarray:
    """Values for a log axis: at least FLOOR, so no log of 0 (NaN stays a gap)."""
    with np.errstate(invalid="ignore"):
        return np.maximum(np.asarray(values, dtype=float), FLOOR)


def plot(x_label: str, y_label: str, *, log_y: bool = False, legend: bool = True) -> pg.PlotWidget:
    """A plot with readable fonts, no context menu; a log y axis without SI prefixes."""
    widget = pg.PlotWidget()
    widget.setMenuEnabled(False)
    widget.showGrid(x=True, y=True, alpha=0.25)
    widget.setLogMode(False, log_y)
    widget.setLabel("left", y_label, **{"font-size": "11pt"})
    widget.setLabel("bottom", x_label, **{"font-size": "11pt"})
    for side in ("left", "bottom"):
        widget.getAxis(side).setTickFont(base_font(10))
        widget.getAxis(side).enableAutoSIPrefix(False)
    widget.setMinimumSize(160, 120)
    if legend:
        keep_in_emptiest_corner(widget, widget.addLegend(**LEGEND_STYLE))  # lives as long as its legend
    return widget


def pen(color: str, *, dashed: bool = False, width: float = 2):
    return pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)


def int_spin(low: int, high: int, value: int, tip: str, step: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def float_spin(low: float, high: float, value: float, tip: str, *, decimals: int = 3,
               step: float = 0.01) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    return box


def combo(items, value: str, tip: str) -> QComboBox:
    box = QComboBox()
    for item in items:
        box.addItem(item, item)
    box.setCurrentIndex(box.findData(value))
    box.setToolTip(tip)
    return box


def check(text: str, checked: bool, tip: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(checked)
    box.setToolTip(tip)
    return box


def clip_to_points(widget: pg.PlotWidget, y: np.ndarray, margin: float = 0.5) -> None:
    """y range: the points' plus `margin` of their span each side, so one wild curve cannot squash the
    data into a line (the curve goes on beyond the frame; the mouse pans and zooms)."""
    y = np.asarray(y, dtype=float)
    if y.size:
        lo, hi = float(y.min()), float(y.max())
        span = hi - lo or max(abs(hi), 1.0)
        widget.setYRange(lo - margin * span, hi + margin * span, padding=0)


class Page:
    """One experiment: `controls` (inputs), `plots` (pictures), `jobs()` for the worker, drawing."""

    key = ""
    label = ""

    def __init__(self):
        self.controls = QWidget()
        self.rows = QVBoxLayout(self.controls)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(2)
        self.row = QHBoxLayout()
        self.rows.addLayout(self.row)
        self.rows.addStretch(1)  # the rows sit at the top whatever the tallest page's height
        self.plots = QWidget()
        self.note = ""  # what the data is, or why a part is missing: shown under the caption

    def add(self, label: str, widget: QWidget) -> QWidget:
        """A labelled input in the controls row."""
        if label:
            self.row.addWidget(QLabel(label))
        self.row.addWidget(widget)
        return widget

    def new_row(self) -> None:
        """Further controls go on a new line."""
        self.end_row()
        self.row = QHBoxLayout()
        self.rows.insertLayout(self.rows.count() - 1, self.row)

    def end_row(self) -> None:
        self.row.addStretch(1)

    # ---- the protocol the view drives
    def caption(self) -> str:
        """What the pictures show and what they do not prove, in a student's words."""
        return ""

    def jobs(self, lab) -> dict:
        """Generators for the worker, built from the controls (and the Lab's points); InputError if
        the settings cannot run."""
        raise NotImplementedError

    def begin(self) -> None:
        """A run of this page starts: clear what the last one drew."""

    def receive(self, batch: ItemBatch) -> None:
        """Items of one job arrived."""

    def done(self, done: JobDone) -> None:
        """One job ended (its returned value, or an error)."""

    def summary(self) -> str:
        """A line of numbers once the run ended (κ, final errors...)."""
        return ""

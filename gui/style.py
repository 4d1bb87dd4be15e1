"""The look shared by every view: light background, large readable fonts, a colour-blind-safe
palette (Okabe-Ito), one colour per solver in the order they are checked."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

#: Okabe-Ito: distinguishable for the common colour-vision deficiencies, and on a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
POINT_COLOR = "#333333"
REFERENCE_COLOR = "#888888"
BASE_POINT_SIZE = 11


def solver_color(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def configure_pyqtgraph() -> None:
    """Call once before any plot is created."""
    pg.setConfigOptions(background="w", foreground="k", antialias=True)


def base_font(point_size: int = BASE_POINT_SIZE) -> QFont:
    font = QFont()
    font.setPointSize(point_size)
    return font

"""A solver's look — colour, dash and marker — fixed by the solver itself, so householder is the
same blue on the canvas, the legend, every view, both tables and every export, whatever else is
checked. Okabe–Ito colours (safe for the common colour-vision deficiencies and on a projector)
with the dash as a second channel (mostly solid for the direct methods, dashes for the
first-order ones) and the marker as a third: no two solvers share all three.

A failed solver keeps its colour and is drawn with FAILED_DASH, a pattern no solver uses.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

#: Okabe–Ito without black (invisible on the dark theme) and yellow (invisible on white).
BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY = "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"
COLORS = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)

SOLID, DASH, DASH_DOT, DOT = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DashDotLine,
                              Qt.PenStyle.DotLine)
#: Long dashes with wide gaps: only a failed or diverged solver is drawn so.
FAILED_DASH = (6.0, 5.0)


@dataclass(frozen=True)
class SolverLook:
    """How one solver is drawn: `color` a hex string, `dash` a Qt pen style, `marker` a pyqtgraph symbol."""

    color_name: str
    dash: Qt.PenStyle
    marker: str

    @property
    def color(self) -> QColor:
        return QColor(self.color_name)


#: The classroom's usual races get clearly different colours: Householder, the normal equations
#: and gradient descent; classical and modified Gram-Schmidt and Householder; gd, momentum,
#: Nesterov and Adam; Adam, RMSProp and AdaGrad; on Filip, exact arithmetic against all of them.
#: (Six colours and four dashes make 24 pairs for 25 solvers: the reference lstsq shares
#: annealing's pair, not its marker.)
LOOKS: dict[str, SolverLook] = {
    "lstsq": SolverLook(SKY, DOT, "o"),
    "svd": SolverLook(BLUE, DASH_DOT, "star"),
    "normal-inverse": SolverLook(VERMILLION, SOLID, "s"),
    "normal-cholesky": SolverLook(ORANGE, SOLID, "s"),
    "cgs": SolverLook(PURPLE, SOLID, "t"),
    "mgs": SolverLook(GREEN, SOLID, "t"),
    "householder": SolverLook(BLUE, SOLID, "d"),
    "givens": SolverLook(GREEN, DASH_DOT, "x"),
    "exact": SolverLook(SKY, DASH_DOT, "star"),
    "gd": SolverLook(GREEN, DASH, "o"),
    "momentum": SolverLook(ORANGE, DASH, "s"),
    "nesterov": SolverLook(SKY, DASH, "t"),
    "adagrad": SolverLook(BLUE, DASH, "d"),
    "rmsprop": SolverLook(VERMILLION, DASH, "+"),
    "adam": SolverLook(PURPLE, DASH, "x"),
    "newton": SolverLook(VERMILLION, DASH_DOT, "o"),
    "lbfgs": SolverLook(SKY, SOLID, "star"),
    "ista": SolverLook(ORANGE, DASH_DOT, "t"),
    "fista": SolverLook(PURPLE, DASH_DOT, "d"),
    "cg": SolverLook(PURPLE, DOT, "+"),
    "jacobi": SolverLook(VERMILLION, DOT, "x"),
    "gauss-seidel": SolverLook(BLUE, DOT, "o"),
    "power-iteration": SolverLook(GREEN, DOT, "s"),
    "sgd": SolverLook(ORANGE, DOT, "t"),
    "annealing": SolverLook(SKY, DOT, "d"),
    "tls": SolverLook(VERMILLION, SOLID, "x"),  # beside householder's blue line: the other distances
    "lad": SolverLook(ORANGE, DASH_DOT, "o"),
    # The nonlinear lab (issue 17): Gauss-Newton blue, Levenberg-Marquardt vermillion, solid lines, so
    # they stand apart from gd, momentum, adam (dashed) and lbfgs (sky) racing beside them.
    "gauss-newton": SolverLook(BLUE, SOLID, "o"),
    "lm": SolverLook(VERMILLION, SOLID, "star"),
    # Constrained least squares (issue 17): solid lines, beside the free fit's dashed reference.
    "kkt": SolverLook(PURPLE, SOLID, "s"),
    "nullspace": SolverLook(GREEN, SOLID, "d"),
    "bvls": SolverLook(ORANGE, SOLID, "d"),
}
_MARKERS = ("o", "s", "t", "d", "+", "x")
_DASHES = (SOLID, DASH, DASH_DOT, DOT)


def solver_look(key: str) -> SolverLook:
    """The look of solver `key`; a solver the table does not know (a plug-in) gets one derived
    from its name, the same in every run."""
    look = LOOKS.get(key)
    if look is not None:
        return look
    code = zlib.crc32(key.encode())
    return SolverLook(COLORS[code % len(COLORS)], _DASHES[code // 7 % len(_DASHES)],
                      _MARKERS[code // 29 % len(_MARKERS)])


def solver_color(key: str) -> QColor:
    return solver_look(key).color


def square_icon(color: QColor | None, size: int) -> QIcon:
    """A filled square in the solver's colour; blank while unchecked (an outline would look like a check box)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    if color is not None:
        painter = QPainter(pixmap)
        painter.fillRect(1, 1, size - 2, size - 2, color)
        painter.end()
    return QIcon(pixmap)

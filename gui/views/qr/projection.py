"""More points than two: the least-squares picture, y = ŷ + r with r at right angles to the columns.

y lives in ℝⁿ, but y, its projection ŷ = Aθ on the column space, and r = y − ŷ all lie in
one plane: the plane of ŷ and r. Drawing in an orthonormal basis of that plane (e₁ along ŷ,
e₂ along r) keeps every length and angle exact, whatever n is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from engine.problem import Problem

from ...look.style import PALETTE, base_font
from .arrows import LABEL_POINT_SIZE, Arrow, PlanePlot, faint_pen
from .plane import COLUMN_COLOR, Q_COLOR, right_angle_path

RESIDUAL_COLOR = PALETTE[1]
SPACE_COLOR = PALETTE[2]

#: A residual this small relative to ‖y‖ is rounding noise: the fit is exact.
EXACT_FIT = 1e-10


@dataclass(frozen=True)
class Projection:
    """y, ŷ and r as coordinates in the orthonormal basis (e₁ along ŷ, e₂ along r) of their plane."""

    y: np.ndarray
    fitted: np.ndarray
    residual: np.ndarray
    exact_fit: bool


def projection_picture(problem: Problem) -> Projection | None:
    """The three vectors in the plane of ŷ and r; None when y and A are both zero (no plane at all).

    ŷ comes from LAPACK's least-squares solver, so it is the projection for rank-deficient A too.
    """
    a, y = problem.matrix, problem.y
    # Computed on y / max|y| and A / max|A| (the column space is the same), then scaled back:
    # ‖y‖ of data near 1e200 would overflow to inf and make any residual look like zero.
    y_scale = float(np.max(np.abs(y))) if y.size and np.any(y) else 1.0
    a_scale = float(np.max(np.abs(a))) if a.size and np.any(a) else 1.0
    picture = _unit_picture(a / a_scale, y / y_scale)
    if picture is None:
        return None
    return Projection(picture.y * y_scale, picture.fitted * y_scale, picture.residual * y_scale, picture.exact_fit)


def _unit_picture(a: np.ndarray, y: np.ndarray) -> Projection | None:
    """projection_picture for data of moderate size (no entry beyond 1 in absolute value)."""
    theta = np.linalg.lstsq(a, y, rcond=None)[0]
    fitted = a @ theta
    residual = y - fitted
    e1 = _direction(fitted)
    if e1 is None:  # ŷ = 0: y is at right angles to every column; the column space is still a direction
        columns = [a[:, j] for j in range(a.shape[1]) if np.any(a[:, j])]
        e1 = _direction(columns[0]) if columns else None
    exact_fit = float(np.linalg.norm(residual)) <= EXACT_FIT * float(np.linalg.norm(y))
    e2 = None if exact_fit else _direction(residual - (residual @ e1) * e1 if e1 is not None else residual)
    if e1 is None and e2 is None:
        return None

    def coordinates(v: np.ndarray) -> np.ndarray:
        return np.array([float(v @ e) if e is not None else 0.0 for e in (e1, e2)])

    return Projection(coordinates(y), coordinates(fitted), coordinates(residual), exact_fit)


def _direction(v: np.ndarray) -> np.ndarray | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


class ProjectionPlane(PlanePlot):
    """y, ŷ and r drawn exactly, the column space's trace as a line, the right angle marked."""

    def __init__(self):
        super().__init__("y = ŷ + r,  r ⟂ columns of A")
        self.space = pg.InfiniteLine(pos=(0, 0), angle=0, pen=faint_pen(SPACE_COLOR, width=2.5, dashed=False))
        self.space.setZValue(1)
        self.plot.addItem(self.space)
        self.space_label = pg.TextItem("column space ", color=SPACE_COLOR, anchor=(1, 0))
        self.space_label.setFont(base_font(LABEL_POINT_SIZE))
        self.plot.addItem(self.space_label)
        self.arrows = {"y": Arrow(self.plot, COLUMN_COLOR, turn=90, label_at=0.5),
                       "fitted": Arrow(self.plot, Q_COLOR, width=4, turn=-90, label_at=0.5),
                       "residual": Arrow(self.plot, RESIDUAL_COLOR)}
        self.corner = self.plot.plot(pen=pg.mkPen(COLUMN_COLOR, width=1.5))
        self.areas, self.fixed_texts = [self.corner], [self.space_label]
        self.picture: Projection | None = None
        self.clear_picture()

    def clear_picture(self) -> None:
        self.picture = None
        for arrow in self.arrows.values():
            arrow.hide()
        self.corner.hide()
        self.space.hide()
        self.space_label.hide()

    def show_problem(self, problem: Problem) -> str:
        """Compute and draw the picture of this problem (once per run); returns what it shows in words."""
        self.clear_picture()
        with np.errstate(all="ignore"):
            picture = projection_picture(problem)
        if picture is None or not all(np.all(np.isfinite(v)) for v in (picture.y, picture.fitted)):
            return "y and every column of A are zero: there is nothing to project."
        self.picture = picture
        origin = np.zeros(2)
        y_norm, fitted_norm, r_norm = (float(np.hypot(*v)) for v in (picture.y, picture.fitted, picture.residual))
        self.space.show()
        self.space_label.show()
        self.arrows["fitted"].set(origin, picture.fitted, "ŷ = Aθ")
        self.arrows["y"].set(origin, picture.y, "y")
        if not picture.exact_fit:  # r = 0 (to rounding) has no direction to draw
            # Just "r" (the title says r = y − ŷ): a long label over a short r reaches back over
            # y's label when y lies almost in the column space, as with Filip.
            self.arrows["residual"].set(picture.fitted, picture.fitted + picture.residual, "r")
        size = 0.06 * max(y_norm, 1e-300)
        if r_norm > size and fitted_norm > size:
            back = -picture.fitted / fitted_norm
            up = picture.residual / r_norm
            self.corner.setData(*right_angle_path(picture.fitted, back, up, size))
            self.corner.show()
        self.fit([np.vstack([origin, picture.y, picture.fitted])],
                 [arrow.label for arrow in self.arrows.values()] + [self.space_label])
        angle = np.degrees(np.arctan2(r_norm, fitted_norm))
        with np.errstate(over="ignore"):  # lengths near 1e154 and beyond square to inf, not an error
            fitted_sq, r_sq, y_sq = (np.float64(v) ** 2 for v in (fitted_norm, r_norm, y_norm))
        # short enough for three lines of a 640-pixel dock at presentation ×2
        sums = (f"‖ŷ‖² + ‖r‖² = {fitted_sq:.6g} + {r_sq:.4g} = {y_sq:.6g} = ‖y‖² (Pythagoras); "
                f"y is {angle:.3g}° from the column space.")
        if picture.exact_fit:
            return "y lies in the column space of A (r = 0): the fit is exact, so ŷ = y."
        return sums

    def drawn_vectors(self) -> dict[str, np.ndarray]:
        """Each visible vector (head − tail), read back from the plot items."""
        vectors = {}
        for name, arrow in self.arrows.items():
            drawn = arrow.drawn()
            if drawn is not None:
                vectors[name] = drawn[1] - drawn[0]
        return vectors

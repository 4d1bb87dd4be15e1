"""`NonlinearGeometryView`: a Gauss-Newton step as a picture — the residual projected on the tangent plane.

At f(b) the model's surface {f(b') : b'} is approximated by its tangent plane {f(b) + J·δ}. The
vector −r = y − f(b) points from the model to the data; Gauss-Newton's J·δ is its projection on the
tangent plane (the column space of J), and what is left, −(r + J·δ), is at right angles to it. The
three lie in one plane of ℝⁿ, drawn here in an orthonormal basis of it (e₁ along J·δ, e₂ the rest of
−r), so every length and angle on screen is the true one, whatever n is. For Levenberg-Marquardt the
damped J·δ is drawn too (its shadow in that plane: it is shorter, and may leave the plane).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from engine.exact_text import decimal_text
from engine.nonlinear.tangent_step import LEVENBERG_MARQUARDT, TangentStep

from ..look.style import PALETTE
from ..views.qr.arrows import Arrow, PlanePlot, faint_pen
from ..views.qr.plane import right_angle_path
from .board_source import BoardSource, SolverChoice, method_of
from .lab import NonlinearLab
from .names import solver_label

RESIDUAL_COLOR, PROJECTION_COLOR, REST_COLOR, DAMPED_COLOR, PLANE_COLOR = (
    "#333333", PALETTE[0], PALETTE[1], PALETTE[3], PALETTE[2])
TITLE = "−r on the tangent plane"
TITLE_TIP = ("−r = y − f(b) points from the model to the data. At f(b) the model's surface is approximated by its "
             "tangent plane (the column space of J): J·δ lies in it, −(r + J·δ) is at right angles to it.")
GAUSS_NEWTON_SENTENCE = "Gauss-Newton moves b so that f moves by J·δ, the closest the tangent plane gets to y."
#: One part shorter than 1/LEGIBLE of the other is stretched (see `stretch_for`).
LEGIBLE = 5.0
EMPTY_TEXT = "Run Gauss-Newton or Levenberg-Marquardt: each step's projection on the tangent plane is drawn here."


@dataclass(frozen=True)
class TangentPicture:
    """−r, the projection J·δ_GN, the rest and LM's J·δ, in coordinates of their plane (e₁, e₂)."""

    minus_residual: np.ndarray
    projection: np.ndarray
    rest: np.ndarray
    damped: np.ndarray | None
    damped_out_of_plane: float  # the length of LM's J·δ that the plane does not show


def tangent_picture(step: TangentStep) -> TangentPicture | None:
    """The picture of a step; None when r = 0 (the model already passes through every point)."""
    minus_r = -step.residual
    projection = step.gauss_newton_projection
    if not np.any(minus_r) or not np.all(np.isfinite(minus_r)) or not np.all(np.isfinite(projection)):
        return None
    e1 = _unit(projection)
    if e1 is None:  # −r is at right angles to every column already: any column shows the plane's direction
        columns = [c for c in step.jacobian.T if np.any(c)]
        e1 = _unit(columns[0]) if columns else np.zeros_like(minus_r)
    rest = minus_r - projection
    e2 = _unit(minus_r - (minus_r @ e1) * e1)
    e2 = np.zeros_like(minus_r) if e2 is None else e2

    def coordinates(v: np.ndarray) -> np.ndarray:
        return np.array([float(v @ e1), float(v @ e2)])

    damped, out = None, 0.0
    if step.method == LEVENBERG_MARQUARDT:
        damped = coordinates(step.projection)
        out = float(np.sqrt(max(np.linalg.norm(step.projection) ** 2 - damped @ damped, 0.0)))
    return TangentPicture(coordinates(minus_r), coordinates(projection), coordinates(rest), damped, out)


def _unit(v: np.ndarray) -> np.ndarray | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 and np.isfinite(norm) else None


class TangentPlane(PlanePlot):
    """−r from f(b) to y, its projection J·δ on the tangent plane's trace, the rest and the right angle."""

    def __init__(self):
        super().__init__(TITLE)
        self.setObjectName("tangent-plane")
        for side in ("bottom", "left"):  # the lengths are in the caption; a stretched axis would mislead
            self.plot.hideAxis(side)
        self.trace = pg.InfiniteLine(pos=(0, 0), angle=0, pen=faint_pen(PLANE_COLOR, width=2.5, dashed=False))
        self.trace.setZValue(1)
        self.plot.addItem(self.trace)
        self.arrows = {"minus_residual": Arrow(self.plot, RESIDUAL_COLOR, turn=90, label_at=0.5),
                       "projection": Arrow(self.plot, PROJECTION_COLOR, width=4, turn=-90, label_at=0.5),
                       "rest": Arrow(self.plot, REST_COLOR, label_at=0.5),
                       "damped": Arrow(self.plot, DAMPED_COLOR, dashed=True, turn=-90, label_at=0.6)}
        self.corner = self.plot.plot(pen=pg.mkPen(RESIDUAL_COLOR, width=1.5))
        self.areas = [self.corner]
        self.picture: TangentPicture | None = None
        self.stretch = np.ones(2)
        self.clear_picture()

    def clear_picture(self) -> None:
        self.picture = None
        for arrow in self.arrows.values():
            arrow.hide()
        self.corner.hide()
        self.trace.hide()

    def show_picture(self, picture: TangentPicture) -> None:
        """Draw the picture, one direction stretched when one part is too short to see (`stretch`)."""
        self.clear_picture()
        self.picture = picture
        self.stretch = stretch = stretch_for(picture)
        minus_r, projection = stretch * picture.minus_residual, stretch * picture.projection
        origin = np.zeros(2)
        self.trace.show()
        self.arrows["minus_residual"].set(origin, minus_r, "−r")
        self.arrows["projection"].set(origin, projection, "J·δ")
        self.arrows["rest"].set(projection, minus_r, "−(r + J·δ)")
        points = [origin, minus_r, projection]
        if picture.damped is not None:
            self.arrows["projection"].set(origin, projection, "J·δ (μ = 0)")
            self.arrows["damped"].set(origin, stretch * picture.damped, "LM's J·δ")
            points.append(stretch * picture.damped)
        rest = minus_r - projection
        length, rest_length = float(np.hypot(*projection)), float(np.hypot(*rest))
        size = 0.06 * float(np.hypot(*minus_r))
        if length > size and rest_length > size:
            back, up = -projection / length, rest / rest_length
            self.corner.setData(*right_angle_path(projection, back, up, size))
            self.corner.show()
        self.fit([np.vstack(points)], [arrow.label for arrow in self.arrows.values()])

    def drawn_vectors(self) -> dict[str, np.ndarray]:
        """Each visible vector (head − tail), read back from the plot's items."""
        vectors = {}
        for name, arrow in self.arrows.items():
            drawn = arrow.drawn()
            if drawn is not None:
                vectors[name] = drawn[1] - drawn[0]
        return vectors


def stretch_for(picture: TangentPicture) -> np.ndarray:
    """(sx, sy): 1, 1 unless one part is under a fifth of the other; then the short one's direction is
    drawn 10ᵏ times longer (a right angle between the axes stays a right angle), so both can be seen."""
    along, across = abs(float(picture.projection[0])), abs(float(picture.rest[1]))
    if along == 0 or across == 0 or not np.isfinite(across / along):
        return np.ones(2)
    ratio = across / along
    if ratio < 1 / LEGIBLE:
        return np.array([1.0, 10.0 ** np.ceil(np.log10(0.3 / ratio))])
    if ratio > LEGIBLE:
        return np.array([10.0 ** np.ceil(np.log10(ratio / 3.0)), 1.0])
    return np.ones(2)


def stretch_text(stretch: np.ndarray) -> str:
    """What a stretched picture says about itself."""
    if stretch[1] > 1:
        return f"\n(Drawn with the part at right angles ×{decimal_text(stretch[1])} taller: it is that short.)"
    if stretch[0] > 1:
        return f"\n(Drawn with the plane's direction ×{decimal_text(stretch[0])} longer: J·δ is that short.)"
    return ""


def picture_caption(step: TangentStep, picture: TangentPicture) -> str:
    """What the picture says: the sentence, the lengths and the angle, and what the step gave."""
    length = float(np.hypot(*picture.projection))
    rest = float(np.hypot(*picture.rest))
    angle = float(np.degrees(np.arctan2(rest, length)))
    sizes = (f"‖r‖ = {decimal_text(np.hypot(*picture.minus_residual))} · ‖J·δ‖ = {decimal_text(length)} · "
             f"‖r + J·δ‖ = {decimal_text(rest)} · −r is {angle:.4g}° from the plane.")
    curved = ", as the model curves away from the plane" if step.trial_rss > 2 * rest ** 2 + 1e-300 else ""
    outcome = (f"RSS promised by the plane: {decimal_text(rest ** 2)}; at b + δ: "
               f"{decimal_text(step.trial_rss)}{curved}.")
    if step.method != LEVENBERG_MARQUARDT:
        return "\n".join([GAUSS_NEWTON_SENTENCE, sizes, outcome])
    damped = float(np.linalg.norm(step.projection))
    verdict = "accepted" if step.accepted else "refused"
    shadow = "" if picture.damped_out_of_plane <= 0.01 * damped else " (its shadow in this plane)"
    return "\n".join([f"Levenberg-Marquardt moves f by a damped J·δ{shadow}, ‖J·δ‖ = {decimal_text(damped)} with "
                      f"μ = {decimal_text(step.mu)}, toward the closest point J·δ (μ = 0): step {verdict}.", sizes])


class NonlinearGeometryView(QWidget):
    """The tangent-plane picture of the explained solver's step at the player's frame."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nonlinear-geometry")
        self.lab = lab
        self.source = BoardSource(lab)
        self.step: TangentStep | None = None
        self.title = QLabel(TITLE)
        self.title.setObjectName("geometry-title")
        self.title.setWordWrap(True)
        self.title.setToolTip(TITLE_TIP)
        self.choice = SolverChoice(lab)
        self.plane = TangentPlane()
        self.caption = QLabel(EMPTY_TEXT)
        self.caption.setObjectName("geometry-caption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.caption_area = QScrollArea()  # at twice the text the words may need more room than the picture
        self.caption_area.setObjectName("geometry-caption-area")
        self.caption_area.setWidget(self.caption)
        self.caption_area.setWidgetResizable(True)
        self.caption_area.setFrameShape(QFrame.Shape.NoFrame)
        self.caption_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.choice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plane, 1)
        layout.addWidget(self.caption_area)
        self._shown: tuple | None = None
        lab.problem_changed.connect(self._update_picture)
        lab.run_changed.connect(self._update_picture)
        lab.position_changed.connect(self._update_picture)
        self.choice.chosen.connect(self._update_picture)
        self._update_picture()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_caption_area()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_caption_area()

    def _fit_caption_area(self) -> None:
        """Room for the caption's lines, but never more than a third of the view (the rest scrolls)."""
        width = max(self.caption_area.viewport().width(), 50)
        need = self.caption.heightForWidth(width) + 2
        self.caption_area.setFixedHeight(max(min(need, self.height() // 3), self.fontMetrics().lineSpacing() * 2))

    @Slot()
    def _update_picture(self, *_args) -> None:
        key = self.choice.key()
        board, index = self.source.board(key, self.lab.position)
        state = (key, id(board))
        if state == self._shown:
            return
        self._shown = state
        self.step = None if board is None else board.step
        if board is None:
            self.plane.clear_picture()
            self._set_caption(EMPTY_TEXT)
            return
        label = solver_label(method_of(self.lab, key))
        if board.step is None:
            self.plane.clear_picture()
            self._set_caption(f"{label} at the start: step (→) to see its first step on the tangent plane.")
            return
        picture = tangent_picture(board.step)
        if picture is None:
            self.plane.clear_picture()
            self._set_caption(f"{label}, iteration {board.iteration}: r = 0, the model passes through every "
                                 "point; there is nothing left to project.")
            return
        self.plane.show_picture(picture)
        self._set_caption(f"Iteration {board.iteration}: {picture_caption(board.step, picture)}"
                          f"{stretch_text(self.plane.stretch)}")

    def _set_caption(self, text: str) -> None:
        self.caption.setText(text)
        self._fit_caption_area()

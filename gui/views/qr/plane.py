"""Two points: the columns of A are arrows in the plane, and Q is built from them step by step.

Gram-Schmidt draws one idea per player step: v₁ and q₁ (normalise), then v₂ and its projection
on q₁ (project), the remainder v₂⊥ (subtract) and q₂ (normalise); Householder draws the mirror
and the reflected column; Givens the rotation angle. Every number comes from the step's detail,
so the picture is the solver's own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg

from engine.solvers.gram_schmidt_steps import NORMALISE, PHASES, PROJECT
from engine.steps import Step

from ...look.style import PALETTE, base_font
from .arrows import LABEL_POINT_SIZE, Arrow, PlanePlot, faint_pen, subscript, vector_text

COLUMN_COLOR = "#333333"
Q_COLOR = PALETTE[0]
PROJECTION_COLOR = PALETTE[4]
REMAINDER_COLOR = PALETTE[2]
MIRROR_COLOR = PALETTE[3]
REFLECTED_COLOR = PALETTE[1]
CIRCLE_COLOR = "#BBBBBB"

#: Two points allow at most two independent columns.
MAX_COLUMNS = 2

_CIRCLE = np.linspace(0, 2 * np.pi, 181)


def right_angle_path(corner, back, up, size: float) -> tuple[list[float], list[float]]:
    """The little square that marks a right angle at `corner` between unit directions back and up."""
    corner, back, up = (np.asarray(v, dtype=float) for v in (corner, back, up))
    a, b, c = corner + size * back, corner + size * (back + up), corner + size * up
    return [a[0], b[0], c[0]], [a[1], b[1], c[1]]


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    norm = float(np.hypot(*v))
    return v / norm if norm > 0 else np.zeros_like(v)


class ColumnPlane(PlanePlot):
    """The plane of two points with the QR solver's vectors of every step up to the player's."""

    def __init__(self):
        super().__init__("The columns of A as vectors (two points: n = 2)")
        self.circle = self.plot.plot(np.cos(_CIRCLE), np.sin(_CIRCLE), pen=faint_pen(CIRCLE_COLOR, width=1))
        self.arrows: dict[str, Arrow] = {}
        for j in range(1, MAX_COLUMNS + 1):
            self.arrows[f"v{j}"] = Arrow(self.plot, COLUMN_COLOR)
            self.arrows[f"q{j}"] = Arrow(self.plot, Q_COLOR, width=4, turn=90 if j == 1 else 0, z=30)
            if j > 1:
                self.arrows[f"proj{j}"] = Arrow(self.plot, PROJECTION_COLOR, dashed=True, width=4, turn=90, z=20)
                self.arrows[f"perp{j}"] = Arrow(self.plot, REMAINDER_COLOR, turn=-90, z=35)
        self.arrows["before"] = Arrow(self.plot, COLUMN_COLOR)
        self.arrows["after"] = Arrow(self.plot, REFLECTED_COLOR)
        self.arrows["normal"] = Arrow(self.plot, MIRROR_COLOR, dashed=True, width=2)
        self._drop_pen = faint_pen(REMAINDER_COLOR)
        self._mirror_drop_pen = faint_pen(MIRROR_COLOR, width=1)
        self.drop = self.plot.plot(pen=self._drop_pen)
        self.corner = self.plot.plot(pen=pg.mkPen(COLUMN_COLOR, width=1.5))
        self.mirror = pg.InfiniteLine(pos=(0, 0), angle=90, pen=faint_pen(MIRROR_COLOR, width=2.5))
        self.mirror.setZValue(5)
        self.plot.addItem(self.mirror)
        self.arc = self.plot.plot(pen=pg.mkPen(REFLECTED_COLOR, width=2))
        self.arc_head = pg.ArrowItem(headLen=12, tipAngle=36, pen=pg.mkPen(REFLECTED_COLOR), brush=REFLECTED_COLOR)
        self.plot.addItem(self.arc_head)
        self.note = pg.TextItem(color=REFLECTED_COLOR, anchor=(0, 0.5))
        self.note.setFont(base_font(LABEL_POINT_SIZE))
        self.plot.addItem(self.note)
        self.marks, self.areas, self.fixed_texts = [self.drop], [self.corner], [self.note]
        self.clear_vectors()

    # ---- public API -------------------------------------------------------------------
    def clear_vectors(self) -> None:
        for arrow in self.arrows.values():
            arrow.hide()
        for item in (self.drop, self.corner, self.mirror, self.arc, self.arc_head, self.note):
            item.hide()
        self.drop.setPen(self._drop_pen)

    def drawn_vectors(self) -> dict[str, np.ndarray]:
        """Each visible vector (head − tail), read back from the plot items (what the class sees)."""
        vectors = {}
        for name, arrow in self.arrows.items():
            drawn = arrow.drawn()
            if drawn is not None:
                vectors[name] = drawn[1] - drawn[0]
        return vectors

    def show_steps(self, method: str, steps: Sequence[Step], matrix: np.ndarray) -> tuple[str, ...]:
        """Draw what `steps` (the focus solver's steps up to the player's position) built.

        Returns the last drawn step in the picture's own names (the textbook's v, v⊥, q), longest
        wording first, or () when the picture shows nothing new.
        """
        self.clear_vectors()
        caption: tuple[str, ...] | str = ()
        if method in ("cgs", "mgs"):
            for step in steps:
                if step.kind in PHASES:
                    caption = self._draw_phase(step)
        else:
            kinds = {"householder": "reflect", "givens": "rotate"}
            shown = [i for i, step in enumerate(steps) if step.kind == kinds.get(method)]
            if shown:
                i = shown[-1]
                before = steps[i - 1].detail.get("matrix_after") if i > 0 else None
                before = matrix if before is None else before
                draw = self._draw_reflection if method == "householder" else self._draw_rotation
                caption = draw(steps[i], before)
        self._fit()
        return (caption,) if isinstance(caption, str) and caption else tuple(caption)

    # ---- drawing ----------------------------------------------------------------------
    def _draw_phase(self, step: Step) -> tuple[str, ...]:
        """One idea of Gram-Schmidt on the picture so far; returns what it did, in words."""
        detail = step.detail
        if step.kind == NORMALISE:
            return self._draw_normalise(detail) if "q" in detail and detail["column"] < MAX_COLUMNS else ()
        pairs = [t for t, j in enumerate(detail["columns"]) if j < MAX_COLUMNS]
        if not pairs or ("q" not in detail):
            return ()
        return self._draw_projection(detail, pairs) if step.kind == PROJECT else self._draw_subtraction(detail, pairs)

    def _draw_normalise(self, detail) -> tuple[str, str]:
        """rⱼⱼ = ‖vⱼ‖ and qⱼ = vⱼ/rⱼⱼ: q on the unit circle (column 1 also shows v₁ itself)."""
        j = int(detail["column"]) + 1
        sub = subscript(j)
        origin = np.zeros(2)
        v, q, norm = detail["vector"], detail["q"], float(detail["norm"])
        if j == 1:
            self.arrows["v1"].set(origin, v, f"v₁ = {vector_text(v)}")
        self.arrows[f"q{j}"].set(origin, q, f"q{sub} = {vector_text(q)}")
        v_name = "v₁" if j == 1 else f"v{sub}⊥"
        short = f"Column {j}, normalise: q{sub} = {v_name}/‖{v_name}‖ = {vector_text(q)}."
        if j == 1:
            return (f"Column 1, normalise: v₁ = {vector_text(v)}, ‖v₁‖ = {norm:.4g}, so q₁ = v₁/‖v₁‖ = "
                    f"{vector_text(q)} (on the unit circle).", short)
        return (f"Column {j}, normalise: ‖v{sub}⊥‖ = {norm:.4g}, so q{sub} = v{sub}⊥/‖v{sub}⊥‖ = {vector_text(q)}, "
                "on the unit circle at right angles to q₁.", short)

    def _draw_projection(self, detail, pairs: list[int]) -> tuple[str, str]:
        """rᵢⱼ = qᵢ·vⱼ: the column, its shadow rᵢⱼ·qᵢ along qᵢ and the drop from one to the other."""
        t = pairs[0]
        j = int(detail["columns"][t]) + 1
        sub = subscript(j)
        origin = np.zeros(2)
        v = detail["vectors"][t]
        projection = np.sum([detail["projections"][p] for p in pairs], axis=0)
        coefficient = float(detail["coefficients"][t])
        self.arrows[f"v{j}"].set(origin, v, f"v{sub} = {vector_text(v)}")
        self.arrows[f"proj{j}"].set(origin, projection, f"r₁{sub}q₁ = {vector_text(projection)}")
        self.drop.setData([projection[0], v[0]], [projection[1], v[1]])
        self.drop.show()
        size = 0.08 * max(float(np.hypot(*v)), 1e-12)
        if np.hypot(*projection) > size and np.hypot(*(v - projection)) > size:
            self.corner.setData(*right_angle_path(projection, -unit(projection), unit(v - projection), size))
            self.corner.show()
        return (f"Column {j}, project: r₁{sub} = q₁·v{sub} = {coefficient:.4g}, how far v{sub} reaches along q₁; "
                f"its projection r₁{sub}q₁ = {vector_text(projection)}.",
                f"Column {j}, project: r₁{sub} = q₁·v{sub} = {coefficient:.4g}.")

    def _draw_subtraction(self, detail, pairs: list[int]) -> tuple[str, str]:
        """vⱼ⊥ = vⱼ − rᵢⱼ·qᵢ: what is left, at right angles to qᵢ."""
        j = int(detail["columns"][pairs[0]]) + 1
        target = list(detail["targets"]).index(j - 1)
        sub = subscript(j)
        remainder = detail["after"][target]
        self.arrows[f"perp{j}"].set(np.zeros(2), remainder, f"v{sub}⊥ = {vector_text(remainder)}")
        return (f"Column {j}, subtract: v{sub}⊥ = v{sub} − r₁{sub}q₁ = {vector_text(remainder)}, "
                f"at right angles to q₁.", f"Column {j}, subtract: v{sub}⊥ = {vector_text(remainder)}.")

    def _draw_reflection(self, step: Step, before: np.ndarray) -> str:
        """Householder: the column x, the mirror ⟂ v, and x's mirror image Hx = α·e_k."""
        detail = step.detail
        if "v" not in detail:
            return ""
        k = int(detail["column"])
        sub = subscript(k + 1)
        x, hx, v = before[:2, k], detail["matrix_after"][:2, k], detail["v"][:2]
        origin = np.zeros(2)
        self.arrows["before"].set(origin, x, f"x = {vector_text(x)}")
        self.arrows["after"].set(origin, hx, f"Hx = {vector_text(hx)}")
        self.arrows["normal"].set(origin, v, f"v = {vector_text(v)}")
        self.drop.setData([x[0], hx[0]], [x[1], hx[1]])
        self.drop.setPen(self._mirror_drop_pen)
        self.drop.show()
        self.mirror.setAngle(math.degrees(math.atan2(v[1], v[0])) + 90)
        self.mirror.show()
        return (f"Reflection {k + 1}: H{sub} = I − 2vvᵀ/vᵀv is the mirror across the dashed line ⟂ v = "
                f"{vector_text(v)}; it sends column {k + 1}, x = {vector_text(x)}, to Hx = "
                f"{detail['alpha']:.4g}·e{sub} = {vector_text(hx)} (same length, zeros below row {k + 1}).")

    def _draw_rotation(self, step: Step, before: np.ndarray) -> str:
        """Givens: the column turned by the rotation G(c, s) onto the first axis, the angle as an arc."""
        detail = step.detail
        if "matrix_after" not in detail or "c" not in detail:
            return ""
        k = int(detail["column"])
        c, s = float(detail["c"][0]), float(detail["s"][0])
        x, gx = before[:2, k], detail["matrix_after"][:2, k]
        turn = -math.atan2(s, c)
        origin = np.zeros(2)
        self.arrows["before"].set(origin, x, f"x = {vector_text(x)}")
        self.arrows["after"].set(origin, gx, f"Gx = {vector_text(gx)}")
        start = math.atan2(x[1], x[0])
        radius = 0.4 * max(float(np.hypot(*x)), 1e-12)
        angles = np.linspace(start, start + turn, 60)
        self.arc.setData(radius * np.cos(angles), radius * np.sin(angles))
        self.arc.show()
        end = start + turn
        self.arc_head.setPos(radius * math.cos(end), radius * math.sin(end))
        self.arc_head.setStyle(angle=180.0 - math.degrees(end + math.copysign(math.pi / 2, turn)))
        self.arc_head.setVisible(abs(turn) > 1e-3)
        middle = start + turn / 2
        self.note.setText(f"{math.degrees(turn):.1f}°")
        self.note.setAnchor((0, 0.5))
        self.note.setPos(1.1 * radius * math.cos(middle), 1.1 * radius * math.sin(middle))
        self.note.show()
        return (f"Rotation: G = [[c, s], [−s, c]] with c = {c:.4g}, s = {s:.4g} turns column {k + 1}, "
                f"x = {vector_text(x)}, by {math.degrees(turn):.2f}° onto the first axis: Gx = {vector_text(gx)}.")

    def _fit(self) -> None:
        points = [np.array([[-1.0, -1.0], [1.0, 1.0]])]
        points += [b for arrow in self.arrows.values() if (b := arrow.bounds()) is not None]
        self.fit(points, [arrow.label for arrow in self.arrows.values()] + [self.note])

"""The geometry of QR: the columns of A as vectors, Q built from them, R filling in, and why
classical Gram-Schmidt loses orthogonality on an ill-conditioned problem.

The view follows the focus solver when it is a QR method (cgs, mgs, householder, givens).
Two points: the step-by-step vectors in the plane (plane.py). More points: the least-squares
picture y = ŷ + r (projection.py). Three or more columns: R and ‖QᵀQ − I‖ (factors.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine import SOLVERS
from engine.orthogonality import METHODS, orthogonality_loss
from engine.problem import Problem
from engine.steps import Step

from ...look.style import base_font, caption_label
from ..base import RunView
from .factors import OrthogonalityPlot, RFactorPlot
from .plane import ColumnPlane
from .projection import ProjectionPlane

if TYPE_CHECKING:
    from ...lab import Lab

QR_METHODS = ("cgs", "mgs", "householder", "givens")
#: Characters of a step title shown in the caption.
CAPTION_LIMIT = 200
#: Forming three explicit Q's costs about n·p² flops each; above this the GUI would stall for a second or more.
ORTHOGONALITY_WORK_LIMIT = 1e8
#: The step kinds that build Q and R, per method (what follows is Qᵀy and back substitution).
FACTOR_KINDS = {"cgs": "orthogonalize", "mgs": "orthogonalize", "householder": "reflect", "givens": "rotate"}

PICK_A_QR_SOLVER = "Pick cgs, mgs, householder or givens to watch Q and R being built."


#: What a direct method that builds no Q does instead, in one sentence (by family).
DIRECT_METHOD_NOTES = {
    "Normal equations": "It solves AᵀAθ = Aᵀy, the statement that r is at right angles to every column, "
                        "but forming AᵀA squares κ(A).",
    "Singular values": "It uses A = UΣVᵀ: the columns of U are another orthonormal basis of the column space, "
                       "and ŷ = UUᵀy.",
    "Reference": "It solves the problem as LAPACK (or exact rational arithmetic) does, without showing Q.",
}


def explain_other_method(label: str, family: str | None) -> str:
    """What the view shows when the focus solver builds no Q."""
    note = DIRECT_METHOD_NOTES.get(family or "", "")
    return (f"{label} builds no Q. {note} Drawn instead, what every least-squares answer shares: ŷ = Aθ is "
            f"the projection of y onto the columns of A, and r = y − ŷ is at right angles to them. "
            f"{PICK_A_QR_SOLVER}").replace("  ", " ")


def _slot() -> QWidget:
    """An empty box in the row of pictures, filled when its picture is first needed."""
    slot = QWidget()
    layout = QVBoxLayout(slot)
    layout.setContentsMargins(0, 0, 0, 0)
    return slot


class QRGeometryView(RunView):
    """Q and R of the focus QR solver, drawn in sync with the player."""

    name = "geometry"
    title = "Geometry of QR"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.caption = caption_label(lines=5)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setFont(base_font(12))
        self.column_plane = ColumnPlane()
        # The projection and the factors are built when first needed (cached properties below):
        # at start-up only the plane of two points shows, and each plot costs ~15 ms to make.
        self.projection_slot = _slot()
        self.factors = _slot()
        pictures = QHBoxLayout()
        pictures.addWidget(self.column_plane, 1)
        pictures.addWidget(self.projection_slot, 1)
        pictures.addWidget(self.factors, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addLayout(pictures, 1)
        layout.addWidget(self.facts)
        self._problem: Problem | None = None
        self._r_levels: tuple[float, float] | None = None
        self._show_pictures(plane=True, projection=False, factors=False)
        self.caption.setText("Run a QR solver to see the columns of A become the orthonormal columns of Q.")

    @cached_property
    def projection_plane(self) -> ProjectionPlane:
        plane = ProjectionPlane()
        self.projection_slot.layout().addWidget(plane)
        plane.show()  # now, not at the next turn of the event loop as a late child would be
        return plane

    @cached_property
    def _factor_plots(self) -> tuple[RFactorPlot, OrthogonalityPlot]:
        plots = RFactorPlot(), OrthogonalityPlot()
        for plot in plots:
            self.factors.layout().addWidget(plot, 1)
            plot.show()
        return plots

    @property
    def r_plot(self) -> RFactorPlot:
        return self._factor_plots[0]

    @property
    def orthogonality_plot(self) -> OrthogonalityPlot:
        return self._factor_plots[1]

    # ---- RunView --------------------------------------------------------------------------
    def data_changed(self, problem: Problem | None) -> None:
        """Lay out the pictures for the new data at once (not in the run's first frame, which has
        enough to draw); a hidden view does it when it is next refreshed."""
        if problem is not None and self.isVisible():
            self._prepare(problem)

    def run_started(self) -> None:
        """Forget the old run's steps; what depends only on the problem is recomputed in `refresh`
        when the window's problem is a new one (the window may refresh once before this call)."""
        self.column_plane.clear_vectors()
        self.r_plot.set_r(None)
        self._r_levels = None

    def refresh(self, position: int) -> None:
        problem = self.lab.problem
        if problem is None:
            return
        if problem is not self._problem:
            self._prepare(problem)
        key = self.lab.focus_key()
        method = self._method_of(key)
        if method not in QR_METHODS:
            self.column_plane.clear_vectors()
            self.r_plot.setVisible(False)
            self.orthogonality_plot.set_column(None)
            label = self.lab.solver_label(key) if key else "No solver"
            family = SOLVERS.get(method).family if method in SOLVERS else None
            self.caption.setText(explain_other_method(label, family) if problem.n > 2 else PICK_A_QR_SOLVER)
            return
        trace = self.lab.race.traces.get(key)
        steps = [trace[i] for i in range(min(position + 1, len(trace)))] if trace is not None else []
        self.r_plot.setVisible(problem.p >= 3)
        plane_caption = self.column_plane.show_steps(method, steps, problem.matrix) if problem.n == 2 else ""
        if not steps or steps[-1].kind != FACTOR_KINDS[method]:
            plane_caption = ""  # past the factorisation: the step's own title says what happens
        if problem.p >= 3:
            self._update_r(method, key, steps, trace)
            self.orthogonality_plot.set_column(self._column_reached(method, steps, problem.p))
        self.caption.setText(self._caption(key, steps, trace, plane_caption))

    # ---- once per run -------------------------------------------------------------------------
    def _prepare(self, problem: Problem) -> None:
        """Lay out the pictures this problem needs and compute what does not change during the run."""
        self._problem = problem
        self._r_levels = None
        two_points = problem.n == 2
        self._show_pictures(plane=two_points, projection=not two_points, factors=problem.p >= 3)
        self.facts.setText("" if two_points else self.projection_plane.show_problem(problem))
        self.facts.setVisible(bool(self.facts.text()))
        if problem.p >= 3:
            self.r_plot.set_labels(problem.working_labels)
            self.r_plot.set_r(None)
            self._update_orthogonality(problem)

    def _update_orthogonality(self, problem: Problem) -> None:
        if problem.n * problem.p ** 2 > ORTHOGONALITY_WORK_LIMIT:
            self.orthogonality_plot.show_note(f"{problem.n} × {problem.p}: too large to form three Q's here")
            return
        with np.errstate(all="ignore"):
            losses = {method: orthogonality_loss(problem, method) for method in METHODS}
        if not all(np.all(np.isfinite(loss)) for loss in losses.values()):
            self.orthogonality_plot.show_note("A has entries too large for floating point: no curves")
            return
        self.orthogonality_plot.set_losses(losses)

    def _show_pictures(self, *, plane: bool, projection: bool, factors: bool) -> None:
        self.column_plane.setVisible(plane)
        self.projection_slot.setVisible(projection)
        self.factors.setVisible(factors)

    # ---- per frame -------------------------------------------------------------------------
    def _method_of(self, key: str | None) -> str | None:
        for request in self.lab.race.requests:
            if request.key == key:
                return request.method
        return key

    def _caption(self, key: str, steps: Sequence[Step], trace, plane_caption: str) -> str:
        parts = [f"{self.lab.solver_label(key)}:"]
        if steps:
            parts.append(f"{self.lab.step_caption(key, len(steps) - 1)}. {plane_caption or _elided(steps[-1].title)}")
        else:
            parts.append("no step yet.")
        result = self.lab.race.results.get(key)
        if result is not None and not result.ok and trace is not None and len(steps) >= len(trace):
            parts.append(f"— {result.message}")
        if self._problem is not None and self._problem.n == 2 and self._problem.p > 2:
            parts.append("(Two points cannot fix more than two parameters.)")
        return " ".join(parts)

    @staticmethod
    def _column_reached(method: str, steps: Sequence[Step], p: int) -> int | None:
        """The column of Q the solver has finished (1-based), for the marker on the curves."""
        kind = FACTOR_KINDS[method]
        if not steps:
            return None
        if steps[-1].kind != kind:
            return p if any(step.kind == kind for step in steps) else None
        return int(steps[-1].detail.get("column", 0)) + 1

    def _update_r(self, method: str, key: str, steps: Sequence[Step], trace) -> None:
        """R as far as the solver has finished it: NaN (blank) for entries not final yet."""
        p = self._problem.p
        factor_steps = [step for step in steps if step.kind == FACTOR_KINDS[method]]
        r = None
        if factor_steps and method in ("cgs", "mgs"):
            r = np.array(factor_steps[-1].detail["r"], dtype=float)
        elif factor_steps and method == "householder":
            last = factor_steps[-1]
            top = np.asarray(last.detail["top"], dtype=float)
            r = np.full((p, p), np.nan)
            rows = min(int(last.detail["column"]) + 1, top.shape[0], p)
            r[:rows] = _padded(top[:rows, :p], p)
            r[np.tril_indices(p, -1)] = np.nan
        elif factor_steps and method == "givens":
            result = self.lab.race.results.get(key)
            final = None if result is None else result.diagnostics.get("r")
            if final is not None:
                r = np.full((p, p), np.nan)
                rows = _givens_rows_done(steps, trace, p)
                r[:rows] = np.triu(np.asarray(final, dtype=float))[:rows]
                r[np.tril_indices(p, -1)] = np.nan
        if r is not None and self._r_levels is None:
            self._r_levels = self._levels_of_final_r(key)
        self.r_plot.set_r(r, self._r_levels)

    def _levels_of_final_r(self, key: str) -> tuple[float, float] | None:
        """Colours fixed by the finished R, so an entry keeps its colour while R fills in."""
        result = self.lab.race.results.get(key)
        final = None if result is None else result.diagnostics.get("r")
        if final is None:
            return None
        magnitude = np.abs(np.asarray(final, dtype=float))
        magnitude = magnitude[np.isfinite(magnitude) & (magnitude > 0)]
        return (float(np.log10(magnitude.min())), float(np.log10(magnitude.max()))) if magnitude.size else None

    # ---- what tests and screenshots read ---------------------------------------------------------
    def drawn_vectors(self) -> dict[str, np.ndarray]:
        """The vectors on the visible picture, read back from its plot items."""
        plane = self.column_plane if self.column_plane.isVisibleTo(self) else self.projection_plane
        return plane.drawn_vectors()


def _elided(text: str, limit: int = CAPTION_LIMIT) -> str:
    """A step title short enough for the caption (a degree-10 column lists ten coefficients)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _padded(block: np.ndarray, p: int) -> np.ndarray:
    out = np.full((block.shape[0], p), np.nan)
    out[:, :block.shape[1]] = block
    return out


def _givens_rows_done(steps: Sequence[Step], trace, p: int) -> int:
    """Rows of R final so far: all rows above the column being cleared, and its own once its last round is done."""
    last = steps[-1]
    if last.kind != "rotate":
        return p
    column = int(last.detail["column"])
    following = trace[len(steps)] if trace is not None and len(steps) < len(trace) else None
    done = following is None or following.kind != "rotate" or int(following.detail["column"]) != column
    return column + int(done)

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
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout

from engine import SOLVERS
from engine.orthogonality import METHODS, orthogonality_loss
from engine.problem import Problem
from engine.solvers.gram_schmidt_steps import PHASES
from engine.steps import Step

from ...look.style import base_font, caption_label
from ..base import RunView
from .captions import PICK_A_QR_SOLVER, caption_fits, explain_other_method
from .factors import OrthogonalityPlot, RFactorPlot
from .picture_row import PictureRow
from .plane import ColumnPlane
from .projection import ProjectionPlane

if TYPE_CHECKING:
    from ...lab import Lab

QR_METHODS = ("cgs", "mgs", "householder", "givens")
#: Characters of a step title shown in the caption (fewer when the caption has no room for them).
CAPTION_LIMIT = 200
#: Lines of the caption (the pictures keep the rest of the height).
CAPTION_LINES = 4
#: Forming three explicit Q's costs about n·p² flops each; above this the GUI would stall for a second or more.
ORTHOGONALITY_WORK_LIMIT = 1e8
#: The step kinds that build Q and R, per method (what follows is Qᵀy and back substitution).
FACTOR_KINDS = {"cgs": PHASES, "mgs": PHASES, "householder": ("reflect",), "givens": ("rotate",)}

class QRGeometryView(RunView):
    """Q and R of the focus QR solver, drawn in sync with the player."""

    name = "geometry"
    title = "Geometry of QR"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.caption = caption_label(lines=CAPTION_LINES)
        self.facts = QLabel(self)  # under the projection picture, once it exists
        self.facts.hide()
        self.facts.setWordWrap(True)
        self.facts.setFont(base_font(12))
        self.pictures = PictureRow()
        self.column_plane = ColumnPlane()
        self.column_picture = self.pictures.add(self.column_plane, self.column_plane.title_text, "Vectors")
        # The projection and the factors are built when first needed (cached properties below):
        # at start-up only the plane of two points shows, and each plot costs ~15 ms to make.
        self._wanted = {"projection": False, "factors": False}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.pictures, 1)
        self.caption.installEventFilter(self)
        self._captions: tuple[str, ...] = ()
        self._problem: Problem | None = None
        self._r_levels: tuple[float, float] | None = None
        self._show_pictures(plane=True, projection=False, factors=False)
        self._set_caption("Run a QR solver to see the columns of A become the orthonormal columns of Q.")

    @cached_property
    def projection_plane(self) -> ProjectionPlane:
        plane = ProjectionPlane()
        self.projection_picture = self.pictures.add(plane, plane.title_text, "y = ŷ + r",
                                                    shown=self._wanted["projection"], below=self.facts)
        return plane

    @cached_property
    def _factor_plots(self) -> tuple[RFactorPlot, OrthogonalityPlot]:
        plots = RFactorPlot(), OrthogonalityPlot()
        self.factor_pictures = tuple(self.pictures.add(plot, plot.title_text, tab, shown=self._wanted["factors"])
                                     for plot, tab in zip(plots, ("R", "QᵀQ − I")))
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
            self._set_factors_shown(r=False)
            self.orthogonality_plot.set_column(None)
            label = self.lab.solver_label(key) if key else "No solver"
            family = SOLVERS.get(method).family if method in SOLVERS else None
            self._set_caption(*(explain_other_method(label, family) if problem.n > 2 else (PICK_A_QR_SOLVER,)))
            return
        trace = self.lab.race.traces.get(key)
        steps = [trace[i] for i in range(min(position + 1, len(trace)))] if trace is not None else []
        self._set_factors_shown(r=problem.p >= 3)
        plane_caption = self.column_plane.show_steps(method, steps, problem.matrix) if problem.n == 2 else ()
        if not steps or steps[-1].kind not in FACTOR_KINDS[method]:
            plane_caption = ()  # past the factorisation: the step's own title says what happens
        if problem.p >= 3:
            self._update_r(method, key, steps, trace)
            self.orthogonality_plot.set_column(self._column_reached(method, steps, problem.p))
        self._set_caption(*self._caption(key, steps, trace, plane_caption))

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
        self._wanted = {"projection": projection, "factors": factors}
        self.pictures.set_shown(self.column_picture, plane)
        if "projection_plane" in self.__dict__:
            self.pictures.set_shown(self.projection_picture, projection)
        if "_factor_plots" in self.__dict__:
            for picture in self.factor_pictures:
                self.pictures.set_shown(picture, factors)

    def _set_factors_shown(self, *, r: bool) -> None:
        """The heat map of R only while a QR solver is in focus (the curves are the problem's)."""
        shown = r and self._wanted["factors"]
        if "_factor_plots" in self.__dict__ and self.pictures.is_shown(self.factor_pictures[0]) != shown:
            self.pictures.set_shown(self.factor_pictures[0], shown)

    # ---- the caption: the longest wording that fits whole ---------------------------------------
    def _set_caption(self, *wordings: str) -> None:
        """Show the first of `wordings` (longest first) that fits the caption whole: a caption cut
        with "…" would hide "Pick cgs, mgs, …" at presentation sizes."""
        self._captions = wordings
        self._fit_caption()

    def _fit_caption(self) -> None:
        if not self._captions:
            return
        chosen = next((text for text in self._captions if caption_fits(self.caption, text)), self._captions[-1])
        if chosen != self.caption.text():
            self.caption.setText(chosen)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.caption and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self._fit_caption()
        return False

    # ---- per frame -------------------------------------------------------------------------
    def _method_of(self, key: str | None) -> str | None:
        for request in self.lab.race.requests:
            if request.key == key:
                return request.method
        return key

    def _caption(self, key: str, steps: Sequence[Step], trace, plane_caption: tuple[str, ...]) -> tuple[str, ...]:
        """The caption of this frame, longest wording first: the step in words, then shorter, and the
        reason a solver failed (whole, its first sentence, its first clause) in every wording."""
        label = f"{self.lab.solver_label(key)}:"
        reasons = [""]
        result = self.lab.race.results.get(key)
        if result is not None and not result.ok and trace is not None and len(steps) >= len(trace):
            message = result.message
            reasons = list(dict.fromkeys(f"— {text}" for text in (message, message.split(". ")[0].rstrip(".") + ".",
                                                                    message.split(":")[0] + ".")))
        if self._problem is not None and self._problem.n == 2 and self._problem.p > 2:
            reasons = [f"{reason} (Two points cannot fix more than two parameters.)".strip() for reason in reasons]
        if not steps:
            return tuple(" ".join(filter(None, [label, "no step yet.", reason])) for reason in reasons)
        where = self.lab.step_caption(key, len(steps) - 1)
        title = steps[-1].title
        whats = plane_caption or (_elided(title), *([title.split(";")[0] + "."] if ";" in title else []))
        wordings = [*(f"{where}. {what}" for what in whats if len(what) <= CAPTION_LIMIT), f"{where}."]
        return tuple(" ".join(filter(None, [label, wording, reason])) for reason in reasons for wording in wordings)

    @staticmethod
    def _column_reached(method: str, steps: Sequence[Step], p: int) -> int | None:
        """The column of Q the solver has finished (1-based), for the marker on the curves."""
        kinds = FACTOR_KINDS[method]
        if not steps:
            return None
        if steps[-1].kind not in kinds:
            return p if any(step.kind in kinds for step in steps) else None
        if "finished" in steps[-1].detail:  # Gram-Schmidt: the q's normalised so far
            return int(steps[-1].detail["finished"]) or None
        return int(steps[-1].detail.get("column", 0)) + 1

    def _update_r(self, method: str, key: str, steps: Sequence[Step], trace) -> None:
        """R as far as the solver has finished it: NaN (blank) for entries not final yet."""
        p = self._problem.p
        factor_steps = [step for step in steps if step.kind in FACTOR_KINDS[method]]
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
        plane = self.column_plane if self.pictures.is_shown(self.column_picture) else self.projection_plane
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

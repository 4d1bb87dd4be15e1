"""Singular values: σᵢ on a log scale with the cut-off drawn, a rank slider, and the answers of each rank.

The dots are the singular values of the working matrix (largest first); the dashed line is the cut-off
σ₁·max(n, p)·ε below which a σ is rounding noise, so the dots above it count the numerical rank. The
slider chooses how many to keep: the truncated SVD's θ of that rank, computed here (svd-truncated with
`rank` = k); when svd-truncated races, the slider starts at the rank its settings chose. Beside it,
pivoted QR's basic θ and the SVD's minimum-norm θ: on rank-deficient data both fit equally well (the
same ‖r‖) and the minimum-norm one is shorter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget

from engine.rank_answers import LIVE_ENTRIES, Answer, RankAnswers, rank_answers, singular_values_only

from ..look.style import PALETTE, REFERENCE_COLOR, base_font, caption_label
from .base import RunView
from .surface.fitting import FittingAxis

if TYPE_CHECKING:
    from engine import Problem

    from ..lab import Lab

KEPT_COLOR = PALETTE[0]
CUTOFF_COLOR = PALETTE[1]
#: A σ that is exactly 0 (or below σ₁·10⁻¹⁸) is drawn at σ₁·10⁻¹⁸: a log axis has no 0.
FLOOR = 1e-18
SHOW_THETA = 6  # coefficients written out in the table's tooltip; more end in "…"


def _theta_text(theta: np.ndarray | None) -> str:
    if theta is None:
        return "no answer"
    shown = ", ".join(f"{v:.3g}" for v in theta[:SHOW_THETA])
    return f"({shown}{', …' if theta.size > SHOW_THETA else ''})"


class SingularValuesView(RunView):
    """σᵢ with the cut-off, a rank slider, and the basic, minimum-norm and rank-k answers side by side."""

    name = "singular-values"
    title = "Singular values"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.setFont(base_font(11))
        self.caption = caption_label(2, 11)
        self.caption.setObjectName("singular-values-caption")
        self.plot = pg.PlotWidget(axisItems={side: FittingAxis(side) for side in ("left", "bottom")})
        self.plot.setMenuEnabled(False)
        self.plot.setLogMode(x=False, y=True)
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setTickFont(base_font(10))
            self.plot.getAxis(side).enableAutoSIPrefix(False)  # real values: "(x1e+09)" beside a log axis misleads
        self.plot.setLabel("left", "σᵢ", **{"font-size": "11pt"})
        self.plot.setLabel("bottom", "i", **{"font-size": "11pt"})
        self.plot.setMinimumSize(self.fontMetrics().averageCharWidth() * 24, self.fontMetrics().lineSpacing() * 6)
        self.plot.setToolTip("The singular values of A, largest first, on a log scale. The dashed line is the "
                             "cut-off σ₁·max(n, p)·ε: a σ below it is rounding noise.")
        self.kept_dots = pg.PlotDataItem(pen=pg.mkPen(KEPT_COLOR, width=1), symbol="o", symbolSize=9,
                                         symbolBrush=KEPT_COLOR, symbolPen=None)
        self.dropped_dots = pg.PlotDataItem(pen=None, symbol="o", symbolSize=9, symbolBrush=None,
                                            symbolPen=pg.mkPen(REFERENCE_COLOR, width=1.5))
        self.cutoff_line = pg.InfiniteLine(angle=0, movable=False,
                                           pen=pg.mkPen(CUTOFF_COLOR, width=1.5, style=Qt.PenStyle.DashLine))
        self.rank_line = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(REFERENCE_COLOR, width=1, style=Qt.PenStyle.DotLine))
        for item in (self.kept_dots, self.dropped_dots):
            self.plot.addItem(item)
        self.plot.addItem(self.cutoff_line, ignoreBounds=True)
        self.plot.addItem(self.rank_line, ignoreBounds=True)

        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("rank-slider")
        self.slider.setRange(1, 1)
        self.slider.setPageStep(1)
        self.slider.setToolTip("How many singular values the truncated SVD keeps (svd-truncated's rank).")
        self.slider.valueChanged.connect(self._on_rank_moved)
        self.rank_label = QLabel("rank k = –")
        self.answers_label = QLabel()
        self.answers_label.setTextFormat(Qt.TextFormat.RichText)
        self.answers_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        slider_row = QHBoxLayout()
        slider_row.addWidget(self.rank_label)
        slider_row.addWidget(self.slider, 1)
        side_layout.addLayout(slider_row)
        side_layout.addWidget(self.answers_label)
        side_layout.addWidget(self.note, 1)
        body = QHBoxLayout()
        body.addWidget(self.plot, 3)
        body.addWidget(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addLayout(body, 1)

        self.answers: RankAnswers | None = None
        self._problem: Problem | None = lab.data_problem
        self._stale = True
        self._follow_auto = True  # the slider follows the numerical rank until the user moves it
        self._clear("Put some data on the canvas: the singular values of A appear here.")

    # ---- what is drawn (for tests and exports) ----------------------------------------------
    def sigma_drawn(self) -> np.ndarray:
        """The singular values drawn, kept then dropped, largest first (0 shown at the floor)."""
        return self.answers.sigma.copy() if self.answers is not None else np.empty(0)

    def cutoff_drawn(self) -> float | None:
        """The cut-off drawn (σ₁·max(n, p)·ε), or None."""
        return None if self.answers is None else 10.0 ** float(self.cutoff_line.value())

    @property
    def rank(self) -> int:
        return 0 if self.answers is None else self.answers.rank

    # ---- RunView ----------------------------------------------------------------------------
    def data_changed(self, problem) -> None:
        self._problem = problem
        self._stale = True
        if self.isVisible():
            self._update_answers()

    def run_started(self) -> None:
        self._stale = self._stale or self._run_rank() is not None

    def refresh(self, position: int) -> None:
        if self._stale:
            self._update_answers()

    def _run_rank(self) -> int | None:
        """The rank svd-truncated runs with in the current run (0: auto), or None if it is not in the run."""
        for request in self.lab.race.requests:
            if request.method == "svd-truncated":
                return int(request.params.get("rank", 0))
        return None

    # ---- events -----------------------------------------------------------------------------
    @Slot(int)
    def _on_rank_moved(self, value: int) -> None:
        if self.answers is None or value == self.answers.rank:
            return
        self._follow_auto = value == self.answers.numerical_rank
        self._compute(value)

    # ---- updaters ---------------------------------------------------------------------------
    def _update_answers(self) -> None:
        self._stale = False
        problem = self._problem
        if problem is None:
            self._clear("Put some data on the canvas: the singular values of A appear here.")
            return
        keep = None if self._follow_auto or self.answers is None else self.answers.rank
        run_rank = self._run_rank()
        if run_rank is not None:  # svd-truncated is racing: show the rank its settings chose
            self._follow_auto = run_rank == 0
            keep = run_rank or None
        self._compute(keep)

    def _compute(self, rank: int | None) -> None:
        problem = self._problem
        try:
            if problem.n * problem.p > LIVE_ENTRIES:
                answers = singular_values_only(problem)
            else:
                answers = rank_answers(problem, rank)
        except (np.linalg.LinAlgError, ValueError, ArithmeticError) as error:  # the window goes on
            self._clear("The singular values could not be computed for these data.")
            self.lab.message.emit(f"Singular values: the computation stopped ({type(error).__name__}: {error}).")
            return
        self.answers = answers
        self._draw(problem, answers)

    def _draw(self, problem: Problem, answers: RankAnswers) -> None:
        sigma = answers.sigma
        shown = np.maximum(sigma, max(float(sigma[0]) if sigma.size else 1.0, 1e-300) * FLOOR)
        index = np.arange(1, sigma.size + 1)
        k = answers.rank
        self.kept_dots.setData(index[:k], shown[:k])
        self.dropped_dots.setData(index[k:], shown[k:])
        cutoff = max(answers.cutoff, float(shown[0]) * FLOOR)
        self.cutoff_line.setValue(np.log10(cutoff))
        self.rank_line.setValue(k + 0.5)
        self.rank_line.setVisible(k < sigma.size)
        self.plot.setXRange(0.5, sigma.size + 0.5, padding=0.02)
        self.plot.getAxis("bottom").setTickSpacing(major=max(1, int(np.ceil(sigma.size / 10))), minor=1)
        low, high = np.log10(min(float(shown.min()), cutoff)), np.log10(float(shown.max()))
        self.plot.setYRange(low - 0.5, high + 0.5, padding=0)
        self.slider.blockSignals(True)
        self.slider.setRange(1, max(sigma.size, 1))
        self.slider.setValue(k)
        self.slider.setEnabled(answers.min_norm is not None)
        self.slider.blockSignals(False)
        self.rank_label.setText(f"rank k = {k}")
        self.caption.setText(self._caption(problem, answers))
        self.answers_label.setText(self._table(answers))
        self.answers_label.setToolTip(self._thetas(answers))
        self.note.setText(self._note(problem, answers))

    def _caption(self, problem: Problem, answers: RankAnswers) -> str:
        zeros = int(np.sum(answers.sigma <= answers.sigma[0] * FLOOR)) if answers.sigma.size else 0
        at_floor = f"; {zeros} σ = 0 drawn at the bottom" if zeros else ""
        return (f"{answers.sigma.size} singular values of A (n = {problem.n}, p = {problem.p}); dashed: the cut-off "
                f"σ₁·max(n, p)·ε = {answers.cutoff:.2e}, numerical rank {answers.numerical_rank}; "
                f"filled: the {answers.rank} kept{at_floor}.")

    def _table(self, answers: RankAnswers) -> str:
        if answers.min_norm is None:
            return "<i>Too large to recompute at every move of the slider.</i>"
        rows = [("basic (qr-pivoted)", answers.basic), ("minimum-norm (svd)", answers.min_norm),
                (f"rank {answers.rank} (svd-truncated)", answers.truncated)]
        cells = "".join(self._row(name, answer) for name, answer in rows)
        return ("<table cellspacing='0' cellpadding='3'><tr><th align='left'>answer</th>"
                f"<th align='right'>‖θ‖</th><th align='right'>‖r‖</th></tr>{cells}</table>")

    @staticmethod
    def _thetas(answers: RankAnswers) -> str:
        if answers.min_norm is None:
            return ""
        return "\n".join(f"{answer.method}: θ = {_theta_text(answer.theta)}"
                         for answer in (answers.basic, answers.min_norm, answers.truncated))

    @staticmethod
    def _row(name: str, answer: Answer) -> str:
        return (f"<tr><td>{name}</td><td align='right'>&nbsp;{answer.theta_norm:.4g}</td>"
                f"<td align='right'>&nbsp;{answer.residual_norm:.6g}</td></tr>")

    def _note(self, problem: Problem, answers: RankAnswers) -> str:
        if answers.min_norm is None:
            return f"{problem.n} × {problem.p}: the singular values only, from the R of A = QR."
        left_out = list(answers.basic.result.diagnostics.get("left_out", []))
        if answers.deficient:
            names = ", ".join(f"'{label}'" for label in left_out) or "none"
            text = (f"Rank {answers.numerical_rank} of {problem.p}: many θ fit equally well. The basic θ sets "
                    f"{names} to 0; the minimum-norm θ is the shortest of them, with the same ‖r‖.")
        else:
            text = "Full rank: the basic and the minimum-norm answers are the same θ."
        if answers.rank < answers.numerical_rank:
            text += (f" Keeping {answers.rank} of {answers.numerical_rank} gives up some fit (a larger ‖r‖) "
                     "for a shorter θ, on purpose.")
        return text

    def _clear(self, message: str) -> None:
        self.answers = None
        self.kept_dots.setData([], [])
        self.dropped_dots.setData([], [])
        self.rank_line.setVisible(False)
        self.slider.setEnabled(False)
        self.rank_label.setText("rank k = –")
        self.answers_label.setText("")
        self.note.setText("")
        self.caption.setText(message)

"""My line's controller: the actions (Guess a Line G, Keep Guess K, Reveal R, the Alt+arrow
nudges, Let Gauss-Seidel Take Over), the handles' drags turned into θ, and the words.

θ lives in the Lab's GuessModel and nowhere else; this object writes it (a drag, a nudge, a new
round) and redraws from it. The handles' x positions are the only thing it keeps: where the user
left them, which θ does not say. A model of another shape (degree, columns) or a new data set
forgets the guesses (GuessModel.forget), and the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QPointF, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from ...lab import Lab
from . import geometry, words
from .guess_bar import GuessBar
from .handles import MyLineItems

GUESS_KEY, KEEP_KEY, REVEAL_KEY = "G", "K", "R"
#: Alt+↑/↓ nudge the first coefficient (B0), Alt+→/← the second (B1).
NUDGE_KEYS = (("Alt+Up", 0, +1), ("Alt+Down", 0, -1), ("Alt+Right", 1, +1), ("Alt+Left", 1, -1))


class MyLine(QObject):
    """My line on `canvas` (a PointCanvas) following `lab`; `status(text)` shows a note, and
    `take_over(theta)` runs Gauss-Seidel from θ (the window's run, given by install_my_line)."""

    def __init__(self, lab: Lab, canvas, *, status: Callable[[str], None],
                 take_over: Callable[[np.ndarray], None], parent: QObject | None = None):
        super().__init__(parent)
        self.lab, self.canvas, self.guess = lab, canvas, lab.guess
        self._status, self._take_over = status, take_over
        self.xs: np.ndarray | None = None  # the handles' x (the ends, for a line with a shift handle)
        self._drag: tuple[np.ndarray, np.ndarray, QPointF] | None = None  # θ, xs and pointer at the press
        self._moved_alone: int | None = None  # the coefficient the last move changed alone, if one
        self._shape = self._shape_of(lab.data_problem)
        self._best: tuple[object, np.ndarray, float] | None = None  # (problem, θ*, loss*) once computed

        self.guess_action = self._action("&Guess a Line", [GUESS_KEY], self._on_guess_toggled, checkable=True)
        self.guess_action.setIconText("My Line (G)")
        self.guess_action.setToolTip("My line: drag its handles to guess the best line; its sum of squares follows")
        self.keep_action = self._action("&Keep Guess", [KEEP_KEY], self.keep)
        self.keep_action.setIconText("Keep (K)")  # the button's words under the canvas
        self.reveal_action = self._action("&Reveal the Least-Squares Line", [REVEAL_KEY], self.reveal_or_new_round)
        self.hide_action = self._action("&Hide My Line", [], lambda: self.guess_action.setChecked(False))
        self.hide_action.setToolTip("Hide My line (G shows and hides it); the kept guesses stay")
        self.take_over_action = self._action(words.TAKE_OVER, [], self.let_gauss_seidel_take_over)
        self.take_over_action.setToolTip("Run Gauss-Seidel from your guess: its path on the loss surface starts "
                                         "at your dot")
        self.nudge_actions = [self._action("", [key], lambda _=False, j=j, s=sign: self.nudge(j, s))
                              for key, j, sign in NUDGE_KEYS]
        self.items = MyLineItems(canvas)
        self.bar = GuessBar({"keep": self.keep_action, "reveal": self.reveal_action,
                             "take_over": self.take_over_action})
        self.reveal_action.setIconText("Reveal (R)")
        self.items.handles.dragged.connect(self._on_handle_dragged)
        canvas.getViewBox().sigRangeChanged.connect(self._on_range_changed)
        self.guess.changed.connect(self._on_guess_changed)
        self.guess.kept_changed.connect(self._redraw)
        self.guess.revealed_changed.connect(self._on_revealed_changed)
        lab.data_changed.connect(self._on_data_changed)
        lab.points.replaced.connect(self._on_points_replaced)
        self._redraw()

    def _action(self, text: str, keys: list[str], slot, *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        return action

    @property
    def actions(self) -> list[QAction]:
        return [self.guess_action, self.keep_action, self.reveal_action, self.hide_action,
                self.take_over_action, *self.nudge_actions]

    # ---- the problem My line is drawn for ---------------------------------------------------
    def problem(self):
        """What is on screen (the Lab's data problem), if My line can be drawn over it."""
        problem = self.lab.data_problem
        return problem if words.no_line_reason(problem) is None else None

    def theta(self) -> np.ndarray | None:
        """The guess, if it fits the problem on screen."""
        problem, theta = self.problem(), self.guess.theta
        return theta if problem is not None and theta is not None and theta.size == problem.p else None

    def best(self) -> tuple[np.ndarray, float] | None:
        """The least-squares θ and its loss (numpy's lstsq, the surface's ★), once per problem."""
        problem = self.problem()
        if problem is None:
            return None
        if self._best is None or self._best[0] is not problem:
            from engine.surface import minimum  # here: the module is the loss surface's, not needed at start-up

            theta = minimum(problem)
            self._best = (problem, theta, problem.loss(theta))
        return self._best[1], self._best[2]

    @staticmethod
    def _shape_of(problem) -> tuple | None:
        """What a guess depends on: the columns (their number and names), the degree, the intercept."""
        return None if problem is None else (problem.column_labels, problem.degree, problem.intercept)

    # ---- starting, keeping, revealing -------------------------------------------------------
    def start(self) -> bool:
        """My line at the first guess (flat at the mean of y), handles across the points."""
        problem = self.lab.data_problem
        reason = words.no_line_reason(problem)
        if reason is not None:
            self._status(reason)
            return False
        self.xs = self._spread_handles(problem)
        best = self.best()
        theta = geometry.away_from(geometry.flat_guess(problem, self.xs), None if best is None else best[0], problem)
        self._moved_alone = None
        self.guess.set_theta(theta)
        return True

    @Slot(bool)
    def _on_guess_toggled(self, shown: bool) -> None:
        if shown and not self.start():
            self.guess_action.setChecked(False)
        elif not shown:
            self.guess.set_theta(None)

    def keep(self) -> None:
        kept = self.guess.keep()
        if kept is None:
            self._status("No guess to keep: Guess a Line (G) first.")
            return
        self._status(f"Kept as {kept.name}. Drag for the next guess; R reveals the answer.")

    def reveal_or_new_round(self) -> None:
        if not self.guess.revealed:
            if self.theta() is None and not self.guess.kept:
                self._status("Guess a line first (G), then Reveal (R) shows the least-squares line.")
                return
            self.guess.set_revealed(True)
            return
        kept = len(self.guess.kept)
        if kept and not self.confirm_new_round(kept):
            return
        self.guess.clear_kept()
        self.guess.set_revealed(False)
        if self.guess_action.isChecked():
            self.start()
        self._status("New round: the kept guesses are cleared and the answer hidden.")

    def confirm_new_round(self, kept: int) -> bool:
        """Ask before clearing the kept guesses (they cannot be brought back)."""
        parent = self.canvas.window() if isinstance(self.canvas, QWidget) else None
        answer = QMessageBox.question(parent, "New round?",
                                      f"Clear the {kept} kept guess{'es' if kept > 1 else ''} and start a new round?")
        return answer == QMessageBox.StandardButton.Yes

    def let_gauss_seidel_take_over(self) -> None:
        theta = self.theta()
        if theta is None:
            self._status("Guess a line first (G): Gauss-Seidel then starts from your guess.")
            return
        self._take_over(np.array(theta))

    # ---- moving the guess -------------------------------------------------------------------
    def nudge(self, index: int, sign: int) -> None:
        """One coefficient up or down by a small step (the keyboard's coordinate descent)."""
        problem, theta = self.problem(), self.theta()
        if theta is None:
            self._status("Guess a line first (G): then Alt+arrows move its coefficients one at a time.")
            return
        if index >= problem.p:
            return
        moved = np.array(theta, dtype=float)
        moved[index] += sign * geometry.nudge_sizes(problem)[index]
        self._moved_alone = index
        self.guess.set_theta(moved)

    def handle_points(self) -> np.ndarray:
        """Where the handles are, (h, 2) in data coordinates: the ends (or the p points of a
        curve), then for a line with an intercept the middle one that shifts it."""
        problem, theta = self.problem(), self.theta()
        if theta is None or self.xs is None or self.xs.size != problem.p:
            return np.empty((0, 2))
        xs = self.xs
        if geometry.has_shift_handle(problem):
            xs = np.r_[xs, xs.mean()]
        return np.column_stack([xs, problem.predict(theta, xs)])

    @Slot(int, object, str)
    def _on_handle_dragged(self, index: int, where: QPointF, phase: str) -> None:
        """A handle moved: θ of the curve through the handles (the middle one: B0 alone). The strip
        under the canvas keeps its height until the drop, so the canvas never moves under the pointer."""
        problem, theta = self.problem(), self.theta()
        if theta is None or self.xs is None:
            return
        if phase == "start" or self._drag is None:
            self._drag = (np.array(theta), self.xs.copy(), QPointF(where))
            self.bar.hold_height(True)
            if phase == "start":
                return
        theta0, _xs0, press = self._drag
        (x0, x1), _ = self.canvas.getViewBox().viewRange()
        moved = geometry.dragged(problem, theta, theta0, self.xs, index, (where.x(), where.y()), press.y(),
                                 gap=geometry.MIN_GAP * (x1 - x0))
        if moved is not None:
            theta, self.xs, self._moved_alone = moved
            self.guess.set_theta(theta)
        if phase == "finish":
            self._drag = None
            self.bar.hold_height(False)
            self._redraw()  # the caption waits for the drop

    # ---- following the Lab --------------------------------------------------------------------
    @staticmethod
    def _spread_handles(problem) -> np.ndarray:
        low, high = float(np.min(problem.x)), float(np.max(problem.x))
        if high <= low:
            low, high = low - 1.0, high + 1.0
        return geometry.handle_xs(problem, (low, high))

    @Slot()
    def _on_guess_changed(self) -> None:
        if self.guess.theta is None and self.guess_action.isChecked():
            self.guess_action.setChecked(False)
        elif self.theta() is not None and (self.xs is None or self.xs.size != self.theta().size):
            # A guess set from outside (a driver, a test, a file): handles across the points, and
            # the menu's check mark on (setChecked does not trigger, so no flat guess replaces it).
            self.xs = self._spread_handles(self.problem())
            self.guess_action.setChecked(True)
        self._redraw()

    @Slot(bool)
    def _on_revealed_changed(self, revealed: bool) -> None:
        self.reveal_action.setText("New &Round" if revealed else "&Reveal the Least-Squares Line")
        self.reveal_action.setIconText("New Round (R)" if revealed else "Reveal (R)")
        self._redraw()

    @Slot(object)
    def _on_data_changed(self, problem) -> None:
        shape = self._shape_of(problem)
        if problem is not None:
            if self._shape is not None and shape != self._shape and self._has_guesses():
                self._forget("The model changed (now " + ", ".join(problem.parameter_names) + ")")
            self._shape = shape
        self._redraw()

    @Slot()
    def _on_points_replaced(self) -> None:
        if self._has_guesses():
            self._forget("New data")

    def _has_guesses(self) -> bool:
        return self.guess.active or bool(self.guess.kept)

    def _forget(self, why: str) -> None:
        was_shown = self.guess_action.isChecked()
        self.guess.forget()
        restarted = was_shown and self.start()
        if restarted:
            self.guess_action.setChecked(True)
        again = " My line starts again, flat." if restarted else ""
        self._status(f"{why}: the guesses were for the old model, so they are forgotten.{again}")

    @Slot()
    def _on_range_changed(self, *_args) -> None:
        if self.theta() is not None or self.guess.revealed:
            self._redraw_curves()

    # ---- drawing ------------------------------------------------------------------------------
    def _redraw(self, *_args) -> None:
        """The words under the canvas: before Reveal the kept guesses' losses (My line's is beside
        it), after it the least value and each guess against it."""
        problem, theta = self.problem(), self.theta()
        best = self.best() if self.guess.revealed and problem is not None else None
        best_loss = None if best is None else best[1]
        lines = [] if best is None else [("answer", words.answer_line(best_loss, problem))]
        loss = None if theta is None else problem.loss(theta)
        if best is not None and theta is not None:
            lines.append(("current", words.guess_line("My line", loss, best_loss, problem, named_loss=False)))
        kept = [] if problem is None else [k for k in self.guess.kept if k.theta.size == problem.p]
        lines += [("kept", words.guess_line(k.name, problem.loss(k.theta), best_loss, problem,
                                            named_loss=best is None and i == 0)) for i, k in enumerate(kept)]
        self.bar.show_lines(lines)
        self.bar.set_wanted(theta is not None or bool(self.guess.kept))
        self._redraw_curves(None if theta is None else words.guess_line("My line", loss, None, problem))
        self._update_actions(problem)

    def _redraw_curves(self, current: str | None = None) -> None:
        problem, theta = self.problem(), self.theta()
        grid = self.canvas.curve_grid() if problem is not None else None
        if theta is None:
            self.items.show_guess(None, None, None, "")
        else:
            text = current if current is not None else self.items.words.toPlainText()
            self.items.show_guess(grid, problem.predict(theta, grid), self.handle_points(), text)
        kept = [] if problem is None else [(grid, problem.predict(k.theta, grid))
                                           for k in self.guess.kept if k.theta.size == problem.p]
        self.items.show_kept(kept, [k.name for k in self.guess.kept])
        best = self.best() if self.guess.revealed and problem is not None else None
        self.items.show_answer(*((grid, problem.predict(best[0], grid)) if best is not None else (None, None)))
        if self._drag is None:  # while dragging the strip keeps its height: the caption waits for the drop
            alone = self._moved_alone
            shown = theta is not None and alone is not None
            self.bar.show_coordinate_descent(shown, f"You moved {problem.parameter_names[alone]} alone." if shown
                                             else "")

    def _update_actions(self, problem) -> None:
        """The nudges named for this model's coefficients. Every action stays enabled, so its key
        always answers: with nothing to act on it says what to do first."""
        names = [] if problem is None else list(problem.parameter_names)
        for action, (_key, index, sign) in zip(self.nudge_actions, NUDGE_KEYS):
            name = names[index] if index < len(names) else f"B{index}"
            action.setText(f"{'Increase' if sign > 0 else 'Decrease'} {name} of My Line")

"""Which run the board and the geometry view explain, and its board at the player's frame.

Both views explain one Gauss-Newton or Levenberg-Marquardt run of the lab (the first one checked,
or the one chosen in their solver box) at the player's frame; the board itself is computed by
engine.nonlinear.board from the recorded θ. A small cache keeps the last boards, so a frame that
did not change costs nothing when the run sends more steps.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QWidget

from engine.nonlinear.board import NonlinearBoard, explains, nonlinear_board
from engine.nonlinear.tangent_step import ScaleMemo

from .lab import NonlinearLab
from .names import solver_label

#: Boards kept (a lecturer steps back and forth over a few frames).
CACHED = 8


def method_of(lab: NonlinearLab, key: str) -> str:
    """The engine method a solver key runs (the key itself when the run does not say)."""
    for request in lab.race.requests:
        if request.key == key:
            return request.method
    return key


def params_of(lab: NonlinearLab, key: str) -> dict:
    """The settings the solver ran with (empty: the registry's defaults)."""
    for request in lab.race.requests:
        if request.key == key:
            return dict(request.params)
    return {}


def explained_keys(lab: NonlinearLab) -> list[str]:
    """The run's solvers whose steps the board writes (Gauss-Newton and Levenberg-Marquardt)."""
    return [key for key in lab.solver_keys() if explains(method_of(lab, key))]


class BoardSource:
    """The board of one solver of the lab at a frame, computed once per (run, solver, step)."""

    def __init__(self, lab: NonlinearLab):
        self.lab = lab
        self._cache: dict[tuple, NonlinearBoard] = {}
        self._memos: dict[tuple, ScaleMemo] = {}  # (problem, solver) → LM's D along its run

    def board(self, key: str | None, position: int) -> tuple[NonlinearBoard | None, int]:
        """(the board of `key` at `position`, the index of its step shown); (None, -1) without a run."""
        lab = self.lab
        steps = lab.traces.get(key) if key is not None else None
        if lab.problem is None or not steps:
            return None, -1
        index = min(max(position, 0), len(steps) - 1)
        state = (id(lab.problem), key, index, steps[index].k, steps[index].theta.tobytes()
                 if steps[index].theta is not None else b"", index + 1 < len(steps))
        board = self._cache.get(state)
        if board is None:
            memo_key = (id(lab.problem), key, id(steps[0]))
            if memo_key not in self._memos:
                self._memos = {memo_key: ScaleMemo(lab.problem)}  # a new run or problem: forget the old
            board = nonlinear_board(lab.problem, method_of(lab, key), steps, index, params_of(lab, key),
                                    self._memos[memo_key])
            if len(self._cache) >= CACHED:
                self._cache.pop(next(iter(self._cache)))
            self._cache[state] = board
        return board, index


class SolverChoice(QComboBox):
    """Which of the run's Gauss-Newton and LM solvers a view explains (hidden when there is one)."""

    # ---- Signals
    chosen = Signal()
    """The user chose another solver."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.lab = lab
        self.setObjectName("explained-solver")
        self.setToolTip("The solver whose step is explained")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(self._on_activated)
        self.hide()

    def key(self) -> str | None:
        """The solver explained: the one chosen, else the first Gauss-Newton or LM of the run."""
        keys = explained_keys(self.lab)
        self._update_items(keys)
        chosen = self.currentData()
        return chosen if chosen in keys else (keys[0] if keys else None)

    def _update_items(self, keys: list[str]) -> None:
        present = [self.itemData(i) for i in range(self.count())]
        if present == keys:
            return
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        for key in keys:
            self.addItem(solver_label(key), key)
        if chosen in keys:
            self.setCurrentIndex(keys.index(chosen))
        self.blockSignals(False)
        self.setVisible(len(keys) > 1)

    @Slot(int)
    def _on_activated(self, _index: int) -> None:
        self.chosen.emit()

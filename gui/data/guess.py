"""`GuessModel`: the user's own line ("My line") and the guesses kept in a classroom round.

A guess is a θ in the problem's canonical order and original units ([B0, B1, ...], as a Step's
θ), so the canvas draws it with `Problem.predict`, the loss surface marks it with the same map as
every solver's θ, and its sum of squares is `Problem.loss`. Kept guesses are frozen copies with a
name ("Guess 1", or a student's name); the Reveal key shows the least-squares answer beside them.
The model is pure state: the canvas's handles write it, every view reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal


def _frozen(theta) -> np.ndarray:
    values = np.array(theta, dtype=float, copy=True).ravel()
    values.flags.writeable = False
    return values


@dataclass(frozen=True)
class KeptGuess:
    """A guess set aside: its name and its θ (canonical, read-only)."""

    name: str
    theta: np.ndarray


class GuessModel(QObject):
    """My line: one θ being dragged (or none), the kept guesses, and whether the answer is revealed."""

    changed = Signal()
    """The current guess appeared, moved or went away."""
    kept_changed = Signal()
    """A guess was kept, or the kept guesses were cleared."""
    revealed_changed = Signal(bool)
    """Reveal was pressed (True) or the round started again (False)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._theta: np.ndarray | None = None
        self._kept: list[KeptGuess] = []
        self._revealed = False

    @property
    def theta(self) -> np.ndarray | None:
        return self._theta

    @property
    def active(self) -> bool:
        return self._theta is not None

    @property
    def kept(self) -> tuple[KeptGuess, ...]:
        return tuple(self._kept)

    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_theta(self, theta) -> None:
        """Show My line at θ (None hides it). Non-finite values are refused: a guess is a line."""
        if theta is not None:
            theta = _frozen(theta)
            if not np.all(np.isfinite(theta)):
                raise ValueError(f"a guess needs finite coefficients, got {theta.tolist()}")
        if theta is None and self._theta is None:
            return
        if theta is not None and self._theta is not None and np.array_equal(theta, self._theta):
            return
        self._theta = theta
        self.changed.emit()

    def keep(self, name: str | None = None) -> KeptGuess | None:
        """Set the current guess aside under `name` ("Guess k" by default); None if there is none."""
        if self._theta is None:
            return None
        kept = KeptGuess(name or f"Guess {len(self._kept) + 1}", self._theta)
        self._kept.append(kept)
        self.kept_changed.emit()
        return kept

    def clear_kept(self) -> None:
        if self._kept:
            self._kept.clear()
            self.kept_changed.emit()

    def set_revealed(self, revealed: bool) -> None:
        if revealed != self._revealed:
            self._revealed = revealed
            self.revealed_changed.emit(revealed)

    def forget(self) -> None:
        """The model changed shape (degree, columns): no guess fits it any more."""
        self.set_theta(None)
        self.clear_kept()
        self.set_revealed(False)

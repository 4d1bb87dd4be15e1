"""`ResidualOptions`: what the canvas shows of the residuals, and which distance is being squared.

One object per window (on the Lab), so the canvas menu, the presenter layouts, the residual plot
and the canvas agree: the segments from each point to the focused curve, the squares of area r²,
the sum-of-squares bars, and the distance (vertical for ordinary least squares, perpendicular for
total least squares, absolute for least absolute deviations).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: The distances a fit can minimise, in menu order, with the words the menus show.
DISTANCES: dict[str, str] = {
    "vertical": "Vertical (ordinary least squares)",
    "perpendicular": "Perpendicular (total least squares)",
    "absolute": "Absolute (least absolute deviations)",
}


class ResidualOptions(QObject):
    """Toggles for the residual pictures and the chosen distance; `changed` after any change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._shown = {"segments": False, "squares": False, "sum_bars": False}
        self._distance = "vertical"

    @property
    def segments(self) -> bool:
        return self._shown["segments"]

    @property
    def squares(self) -> bool:
        return self._shown["squares"]

    @property
    def sum_bars(self) -> bool:
        return self._shown["sum_bars"]

    @property
    def distance(self) -> str:
        return self._distance

    def set_shown(self, what: str, shown: bool) -> None:
        """Show or hide "segments", "squares" or "sum_bars"."""
        if what not in self._shown:
            raise KeyError(f"no residual picture called {what!r}; there are {', '.join(self._shown)}")
        if self._shown[what] != shown:
            self._shown[what] = bool(shown)
            self.changed.emit()

    def set_distance(self, distance: str) -> None:
        if distance not in DISTANCES:
            raise ValueError(f"distance must be one of {', '.join(DISTANCES)}, got {distance!r}")
        if distance != self._distance:
            self._distance = distance
            self.changed.emit()

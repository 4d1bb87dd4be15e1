"""A caption for the nonlinear views: a fixed number of lines of the application's font (so it grows
with presentation mode's F5, which scales the application font), ending in "…" when the words do not
fit, the whole text in its tooltip (gui/look/style.py's Caption)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt

from ..look.style import Caption


class LinesCaption(Caption):
    """A word-wrapped caption `lines` lines high at whatever font it has now."""

    def __init__(self, lines: int):
        super().__init__()
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.set_lines(lines)

    def set_lines(self, lines: int) -> None:
        self._lines = lines
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2 * self.margin() + 4)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FontChange:
            self.setFixedHeight(self.fontMetrics().lineSpacing() * self._lines + 2 * self.margin() + 4)
        super().changeEvent(event)

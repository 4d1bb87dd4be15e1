"""The geometry view's pictures: side by side while each has room for its text, one at a time
behind tabs when the dock is narrow for its fonts (a 640 px dock at presentation ×2), so no
title, tick or legend is ever cut.

Each picture carries its title as a word-wrapped label above it (it follows the application
font, which presentation mode scales), not as a plot title that would force its width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedLayout, QTabWidget, QVBoxLayout, QWidget

#: A picture needs about this many average characters of width to show its title, ticks and legend.
CHARACTERS_PER_PICTURE = 34


class TitledPicture(QWidget):
    """A picture with its title above it."""

    def __init__(self, picture: QWidget, title: str, tab_text: str, below: QWidget | None = None):
        super().__init__()
        self.picture = picture
        self.tab_text = tab_text
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(picture, 1)
        if below is not None:
            layout.addWidget(below)


class PictureRow(QWidget):
    """Pictures in a row, or behind tabs when the row has no room for them (see the module)."""

    def __init__(self):
        super().__init__()
        self.row = QWidget()
        self._row_layout = QHBoxLayout(self.row)
        self._row_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.row)
        self._stack.addWidget(self.tabs)
        self.pictures: list[TitledPicture] = []
        self._shown: dict[int, bool] = {}
        self.compact = False

    def add(self, picture: QWidget, title: str, tab_text: str, *, shown: bool = True,
            below: QWidget | None = None) -> TitledPicture:
        """Add `picture` with its title (and `below` it, words that belong to it) as the last picture."""
        titled = TitledPicture(picture, title, tab_text, below)
        self.pictures.append(titled)
        self._shown[id(titled)] = shown
        self._place(titled)
        self._update_visibility()
        self._arrange()
        return titled

    def set_shown(self, titled: TitledPicture, shown: bool) -> None:
        self._shown[id(titled)] = shown
        self._update_visibility()
        self._arrange()

    def is_shown(self, titled: TitledPicture) -> bool:
        """Drawn on screen now (shown, and in front if behind tabs)."""
        if not self._shown.get(id(titled), False):
            return False
        return not self.compact or self.tabs.currentWidget() is titled

    # ---- room -------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._arrange()

    def room_needed(self) -> int:
        count = sum(self._shown.get(id(p), False) for p in self.pictures)
        return count * CHARACTERS_PER_PICTURE * self.fontMetrics().averageCharWidth()

    def _arrange(self) -> None:
        compact = self.width() < self.room_needed() and sum(self._shown.values()) > 1
        if compact == self.compact:
            return
        self.compact = compact
        current = self.tabs.currentWidget()
        for titled in self.pictures:
            self._place(titled)
        if current is not None and self.tabs.indexOf(current) >= 0:
            self.tabs.setCurrentWidget(current)
        self._update_visibility()
        self._stack.setCurrentWidget(self.tabs if compact else self.row)
        if compact:  # the window hides tab bars it takes for stale dock bars, such as this one while empty
            self.tabs.tabBar().show()

    def _place(self, titled: TitledPicture) -> None:
        if self.compact:
            self.tabs.addTab(titled, titled.tab_text)
        else:
            self._row_layout.addWidget(titled, 1)

    def _update_visibility(self) -> None:
        for titled in self.pictures:
            shown = self._shown.get(id(titled), False)
            if self.compact:
                self.tabs.setTabVisible(self.tabs.indexOf(titled), shown)
            else:
                titled.setVisible(shown)
        if self.compact and not self._shown.get(id(self.tabs.currentWidget()), False):
            first = next((p for p in self.pictures if self._shown.get(id(p), False)), None)
            if first is not None:
                self.tabs.setCurrentWidget(first)

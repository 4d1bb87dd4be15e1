"""The strip under the canvas while a guess is on: My line's words (its loss, and after Reveal
each guess against the least sum of squares), the coordinate-descent caption, and the buttons of
the round (Keep, Reveal or New Round, Let Gauss-Seidel Take Over; Hide is in the menus and on G). Plain widgets that
follow the application's font, so presentation mode doubles them like the rest."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextDocumentFragment
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from . import words
from .look import ANSWER_COLOR, KEPT_COLOR, MY_LINE_COLOR

QWIDGETSIZE_MAX = 16777215  # no fixed height


def _button(action) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class GuessBar(QWidget):
    """Words and buttons of My line; hidden while there is no guess, kept or current. Compact:
    a projector at twice the font keeps most of the canvas."""

    def __init__(self, actions: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("my-line-bar")
        self.words = QLabel()
        self.words.setObjectName("my-line-words")
        self.caption = QLabel(words.COORDINATE_DESCENT)
        self.caption.setObjectName("my-line-coordinate-descent")
        for label in (self.words, self.caption):
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.buttons = {name: _button(action) for name, action in actions.items()}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.words)
        layout.addWidget(self.caption)
        # Rows of buttons short enough for half a 1280-pixel screen at twice the font.
        for names in (("take_over",), ("keep", "reveal")):
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            for name in names:
                row.addWidget(self.buttons[name])
            row.addStretch(1)
            layout.addLayout(row)
        self._wanted = False
        self.show_coordinate_descent(False)
        self.hide()

    def show_lines(self, lines: list[tuple[str, str]]) -> None:
        """(kind, text) pieces in one wrapping paragraph, each in its colour: "answer", "current"
        (My line) or "kept"."""
        colors = {"answer": ANSWER_COLOR, "current": MY_LINE_COLOR, "kept": _darker(KEPT_COLOR)}
        pieces = [f'<span style="color:{colors[kind]}; font-weight:{600 if kind != "kept" else 400}">'
                  f"{escape(text)}</span>" for kind, text in lines]
        self.words.setText(" · ".join(pieces))
        self.words.setVisible(bool(pieces))
        self._show_if_not_empty()

    def set_wanted(self, wanted: bool) -> None:
        """Shown while a guess is on (current or kept), if it then has words or buttons to show."""
        self._wanted = wanted
        self._show_if_not_empty()

    def _show_if_not_empty(self) -> None:
        parts = [self.words, self.caption, *self.buttons.values()]
        self.setVisible(self._wanted and any(not part.isHidden() for part in parts))

    def show_round_buttons(self, shown: bool) -> None:
        """Keep and Reveal here, or not while the presenter layouts' classroom bar has them."""
        for name in ("keep", "reveal"):
            self.buttons[name].setVisible(shown)
        self._show_if_not_empty()

    def show_coordinate_descent(self, shown: bool, tip: str = "") -> None:
        """The caption and the Gauss-Seidel button, while the last move changed one coefficient."""
        self.caption.setVisible(shown)
        self.caption.setToolTip(tip)
        self.buttons["take_over"].setVisible(shown)
        self._show_if_not_empty()

    def hold_height(self, held: bool) -> None:
        """Keep the strip's height (during a drag: the canvas above must not move), or let it go."""
        if held and self.isVisible():
            self.setFixedHeight(self.height())
        elif not held:
            self.setMinimumHeight(0)
            self.setMaximumHeight(QWIDGETSIZE_MAX)

    def plain_words(self) -> str:
        """The words as a student reads them (tests)."""
        return QTextDocumentFragment.fromHtml(self.words.text()).toPlainText()


def _darker(color: str) -> str:
    """The kept guesses' pale colour is for lines; their words need more contrast."""
    return QColor(color).darker(180).name()

"""`HandCalculationView`: the arithmetic a lecturer writes on the board, step by step.

For the solver the views explain (the window's focus), it writes the steps recorded so far
up to the player's position, the current one highlighted and scrolled into view: exact forms
such as 13/√5 with decimals beside them for a small problem, four significant digits for a
larger one. The text comes from engine.board and `board_html` (pure functions); this file only shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout

from engine import SOLVERS
from engine.board.page import has_formatter
from engine.board.text import Board

from ...look.style import base_font
from ..base import RunView
from .board_html import no_formatter_html, page_html

if TYPE_CHECKING:
    from ...lab import Lab

#: Board text is read from the back of a lecture room.
BOARD_POINT_SIZE = 13
#: Wide enough for a line such as "q₂ = v₂⊥/‖v₂⊥‖ = [2/√5, −1/√5]ᵀ ≈ [0.8944, −0.4472]ᵀ".
MINIMUM_WIDTH, PREFERRED_WIDTH = 420, 620
EMPTY_TEXT = "Run a solver: its hand calculation appears here, step by step."


class HandCalculationView(RunView):
    """A read-only, selectable page of the focus solver's steps so far; Copy takes its text."""

    name = "hand"
    title = "Hand calculation"

    def __init__(self, lab: Lab):
        super().__init__(lab)
        self.browser = QTextBrowser()
        self.browser.setObjectName("hand-text")
        self.browser.setOpenLinks(False)
        self.browser.setFont(base_font(BOARD_POINT_SIZE))
        self.browser.setPlaceholderText(EMPTY_TEXT)
        self.caption = QLabel(EMPTY_TEXT)
        self.caption.setFont(base_font())
        self.caption.setWordWrap(True)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setFont(base_font())
        self.copy_button.setToolTip("Copy the hand calculation as plain text (for notes or slides).")
        self.copy_button.clicked.connect(self._on_copy)

        top = QHBoxLayout()
        top.addWidget(self.caption, stretch=1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.browser, stretch=1)

        self.setMinimumWidth(MINIMUM_WIDTH)

        self._board: Board | None = None
        self._cache: dict[int, str] = {}
        self._shown: tuple | None = None
        self._follow = True  # keep the current step in view until the user scrolls
        bar = self.browser.verticalScrollBar()
        bar.rangeChanged.connect(self._on_range_changed)
        bar.actionTriggered.connect(self._on_user_scrolled)
        lab.focus_changed.connect(self._on_focus_changed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(PREFERRED_WIDTH, 600)

    # ---- RunView -----------------------------------------------------------------------
    def run_started(self) -> None:
        self._forget()
        self.browser.clear()
        self.caption.setText("Running …")

    def refresh(self, position: int) -> None:
        lab = self.lab
        key = lab.focus_key()
        trace = lab.race.traces.get(key) if key is not None else None
        if lab.problem is None or trace is None or not len(trace):
            if self._shown is not None:
                self._forget()
                self.browser.clear()
                self.caption.setText(EMPTY_TEXT)
            return
        index = min(position, len(trace) - 1)
        state = (key, index, trace.stride, lab.problem)
        if state == self._shown:
            return
        board = self._board_for(key, trace, state)
        label = lab.solver_label(key)
        self.caption.setText(f"{label}: {lab.step_caption(key, position)}")
        if not has_formatter(board.method):
            self.browser.setHtml(no_formatter_html(label))
        else:
            self.browser.setHtml(page_html(board, index, label, self._cache))
            self._follow = True
            self.browser.scrollToAnchor("current")
        self._shown = state

    # ---- helpers ---------------------------------------------------------------------------
    def _board_for(self, key: str, trace, state: tuple) -> Board:
        """The Board of this run and solver; its cached blocks stay valid until either changes
        (or the trace is thinned, which renumbers the steps)."""
        previous = self._shown
        if self._board is None or previous is None or previous[0] != key or previous[2:] != state[2:]:
            request = next((r for r in self.lab.race.requests if r.key == key), None)
            method = request.method if request is not None else key
            params = dict(SOLVERS.get(method).defaults()) if method in SOLVERS else {}
            params.update(request.params if request is not None else {})
            self._board = Board(self.lab.problem, method, trace, params)
            self._cache = {}
        return self._board

    def _forget(self) -> None:
        self._board = None
        self._cache = {}
        self._shown = None

    @Slot()
    def _on_range_changed(self) -> None:
        """The text was laid out again (new width): bring the current step back into view."""
        if self._follow:
            self.browser.scrollToAnchor("current")

    @Slot()
    def _on_user_scrolled(self) -> None:
        self._follow = False

    def _on_focus_changed(self, *_args) -> None:
        if self.isVisible():
            self.refresh(self.lab.player.position)

    @Slot()
    def _on_copy(self) -> None:
        QApplication.clipboard().setText(self.browser.toPlainText())

    def plain_text(self) -> str:
        """What Copy puts on the clipboard."""
        return self.browser.toPlainText()

"""`NonlinearBoardView`: the board of a Gauss-Newton or Levenberg-Marquardt step at the player's frame.

It writes the model and its derivatives ∂r/∂bⱼ as soon as there is a problem, then, for the run's
first Gauss-Newton or LM solver (or the one chosen in the box), the step shown by the player: J and
r, the QR of J, δ from R δ = −Qᵀr (LM: the damped system and the gain ratio), the new b and RSS.
The text comes from engine.nonlinear.board; this file lays it out as HTML (tables for J and r) in
the application's font, so presentation mode (F5) doubles it like every other text.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from engine.nonlinear.board import Block, NonlinearBoard, model_block

from .board_source import BoardSource, SolverChoice, method_of
from .lab import NonlinearLab
from .names import solver_label

HEADING_COLOR = "#0B3D91"
NO_RUN_TEXT = ("Run Gauss-Newton or Levenberg-Marquardt: each step's linear least-squares problem J δ = −r "
               "is written here, step by step.")
NO_MODEL_TEXT = "Choose a model: its derivatives, and then each step of a run, are written here."


def block_html(block: Block) -> str:
    """A heading and its lines; a Table of numbers as an HTML table, right-aligned."""
    parts = [f'<p style="margin-top:8px; margin-bottom:2px"><b style="color:{HEADING_COLOR}">'
             f"{escape(block.heading)}</b></p>"]
    for line in block.lines:
        if isinstance(line, str):
            parts.append(f'<div style="margin-left:4px">{escape(line).replace("  ", " &nbsp;")}</div>')
            continue
        cells = "".join(f'<th align="right">{escape(cell)}</th>' for cell in line.header)
        rows = [f"<tr>{cells}</tr>"]
        rows += ["<tr>" + "".join(f'<td align="right">{escape(cell)}</td>' for cell in row) + "</tr>"
                 for row in line.rows]
        parts.append(f'<table cellspacing="0" cellpadding="3" style="margin-left:8px">{"".join(rows)}</table>')
        if line.note:
            parts.append(f"<div><i>{escape(line.note)}</i></div>")
    return "\n".join(parts)


def board_html(board: NonlinearBoard) -> str:
    """The blocks, the step's block marked with the anchor "step" (the view scrolls to it)."""
    return "\n".join(('<a name="step"></a>' if i else "") + block_html(block) for i, block in enumerate(board.blocks))


class NonlinearBoardView(QWidget):
    """The board of the explained solver at the player's frame; Copy takes its text."""

    def __init__(self, lab: NonlinearLab, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nonlinear-board")
        self.lab = lab
        self.source = BoardSource(lab)
        self.board: NonlinearBoard | None = None
        self.caption = QLabel(NO_MODEL_TEXT)
        self.caption.setObjectName("board-caption")
        self.caption.setWordWrap(True)
        self.choice = SolverChoice(lab)
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the board as plain text (for notes or slides).")
        self.copy_button.clicked.connect(self._on_copy)
        self.browser = QTextBrowser()
        self.browser.setObjectName("board-text")
        self.browser.setOpenLinks(False)
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.choice)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self._shown: tuple | None = None
        self._follow = True  # keep the step's block in view until the reader scrolls
        self.browser.verticalScrollBar().actionTriggered.connect(self._on_user_scrolled)
        self.browser.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        lab.problem_changed.connect(self._update_board)
        lab.run_changed.connect(self._update_board)
        lab.position_changed.connect(self._update_board)
        self.choice.chosen.connect(self._update_board)
        self._update_board()

    def plain_text(self) -> str:
        """What Copy puts on the clipboard."""
        return self.browser.toPlainText()

    @Slot()
    def _update_board(self, *_args) -> None:
        lab = self.lab
        key = self.choice.key()
        board, index = self.source.board(key, lab.position)
        if board is None:
            self.board = None
            self._follow = True
            self._show(("none", id(lab.problem)), NO_MODEL_TEXT if lab.problem is None else NO_RUN_TEXT,
                       "" if lab.problem is None else board_html(NonlinearBoard([model_block(lab.problem)])))
            return
        self.board = board
        label = solver_label(method_of(lab, key))
        steps = lab.traces[key]
        where = "the start" if board.step is None else f"iteration {board.iteration}"
        caption = f"{label} · {where} (step {index} of {len(steps) - 1})"
        self._show((key, id(board)), caption, board_html(board))

    def _show(self, state: tuple, caption: str, html: str) -> None:
        if state == self._shown:
            return
        self._shown = state
        self.caption.setText(caption)
        bar = self.browser.verticalScrollBar()
        keep = bar.value()
        self.browser.setHtml(html)
        if self._follow:
            self.browser.scrollToAnchor("step")
        else:
            bar.setValue(keep)  # the reader scrolled: stepping keeps their place on the board

    @Slot()
    def _on_user_scrolled(self) -> None:
        self._follow = False

    @Slot()
    def _on_range_changed(self) -> None:
        """The text was laid out again (a new width or font): bring the step back into view."""
        if self._follow:
            self.browser.scrollToAnchor("step")

    @Slot()
    def _on_copy(self) -> None:
        QApplication.clipboard().setText(self.plain_text())

"""The run toolbar: Run, Pause/Resume, Step, Step Back, Reset, Cancel, speed and timeline.

Every control is also a keyboard shortcut, so a lecturer with a clicker (which sends
arrow keys, Page Up/Down or Space) drives the animation without the mouse.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QSlider, QToolBar, QWidget

from .player import SPEEDS, Player


def _speed_label(speed: float) -> str:
    return "instant" if math.isinf(speed) else f"{speed:g} steps/s"


class RunControls(QToolBar):
    """The toolbar; it drives the Player and asks the window to run or cancel."""

    # ---- Signals
    run_requested = Signal()
    """Run (or re-run) the checked solvers."""
    cancel_requested = Signal()
    """Stop computing."""

    def __init__(self, player: Player, parent: QWidget | None = None):
        super().__init__("Run", parent)
        self.setObjectName("run-controls")
        self.player = player
        self.run_action = self._action("Run", "Ctrl+R", self.run_requested.emit, "Run the checked solvers (Ctrl+R)")
        self.pause_action = self._action("Pause", "Space", player.toggle, "Pause or resume the animation (Space)")
        self.back_action = self._action("◀ Step", "Left", player.step_back, "One step back (Left, Page Up)")
        self.step_action = self._action("Step ▶", "Right", player.step_forward, "One step forward (Right, Page Down)")
        self.back_action.setShortcuts([QKeySequence("Left"), QKeySequence("PgUp")])
        self.step_action.setShortcuts([QKeySequence("Right"), QKeySequence("PgDown")])
        self.reset_action = self._action("Reset", "Home", lambda: player.seek(0), "Back to the start (Home)")
        self.cancel_action = self._action("Cancel", "Esc", self.cancel_requested.emit, "Stop computing (Esc)")
        self.addSeparator()
        self.speed_box = QComboBox()
        self.speed_box.setToolTip("Playback speed: steps per second, or instant")
        for speed in SPEEDS:
            self.speed_box.addItem(_speed_label(speed), speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(10))
        self.speed_box.currentIndexChanged.connect(self._on_speed_chosen)
        self.addWidget(self.speed_box)
        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setToolTip("Scrub through the recorded steps")
        self.timeline.setRange(0, 0)
        self.timeline.valueChanged.connect(self._on_scrub)
        self.addWidget(self.timeline)
        self.counter = QLabel("step 0 of 0")
        self.addWidget(self.counter)
        self._fit_to_font()
        player.position_changed.connect(self._on_position)
        player.playing_changed.connect(self._on_playing)
        player.set_speed(self.speed_box.currentData())

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode doubles the font
            self._fit_to_font()

    def _fit_to_font(self) -> None:
        """Room for the longest counter and speed at the current font, so neither is cut short."""
        self.counter.setMinimumWidth(self.counter.fontMetrics().horizontalAdvance("step 100000 of 100000") + 8)
        self.speed_box.setMinimumWidth(self.speed_box.sizeHint().width())
        self.timeline.setMinimumWidth(self.fontMetrics().averageCharWidth() * 20)

    def _action(self, text: str, shortcut: str, slot, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_length(self, length: int) -> None:
        """The timeline's extent follows the recorded steps."""
        blocked = self.timeline.blockSignals(True)
        self.timeline.setRange(0, max(length - 1, 0))
        self.timeline.blockSignals(blocked)
        self._update_counter()

    def set_speed(self, speed: float) -> None:
        self.speed_box.setCurrentIndex(SPEEDS.index(speed))

    def _on_speed_chosen(self, index: int) -> None:
        self.player.set_speed(self.speed_box.itemData(index))

    def _on_scrub(self, value: int) -> None:
        self.player.pause()
        self.player.seek(value)

    def _on_position(self, position: int) -> None:
        blocked = self.timeline.blockSignals(True)
        self.timeline.setValue(position)
        self.timeline.blockSignals(blocked)
        self._update_counter()

    def _on_playing(self, playing: bool) -> None:
        self.pause_action.setText("Pause" if playing else "Resume")

    def _update_counter(self) -> None:
        self.counter.setText(f"step {self.player.position} of {max(self.player.length - 1, 0)}")

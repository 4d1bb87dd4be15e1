"""The run toolbar: Run, Pause/Resume, Step, Step Back, Reset, Cancel, speed and timeline; and
the Run menu, which adds the last step (End), jumps of a tenth of the run (Shift+→/←) and
"Start Runs Paused".

Every control is also a keyboard shortcut, so a lecturer with a clicker (which sends
arrow keys, Page Up/Down or Space) drives the animation without the mouse; gui/run/keyboard.py
makes those keys reach the player whatever has the focus.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QSlider, QToolBar, QWidget

from .player import SPEEDS, Player


class _ToolbarRows(QObject):
    """Puts the toolbars on as few rows as the window's width allows, in their order: a row breaks
    before a toolbar that does not fit beside the ones before it (each would hide its last buttons
    behind a "»"), and joins again when it does."""

    def __init__(self, window, *bars: QToolBar):
        super().__init__(window)
        self.window, self.bars = window, list(bars)

    def add(self, bar: QToolBar) -> None:
        """One more toolbar, after the others (it must already be in the window's top area)."""
        self.bars.append(bar)
        self.fit()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange,
                            QEvent.Type.LayoutRequest):
            self.fit()
        return False

    def fit(self) -> None:
        window = self.window
        shown = [bar for bar in self.bars if not bar.isHidden()]
        row = 0
        for index, bar in enumerate(shown):
            width = bar.sizeHint().width() + 8
            fits = index == 0 or row + width <= window.width()
            broken = window.toolBarBreak(bar)
            if index and not fits and not broken:
                window.insertToolBarBreak(bar)
            elif index and fits and broken:
                window.removeToolBarBreak(bar)
            row = row + width if fits else width


def _speed_label(speed: float) -> str:
    return "instant" if math.isinf(speed) else f"{speed:g} steps/s"


class RunControls(QToolBar):
    """The toolbar; it drives the Player and asks the window to run or cancel."""

    # ---- Signals
    run_requested = Signal()
    """Run (or re-run) the checked solvers."""
    cancel_requested = Signal()
    """Stop computing."""
    note = Signal(str)
    """A short message for the status bar (→ started a run, there was none)."""

    def __init__(self, player: Player, parent: QWidget | None = None):
        super().__init__("Run", parent)
        self.setObjectName("run-controls")
        self.player = player
        self.run_action = self._action("Run", "Ctrl+R", self.run_requested.emit, "Run the checked solvers (Ctrl+R)")
        self.pause_action = self._action("Pause", "Space", player.toggle, "Pause or resume the animation (Space)")
        self.back_action = self._action("◀ Step", "Left", player.step_back, "One step back (Left, Page Up)")
        self.step_action = self._action("Step ▶", "Right", self._on_step_forward,
                                        "One step forward (Right, Page Down); with no run yet, starts one")
        # Page Down/Up are what a presenter's clicker sends: one step, like the arrows (an open
        # lecture takes them for its scenes: gui/persist/lecture.py).
        self.back_action.setShortcuts([QKeySequence("Left"), QKeySequence("PgUp")])
        self.step_action.setShortcuts([QKeySequence("Right"), QKeySequence("PgDown")])
        self.reset_action = self._action("Reset", "Home", lambda: player.seek(0), "Back to the start (Home)")
        self.cancel_action = self._action("Cancel", "Esc", self.cancel_requested.emit, "Stop computing (Esc)")
        # In the Run menu only (the toolbar has no room to spare on a projector).
        self.end_action = self._action("Last Step", "End", player.go_to_end, "The last step (End)", toolbar=False)
        self.jump_back_action = self._action("Jump Back", "Shift+Left", lambda: player.jump(-player.jump_size()),
                                             "A tenth of the run back (Shift+Left)", toolbar=False)
        self.jump_action = self._action("Jump Forward", "Shift+Right", lambda: player.jump(player.jump_size()),
                                        "A tenth of the run forward (Shift+Right)", toolbar=False)
        self.start_paused_action = QAction("Start Runs &Paused", self, checkable=True)
        self.start_paused_action.setToolTip("Run waits at step 0 until you step (→) or play (Space)")
        # gui/run/start_paused.py keeps the choice, the player and the settings in agreement.
        self.run_menu = self._build_menu()
        self.addSeparator()
        self.speed_box = QComboBox()
        self.speed_box.setToolTip("Playback speed: steps per second, or instant")
        for speed in SPEEDS:
            self.speed_box.addItem(_speed_label(speed), speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(10))
        self.speed_box.currentIndexChanged.connect(self._on_speed_chosen)
        self.addWidget(self.speed_box)
        # The timeline and the step counter are a toolbar of their own: beside this one when the
        # window is wide enough, on a row of their own when not (a projector at twice the font).
        self.timeline_bar = QToolBar("Timeline", parent)
        self.timeline_bar.setObjectName("run-timeline")
        self.timeline = QSlider(Qt.Orientation.Horizontal)
        self.timeline.setToolTip("Scrub through the recorded steps")
        self.timeline.setRange(0, 0)
        self.timeline.valueChanged.connect(self._on_scrub)
        self.timeline_bar.addWidget(self.timeline)
        self.counter = QLabel("step 0 of 0")
        self.timeline_bar.addWidget(self.counter)
        self._fit_to_font()
        player.position_changed.connect(self._on_position)
        player.playing_changed.connect(self._on_playing)
        player.set_speed(self.speed_box.currentData())

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode doubles the font
            QTimer.singleShot(0, self, self._fit_to_font)  # once every widget has its new font

    def add_to(self, window) -> None:
        """Put both toolbars at the top of `window`, the timeline on a second row whenever the
        first has no room for it."""
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.timeline_bar)
        self.toolbar_rows = _ToolbarRows(window, self, self.timeline_bar)
        window.installEventFilter(self.toolbar_rows)

    def _fit_to_font(self) -> None:
        """Room for the longest counter and speed at the current font, so neither is cut short."""
        self.counter.setMinimumWidth(self.counter.fontMetrics().horizontalAdvance("step 100000 of 100000") + 8)
        self.speed_box.setMinimumWidth(self.speed_box.sizeHint().width())
        self.timeline.setMinimumWidth(self.fontMetrics().averageCharWidth() * 20)

    def _action(self, text: str, shortcut: str, slot, tip: str, *, toolbar: bool = True) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        if toolbar:
            self.addAction(action)
        return action

    def _build_menu(self) -> QMenu:
        """The Run menu: every playback action, in the order a lecture uses them."""
        menu = QMenu("&Run", self)
        menu.setToolTipsVisible(True)
        menu.addAction(self.run_action)
        menu.addAction(self.cancel_action)
        menu.addSeparator()
        for action in self.player_actions():
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.start_paused_action)
        return menu

    def player_actions(self) -> list[QAction]:
        """The actions that move the player: their keys drive it whatever has the focus."""
        return [self.pause_action, self.step_action, self.back_action, self.jump_action,
                self.jump_back_action, self.reset_action, self.end_action]

    def menu_only_actions(self) -> list[QAction]:
        """The actions not on the toolbar (the window holds them so their keys work with the menu
        bar hidden)."""
        return [self.end_action, self.jump_back_action, self.jump_action]

    def _on_step_forward(self) -> None:
        """One step on; with no run yet (nothing recorded, nothing computing), start one paused
        at step 0 and show its step 1 as soon as it is computed."""
        if self.player.length == 0 and self.player.run_finished:
            self.run_requested.emit()
            if self.player.run_finished:  # it could not start; the window said why
                return
            self.note.emit("No run yet: started one — step 1 (→ for the next, Space to play)")
        self.player.step_forward()

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

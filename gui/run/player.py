"""`Player`: plays the recorded steps back at the chosen speed, independent of how fast they
were computed. One GUI timer drives it; it only moves an index, the views redraw."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot

#: The timer's period: about one frame.
FRAME_MS = 16
SPEEDS = (0.5, 1, 2, 5, 10, 30, 100, 300, 1000, math.inf)


class Player(QObject):
    """The current position in the timeline, moved by play, step, step back and scrub.

    `length` is the number of frames available (it grows while a run computes); `speed` is
    in steps per second, `math.inf` meaning "instant" (jump to the newest step). With
    `start_paused`, a new run waits at step 0 (the lecturer talks first, then steps).
    """

    # ---- Signals
    position_changed = Signal(int)
    """The frame to show."""
    playing_changed = Signal(bool)
    waiting_at_start = Signal()
    """A run began paused at step 0 (`start_paused`): it waits for a step or play."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.position = 0
        self.length = 0
        self.speed = 10.0
        self.playing = False
        self.run_finished = True
        self.start_paused = False
        self._waiting_for: int | None = None  # a step asked for before it was computed
        self._carry = 0.0
        self._last_tick = 0.0
        self._timer = QTimer(self)
        self._timer.setObjectName("player-timer")
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_tick)

    # ---- what the window tells it
    def set_length(self, length: int, *, finished: bool) -> None:
        """More frames exist (or the run ended); `instant` follows the newest at once."""
        self.length = length
        self.run_finished = finished
        if self._waiting_for is not None and (self._waiting_for < length or finished):
            target, self._waiting_for = self._waiting_for, None
            self._move(min(target, length - 1))
        if self.position >= length and length:
            self._move(length - 1)
        # While playing, only the timer moves the position: at most one redraw per frame,
        # however often new steps arrive.

    def set_speed(self, steps_per_second: float) -> None:
        self.speed = steps_per_second

    # ---- controls
    def begin_run(self, *, refit: bool = False) -> None:
        """A run was just started: play it, or wait at step 0 when `start_paused` (a live refit
        always plays on: it follows the points being dragged)."""
        if refit or not self.start_paused:
            self.play()
        else:
            self.waiting_at_start.emit()

    def play(self) -> None:
        self._waiting_for = None
        if self.length and self.position >= self.length - 1 and self.run_finished:
            self._move(0)
        self.playing = True
        self._carry = 0.0
        self._last_tick = time.perf_counter()
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        self._timer.stop()
        if self.playing:
            self.playing = False
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def step_forward(self) -> None:
        """One step on; a step still being computed is shown as soon as it arrives."""
        self.pause()
        target = self.position + 1
        self.seek(target)
        if self.position < target and not self.run_finished:
            self._waiting_for = target

    def step_back(self) -> None:
        self.pause()
        self.seek(self.position - 1)

    def jump(self, steps: int) -> None:
        """`steps` on (or back, if negative), paused."""
        self.pause()
        self.seek(self.position + steps)

    def jump_size(self) -> int:
        """A bigger jump (Page Up/Down): a tenth of the recorded run, at least one step."""
        return max(1, round((self.length - 1) / 10))

    def go_to_end(self) -> None:
        """The last recorded step, paused."""
        self.pause()
        self.seek(self.length - 1)

    def seek(self, position: int) -> None:
        self._waiting_for = None
        self._move(position)

    def _move(self, position: int) -> None:
        position = max(0, min(int(position), max(self.length - 1, 0)))
        if position != self.position:
            self.position = position
            self.position_changed.emit(position)

    def reset(self) -> None:
        """A new run begins: nothing recorded yet, and more is coming."""
        self.pause()
        self.length = 0
        self.position = 0
        self.run_finished = False
        self._waiting_for = None
        self.position_changed.emit(0)

    def stop(self) -> None:
        """Stop the timer for good (window closing)."""
        self.pause()

    @Slot()
    def _on_tick(self) -> None:
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        if math.isinf(self.speed):
            self._move(self.length - 1)
        else:
            self._carry += elapsed * self.speed
            frames = int(self._carry)
            self._carry -= frames
            if frames:
                self._move(self.position + frames)
        if self.position >= self.length - 1 and self.run_finished:
            self.pause()

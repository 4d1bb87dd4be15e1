""""Start Runs Paused": whether Run waits at step 0 for → or Space, remembered for normal and for
presentation mode apart. In front of a class it is on by default: the lecturer says what is on
screen first, then steps; at a desk a run plays at once, as before."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction

from .player import Player

#: The settings keys: normal mode's choice, and presentation mode's.
NORMAL_KEY = "run/start_paused"
PRESENTING_KEY = "run/start_paused_presenting"
DEFAULTS = {False: False, True: True}  # presenting → on


class StartPaused(QObject):
    """Keeps the checkable action, the player's `start_paused` and the settings in agreement; while
    presenting, the action shows and changes presentation mode's choice."""

    def __init__(self, action: QAction, player: Player, parent: QObject | None = None):
        super().__init__(parent)
        self.action = action
        self.player = player
        self.presenting = False
        self._settings: QSettings | None = None
        self._presentation = None
        self._choices = dict(DEFAULTS)
        action.toggled.connect(self._on_toggled)
        self._update_action()

    def follow_presentation(self, presentation) -> None:
        """Remember the choices in the presentation's settings and follow its mode (the call
        `install_presentation` makes; a second call with the same presentation does nothing)."""
        if presentation is self._presentation:
            return
        self._presentation = presentation
        self._settings = presentation.settings
        if self._settings is not None:
            for presenting, key in ((False, NORMAL_KEY), (True, PRESENTING_KEY)):
                self._choices[presenting] = _read_bool(self._settings.value(key), DEFAULTS[presenting])
        presentation.toggled.connect(self._on_presentation_toggled)
        self._on_presentation_toggled(presentation.presenting)

    @Slot(bool)
    def _on_presentation_toggled(self, presenting: bool) -> None:
        self.presenting = presenting
        self._update_action()

    @Slot(bool)
    def _on_toggled(self, on: bool) -> None:
        self._choices[self.presenting] = on
        self.player.start_paused = on
        if self._settings is not None:
            self._settings.setValue(PRESENTING_KEY if self.presenting else NORMAL_KEY, on)
            self._settings.sync()

    def _update_action(self) -> None:
        """Show the current mode's choice (without writing it back)."""
        on = self._choices[self.presenting]
        blocked = self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(blocked)
        self.player.start_paused = on


def _read_bool(value, default: bool) -> bool:
    """A stored choice: 'true'/'false' as QSettings writes them; anything else is the default."""
    text = str(value).strip().lower()
    return True if text in ("true", "1") else False if text in ("false", "0") else default

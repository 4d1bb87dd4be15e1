"""The keyboard always drives the player: Space, ←/→ (Shift: a tenth of the run), Home/End and
Page Up/Down act whatever has the focus in the window (a combo box, a slider, a table, a tree, a
check box), except a text field being edited. Enter in a field takes its value and gives the keys
back; Esc puts back the value the field had before and gives the keys back.

A text field counts as being edited once it was clicked or tabbed into, or typed in; one that got
the focus by itself (on start-up, or from code) lets the player keys through until then. Only the
focused widget of this window (and the window itself) is filtered, so a second window drives its
own player and a dialog (an input dialog, a file dialog) keeps its keys.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from .start_paused import StartPaused

PLAYER_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End,
                         Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
PLAYER_MODIFIERS = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
FOCUS_KEYS = frozenset({Qt.Key.Key_Tab, Qt.Key.Key_Backtab})
MODIFIER_KEYS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                           Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock})
KEY_EVENTS = frozenset({QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress})
#: How long (ms) a note such as "→ started a run" stays in the status bar.
NOTE_MS = 5000


def is_text_field(widget: QWidget | None) -> bool:
    """A widget the keys type into: an editable line, spin box, text box or combo box."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox) and widget.isEditable()


def _is_multiline(widget: QWidget) -> bool:
    return isinstance(widget, QPlainTextEdit | QTextEdit)


def _is_cell_editor(widget: QWidget) -> bool:
    """An editor a table or tree opened on a cell: its delegate already commits on Enter and
    reverts on Esc, and hands the focus back to the table."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return parent.state() == QAbstractItemView.State.EditingState
        parent = parent.parentWidget()
    return False


def field_value(field: QWidget):
    """What Esc puts back."""
    if isinstance(field, QSpinBox | QDoubleSpinBox):
        return field.value()
    if isinstance(field, QComboBox):
        return field.currentText()
    if isinstance(field, QPlainTextEdit | QTextEdit):
        return field.toPlainText()
    return field.text()


def set_field_value(field: QWidget, value) -> None:
    if isinstance(field, QSpinBox | QDoubleSpinBox):
        field.setValue(value)
    elif isinstance(field, QComboBox):
        field.setEditText(value)
    elif isinstance(field, QPlainTextEdit | QTextEdit):
        field.setPlainText(value)
    elif isinstance(field, QLineEdit):
        field.setText(value)


WAITING_NOTE = "Paused at step 0: → steps, Space plays (Run > Start Runs Paused)"


class PlayerKeys(QObject):
    """Sends the player keys of one window to its player actions, whatever has the focus."""

    def __init__(self, window: QWidget, actions: list[QAction], home: QWidget, start_paused: StartPaused):
        super().__init__(window)
        self.window_ = window
        self.actions_ = actions
        self.home = home
        self.start_paused = start_paused
        self.editing = False  # the focused text field is being edited
        self._watched: QWidget | None = None
        self._before = None  # the focused field's value when it got the focus
        self._focus_by_key = False  # Tab was pressed: the next focus change is the user's
        window.installEventFilter(self)
        app = QApplication.instance()
        app.focusChanged.connect(self._on_focus_changed)
        self._on_focus_changed(None, app.focusWidget())

    @Slot(str)
    def show_note(self, text: str) -> None:
        """A short word in the status bar about what a key did."""
        self.window_.statusBar().showMessage(text, NOTE_MS)

    @Slot()
    def _on_waiting_at_start(self) -> None:
        self.show_note(WAITING_NOTE)
        self.window_.player.position_changed.connect(self._on_moved_from_start)

    @Slot(int)
    def _on_moved_from_start(self, position: int) -> None:
        """The note about step 0 goes once the player has left it (a stale note would misinform)."""
        if position > 0:
            self.window_.player.position_changed.disconnect(self._on_moved_from_start)
            bar = self.window_.statusBar()
            if bar.currentMessage() == WAITING_NOTE:
                bar.clearMessage()

    def follow_presentation(self, presentation) -> None:
        """Presentation mode has its own "Start Runs Paused" choice, on by default; both are
        remembered in the presentation's settings."""
        self.start_paused.follow_presentation(presentation)

    # ---- which widget is watched --------------------------------------------------------------
    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old, new) -> None:
        if self._watched is not None and isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        self.editing = False
        if new is None or not isValid(self.window_) or not self._in_window(new) or new is self.window_:
            self._focus_by_key = False
            return
        new.installEventFilter(self)
        self._watched = new
        if is_text_field(new):
            self._before = field_value(new)
            by_user = self._focus_by_key or QApplication.mouseButtons() != Qt.MouseButton.NoButton
            self.editing = by_user or _is_cell_editor(new)
        self._focus_by_key = False

    def _in_window(self, widget: QWidget) -> bool:
        """In this window, or in one of its docks floated out of it."""
        top = widget.window()
        return top is self.window_ or (isinstance(top, QDockWidget) and top.parentWidget() is self.window_)

    # ---- the keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() not in KEY_EVENTS or not isValid(self.window_):
            return False
        focus = QApplication.focusWidget()
        if focus is not None and focus is self._watched and is_text_field(focus):
            return self._on_field_key(focus, watched, event)
        if event.type() == QEvent.Type.KeyPress and event.key() in FOCUS_KEYS:
            self._focus_by_key = True
        return self._drive_player(event)

    def _drive_player(self, event) -> bool:
        """A player key triggers its action; a ShortcutOverride is taken so no widget keeps the key."""
        action = self._action_for(event)
        if action is None:
            return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            action.trigger()
        return True

    def _on_field_key(self, field: QWidget, watched, event) -> bool:
        key, press = event.key(), event.type() == QEvent.Type.KeyPress
        own_keys = _is_cell_editor(field) or (_is_multiline(field) and key in ENTER_KEYS)
        if key in ENTER_KEYS and not own_keys:
            if press and watched is field:
                field.event(event)  # the field takes its value as it would (a spin box reads its text)
                self._give_back()
                event.accept()
                return True
            return False
        if key == Qt.Key.Key_Escape and self.editing and not own_keys:
            event.accept()  # the field's Esc: not Cancel's, not Leave Presentation's
            if press:
                set_field_value(field, self._before)
                self._give_back()
            return True
        if self.editing:
            return False
        if self._drive_player(event):
            return True
        if press and key not in MODIFIER_KEYS:
            self.editing = True  # typing begins
        return False

    def _action_for(self, event) -> QAction | None:
        """The enabled player action whose shortcut is this key (alone or with Shift; the keypad's
        arrows count as the arrows)."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() not in PLAYER_KEYS or modifiers not in PLAYER_MODIFIERS:
            return None
        for action in self.actions_:
            for sequence in action.shortcuts():
                combination = sequence[0] if sequence.count() == 1 else None
                if (combination is not None and combination.key() == event.key() and action.isEnabled()
                        and combination.keyboardModifiers() == modifiers):
                    return action
        return None

    def _give_back(self) -> None:
        """The focus goes to the canvas (or the window), where the player keys work."""
        target = self.home if isValid(self.home) and self.home.isVisible() else self.window_
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def install_player_keys(window) -> PlayerKeys:
    """The Run menu (after the View menu), "Start Runs Paused", and the player keys of `window`;
    `window.run_controls` holds the actions, `window.canvas` takes the keys back from a field."""
    controls = window.run_controls
    window.menuBar().addMenu(controls.run_menu)
    for action in controls.menu_only_actions():
        window.addAction(action)  # their keys work with the menu bar hidden (presentation mode)
    start_paused = StartPaused(controls.start_paused_action, window.player, window)
    keys = PlayerKeys(window, controls.player_actions(), window.canvas, start_paused)
    controls.note.connect(keys.show_note)
    window.player.waiting_at_start.connect(keys._on_waiting_at_start)
    return keys

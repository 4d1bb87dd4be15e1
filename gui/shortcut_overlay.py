"""The keyboard: F1 or ? shows every shortcut over the window, + and − change the speed, 1-9
choose the solver the views explain.

The overlay lists the window's QActions as they are when it opens (text and shortcuts()), so
it cannot go stale: a new action, or a shortcut moved (Esc while presenting), shows at once.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QWindow
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from .look.menu_bar import find_menu, plain

MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
                 Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}
FOCUS_KEYS = 9


@dataclass(frozen=True)
class Entry:
    section: str
    text: str
    keys: str
    action: QAction


def _section(action: QAction) -> str:
    """The menu (or toolbar) the action lives in; 'Window' for one that is only a shortcut."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu) and owner.title():
            return plain(owner.title())
    for owner in action.associatedObjects():
        if isinstance(owner, QToolBar):
            return owner.windowTitle()
    return "Window"


def _key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText).replace("Num+", "Keypad ")


def _menu_titles(widget) -> list[str]:
    """The titles of the menus in menu-bar order, submenus after their menu."""
    titles = []
    for action in widget.actions():
        if action.menu() is not None:
            titles += [plain(action.menu().title()), *_menu_titles(action.menu())]
    return titles


def shortcut_entries(window) -> list[Entry]:
    """Every action of the window that has a keyboard shortcut, grouped by where it lives, the
    menus in menu-bar order first."""
    seen, entries = set(), []
    for action in window.findChildren(QAction):
        if id(action) in seen or not action.shortcuts():
            continue
        seen.add(id(action))
        keys = " or ".join(_key_text(s) for s in action.shortcuts())
        text = plain(action.text() or action.toolTip())
        entries.append(Entry(_section(action), text, keys, action))
    order = {name: i for i, name in enumerate(dict.fromkeys(_menu_titles(window.menuBar())))}
    return sorted(entries, key=lambda e: (order.get(e.section, len(order)), _position(e.action)))


def _position(action: QAction) -> int:
    """Where the action sits in its menu or toolbar (so the overlay reads like the menu)."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu | QToolBar):
            return owner.actions().index(action)
    return 0


class ShortcutOverlay(QWidget):
    """A translucent sheet over the window listing every shortcut; any key or a click closes it."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcut-overlay")
        self.window_ = window
        self.entries: list[Entry] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setStyleSheet("color: white; background: transparent;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, alignment=Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def open(self) -> None:
        self.entries = shortcut_entries(self.window_)
        self.label.setText(self._html())
        self.setGeometry(self.window_.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        QApplication.instance().installEventFilter(self)

    def close_overlay(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.hide()

    def toggle(self) -> None:
        self.close_overlay() if self.isVisible() else self.open()

    def text(self) -> str:
        """What the overlay says, as plain text (one 'section: action — keys' per line)."""
        return "\n".join(f"{e.section}: {e.text} — {e.keys}" for e in self.entries)

    def _html(self) -> str:
        sections: dict[str, list[Entry]] = {}
        for entry in self.entries:
            sections.setdefault(entry.section, []).append(entry)
        columns = []
        for name, entries in sections.items():
            rows = "".join(f"<tr><td style='padding-right:14px'><b>{html.escape(e.keys)}</b></td>"
                           f"<td>{html.escape(e.text)}</td></tr>" for e in entries)
            columns.append(f"<h3>{html.escape(name)}</h3><table>{rows}</table>")
        per_column = -(-len(columns) // 3)
        cells = "".join(f"<td valign='top' style='padding:0 22px'>{''.join(columns[i:i + per_column])}</td>"
                        for i in range(0, len(columns), per_column))
        return (f"<h2>Keyboard shortcuts</h2><table><tr>{cells}</tr></table>"
                "<p>Press any key or click to close.</p>")

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 228))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.close_overlay()
        event.accept()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        """While open, a key pressed anywhere in the window closes it and does nothing else."""
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window_:
            self.setGeometry(self.window_.rect())
            return False
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not self._in_window(watched):
            return False
        if event.key() in MODIFIER_KEYS or event.isAutoRepeat():
            return False
        event.accept()  # a ShortcutOverride accepted: no shortcut fires for this key
        if kind == QEvent.Type.KeyPress:
            self.close_overlay()
        return True

    def _in_window(self, obj) -> bool:
        if isinstance(obj, QWindow):
            return obj is self.window_.windowHandle()
        return isinstance(obj, QWidget) and obj.window() is self.window_


def step_speed(window, notches: int) -> None:
    """The speed box `notches` entries up (faster) or down, stopping at its ends."""
    box = window.run_controls.speed_box
    box.setCurrentIndex(min(max(box.currentIndex() + notches, 0), box.count() - 1))
    window.statusBar().showMessage(f"Speed: {box.currentText()}", 3000)


def focus_solver(window, number: int) -> None:
    """The views explain the `number`-th checked solver (1-based), as if it were clicked."""
    checked = window.solver_panel.checked_methods()
    if not 1 <= number <= len(checked):
        window.statusBar().showMessage(f"No solver {number}: {len(checked)} checked", 3000)
        return
    window.set_focus_key(checked[number - 1])
    window.statusBar().showMessage(f"The views explain {window.lab.solver_label(checked[number - 1])}", 3000)


def install_shortcuts(window) -> ShortcutOverlay:
    """The overlay (Help menu), speed and focus keys (View menu), each also on the window."""
    overlay = ShortcutOverlay(window)
    help_menu = find_menu(window, "Help")
    _add(window, help_menu, "&Keyboard Shortcuts", [QKeySequence("F1"), QKeySequence("?")], overlay.toggle)
    view_menu = find_menu(window, "View")
    speed = view_menu.addMenu("Playback &Speed")
    keypad = Qt.KeyboardModifier.KeypadModifier
    _add(window, speed, "&Faster", [QKeySequence("+"), QKeySequence("="),
                                    QKeySequence(QKeyCombination(keypad, Qt.Key.Key_Plus))],
         lambda: step_speed(window, +1))
    _add(window, speed, "&Slower", [QKeySequence("-"), QKeySequence(QKeyCombination(keypad, Qt.Key.Key_Minus))],
         lambda: step_speed(window, -1))
    focus = view_menu.addMenu("&Explain Solver")
    focus_actions = [_add(window, focus, f"Checked solver {n}", [QKeySequence(str(n))],
                          lambda _=False, n=n: focus_solver(window, n)) for n in range(1, FOCUS_KEYS + 1)]

    def name_focus_actions() -> None:
        checked = window.solver_panel.checked_methods()
        for number, action in enumerate(focus_actions, start=1):
            action.setText(f"Explain {window.lab.solver_label(checked[number - 1])}" if number <= len(checked)
                           else f"Checked solver {number}")

    window.solver_panel.selection_changed.connect(name_focus_actions)
    name_focus_actions()
    return overlay


def _add(window, menu: QMenu, text: str, keys: list[QKeySequence], slot) -> QAction:
    action = QAction(text, window)
    action.setShortcuts(keys)
    action.triggered.connect(slot)
    menu.addAction(action)
    window.addAction(action)
    return action

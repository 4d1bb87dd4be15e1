"""The view's three settings as menu buttons (Family, Precisions, Methods): short at any font size,
where combo boxes and rows of check boxes would not fit a narrow dock at presentation's ×2."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QColor
from PySide6.QtWidgets import QMenu, QToolButton

from ...look.solver_look import square_icon


def checkable_actions(owner: QObject, entries: list[tuple[str, str, QColor | None]], checked,
                      on_toggled, *, exclusive: bool = False) -> dict[str, QAction]:
    """Actions by name from (name, text, colour or None); the `checked` names start checked."""
    actions = {}
    group = QActionGroup(owner) if exclusive else None
    for name, text, color in entries:
        action = QAction(text, owner)
        if group is not None:
            group.addAction(action)
        action.setCheckable(True)
        action.setChecked(name in checked)
        if color is not None:
            action.setIcon(square_icon(color, 14))
        action.toggled.connect(on_toggled)
        actions[name] = action
    return actions


def menu_button(text: str, actions: dict[str, QAction]) -> QToolButton:
    """A button that opens a menu of `actions` (checked ones stay checked: the menu is the setting)."""
    button = QToolButton()
    button.setText(text)
    button.setObjectName(f"conditioning-{text.lower()}")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for action in actions.values():
        menu.addAction(action)
    button.setMenu(menu)
    return button


def check_only(actions: dict[str, QAction], names) -> None:
    """Check exactly `names`, quietly (the caller says once that the settings changed)."""
    names = set(names)
    for name, action in actions.items():
        action.blockSignals(True)
        action.setChecked(name in names)
        action.blockSignals(False)

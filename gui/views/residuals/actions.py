"""The residual toggles as actions: "Residual segments", "Squared residuals", "Sum-of-squares
bars" and the Distance submenu, each bound to the Lab's ResidualOptions both ways (a session, a
presenter layout or a test that changes the options moves the check marks too)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from ...data.residual_options import DISTANCES, ResidualOptions

#: (option, menu text, shortcut, tooltip)
TOGGLES = (
    ("segments", "Residual &Segments", "Ctrl+1",
     "A segment from each point to the focused solver's curve: its residual r"),
    ("squares", "S&quared Residuals", "Ctrl+2",
     "Each residual's square, of area r² in the units of the axes (the axes get equal scales)"),
    ("sum_bars", "Sum-of-Squares &Bars", "Ctrl+3",
     "The sum each line makes small, for every checked solver, My line and the least-squares best"),
)
#: The words of the toggles on a row of buttons (the classroom bar of the presenter layouts).
BUTTON_WORDS = {"segments": "Segments", "squares": "Squares", "sum_bars": "Bars"}
DISTANCE_KEYS = {"vertical": "Ctrl+Shift+V", "perpendicular": "Ctrl+Shift+P", "absolute": "Ctrl+Shift+A"}


class ResidualActions(QObject):
    """The actions, kept in step with `options`; `actions` lists them, the Distance menu last."""

    def __init__(self, options: ResidualOptions, parent: QWidget):
        super().__init__(parent)
        self.options = options
        self.toggles: dict[str, QAction] = {}
        for name, text, key, tip in TOGGLES:
            action = QAction(text.replace("&", ""), parent, checkable=True)
            action.setText(text)
            action.setIconText(BUTTON_WORDS[name])
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{tip} ({key})")
            action.setStatusTip(tip)
            action.toggled.connect(lambda shown, name=name: options.set_shown(name, shown))
            parent.addAction(action)  # the shortcut works with the menu bar hidden (presentation)
            self.toggles[name] = action
        self.distance_menu = QMenu("&Distance", parent)
        self.distance_menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.distances: dict[str, QAction] = {}
        for name, text in DISTANCES.items():
            action = self.distance_menu.addAction(text)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(DISTANCE_KEYS[name]))
            action.setToolTip(f"Residuals measured {text.split(' (')[0].lower()} ({DISTANCE_KEYS[name]})")
            group.addAction(action)
            action.triggered.connect(lambda _=False, name=name: options.set_distance(name))
            parent.addAction(action)  # the shortcut works while the menu is closed
            self.distances[name] = action
        self.actions: list[QAction] = [*self.toggles.values(), self.distance_menu.menuAction()]
        options.changed.connect(self._on_options_changed)
        self._on_options_changed()

    def _on_options_changed(self) -> None:
        for name, action in self.toggles.items():
            if action.isChecked() != getattr(self.options, name):
                action.setChecked(getattr(self.options, name))
        self.distances[self.options.distance].setChecked(True)

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in self.actions:
            menu.addAction(action)

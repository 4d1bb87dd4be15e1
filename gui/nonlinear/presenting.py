"""Presentation mode for the nonlinear window (F5): the application's fonts and every plot's lines,
markers and fonts twice as large, and the settings panel hidden so the canvas, the views, the table
and the run buttons share the screen (as the main window's F5, gui/presentation.py); and back."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from ..look.mapping import Look, map_font
from ..look.themes import apply_look, styler_for

SCALE = 2.0


class WindowPresentation:
    """Enters and leaves the large look for one nonlinear window."""

    def __init__(self, window):
        self.window = window
        self.presenting = False
        self.scale = SCALE
        self._app_font = None
        self._settings_shown = True
        self.action = QAction("Presentation", window)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)

    def toggle(self) -> None:
        self.leave() if self.presenting else self.enter()

    def enter(self, scale: float = SCALE) -> None:
        if self.presenting:
            self.leave()
        self.presenting, self.scale = True, scale
        self._settings_shown = self.window.settings_panel.isVisibleTo(self.window)
        self.window.settings_panel.hide()
        self._app_font = QApplication.font()
        QApplication.setFont(map_font(Look(scale), self._app_font))
        apply_look(self.window, replace(styler_for(self.window).look, scale=scale, contrast=True))

    def leave(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        self.window.settings_panel.setVisible(self._settings_shown)
        QApplication.setFont(self._app_font)
        apply_look(self.window, replace(styler_for(self.window).look, scale=1.0, contrast=False))

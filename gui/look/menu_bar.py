"""Finding a menu of the window's menu bar by its title, for the parts that add their actions to
the menus gui/menus.py made (Edit, View, Help) without importing the window."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu


def plain(text: str) -> str:
    """'&Open CSV…' → 'Open CSV…' (mnemonic ampersands removed, '&&' kept as '&')."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def find_menu(window, title: str) -> QMenu:
    """The menu bar's menu called `title` (ignoring '&'), made at the end if there is none."""
    for action in window.menuBar().actions():
        if action.menu() is not None and plain(action.text()) == title:
            return action.menu()
    return window.menuBar().addMenu(f"&{title}")

"""Every teaching view has its own key, and no two actions of the window share a shortcut."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction, QKeySequence

from gui.views import VIEW_NAMES

from .driving import open_window


def test_every_view_has_a_key_and_no_two_actions_share_one(qtbot):
    window = open_window(qtbot)
    try:
        for name in VIEW_NAMES:
            toggle = window.view_docks[name].toggleViewAction()
            assert toggle.shortcut().toString(), name  # "Alt+10" would be a key no keyboard has
            assert toggle.shortcut().count() == 1, (name, toggle.shortcut().toString())
        keys = Counter()
        for action in set(window.findChildren(QAction)):
            for sequence in action.shortcuts():
                keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] += 1
        shared = {key: count for key, count in keys.items() if count > 1 and key}
        assert not shared, shared
    finally:
        window.close()

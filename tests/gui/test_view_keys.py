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
            toggle = window.view_actions[name]
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


def test_a_views_key_brings_it_to_the_front_and_closes_it_only_when_it_is_in_front(qtbot):
    window = open_window(qtbot)
    try:
        dock = window.view_docks["conditioning"]
        window.show_view("gd-conditioning")       # the same tab group: conditioning is behind it now
        qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty() or not dock.isVisible())
        assert not dock.isHidden()
        window.view_actions["conditioning"].trigger()   # Alt+9
        qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
        assert window.view_actions["conditioning"].isChecked()
        window.view_actions["conditioning"].trigger()   # again, now that it is in front: closed
        assert dock.isHidden() and not window.view_actions["conditioning"].isChecked()
        window.view_actions["conditioning"].trigger()   # and back
        qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    finally:
        window.close()


def test_a_view_chosen_by_its_key_is_the_one_the_presenter_layouts_show(qtbot):
    window = open_window(qtbot)
    try:
        window.presenter_layouts.show("one-view", "geometry")
        window.view_actions["gd-conditioning"].trigger()        # Alt+0 while F7's layout is on screen
        assert window.presenter_layouts.view_name == "gd-conditioning"
        assert window.view_docks["gd-conditioning"].isVisible() and window.view_docks["geometry"].isHidden()
        window.presenter_layouts.show_panels()                  # F8
        window.view_actions["conditioning"].trigger()           # Alt+9 among all the panels
        window.presenter_layouts.show("canvas-and-view")        # F6
        assert window.view_docks["conditioning"].isVisible()
    finally:
        window.close()

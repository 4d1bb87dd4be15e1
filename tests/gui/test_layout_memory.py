"""The dock layout is remembered between sessions (real settings files), a damaged or foreign
one is ignored, and View > Reset Layout brings the first layout back."""

from PySide6.QtCore import QByteArray, QSettings

from gui.persist.layout import STATE_KEY, restore_layout, save_layout

from .driving import open_window

#: The size every window of these tests has: a saved layout is compared with one restored in it.
SIZE = (1400, 900)


def shown(widget) -> bool:
    """Visible and not behind another tab (Qt calls a tab behind another visible)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_a_saved_layout_comes_back_in_the_next_session(qtbot, settings):
    first = open_window(qtbot, SIZE)
    first.side_dock.hide()
    first.show_view("convergence", prominent=True)
    qtbot.wait(20)
    height = first.view_docks["convergence"].height()
    save_layout(first, settings)
    first.close()

    second = open_window(qtbot, SIZE)
    assert second.side_dock.isVisible() and not shown(second.view("convergence"))
    assert restore_layout(second, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.wait(20)
    assert not second.side_dock.isVisible()
    assert shown(second.view("convergence"))
    assert abs(second.view_docks["convergence"].height() - height) <= 2
    second.close()


def test_a_damaged_layout_is_ignored_and_the_default_kept(qtbot, settings):
    settings.setValue(STATE_KEY, QByteArray(b"not a window state"))
    window = open_window(qtbot, SIZE)
    assert not restore_layout(window, settings)
    assert window.side_dock.isVisible() and shown(window.view("geometry"))
    window.close()


def test_reset_layout_brings_back_the_first_layout(qtbot):
    window = open_window(qtbot, SIZE)
    qtbot.wait(50)  # the first layout's dock sizes apply when the layout next runs
    width = window.side_dock.width()
    window.side_dock.hide()
    window.view_docks["geometry"].hide()
    window.reset_layout()
    qtbot.wait(20)
    assert window.side_dock.isVisible() and shown(window.view("geometry"))
    assert abs(window.side_dock.width() - width) <= 2
    window.close()


def test_the_view_menu_shows_and_hides_every_teaching_view(qtbot):
    window = open_window(qtbot, SIZE)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggles = {a.text(): a for a in view_menu.actions()}
    for view in window.views:
        dock = window.view_docks[view.name]
        assert dock.windowTitle() in toggles
        toggles[dock.windowTitle()].trigger()  # to the front, or closed if it was in front already
        if not dock.isHidden():
            toggles[dock.windowTitle()].trigger()
        assert dock.isHidden()
        toggles[dock.windowTitle()].trigger()
        assert not dock.isHidden()
    window.close()

"""A student's laptop: the window fits a 1366 × 768 screen, every setting can still be reached,
and no stray tab bar shows through the docks."""

from PySide6.QtWidgets import QScrollArea, QTabBar

from .driving import open_window

#: A 768-pixel-high screen, less a task bar and the window's title bar.
LAPTOP_HEIGHT = 700


def test_the_window_fits_a_laptop_screen(qtbot):
    window = open_window(qtbot, (1366, 768))
    assert window.minimumSizeHint().height() <= LAPTOP_HEIGHT
    assert window.height() == 768
    window.close()


def test_the_settings_scroll_so_every_one_can_be_reached(qtbot):
    window = open_window(qtbot, (1366, LAPTOP_HEIGHT))
    area = window.side_dock.widget()
    assert isinstance(area, QScrollArea)
    field = window.solver_panel._start_edit  # the last field of the panel
    area.ensureWidgetVisible(field)
    qtbot.waitUntil(lambda: not field.visibleRegion().isEmpty())
    assert area.horizontalScrollBar().maximum() == 0  # nothing cut off at the side
    window.close()


def test_every_tab_bar_on_screen_is_the_tab_bar_of_a_dock_group(qtbot):
    window = open_window(qtbot, (1366, 768))
    docks = {dock.windowTitle(): dock for dock in window.view_docks.values()} | {
        window.table_dock.windowTitle(): window.table_dock}
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        tabs = [bar.tabText(i) for i in range(bar.count())]
        first = docks[tabs[0]]
        group = {first.windowTitle(), *(dock.windowTitle() for dock in window.tabifiedDockWidgets(first))}
        assert set(tabs) == group, f"a stray tab bar {tabs} (the group is {sorted(group)})"
    window.close()


def test_on_a_large_screen_the_settings_show_whole_without_a_scroll_bar(window):
    area = window.side_dock.widget()  # the shared window: 1600 × 1000
    assert area.verticalScrollBar().maximum() == 0
    assert area.height() >= area.widget().minimumSizeHint().height()

"""The loss surface, the basin map and the log-linear view in the nonlinear window at 1280×720, at
the normal text size and in presentation mode (F5, ×2): every text fits (tests/gui/text_fit.py), the
plots keep some room, and the views show their content (several minima, a legend of several rows,
both fits), not only a sentence. Closing the window while the basin map runs stops it at once."""

from __future__ import annotations

import time

import numpy as np
import pytest

from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import Certified, NonlinearProblem
from gui.nonlinear.window import NonlinearWindow
from gui.run.threads import running_threads

from .text_fit import clipped_texts

MINIMUM_PLOT = 120  # pixels each way: a plot squeezed below this is no picture


def several_minima() -> NonlinearProblem:
    """sin(b1·x) + b2 made with b1 = 3, b2 = 0.5: several valleys between the start and the answer."""
    x = np.linspace(0.0, 10.0, 60)
    return NonlinearProblem(parse_formula("sin(b1*x) + b2"), x, np.sin(3.0 * x) + 0.5, start=[1.2, 0.0],
                            certified=Certified(values=np.array([3.0, 0.5]), rss=0.0), name="waves")


def decay() -> NonlinearProblem:
    x = np.linspace(0.0, 5.0, 25)
    y = 3.0 * np.exp(-0.8 * x) + 0.05 * np.cos(7 * x) + 0.06
    return NonlinearProblem(parse_formula("b1*exp(-b2*x)"), x, y, start=[1.0, 1.0], name="decay")


def open_at(qtbot, problem, scale: float) -> NonlinearWindow:
    window = NonlinearWindow(problem)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    if scale != 1:
        window.presentation.enter(scale)
    return window


def settle(qtbot, window, view) -> None:
    qtbot.waitUntil(lambda: not getattr(view, "busy", False), timeout=120_000)
    qtbot.wait(50)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_surface_fits_with_its_minima(qtbot, app_font, scale):
    window = open_at(qtbot, several_minima(), scale)
    view = window.tabs.show_view("surface")
    window.solvers.set_checked(["lm", "gauss-newton"])
    with qtbot.waitSignal(window.lab.race.finished, timeout=60_000):
        window.run()
    window.lab.player.go_to_end()
    settle(qtbot, window, view)
    assert len(view.grid.minima) >= 2 and "other minima" in view.message.text()
    assert view.plot.widget.width() >= MINIMUM_PLOT and view.plot.widget.height() >= MINIMUM_PLOT
    assert clipped_texts(window) == []
    window.close()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_basin_map_fits_with_its_legend(qtbot, app_font, scale):
    window = open_at(qtbot, several_minima(), scale)
    view = window.tabs.show_view("basin")
    qtbot.waitUntil(lambda: len([r for r in view.legend_rows if not r.isHidden()]) >= 3, timeout=120_000)
    assert view.plot_widget.width() >= MINIMUM_PLOT and view.plot_widget.height() >= MINIMUM_PLOT
    assert view.legend_area.height() > 0
    assert clipped_texts(window) == []
    view.cancel()
    window.close()
    assert not running_threads()


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_log_linear_view_fits_with_both_fits(qtbot, app_font, scale):
    window = open_at(qtbot, decay(), scale)
    view = window.tabs.show_view("log-linear")
    qtbot.wait(50)
    assert view.rss_log_linear > view.rss_least_squares > 0
    for plot in (view.data_plot, view.log_plot):
        assert plot.width() >= MINIMUM_PLOT and plot.height() >= MINIMUM_PLOT
    assert clipped_texts(window) == []
    window.close()


def test_closing_the_window_while_the_basin_map_runs_stops_it_at_once(qtbot):
    window = open_at(qtbot, several_minima(), 1.0)
    view = window.tabs.show_view("basin")
    qtbot.waitUntil(lambda: view.filled_count() > 0, timeout=60_000)
    assert view.running
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 5.0
    assert not running_threads() and not view.running

"""A run must not move the window's layout: every move of a dock redraws the whole window,
which is what made the GUI stall for tens of milliseconds when a run started."""

import math

import numpy as np
from PySide6.QtWidgets import QDockWidget

from .driving import FINISH_MS


def geometries(window):
    widgets = [window.canvas, *window.findChildren(QDockWidget)]
    return {w.objectName() or type(w).__name__: w.geometry().getRect() for w in widgets if w.isVisible()}


def test_starting_and_playing_a_run_moves_no_dock_and_does_not_resize_the_canvas(qtbot, window):
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 200)
    window.points.set_points(x, 2 * x + 1 + rng.standard_normal(200))
    window.solver_panel.set_checked(["gd"])
    window.run_controls.set_speed(math.inf)
    qtbot.wait(50)
    before = geometries(window)
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    qtbot.wait(50)
    assert geometries(window) == before


def test_the_geometry_view_draws_the_least_squares_picture_as_soon_as_data_is_loaded(qtbot, window):
    """No run needed: y = ŷ + r is a fact of the data; its lengths obey Pythagoras."""
    window.show_view("geometry")
    window.points.set_points(np.array([1.0, 2, 3, 4]), np.array([1.0, 3, 2, 5]))
    view = window.view("geometry")
    assert view.projection_plane.isVisible()
    vectors = view.projection_plane.drawn_vectors()
    problem = window.data_problem
    fitted = problem.matrix @ np.linalg.lstsq(problem.matrix, problem.y, rcond=None)[0]
    np.testing.assert_allclose(np.linalg.norm(vectors["fitted"]), np.linalg.norm(fitted), rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(vectors["residual"]), np.linalg.norm(problem.y - fitted), rtol=1e-12)
    assert "Pythagoras" in view.facts.text()


def test_a_run_uses_the_problem_built_for_the_data_on_screen(qtbot, window):
    """The problem is built once per edit (status bar, views) and the run reuses it."""
    window.load_dataset("seed-4pt")
    built = window.data_problem
    window.solver_panel.set_checked(["householder"])
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        assert window.run()
    assert window.problem is built
    window.model_controls.set_options(degree=2)
    assert window.data_problem is not built and window.data_problem.p == 3


def test_dragging_one_point_updates_the_problem_to_what_a_fresh_build_gives(qtbot, window):
    """A drag updates AᵀA, Aᵀy and R by rank-one changes; the numbers must equal a rebuild's."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, 500)
    window.points.set_points(x, 3 - x + rng.standard_normal(500))
    window.model_controls.set_options(degree=3)
    for merge in (False, True, True):  # one drag: three mouse moves merged into one undo step
        window.points.move_points([7], 0.25, -0.5, merge=merge)
    updated, fresh = window.data_problem, window.build_problem()
    np.testing.assert_allclose(updated.gram, fresh.gram, rtol=1e-12)
    np.testing.assert_allclose(updated.aty, fresh.aty, rtol=1e-12)
    np.testing.assert_allclose(updated.cond, np.linalg.cond(fresh.matrix), rtol=1e-8)
    window.points.undo_stack.undo()
    np.testing.assert_allclose(window.data_problem.gram, window.build_problem().gram, rtol=1e-12)

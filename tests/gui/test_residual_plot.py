"""The residual plot (issue 15, point 3): r against x and against ŷ for the focused solver at the
player's step. Expected residuals come from numpy (lstsq, or the step's θ applied to a design
matrix built here), never from the view's own arithmetic."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW

from .driving import open_presentation_window, run_to_end, run_to_last_step
from .text_fit import settled_clipped

X = np.linspace(-3.0, 3.0, 13)
#: A parabola with a little noise of alternating sign: a line leaves a U, a parabola a zig-zag.
Y = X**2 + 0.1 * (-1.0) ** np.arange(X.size)


def sign_runs_along_x(x, r) -> list[float]:
    signs = np.sign(np.asarray(r)[np.argsort(x)])
    return [s for i, s in enumerate(signs) if i == 0 or s != signs[i - 1]]


@pytest.fixture
def window_with_parabola(window):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=1)
    window.show_view("residuals")
    return window


def residual_view(window):
    return window.view("residuals")


def test_a_direct_solver_shows_y_minus_the_lstsq_fit_against_x_and_against_y_hat(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_last_step(qtbot, window, ["householder"])
    design = np.column_stack([np.ones_like(X), X])
    theta = np.linalg.lstsq(design, Y, rcond=None)[0]
    x, fitted, r = residual_view(window).residual_points()
    np.testing.assert_allclose(r, Y - design @ theta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fitted, design @ theta, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(x, X)
    assert residual_view(window).shown_key == "householder"


def test_after_step_back_the_points_are_the_residuals_of_that_steps_theta(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.02, "max_iter": 40, "tol": 0.0})
    window.player.seek(6)
    window.player.step_back()  # the window redraws the visible views itself
    qtbot.wait(20)
    assert window.player.position == 5
    theta = np.asarray(window.lab.traces["gd"][5].theta)
    assert window.lab.traces["gd"][5].k == 5
    design = np.column_stack([np.ones_like(X), X])
    _, fitted, r = residual_view(window).residual_points()
    np.testing.assert_allclose(r, Y - design @ theta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(fitted, design @ theta, rtol=0, atol=1e-12)
    window.run_controls.back_action.trigger()
    qtbot.wait(20)
    theta4 = np.asarray(window.lab.traces["gd"][4].theta)
    np.testing.assert_allclose(residual_view(window).residual_points()[2], Y - design @ theta4, rtol=0, atol=1e-12)
    assert "step 4 of 40" in residual_view(window).caption.text()


def test_a_line_through_a_parabola_leaves_a_u_and_degree_2_removes_it(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_last_step(qtbot, window, ["householder"])
    x, _, r = residual_view(window).residual_points()
    assert sign_runs_along_x(x, r) == [1.0, -1.0, 1.0]  # the U
    assert "+ − +" in residual_view(window).caption.text()
    u_size = np.max(np.abs(r))

    window.model_controls.set_options(degree=2)
    run_to_last_step(qtbot, window, ["householder"])
    x, _, r = residual_view(window).residual_points()
    design = np.vander(X, 3, increasing=True)
    theta = np.linalg.lstsq(design, Y, rcond=None)[0]
    np.testing.assert_allclose(r, Y - design @ theta, rtol=0, atol=1e-12)
    assert len(sign_runs_along_x(x, r)) > 3  # no U: the signs change point after point
    assert np.max(np.abs(r)) < 0.1 * u_size


def test_the_plot_follows_the_focus_and_names_the_perpendicular_distance(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_last_step(qtbot, window, ["householder", "gd"], gd={"lr": 0.02, "max_iter": 5, "tol": 0.0})
    view = residual_view(window)
    window.set_focus_key("gd")
    theta = np.asarray(window.lab.results["gd"].theta)
    design = np.column_stack([np.ones_like(X), X])
    assert view.shown_key == "gd"
    np.testing.assert_allclose(view.residual_points()[2], Y - design @ theta, rtol=0, atol=1e-12)

    window.lab.residuals.set_distance("perpendicular")
    perpendicular = (Y - design @ theta) / np.hypot(1.0, theta[1])  # distance to the line at right angles
    np.testing.assert_allclose(view.residual_points()[2], perpendicular, rtol=1e-12, atol=1e-12)
    assert "perpendicular" in view.against_fit.getAxis("left").labelText


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_is_cut_at_1280x720_beside_the_canvas_or_alone(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.points.set_points(X, Y)
        run_to_last_step(qtbot, window, ["householder", "gd"])
        if scale is not None:
            window.presentation.enter(scale)
        if scale is None:  # the window's own layout, below the canvas (presenting starts in a presenter layout)
            window.show_view("residuals")
            qtbot.wait(150)
            assert settled_clipped(qtbot, window) == [], "below the canvas"
        for layout in (CANVAS_AND_VIEW, ONE_VIEW):
            window.presenter_layouts.show(layout, "residuals")
            qtbot.wait(150)
            assert residual_view(window).visibleRegion().isEmpty() is False
            assert settled_clipped(qtbot, window) == [], f"{layout} at ×{scale or 1}"
    finally:
        window.close()
        qapp.setFont(font)


def test_a_hundred_thousand_residuals_are_a_density_image_of_y_minus_the_fit(qtbot, window):
    n = 100_000
    x = np.linspace(0.0, 1.0, n)
    y = 1.0 + 2.0 * x + 0.1 * np.sin(11.0 * np.arange(n))
    window.points.set_points(x, y)
    window.show_view("residuals")
    run_to_last_step(qtbot, window, ["householder"])
    view = residual_view(window)
    design = np.column_stack([np.ones(n), x])
    theta = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(view.residual_points()[2], y - design @ theta, rtol=0, atol=1e-10)
    assert view.fit_density.isVisible() and view.x_density.isVisible()
    assert len(view.fit_points.getData()[0]) == 0  # no 10⁵ symbols
    assert int(np.count_nonzero(view.fit_density.image)) > 0

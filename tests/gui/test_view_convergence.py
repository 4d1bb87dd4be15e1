"""The convergence view: curves of the loss gap and the gradient norm, the player's position,
and the dashed theory (checked against the mathematics, not against the view's own numbers)."""

import numpy as np
import pytest

from gui.views.convergence import FLOOR, ConvergenceView

from .driving import run_to_end


@pytest.fixture(autouse=True)
def convergence_in_front(window):
    window.show_view("convergence")


def view_of(window) -> ConvergenceView:
    return next(v for v in window.views if v.name == "convergence")




def test_the_position_line_follows_step_step_back_and_scrub(qtbot, window):
    """Curves hold every recorded step; only the line and the dots move with the player."""
    window.load_dataset("seed-2pt")  # (1, 3), (2, 5): the line y = 1 + 2x fits exactly, so L* = 0
    window.model_controls.set_options(loss="sum")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 50, "tol": 0.0})
    view = view_of(window)
    window.player.seek(2)
    view.refresh(2)
    slot = view.items("gd")
    assert all(line.value() == 2 for line in view.position_lines)
    x, y = slot.curves[0].xData, slot.curves[0].yData
    np.testing.assert_array_equal(x, np.arange(51))
    # The seed's first iteration θ₁ = (0.8, 1.3): residuals 0.9 and 1.6, so L = ½(0.81 + 2.56).
    assert y[1] == pytest.approx(1.685, rel=1e-12)
    # At the start θ = 0: L = ½(9 + 25) = 17, and ‖∇L‖ = ‖−Aᵀy‖ = ‖(8, 13)‖.
    assert y[0] == pytest.approx(17.0, rel=1e-12)
    assert slot.curves[1].yData[0] == pytest.approx(np.hypot(8, 13), rel=1e-12)

    # The window refreshes visible views itself; calling refresh again keeps the test independent of
    # which dock is in front in the window's layout.
    window.run_controls.step_action.trigger()
    view.refresh(window.player.position)
    assert window.player.position == 3
    assert all(line.value() == 3 for line in view.position_lines)
    assert slot.dots[0].xData.tolist() == [3]
    window.run_controls.back_action.trigger()
    window.run_controls.back_action.trigger()
    view.refresh(window.player.position)
    assert window.player.position == 1
    assert all(line.value() == 1 for line in view.position_lines)
    assert slot.dots[0].yData[0] == pytest.approx(1.685, rel=1e-12)
    window.run_controls.timeline.setValue(10)
    view.refresh(window.player.position)
    assert window.player.position == 10
    assert all(line.value() == 10 for line in view.position_lines)
    np.testing.assert_array_equal(slot.curves[0].xData, np.arange(51))  # unchanged by scrubbing


def test_gradient_descent_stays_below_the_drawn_bound(qtbot, window):
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    y = np.array([1.0, 2.9, 5.2, 6.8, 9.1])
    window.points.set_points(x, y)
    window.model_controls.set_options(degree=1, loss="mean")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 300, "tol": 0.0})
    view = view_of(window)
    view.refresh(window.player.length - 1)

    a = np.column_stack([np.ones_like(x), x])
    hessian = a.T @ a / x.size
    low, high = np.linalg.eigvalsh(hessian)
    q = 1 - low / high  # lr = auto = 1/L: the slowest mode shrinks by 1 − 1/κ per step
    optimum = 0.5 * np.mean((y - a @ np.linalg.lstsq(a, y, rcond=None)[0]) ** 2)
    start_gap = 0.5 * np.mean(y ** 2) - optimum  # θ₀ = 0
    k = np.arange(301)
    bound = np.maximum(start_gap * q ** (2 * k), FLOOR)

    assert view.rate("gd") == pytest.approx(q, rel=1e-12)
    drawn = view.items("gd").bounds[0]
    np.testing.assert_array_equal(drawn.xData, k)
    np.testing.assert_allclose(drawn.yData, bound, rtol=1e-9)
    gap = view.items("gd").curves[0].yData
    rounding = 100 * np.finfo(float).eps * 0.5 * np.mean(y ** 2)  # the loss is a difference of O(yᵀy) numbers
    assert np.all(gap <= bound + rounding)
    assert np.sum(bound > 1e6 * rounding) > 100  # the comparison is not vacuous
    # Once the fast mode has died out, the gap shrinks by exactly q² per step: the rate is the true one.
    assert gap[100] / gap[99] == pytest.approx(q ** 2, rel=1e-6)

    grad_bound = view.items("gd").bounds[1].yData
    np.testing.assert_allclose(grad_bound, view.items("gd").curves[1].yData[0] * q ** k, rtol=1e-9)
    assert np.all(view.items("gd").curves[1].yData <= grad_bound * (1 + 1e-9) + 1e-12)


def test_wall_time_spreads_the_elapsed_time_evenly(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd", "householder"], gd={"max_iter": 40, "tol": 0.0})
    view = view_of(window)
    view.refresh(window.player.length - 1)
    view.set_x_mode("time")
    result = window.race.results["gd"]
    np.testing.assert_allclose(view.items("gd").curves[0].xData, np.arange(41) * result.elapsed_s / 40)
    assert "QR by Householder reflections: direct, no iterations" in view.note.text()
    view.set_x_mode("iteration")
    np.testing.assert_array_equal(view.items("gd").curves[0].xData, np.arange(41))


def test_cg_and_newton_markers_sit_at_p_and_one(qtbot, window):
    window.load_dataset("noisy-line")
    window.model_controls.set_options(degree=3)
    run_to_end(qtbot, window, ["cg", "newton"])
    view = view_of(window)
    view.refresh(window.player.length - 1)
    cg, newton = view.items("cg").marker, view.items("newton").marker
    assert cg.isVisible() and cg.value() == 4
    assert cg.label.format == "CG: exact after p = 4 steps"
    assert newton.isVisible() and newton.value() == 1


@pytest.mark.parametrize("case", ["one parameter", "rank deficient"])
def test_degenerate_problems_draw_without_error(qtbot, window, case):
    if case == "one parameter":
        window.points.set_points([1.0, 2.0, 4.0], [2.0, 3.0, 7.0])
        window.model_controls.set_options(degree=0)
    else:  # two distinct x values cannot fix three coefficients
        window.points.set_points([1.0, 1.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0])
        window.model_controls.set_options(degree=2)
    run_to_end(qtbot, window, ["householder", "gd", "cg", "newton"], gd={"max_iter": 200})
    view = view_of(window)
    for position in (0, window.player.length - 1):
        window.player.seek(position)
        view.refresh(position)
    assert view.items("gd").curves[0].xData.size > 0
    assert np.all(view.items("gd").curves[0].yData >= FLOOR)
    if case == "one parameter":
        # A 1 × 1 Hessian: κ = 1, so one step of size 1/L lands on the mean and the bound is 0 after it.
        assert view.rate("gd") == pytest.approx(0.0, abs=1e-15)
        assert view.items("gd").bounds[0].yData[1] == FLOOR
    else:
        assert view.rate("gd") == pytest.approx(1.0, abs=1e-9)  # λmin = 0: no linear rate


def test_the_gap_stops_on_the_rounding_level_instead_of_jumping_under_it(qtbot, window):
    """seed-4pt lies on y = 1 + x (L* = 0): gradient descent runs on far below what rounding of a loss
    computed from AᵀA, Aᵀy and yᵀy can tell from zero, about ε·L(0)."""
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 2000, "tol": 0.0})
    view = view_of(window)
    view.refresh(window.player.length - 1)
    y = window.points.y
    level = 4 * np.finfo(float).eps * 0.5 * np.mean(y ** 2)  # 4 ε · L(0), L = ½·mean(r²)
    assert view.rounding_level == pytest.approx(level, rel=1e-12)
    assert view.rounding_line.isVisible() and 10 ** view.rounding_line.value() == pytest.approx(level, rel=1e-9)
    series = view.series("gd")
    raw, drawn = series.gap[:series.size], view.items("gd").curves[0].yData
    assert np.min(raw) < level / 10  # under the level the computed gap is noise, even negative...
    assert np.all(drawn >= level)  # ...and is drawn on the line
    np.testing.assert_array_equal(drawn[raw > level], raw[raw > level])  # above it, the gap itself


def test_methods_of_another_distance_draw_no_gap_to_the_least_squares_optimum(qtbot, window):
    """LAD's loss is the mean of |r| and TLS's the perpendicular one: a gap to L* (the squares'
    optimum) would be a number with no meaning, and TLS's can be below L*. The note says why instead."""
    window.load_dataset("outliers")
    run_to_end(qtbot, window, ["gd", "lad", "tls"])
    view = view_of(window)
    view.refresh(window.player.position)
    assert view.items("gd").curves[0].xData is not None and len(view.items("gd").curves[0].xData) > 1
    for key in ("lad", "tls"):
        slot = view.items(key)
        assert slot.curves[0].xData is None or len(slot.curves[0].xData) == 0, key
    note = view.note.text()
    assert "sum of |r|" in note and "perpendicular" in note
    assert "L − L* = 0" not in note

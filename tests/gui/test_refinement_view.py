"""The Refinement view (issue 16, point 5): one dot per refinement step at the digits of that step's θ,
measured here against numpy's lstsq with the same normwise measure (columns weighted by their norms)."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW

from .driving import open_presentation_window, run_to_end, run_to_last_step
from .text_fit import settled_clipped

X = np.linspace(0.0, 2.0, 21)
Y = 1.0 + 2.0 * X - 0.5 * X ** 2 + 0.05 * (-1.0) ** np.arange(X.size)
DESIGN = np.vander(X, 3, increasing=True)
#: float64's digits, −log10(2⁻⁵³): no measure of agreement can show more.
DOUBLE_DIGITS = 53 * math.log10(2)


def digits_against_lstsq(theta) -> float:
    """Correct digits of θ: −log10 ‖D(θ − θ*)‖/‖Dθ*‖, D = the column norms, θ* numpy's lstsq."""
    best = np.linalg.lstsq(DESIGN, Y, rcond=None)[0]
    weights = np.linalg.norm(DESIGN, axis=0)
    error = np.linalg.norm(weights * (np.asarray(theta) - best)) / np.linalg.norm(weights * best)
    return DOUBLE_DIGITS if error == 0 else min(max(-math.log10(error), 0.0), DOUBLE_DIGITS)


@pytest.fixture
def window_with_parabola(window):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=2)
    window.show_view("refinement")
    return window


#: Two float64 least-squares answers of these data (the Lab's lstsq and numpy's) may differ by a few
#: κ(A)·u ≈ 20·1.1e-16: near float64's ceiling the digits are measured within that.
REFERENCES_APART = 5e-15


def assert_digits_match(drawn, expected):
    for got, want in zip(drawn, expected):
        close = abs(got - want) < 0.05 or abs(10.0 ** -got - 10.0 ** -want) < REFERENCES_APART
        assert close, (drawn, expected)


@pytest.mark.parametrize("low", ["float16", "bfloat16"])
def test_one_dot_per_refinement_step_at_the_measured_digits(qtbot, window_with_parabola, low):
    window = window_with_parabola
    run_to_last_step(qtbot, window, ["householder", "refine"], refine={"factor_precision": low, "max_steps": 30})
    view = window.view("refinement")
    trace = window.lab.traces["refine"]
    steps, digits = view.drawn_digits()

    assert view.shown_key == "refine"
    assert list(steps) == [trace[i].k for i in range(len(trace))] == list(range(len(trace)))
    assert len(trace) == window.lab.results["refine"].iterations + 1 >= 3
    expected = [digits_against_lstsq(trace[i].theta) for i in range(len(trace))]
    assert_digits_match(digits, expected)
    assert expected[-1] >= 14  # it rose to float64's ceiling: κ·u(low) ≪ 1 on these data
    x_curve, y_curve = view.curve.getData()
    np.testing.assert_array_equal(x_curve, steps)
    np.testing.assert_array_equal(y_curve, digits)
    held, alone = view.low_precision_lines()
    assert held == pytest.approx({"float16": 11, "bfloat16": 8}[low] * math.log10(2))
    assert alone == pytest.approx(expected[0], abs=0.05)
    assert f"factored in {low}" in view.caption.text()


def test_the_dots_follow_the_players_step(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_end(qtbot, window, ["refine"])
    view = window.view("refinement")
    trace = window.lab.traces["refine"]
    window.player.seek(2)
    window.show_frame(window.player.position)
    steps, digits = view.drawn_digits()
    assert list(steps) == [0, 1, 2]
    assert_digits_match(digits, [digits_against_lstsq(trace[i].theta) for i in range(3)])
    ring_x, ring_y = view.current.getData()
    assert list(ring_x) == [2] and ring_y[0] == digits[2]
    assert "step 2 of" in view.caption.text()


def test_an_ill_conditioned_fit_says_the_factors_are_too_inaccurate(qtbot, window):
    x = np.linspace(0.0, 1.0, 40)
    window.points.set_points(x, np.exp(np.sin(4 * x)))
    window.model_controls.set_options(degree=7)
    window.show_view("refinement")
    run_to_last_step(qtbot, window, ["refine"])
    view = window.view("refinement")
    assert window.lab.results["refine"].status in ("diverged", "failed")
    design = np.vander(x, 8, increasing=True)
    assert np.linalg.cond(design / np.linalg.norm(design, axis=0)) * 2.0 ** -11 > 1
    assert "too inaccurate to refine" in view.caption.text()
    assert max(view.drawn_digits()[1]) < 6


def test_without_a_refinement_in_the_run_it_says_how_to_get_one(qtbot, window_with_parabola):
    window = window_with_parabola
    run_to_last_step(qtbot, window, ["householder"])
    view = window.view("refinement")
    assert view.shown_key is None and len(view.drawn_digits()[0]) == 0
    assert "Iterative refinement" in view.caption.text()


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_is_cut_at_1280x720_beside_the_canvas_or_alone(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.points.set_points(X, Y)
        window.model_controls.set_options(degree=2)
        run_to_last_step(qtbot, window, ["refine"])
        if scale is not None:
            window.presentation.enter(scale)
        if scale is None:
            window.show_view("refinement")
            qtbot.wait(150)
            assert settled_clipped(qtbot, window) == [], "below the canvas"
        for layout in (CANVAS_AND_VIEW, ONE_VIEW):
            window.presenter_layouts.show(layout, "refinement")
            qtbot.wait(150)
            assert window.view("refinement").visibleRegion().isEmpty() is False
            assert settled_clipped(qtbot, window) == [], f"{layout} at ×{scale or 1}"
    finally:
        window.close()
        qapp.setFont(font)

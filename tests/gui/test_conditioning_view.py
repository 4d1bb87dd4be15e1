"""The digits-against-κ view (issue 16, point 2): one dot per method per problem, measured live in a
worker; the predicted lines of slope 1 and 2 and the 1/u wall; the data on screen as one more dot per
method at its κ(A). Every expected κ comes from numpy's SVD here; slopes are fitted with numpy.polyfit."""

import math

import numpy as np
import pytest
from PySide6.QtCore import QSettings, QTimer

from engine import Problem
from engine.sweep import family_problems
from gui.lab import Lab
from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW
from gui.views.conditioning.view import PROBLEMS_PER_FAMILY, ConditioningView

from .driving import open_presentation_window
from .text_fit import settled_clipped

METHODS = ["householder", "normal-cholesky", "svd"]
SWEEP_MS = 60_000


@pytest.fixture
def view(qtbot):
    lab = Lab()
    widget = ConditioningView(lab)
    qtbot.addWidget(widget)
    widget.resize(1000, 520)
    widget.set_family("vandermonde")
    widget.set_precisions(["float64"])
    widget.set_methods(METHODS)
    yield widget
    widget.shutdown()


def drawn_points(view, items) -> dict:
    """(method, precision) -> (x, y) of the scatter points drawn on the plot."""
    drawn = {}
    for key, item in items.items():
        x, y = item.getData()
        if len(x):
            drawn[key] = (np.asarray(x), np.asarray(y))
    return drawn


def test_the_sweep_draws_one_dot_per_method_per_problem_at_numpys_kappa(qtbot, view):
    with qtbot.waitSignal(view.sweep_finished, timeout=SWEEP_MS):
        view.show()
    designs = [member.problem.design for member in family_problems("vandermonde", PROBLEMS_PER_FAMILY)]
    expected_x = np.sort([math.log10(np.linalg.cond(design)) for design in designs])
    drawn = drawn_points(view, view.plot.dots)
    assert set(drawn) == {(method, "float64") for method in METHODS}
    assert sum(len(x) for x, _ in drawn.values()) == len(designs) * len(METHODS) >= 10 * len(METHODS)
    for x, y in drawn.values():
        np.testing.assert_allclose(np.sort(x), expected_x, rtol=0, atol=1e-6)
        assert np.all((y >= 0) & (y <= -math.log10(2.0 ** -53) + 1e-9))
    # The law is visible in the dots: at the largest κ, the normal equations kept fewer digits than QR.
    last = {method: drawn[(method, "float64")][1][np.argmax(drawn[(method, "float64")][0])] for method in METHODS}
    assert last["normal-cholesky"] < last["householder"] - 3


@pytest.mark.parametrize("precision", ["float64", "float32", "float16", "bfloat16"])
def test_the_predicted_lines_have_slopes_minus_one_and_minus_two_from_one_over_u(qtbot, view, precision):
    view.set_precisions([precision])
    view.plot.show_precisions(view.precisions())
    digits = -math.log10(2.0 ** -{"float64": 53, "float32": 24, "float16": 11, "bfloat16": 8}[precision])
    for exponent in (1, 2):
        line = view.plot.prediction_lines[(precision, exponent)]
        assert line.isVisible()
        x, y = line.getData()
        inside = y > 1e-9
        slope, intercept = np.polyfit(x[inside], y[inside], 1)
        assert slope == pytest.approx(-exponent, abs=1e-9)
        assert intercept == pytest.approx(digits, abs=1e-9)
    assert view.plot.walls[precision].value() == pytest.approx(digits)
    hidden = [p for p in ("float64", "float32", "float16", "bfloat16") if p != precision]
    assert not any(view.plot.prediction_lines[(p, 1)].isVisible() for p in hidden)


def test_the_data_on_screen_is_a_dot_per_method_at_its_own_kappa(qtbot, view):
    x = np.linspace(0.0, 1.0, 25)
    problem = Problem.from_points(x, np.exp(np.sin(4 * x)), degree=7)
    with qtbot.waitSignal(view.sweep_finished, timeout=SWEEP_MS):
        view.show()
    with qtbot.waitSignal(view.own_finished, timeout=SWEEP_MS):
        view.data_changed(problem)
    drawn = drawn_points(view, view.plot.own_dots)
    assert set(drawn) == {(method, "float64") for method in METHODS}
    kappa = np.linalg.cond(np.vander(x, 8, increasing=True))
    for x_drawn, _ in drawn.values():
        np.testing.assert_allclose(x_drawn, [math.log10(kappa)], rtol=1e-9)


def test_dots_appear_while_the_worker_measures_and_closing_cancels_it(qtbot, view):
    view.set_precisions(["float64", "float32", "float16", "bfloat16"])  # a sweep of a few seconds
    view.show()
    seen = []  # (dots, running), every 5 ms of the GUI thread: a live sweep shows dots while it runs
    watch = QTimer(view, interval=5)
    watch.timeout.connect(lambda: seen.append((len(view.dots), view.sweep_running)))
    watch.start()
    qtbot.waitUntil(lambda: len(view.dots) > 0, timeout=SWEEP_MS)
    qtbot.waitUntil(lambda: any(count and running for count, running in seen), timeout=2000)
    watch.stop()
    qtbot.waitUntil(lambda: view.plot.dot_count() > 0, timeout=2000)
    view.close()  # cancels the worker and waits for it: the fixture fails a test that leaves a thread
    assert not view._jobs


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_is_cut_at_1280x720_below_the_canvas_or_alone(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        if scale is not None:
            window.presentation.enter(scale)
        if scale is None:
            window.show_view("conditioning")
            qtbot.wait(150)
            assert settled_clipped(qtbot, window) == [], "below the canvas"
        for layout in (CANVAS_AND_VIEW, ONE_VIEW):
            window.presenter_layouts.show(layout, "conditioning")
            qtbot.wait(150)
            assert window.view("conditioning").visibleRegion().isEmpty() is False
            assert settled_clipped(qtbot, window) == [], f"{layout} at ×{scale or 1}"
    finally:
        window.close()
        qapp.setFont(font)


def test_in_the_window_the_points_on_the_canvas_are_measured_at_their_kappa(qtbot, window):
    x = np.linspace(-1.0, 3.0, 15)
    window.points.set_points(x, 1.0 + x - 0.5 * x**2)
    window.model_controls.set_options(degree=4)
    window.show_view("conditioning")
    view = window.view("conditioning")
    view.set_precisions(["float64"])
    view.set_methods(["householder", "normal-inverse"])
    qtbot.waitUntil(lambda: not view.sweep_running and len(view.own_dots) == 2, timeout=SWEEP_MS)
    kappa = np.linalg.cond(np.vander(x, 5, increasing=True))
    drawn = drawn_points(view, view.plot.own_dots)
    assert set(drawn) == {("householder", "float64"), ("normal-inverse", "float64")}
    for x_drawn, _ in drawn.values():
        np.testing.assert_allclose(x_drawn, [math.log10(kappa)], rtol=1e-9)

"""The learning rate on a log slider marked at 1/L and 2/L, with L shown (issue 14, point 4).

L is computed here from the points on screen, independently of the app: the largest eigenvalue
of AᵀA (numpy.linalg.eigvalsh), divided by n for the default ½·mean loss.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QSlider

from .driving import FINISH_MS, open_window, run_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def lipschitz_of_points(x, y, *, loss="mean") -> float:
    """λmax(AᵀA) (/n for the mean loss) of the straight-line model A = [1 x]."""
    a = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=float)])
    top = float(np.linalg.eigvalsh(a.T @ a)[-1])
    return top / len(x) if loss == "mean" else top


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def gd_form(window):
    window.solver_panel.set_checked(["gd"])
    window.solver_panel.set_current_method("gd")
    return window.solver_panel.form("gd")


def assert_marks(form, lipschitz):
    slider = form.slider("lr")
    assert slider.lipschitz == pytest.approx(lipschitz, rel=1e-12)
    assert slider.slider.marks["1/L"] == pytest.approx(1 / lipschitz, rel=1e-12)
    assert slider.slider.marks["2/L"] == pytest.approx(2 / lipschitz, rel=1e-12)
    assert f"{lipschitz:.4g}" in slider.caption.text()
    # each mark is drawn where the handle stands when the slider is at that η
    for label in ("1/L", "2/L"):
        value = slider.slider.marks[label]
        handle_at = slider.slider.pixel_of(value)
        low, high = slider.slider.pixel_of(value / 10), slider.slider.pixel_of(value * 10)
        assert low < handle_at < high


def test_the_marks_sit_at_one_and_two_over_l_on_four_points(qtbot, window):
    window.load_dataset("seed-4pt")
    form = gd_form(window)
    lipschitz = lipschitz_of_points(window.points.x, window.points.y)
    assert lipschitz == pytest.approx(8.3503, rel=1e-4)  # λmax([[4, 10], [10, 30]]) / 4
    assert_marks(form, lipschitz)
    assert "λmax(AᵀA)/n" in form.slider("lr").caption.text()


def test_the_marks_follow_the_data_and_the_loss(qtbot, window):
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-3, 12, 25), rng.normal(size=25)
    window.points.set_points(x, y)
    form = gd_form(window)
    assert_marks(form, lipschitz_of_points(x, y))
    window.model_controls.set_options(loss="sum")
    assert_marks(form, lipschitz_of_points(x, y, loss="sum"))
    assert "λmax(AᵀA) =" in form.slider("lr").caption.text()
    window.points.add_point(40.0, 1.0)  # L is recomputed when the data change
    assert_marks(form, lipschitz_of_points([*x, 40.0], [*y, 1.0], loss="sum"))


def test_moving_the_slider_sets_the_field_and_the_solvers_lr(qtbot, window):
    window.load_dataset("seed-4pt")
    form = gd_form(window)
    lipschitz = lipschitz_of_points(window.points.x, window.points.y)
    slider = form.slider("lr").slider
    assert form.auto_box("lr").isChecked()
    assert slider.value() == round(np.log10(1 / lipschitz) * 100)  # auto = 1/L: the handle sits on the mark
    for _ in range(30):  # 30 steps of a hundredth of a decade to the right (the wheel's steps): η × 10^0.3
        slider.triggerAction(QSlider.SliderAction.SliderSingleStepAdd)
    eta = float(form.editor("lr").text())
    assert slider.value() == round(np.log10(1 / lipschitz) * 100) + 30
    assert eta == pytest.approx(10 ** (slider.value() / 100), rel=5e-3)  # three digits
    assert eta == pytest.approx(10 ** 0.3 / lipschitz, rel=0.03)
    assert not form.auto_box("lr").isChecked()
    request = next(r for r in window.requests() if r.method == "gd")
    assert request.params["lr"] == eta
    slider.setValue(slider.position_of(2 / lipschitz))  # at the mark itself: exactly 2/L, four digits
    assert float(form.editor("lr").text()) == pytest.approx(2 / lipschitz, rel=1e-4)


def test_typing_in_the_field_moves_the_slider(qtbot, window):
    window.load_dataset("seed-4pt")
    form = gd_form(window)
    form.editor("lr").setText("0.01")
    assert form.slider("lr").slider.value() == -200


def test_unticking_auto_keeps_the_value_of_auto(qtbot, window):
    window.load_dataset("seed-4pt")
    form = gd_form(window)
    lipschitz = lipschitz_of_points(window.points.x, window.points.y)
    form.auto_box("lr").setChecked(False)
    text = form.editor("lr").text()
    assert text != ""
    assert float(text) == pytest.approx(1 / lipschitz, rel=1e-3)
    assert form.values()["lr"] == float(text)


def test_a_slider_move_after_a_run_refits_with_the_new_lr(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 50})
    form = window.solver_panel.form("gd")
    slider = form.slider("lr").slider
    with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
        slider.setValue(slider.position_of(0.02))
    assert window.race.requests[0].params["lr"] == pytest.approx(0.02)
    window.player.pause()

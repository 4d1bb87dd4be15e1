"""The "Why gd is slow" view in a real window: its bars shrink by |1 − ηλᵢ| per step as the player
moves (λ from numpy's eigvalsh here), the rate map marks the solver panel's (lr, beta), the
optimal-step button writes 2/(λ₁ + λₙ) into gd's lr field, standardising moves the mark and the
map, and nothing is clipped at 1280×720 nor at presentation ×2."""

import numpy as np
import pytest
import pytestqt.exceptions
from PySide6.QtCore import QSettings, Qt

from gui.presentation import install_presentation

from .driving import open_window, run_to_end
from .text_fit import clipped_texts

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

NAME = "gd-conditioning"
X = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
Y = np.array([1.0, 1.8, 3.1, 3.9, 5.2, 7.1])


def hessian(x, columns) -> np.ndarray:
    a = np.column_stack(columns)
    return a.T @ a / x.size


def eigenvalues_of_points(x=X) -> np.ndarray:
    """λ of ½·mean loss's Hessian for a parabola through the points, largest first."""
    return np.linalg.eigvalsh(hessian(x, [np.ones_like(x), x, x * x]))[::-1]


def show(window, qtbot):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=2, loss="mean")
    window.show_view(NAME)
    return window.view(NAME)


def test_the_bars_shrink_by_one_minus_eta_lambda_per_step_as_the_player_moves(qtbot, window):
    view = show(window, qtbot)
    values = eigenvalues_of_points()
    lr = 1.5 / values[0]  # the steepest part flips sign and halves; the flat ones barely move
    run_to_end(qtbot, window, ["gd"], gd={"lr": lr, "max_iter": 40, "tol": 0.0})
    factors = np.abs(1.0 - lr * values)
    heights = []
    window.player.seek(0)
    for _ in range(6):
        view.refresh(window.player.position)
        heights.append(view.bars.magnitudes())
        window.run_controls.step_action.trigger()
    heights = np.array(heights)
    assert heights.shape == (6, 3)
    np.testing.assert_allclose(heights[1:] / heights[:-1], np.tile(factors, (5, 1)), rtol=1e-6)
    under, over = view.bars.labels()  # λᵢ under each bar, its factor over it (full texts: the window is wide)
    assert [float(text.lstrip("×")) for text in over] == pytest.approx(factors, rel=1e-3)
    assert [float(text.split("=")[1]) for text in under] == pytest.approx(values, rel=2e-3)

    window.run_controls.back_action.trigger()  # back two steps (from 6): the bars grow back
    window.run_controls.back_action.trigger()
    view.refresh(window.player.position)
    np.testing.assert_allclose(view.bars.magnitudes(), heights[4], rtol=1e-9)


def test_the_rate_map_marks_the_solver_panels_lr_and_beta(qtbot, window):
    view = show(window, qtbot)
    run_to_end(qtbot, window, ["gd", "momentum"], gd={"lr": 0.3, "max_iter": 50},
               momentum={"lr": 0.25, "beta": 0.7, "max_iter": 50})
    view.refresh(window.player.position)
    momentum = window.solver_panel.params("momentum")
    assert view.rate_map.mark_position("momentum") == pytest.approx((momentum["lr"], momentum["beta"]), rel=1e-12)
    assert view.rate_map.mark_position("gd") == pytest.approx((window.solver_panel.params("gd")["lr"], 0.0))
    # The map's bottom row (β = 0) is gradient descent's rate max|1 − ηλᵢ|, λ from numpy here.
    values = eigenvalues_of_points()
    lrs = view.rate_map.lrs
    np.testing.assert_allclose(view.rate_map.rates[0], np.max(np.abs(1 - lrs[:, None] * values), axis=1), rtol=1e-12)

    with qtbot.waitSignal(window.race.finished, timeout=60_000):  # a new setting: a new run, a new mark
        window.solver_panel.form("momentum").set_values({"beta": 0.4})
    view.refresh(window.player.position)
    assert view.rate_map.mark_position("momentum") == pytest.approx((0.25, 0.4), rel=1e-12)


def test_standardising_the_columns_moves_the_mark_and_the_map(qtbot, window):
    view = show(window, qtbot)
    run_to_end(qtbot, window, ["momentum"], momentum={"lr": "auto", "beta": 0.5, "max_iter": 50})
    view.refresh(window.player.position)
    values = eigenvalues_of_points()
    assert view.rate_map.mark_position("momentum") == pytest.approx((1 / values[0], 0.5), rel=1e-9)
    before = view.rate_map.rates.copy()

    with qtbot.waitSignal(window.race.started, timeout=60_000):
        window.model_controls.set_options(scaling="standardize")  # Model > Scaling (then a new run)
        # The map and the mark move at once, with the data (before the new run has a step).
        moved = view.rate_map.mark_position("momentum")
    standard = [np.ones_like(X), (X - X.mean()) / X.std(), (X * X - (X * X).mean()) / (X * X).std()]
    new_values = np.linalg.eigvalsh(hessian(X, standard))[::-1]
    mark = view.rate_map.mark_position("momentum")
    assert mark == pytest.approx((1 / new_values[0], 0.5), rel=1e-9) and moved == mark
    assert abs(mark[0] - 1 / values[0]) > 0.1 * mark[0]
    assert view.rate_map.rates.shape != before.shape or not np.allclose(view.rate_map.rates, before)
    np.testing.assert_allclose(view.rate_map.rates[0], np.max(np.abs(1 - view.rate_map.lrs[:, None] * new_values),
                                                              axis=1), rtol=1e-12)
    qtbot.waitUntil(lambda: not window.race.running, timeout=60_000)


def test_the_optimal_step_button_gives_gd_two_over_the_sum_of_the_extreme_eigenvalues(qtbot, window):
    view = show(window, qtbot)
    window.solver_panel.set_checked(["gd"])
    values = eigenvalues_of_points()
    assert view.button.focusPolicy() & Qt.FocusPolicy.TabFocus  # Tab reaches it
    view.button.setFocus()
    qtbot.keyClick(view.button, Qt.Key.Key_Return)  # and Enter presses it (Space drives the player)
    assert window.solver_panel.params("gd")["lr"] == pytest.approx(2 / (values[0] + values[-1]), rel=1e-12)
    assert window.solver_panel.form("gd").slider("lr").value() == pytest.approx(2 / (values[0] + values[-1]),
                                                                                 rel=0.03)
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 400, "tol": 0.0})
    view.refresh(window.player.length - 1)
    kappa = values[0] / values[-1]
    assert view.rates.predicted.value() == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)
    assert view.rates.best.value() == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-9)


@pytest.mark.parametrize("layout", ["canvas-and-view", "one-view"])
def test_nothing_is_clipped_at_1280_by_720_nor_at_twice_the_font(qtbot, tmp_path, layout):
    window = open_window(qtbot, (1280, 720))
    presentation = install_presentation(window, QSettings(str(tmp_path / "lab.ini"), QSettings.Format.IniFormat))
    view = show(window, qtbot)
    run_to_end(qtbot, window, ["gd", "momentum"], gd={"max_iter": 60}, momentum={"max_iter": 60})
    window.player.seek(5)
    window.show_view(NAME)
    view.refresh(5)
    dock = window.view_docks[NAME]
    assert settled_clipped(qtbot, dock) == []
    assert view.bars.magnitudes().size == 3 and view.caption.text().startswith("Gradient descent, step 5")

    presentation.enter(2.0)
    window.presenter_layouts.show(layout, NAME)
    qtbot.wait(100)
    view.refresh(5)
    found = settled_clipped(qtbot, dock)
    if found:
        window.grab().save(str(tmp_path / "clipped.png"))  # for a human to look at
    presentation.leave(remember=False)
    window.close()
    assert found == []


def settled_clipped(qtbot, widget) -> list[str]:
    """What is cut once the relayout after a font change has settled (3 s at most)."""
    try:
        qtbot.waitUntil(lambda: clipped_texts(widget) == [], timeout=3000)
    except pytestqt.exceptions.TimeoutError:  # the caller's assertion says what is cut
        pass
    return clipped_texts(widget)

"""Residuals you can see (issue 15): the squares, the segments and the sum-of-squares bars on a
real window, checked against numbers the test computes itself (numpy's lstsq, the algebra of a
line), never against the code that draws them."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from engine import SOLVERS
from gui.data.canvas_density import DENSITY_THRESHOLD

from .driving import open_presentation_window, open_window, run_to_end, run_to_last_step
from .text_fit import settled_clipped

#: Eight points a lecturer might click: roughly a line, one of them off it.
X8 = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0])
Y8 = np.array([2.1, 2.9, 4.2, 4.8, 6.5, 6.1, 8.4, 7.2])


def lstsq_line(x, y):
    design = np.column_stack([np.ones_like(x), x])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def polygons(path) -> list[np.ndarray]:
    """The closed polygons of a QPainterPath, as (k, 2) arrays without the repeated first corner."""
    found = []
    for polygon in path.toSubpathPolygons():
        corners = np.array([(point.x(), point.y()) for point in polygon])
        if len(corners) > 1 and np.allclose(corners[0], corners[-1]):
            corners = corners[:-1]
        found.append(corners)
    return found


def shoelace(corners: np.ndarray) -> float:
    x, y = corners[:, 0], corners[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def segment_pairs(item) -> tuple[np.ndarray, np.ndarray]:
    """(points, feet) of a connect="pairs" item: vertex 2i is the point, 2i + 1 its foot."""
    xs, ys = item.getData()
    vertices = np.column_stack([xs, ys])
    return vertices[0::2], vertices[1::2]


def show(window, *what, distance="vertical"):
    options = window.lab.residuals
    for name in what:
        options.set_shown(name, True)
    options.set_distance(distance)


@pytest.fixture
def eight_points(window):
    window.points.set_points(X8, Y8, text="Points")
    return window


def test_each_square_has_the_area_r_squared_of_its_point(qtbot, eight_points):
    window = eight_points
    run_to_last_step(qtbot, window, ["householder"])
    show(window, "segments", "squares")
    r = Y8 - np.column_stack([np.ones(8), X8]) @ lstsq_line(X8, Y8)
    squares = polygons(window.residual_overlay.pictures.squares_path())
    assert len(squares) == 8
    for i, corners in enumerate(squares):
        assert shoelace(corners) == pytest.approx(r[i] ** 2, rel=1e-9)
        assert np.min(np.hypot(*(corners - [X8[i], Y8[i]]).T)) < 1e-12  # it hangs from its own point
        sides = np.hypot(*(np.roll(corners, -1, axis=0) - corners).T)
        assert sides == pytest.approx(np.full(4, abs(r[i])), rel=1e-9)  # a square: four sides |r| ...
        diagonals = np.hypot(*(corners[2] - corners[0])), np.hypot(*(corners[3] - corners[1]))
        assert diagonals == pytest.approx((abs(r[i]) * np.sqrt(2),) * 2, rel=1e-9)  # ... at right angles
    view = window.canvas.getViewBox()
    assert view.state["aspectLocked"] == pytest.approx(1.0)  # drawn as squares on screen too


def test_a_square_of_gradient_descent_at_step_k_uses_the_line_shown_at_step_k(qtbot, eight_points):
    window = eight_points
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 30})
    window.player.seek(4)
    show(window, "squares")
    theta = window.lab.step_at("gd", 4).theta  # the θ shown at that step
    r = Y8 - theta[0] - theta[1] * X8
    areas = [shoelace(c) for c in polygons(window.residual_overlay.pictures.squares_path())]
    assert areas == pytest.approx(r ** 2, rel=1e-9)


@pytest.mark.parametrize(("loss", "scale"), [("mean", 1 / 8), ("sum", 1.0)])
def test_the_bars_show_half_the_mean_or_the_sum_of_the_squares(qtbot, eight_points, loss, scale):
    window = eight_points
    window.model_controls.set_options(loss=loss)
    run_to_last_step(qtbot, window, ["householder"])
    guess = np.array([1.0, 0.9])
    window.lab.guess.set_theta(guess)
    show(window, "sum_bars")
    best = lstsq_line(X8, Y8)
    expected_best = 0.5 * scale * float(np.sum((Y8 - best[0] - best[1] * X8) ** 2))
    expected_guess = 0.5 * scale * float(np.sum((Y8 - guess[0] - guess[1] * X8) ** 2))
    bars = window.residual_overlay.bars
    values = {row.name: row.value for row in bars.rows}
    assert values[window.lab.solver_label("householder")] == pytest.approx(expected_best, rel=1e-12)
    assert values["My line"] == pytest.approx(expected_guess, rel=1e-12)
    assert values["least squares"] == pytest.approx(expected_best, rel=1e-12)
    assert bars.title == {"mean": "½·mean of squares", "sum": "½·sum of squares"}[loss]
    shown = bars.bars.texts() if bars.bars.isVisible() else [bars.strip.text()]
    assert any(f"{expected_guess:.4g}" in text for text in shown), shown


def test_the_segments_follow_step_back(qtbot, eight_points):
    window = eight_points
    run_to_last_step(qtbot, window, ["gd"], gd={"max_iter": 20})
    show(window, "segments")
    item = window.residual_overlay.pictures.segments_item
    last = window.player.position
    window.player.seek(6)
    for position in (6, 5, 4):
        theta = window.lab.step_at("gd", position).theta
        points, feet = segment_pairs(item)
        assert points == pytest.approx(np.column_stack([X8, Y8]))
        assert feet[:, 1] == pytest.approx(theta[0] + theta[1] * X8, rel=1e-12)  # straight down to the line
        assert feet[:, 0] == pytest.approx(X8)
        window.player.step_back()
    assert window.player.position == 3 < last


def test_perpendicular_segments_meet_the_line_at_right_angles(qtbot, eight_points):
    window = eight_points
    run_to_last_step(qtbot, window, ["householder"])
    show(window, "segments", "squares", distance="perpendicular")
    a, b = lstsq_line(X8, Y8)
    points, feet = segment_pairs(window.residual_overlay.pictures.segments_item)
    along = np.array([1.0, b]) / np.hypot(1.0, b)
    assert (points - feet) @ along == pytest.approx(np.zeros(8), abs=1e-12)  # perpendicular to the line
    assert feet[:, 1] == pytest.approx(a + b * feet[:, 0], rel=1e-12)  # the foot is on the line
    distance = np.abs(a + b * X8 - Y8) / np.sqrt(1 + b * b)
    assert np.hypot(*(points - feet).T) == pytest.approx(distance, rel=1e-9)
    areas = [shoelace(c) for c in polygons(window.residual_overlay.pictures.squares_path())]
    assert areas == pytest.approx(distance ** 2, rel=1e-9)  # the rotated squares of side d⊥


def test_a_curve_gets_vertical_segments_and_says_why(qtbot, eight_points):
    window = eight_points
    window.model_controls.set_options(degree=2)
    run_to_last_step(qtbot, window, ["householder"])
    show(window, "segments", distance="perpendicular")
    pictures = window.residual_overlay.pictures
    points, feet = segment_pairs(pictures.segments_item)
    assert feet[:, 0] == pytest.approx(X8)
    assert "straight lines only" in pictures.caption_text and pictures.caption.isVisible()


def test_unequal_scales_draw_no_squares_and_say_so_in_words(qtbot, window):
    window.points.set_points(X8, 1000.0 * Y8, text="Points")  # y spreads 1000 times wider than x
    run_to_last_step(qtbot, window, ["householder"])
    show(window, "squares", "sum_bars")
    pictures = window.residual_overlay.pictures
    assert not pictures.squares_item.isVisible() and not pictures.aspect_locked
    assert "No squares here" in pictures.caption_text
    assert window.residual_overlay.bars.rows  # the sum is still shown


def test_the_toggles_and_the_options_follow_each_other(window):
    options = window.lab.residuals
    toggles = window.residual_overlay.actions.toggles
    toggles["squares"].trigger()
    assert options.squares
    options.set_shown("segments", True)
    assert toggles["segments"].isChecked()
    options.set_distance("absolute")
    assert window.residual_overlay.actions.distances["absolute"].isChecked()
    window.residual_overlay.actions.distances["perpendicular"].trigger()
    assert options.distance == "perpendicular"
    texts = [a.text().replace("&", "") for a in window.residual_actions]
    assert texts == ["Residual Segments", "Squared Residuals", "Sum-of-Squares Bars", "Distance"]
    menu_texts = [a.text().replace("&", "") for a in window.canvas.getViewBox().menu.actions()]
    assert {"Residual Segments", "Squared Residuals", "Sum-of-Squares Bars", "Distance"} <= set(menu_texts)
    keys = [key.toString() for action in window.findChildren(QAction) for key in action.shortcuts()]
    ours = [a.shortcut().toString() for a in [*toggles.values(), *window.residual_overlay.actions.distances.values()]]
    for key in ours:
        assert keys.count(key) == 1, f"{key} is taken by another action too"


def test_nothing_is_clipped_at_twice_the_font_in_a_small_window(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, size=(1280, 720))
    try:
        window.points.set_points(X8, Y8, text="Points")
        run_to_last_step(qtbot, window, ["householder", "gd"], gd={"max_iter": 50})
        window.lab.guess.set_theta([1.0, 0.9])
        show(window, "segments", "squares", "sum_bars")
        qtbot.keyClick(window, Qt.Key.Key_F5)
        assert window.presentation.presenting
        bars = window.residual_overlay.bars
        qtbot.waitUntil(lambda: bars.bars.isVisible() or bars.strip.isVisible(), timeout=2000)
        qtbot.wait(400)  # the placers' delays
        assert settled_clipped(qtbot, window) == []
        if bars.bars.isVisible():
            view = window.canvas.getViewBox().sceneBoundingRect()
            assert view.contains(bars.bars.sceneBoundingRect())
    finally:
        window.close()


def test_lad_points_fade_with_their_irls_weights(qtbot, window):
    assert "lad" in SOLVERS  # least absolute deviations by IRLS (engine/solvers/lad.py)
    y = Y8.copy()
    y[5] += 6.0  # an outlier
    window.points.set_points(X8, y, text="Points")
    run_to_end(qtbot, window, ["lad"])
    window.lab.residuals.set_distance("absolute")
    window.player.seek(1)
    r = y - np.column_stack([np.ones(8), X8]) @ lstsq_line(X8, y)  # step 1 reweights lstsq's residuals
    weights = 1 / np.abs(r)
    trust = np.clip(weights / np.median(weights), 0, 1)  # against the median weight: typical points opaque
    opacity = window.canvas.point_opacity()
    assert opacity == pytest.approx(0.12 + 0.88 * np.rint(trust * 15) / 15, abs=1e-3)
    assert np.argmin(opacity) == 5  # the outlier fades most
    # at the last step (an exchange of the linear program, after IRLS) IRLS's last weights stay
    # shown: the outlier among the most faded, not back to full opacity
    window.player.seek(window.lab.last_frame)
    assert window.lab.step_at("lad", window.lab.last_frame).kind == "vertex"
    last = window.canvas.point_opacity()
    assert last[5] == pytest.approx(last.min()) and last[5] < 0.5
    assert np.sum(last > 0.99) >= 4  # half the points at least fully trusted
    window.lab.residuals.set_distance("vertical")
    assert window.canvas.point_opacity() == pytest.approx(np.ones(8))


def test_the_keys_switch_the_pictures_and_the_distance(qtbot):
    window = open_window(qtbot, active=True)  # Qt sends shortcuts to the active window only
    try:
        window.points.set_points(X8, Y8, text="Points")
        run_to_end(qtbot, window, ["householder"])
        actions = window.residual_overlay.actions
        fired = []
        for action in [*actions.toggles.values(), *actions.distances.values()]:
            action.triggered.connect(lambda _=False, a=action: fired.append(a))
            combination = action.shortcut()[0]
            fired.clear()
            qtbot.keyClick(window, combination.key(), combination.keyboardModifiers())
            assert fired == [action], action.text()
        options = window.lab.residuals
        assert options.segments and options.squares and options.sum_bars and options.distance == "absolute"
    finally:
        window.close()


def test_too_many_points_to_draw_one_by_one_are_said_in_words(qtbot, window):
    rng = np.random.default_rng(15)
    x = rng.uniform(0, 10, DENSITY_THRESHOLD + 1)
    window.points.set_points(x, 2 * x + rng.normal(size=x.size), text="Points")
    run_to_last_step(qtbot, window, ["householder"])
    show(window, "segments", "squares", "sum_bars")
    pictures = window.residual_overlay.pictures
    assert not pictures.segments_item.isVisible() and not pictures.squares_item.isVisible()
    assert not window.residual_overlay.bars.bars.isVisible()
    assert f"above {DENSITY_THRESHOLD:,} points" in pictures.caption_text and pictures.caption.isVisible()


def test_the_mark_to_beat_is_the_least_value_of_the_distance_being_added_up(qtbot, eight_points):
    """Under the absolute distance the mark is the least Σ|r| (a linear program solved here), under
    the perpendicular one the least sum of squared perpendicular distances (the SVD written out):
    least squares' line beats neither, so it cannot be the mark to beat."""
    from scipy.optimize import linprog

    window = eight_points
    window.model_controls.set_options(loss="sum")
    run_to_last_step(qtbot, window, ["householder"])
    bars = window.residual_overlay.bars
    show(window, "sum_bars", distance="absolute")
    design = np.column_stack([np.ones(8), X8])
    lp = linprog(np.r_[0.0, 0.0, np.ones(16)], A_eq=np.hstack([design, np.eye(8), -np.eye(8)]), b_eq=Y8,
                 bounds=[(None, None)] * 2 + [(0, None)] * 16)
    least_absolute = float(np.abs(Y8 - design @ lp.x[:2]).sum())
    values = {row.name: row.value for row in bars.rows}
    assert values["least Σ|r| (LAD)"] == pytest.approx(least_absolute, rel=1e-9)
    ls = lstsq_line(X8, Y8)
    assert values[window.lab.solver_label("householder")] > least_absolute  # least squares is beaten here

    show(window, "sum_bars", distance="perpendicular")
    centred = np.column_stack([X8 - X8.mean(), Y8 - Y8.mean()])
    smallest = np.linalg.svd(centred, compute_uv=False)[-1]
    values = {row.name: row.value for row in bars.rows}
    assert values["least perpendicular (TLS)"] == pytest.approx(0.5 * smallest ** 2, rel=1e-9)
    d_ls = np.abs(Y8 - ls[0] - ls[1] * X8) / np.hypot(1.0, ls[1])
    assert values[window.lab.solver_label("householder")] == pytest.approx(0.5 * float(d_ls @ d_ls), rel=1e-9)

"""My line in a real window (issue 15, point 2): dragged with real mouse events, its dot on the loss
surface, kept guesses, Reveal against numpy's lstsq, Gauss-Seidel taking over from the guess, the
guesses forgotten when the model changes shape, and nothing clipped at twice the font.

Every expected number is computed here with numpy from the points, never read from the app."""

from __future__ import annotations

import gc
import re

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.presentation import install_presentation

from .driving import FINISH_MS, open_window
from .text_fit import clipped_texts

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
NO_MOD = Qt.KeyboardModifier.NoModifier
#: pyqtgraph drops mouse moves closer together than 1/mouseRateLimit (10 ms).
MOVE_PAUSE_MS = 15

RNG = np.random.default_rng(15)
X = np.linspace(0.0, 9.0, 12)
Y = 1.5 + 0.8 * X + RNG.normal(0.0, 1.0, X.size)


@pytest.fixture(autouse=True)
def collect_garbage_in_the_gui_thread():
    """Earlier tests' windows die here, in the GUI thread, not in a worker's (as test_view_surface)."""
    gc.collect()
    yield
    gc.collect()


def load_points(window, *, degree=1, loss="mean"):
    window.model_controls.set_options(degree=degree, loss=loss)
    window.points.set_points(X, Y)
    window.canvas.auto_range()
    window.show_view("surface")


# ---- real mouse events on the canvas's viewport, mapped from data coordinates -------------------
def to_widget(canvas, x: float, y: float) -> QPoint:
    return canvas.mapFromScene(canvas.getViewBox().mapViewToScene(QPointF(x, y)))


def to_data(canvas, pos: QPoint) -> tuple[float, float]:
    """Where a pixel of the viewport is, in data coordinates (after rounding to the pixel)."""
    point = canvas.getViewBox().mapSceneToView(canvas.mapToScene(pos))
    return point.x(), point.y()


def send(canvas, kind, pos: QPoint, button, buttons) -> None:
    viewport = canvas.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), button, buttons, NO_MOD)
    QApplication.sendEvent(viewport, event)


def drag(qtbot, canvas, start, end, steps=6) -> tuple[float, float]:
    """Press at `start`, move in steps, release at `end` (data coordinates); the press and the drop
    in data units as the canvas mapped them then (the strip under it may grow after the drop)."""
    a, b = to_widget(canvas, *start), to_widget(canvas, *end)
    press = to_data(canvas, a)
    send(canvas, QEvent.Type.MouseButtonPress, a, LEFT, LEFT)
    for t in np.linspace(0, 1, steps + 1)[1:]:
        qtbot.wait(MOVE_PAUSE_MS)
        p = QPoint(round(a.x() + t * (b.x() - a.x())), round(a.y() + t * (b.y() - a.y())))
        send(canvas, QEvent.Type.MouseMove, p, NONE, LEFT)
    qtbot.wait(MOVE_PAUSE_MS)
    drop = to_data(canvas, b)
    send(canvas, QEvent.Type.MouseButtonRelease, b, LEFT, NONE)
    return press, drop


def click(canvas, x, y) -> None:
    pos = to_widget(canvas, x, y)
    send(canvas, QEvent.Type.MouseButtonPress, pos, LEFT, LEFT)
    send(canvas, QEvent.Type.MouseButtonRelease, pos, LEFT, NONE)


# ---- references from numpy --------------------------------------------------------------------
def numpy_loss(theta, loss: str) -> float:
    """½·mean(r²) or ½·Σr² of the line or polynomial θ (ascending powers) over the test's points."""
    r = Y - np.polynomial.polynomial.polyval(X, theta)
    return 0.5 * float(np.mean(r**2) if loss == "mean" else np.sum(r**2))


def lstsq_theta(degree: int = 1) -> np.ndarray:
    design = np.vander(X, degree + 1, increasing=True)
    return np.linalg.lstsq(design, Y, rcond=None)[0]


def shown_number(text: str, after: str) -> float:
    """The number written after `after` in `text` ("½·mean(r²) = 0.2973" → 0.2973)."""
    match = re.search(re.escape(after) + r"\s*=\s*([-+0-9.e]+)", text)
    assert match, f"no {after!r} number in {text!r}"
    return float(match.group(1))


def surface_dot(window) -> np.ndarray:
    view = window.view("surface")
    return view.guesses.marks[view.raw].current_position()


# ---- the tests ---------------------------------------------------------------------------------
@pytest.mark.parametrize("loss", ["mean", "sum"])
def test_dragging_an_end_handle_moves_the_line_and_its_dot_on_the_surface(qtbot, window, loss):
    load_points(window, loss=loss)
    my_line = window.my_line
    my_line.guess_action.trigger()
    assert np.allclose(window.lab.guess.theta, [Y.mean(), 0.0])  # flat at the mean of y, not the answer
    count = window.points.count
    (x_left, y_left), (x_right, y_right), _middle = my_line.handle_points()

    _press, drop = drag(qtbot, window.canvas, (x_right, y_right), (x_right - 0.5, y_right + 3.0))

    theta = window.lab.guess.theta
    assert window.points.count == count  # a drag on a handle adds no point
    # the line now runs through the other end, untouched, and through the drop: a rotation about it
    slope = (drop[1] - y_left) / (drop[0] - x_left)
    assert np.allclose(theta, [y_left - slope * x_left, slope], rtol=1e-9, atol=1e-9)
    dot = surface_dot(window)
    assert np.allclose(dot, theta, rtol=1e-12)  # (B0, B1) on the surface
    expected = numpy_loss(dot, loss)
    words = my_line.items.words.toPlainText()  # the loss beside My line, in the loss setting's words
    name = "½·mean(r²)" if loss == "mean" else "½·Σr²"
    assert shown_number(words, name) == pytest.approx(expected, rel=1e-3)
    assert window.lab.data_problem.loss(theta) == pytest.approx(expected, rel=1e-12)


def test_a_click_on_a_handle_adds_no_point_and_the_middle_handle_moves_b0_alone(qtbot, window):
    load_points(window)
    my_line = window.my_line
    my_line.guess_action.trigger()
    _left, right, middle = my_line.handle_points()
    count = window.points.count
    click(window.canvas, *right)
    assert window.points.count == count
    assert not my_line.bar.caption.isVisible()

    before = window.lab.guess.theta.copy()
    press, drop = drag(qtbot, window.canvas, tuple(middle), (middle[0] + 1.0, middle[1] - 2.0))
    after = window.lab.guess.theta
    assert after[1] == before[1]  # B1 untouched: one coefficient at a time
    assert after[0] == pytest.approx(before[0] + drop[1] - press[1], rel=1e-9)
    assert window.points.count == count
    assert my_line.bar.caption.isVisible()
    assert "coordinate descent" in my_line.bar.caption.text()
    assert my_line.bar.buttons["take_over"].isVisible()


def test_reveal_shows_lstsqs_line_and_each_guesss_ratio_to_the_least_sum_of_squares(qtbot, window):
    load_points(window)
    my_line, guess = window.my_line, window.lab.guess
    my_line.guess_action.trigger()
    view = window.view("surface")
    _left, right, _middle = my_line.handle_points()
    drag(qtbot, window.canvas, tuple(right), (right[0], right[1] + 2.0))
    my_line.keep_action.trigger()
    _left, right, _middle = my_line.handle_points()
    drag(qtbot, window.canvas, tuple(right), (right[0], right[1] + 1.0))
    my_line.keep_action.trigger()
    assert [k.name for k in guess.kept] == ["Guess 1", "Guess 2"]
    kept_dots = view.guesses.marks[view.raw].kept_positions()
    for kept in guess.kept:
        assert np.allclose(kept_dots[kept.name], kept.theta)
    assert not my_line.items.answer.isVisible()
    assert not view.raw.minimum.isVisible()  # the ★ waits for Reveal

    my_line.reveal_action.trigger()

    best = lstsq_theta()
    x, y = my_line.items.answer.getData()
    assert my_line.items.answer.isVisible()
    assert np.allclose(y, best[0] + best[1] * x, rtol=1e-9, atol=1e-9)
    assert view.raw.minimum.isVisible()
    words = my_line.bar.plain_words()
    least = numpy_loss(best, "mean")
    for kept in guess.kept:
        ratio = numpy_loss(kept.theta, "mean") / least
        assert f"{kept.name}: {numpy_loss(kept.theta, 'mean'):.4g}, {ratio:.3g}× the least sum of squares" in words

    my_line.confirm_new_round = lambda kept: True  # the question a teacher answers Yes
    my_line.reveal_action.trigger()  # New Round
    assert guess.kept == () and not guess.revealed
    assert not my_line.items.answer.isVisible()


def test_gauss_seidel_takes_over_from_the_guess(qtbot):
    window = open_window(qtbot, (1600, 1000), active=True)
    try:
        load_points(window)
        my_line = window.my_line
        my_line.guess_action.trigger()
        window.canvas.setFocus()
        start = window.lab.guess.theta.copy()
        qtbot.keyClick(window.canvas, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # B0 nudged up
        guess = window.lab.guess.theta.copy()
        assert guess[1] == start[1] and guess[0] > start[0]
        assert my_line.bar.caption.isVisible()

        with qtbot.waitSignal(window.race.finished, timeout=FINISH_MS):
            qtbot.mouseClick(my_line.bar.buttons["take_over"], LEFT)

        trace = window.lab.traces["gauss-seidel"]
        assert np.allclose(trace[0].theta, guess, rtol=1e-12, atol=1e-12)  # its first step is the guess
        result = window.lab.results["gauss-seidel"]
        assert np.allclose(result.theta, lstsq_theta(), rtol=1e-6, atol=1e-8)
        window.show_frame(window.player.length - 1)
        view = window.view("surface")
        path_x, path_y = view.raw.items["gauss-seidel"]["path"].getData()
        assert np.allclose([path_x[0], path_y[0]], guess, rtol=1e-12)  # its path starts at the dot
        assert np.allclose(surface_dot(window), guess)
    finally:
        window.close()


def test_a_degree_change_forgets_the_guesses(qtbot, window):
    load_points(window)
    my_line, guess = window.my_line, window.lab.guess
    my_line.guess_action.trigger()
    my_line.keep_action.trigger()
    my_line.reveal_action.trigger()
    assert guess.kept and guess.revealed

    window.model_controls.set_options(degree=2)

    assert guess.kept == () and not guess.revealed
    assert guess.theta is not None and guess.theta.size == 3  # My line starts again, for a parabola
    assert "forgotten" in window.statusBar().currentMessage()


def test_a_parabola_goes_through_its_three_handles(qtbot, window):
    load_points(window, degree=2)
    my_line = window.my_line
    my_line.guess_action.trigger()
    handles = my_line.handle_points()
    assert len(handles) == 3
    _press, drop = drag(qtbot, window.canvas, tuple(handles[1]), (handles[1][0], handles[1][1] + 2.5))
    points = np.array([handles[0], drop, handles[2]])
    expected = np.polynomial.polynomial.polyfit(points[:, 0], points[:, 1], 2)  # the one parabola through them
    assert np.allclose(window.lab.guess.theta, expected, rtol=1e-8, atol=1e-8)
    assert np.allclose(surface_dot(window), window.view("surface").raw.frame.project(expected))


def test_nothing_is_clipped_at_twice_the_font(qtbot, tmp_path):
    window = open_window(qtbot, (1280, 720))
    presentation = install_presentation(window, QSettings(str(tmp_path / "lab.ini"), QSettings.Format.IniFormat))
    try:
        load_points(window)
        my_line = window.my_line
        presentation.enter(2.0)
        my_line.guess_action.trigger()
        my_line.nudge(0, +1)  # the coordinate-descent caption and its button
        my_line.keep_action.trigger()
        my_line.reveal_action.trigger()
        assert my_line.bar.isVisible() and my_line.bar.caption.isVisible()
        # The toolbars take the doubled font a moment later, how long depends on the machine's load
        # (test_presentation waits the same way); then nothing may be clipped, the strip included.
        def nothing_clipped():
            assert clipped_texts(window) == []

        qtbot.waitUntil(nothing_clipped, timeout=3000)  # on timeout, its last assertion says what is clipped
        words = my_line.items.words  # the loss beside My line stays inside the plot
        plot = window.canvas.getViewBox().sceneBoundingRect()
        assert plot.contains(words.mapRectToScene(words.boundingRect()))
    finally:
        presentation.leave(remember=False)
        window.close()


def test_a_new_data_set_forgets_the_guesses_and_says_so(qtbot, window):
    load_points(window)
    my_line, guess = window.my_line, window.lab.guess
    my_line.guess_action.trigger()
    my_line.keep_action.trigger()
    window.load_dataset("seed-4pt")  # same shape (a line), other data
    assert guess.kept == ()
    assert "forgotten" in window.statusBar().currentMessage()
    seed_y = np.array([2.0, 3.0, 4.0, 5.0])  # the course notes' four points, on y = 1 + x
    assert np.allclose(guess.theta, [seed_y.mean(), 0.0])  # My line starts again, flat, on the new points

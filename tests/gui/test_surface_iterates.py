"""The iterates on the loss surface are numbered dots, and a diverging path stays in view (the
picture reaches its first steps, and an arrow at the edge points to where it went with the loss
reached) — issue 14, point 4. Expected iterates are computed here with numpy from the update
θ ← θ − η·Aᵀ(Aθ − y)/n, not read from the app.
"""

from __future__ import annotations

import numpy as np
import pytest

from .driving import run_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def view(window):
    window.show_view("surface")
    return window.view("surface")


def show(window, view, position):
    window.player.seek(position)
    view.refresh(position)


def gd_iterates(x, y, lr, steps) -> np.ndarray:
    """θ₀ = 0, …, θ_steps of gradient descent on ½·mean(r²) for the line A = [1 x]."""
    a = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=float)])
    thetas = [np.zeros(2)]
    for _ in range(steps):
        theta = thetas[-1]
        thetas.append(theta - lr * a.T @ (a @ theta - np.asarray(y, dtype=float)) / len(x))
    return np.array(thetas)


def inside(view_box, point) -> bool:
    (x0, x1), (y0, y1) = view_box.viewRange()
    return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


def test_one_numbered_dot_per_step_shown(qtbot, window, view):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 30, "tol": 0.0})
    expected = gd_iterates(window.points.x, window.points.y, 0.1, 30)
    marks = view.raw.items["gd"]["marks"]
    for position in (0, 3, 7, 30):
        show(window, view, position)
        dots = marks.dots.data
        assert len(dots) == position + 1  # steps 0 … position
        np.testing.assert_allclose(np.column_stack([dots["x"], dots["y"]]), expected[: position + 1], atol=1e-9)
        numbers = marks.shown_numbers()
        assert "0" in numbers and str(position) in numbers
        assert {int(n) for n in numbers} <= set(range(position + 1))
    # numbers never sit on each other: their anchors are at least a line of text apart on screen
    box = view.raw.view
    anchors = [box.mapViewToScene(number.pos()) for number in marks.numbers if number.isVisible()]
    height = marks.numbers[0].textItem.boundingRect().height()
    for i, a in enumerate(anchors):
        for b in anchors[i + 1:]:
            assert np.hypot(a.x() - b.x(), a.y() - b.y()) >= height


def test_a_diverging_path_stays_visible(qtbot, window, view):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 1.0})
    trace = window.race.traces["gd"]
    last = trace[len(trace) - 1]
    expected = gd_iterates(window.points.x, window.points.y, 1.0, last.k)
    show(window, view, window.player.length - 1)
    box = view.raw.view
    for k in (0, 1, 2):  # the picture zooms out to the first steps of the run
        assert inside(box, expected[k]), k
    dots = view.raw.items["gd"]["marks"].dots.data
    assert len(dots) == last.k + 1
    np.testing.assert_allclose(np.column_stack([dots["x"], dots["y"]])[:3], expected[:3], rtol=1e-9)
    marks = view.raw.items["gd"]["marks"]
    if not inside(box, expected[-1]):
        assert marks.arrow_shown()
        a = np.column_stack([np.ones(4), window.points.x])
        loss = 0.5 * np.mean((a @ expected[-1] - window.points.y) ** 2)
        assert f"step {last.k}: loss {loss:.3g}" in marks.escape.toPlainText()
        tip = marks.arrow.pos()
        assert inside(box, (tip.x(), tip.y()))
        # it points from the picture towards the last iterate
        (x0, x1), (y0, y1) = box.viewRange()
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        outward = np.array([tip.x(), tip.y()]) - centre
        assert outward @ (expected[-1] - centre) > 0
    show(window, view, 1)
    assert not marks.arrow_shown()  # step 1 is in the picture


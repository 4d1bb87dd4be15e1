"""When gradient descent diverges (η > 2/L), the canvas says so with the numbers, in the solver's
colour (issue 14, point 4). L is computed here from the points with numpy.linalg.eigvalsh.
"""

from __future__ import annotations

import numpy as np
import pytest

from gui.look.solver_look import solver_look

from .driving import open_window, run_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, (1280, 720))


def bound_of_points(x) -> float:
    """2/L for the ½·mean loss of the line A = [1 x]: L = λmax(AᵀA)/n."""
    a = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=float)])
    return 2.0 / (float(np.linalg.eigvalsh(a.T @ a)[-1]) / len(x))


def note_of(window):
    item = window.canvas.getViewBox().childItems()
    notes = [i for i in item if i.__class__.__name__ == "TextItem" and "diverged" in i.toPlainText()]
    return notes[0] if notes else None


def diverged_step(x, y, lr) -> int:
    """The iteration where gd's ½·mean loss first exceeds 1e8 × its start value (from θ = 0)."""
    a = np.column_stack([np.ones(len(x)), np.asarray(x, dtype=float)])
    y = np.asarray(y, dtype=float)
    theta, start = np.zeros(2), 0.5 * np.mean(y ** 2)
    for k in range(1, 1000):
        theta = theta - lr * a.T @ (a @ theta - y) / len(x)
        if 0.5 * np.mean((a @ theta - y) ** 2) > 1e8 * start:
            return k
    raise AssertionError("did not diverge")


def test_the_canvas_says_eta_and_two_over_l_when_gd_diverges(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd", "cgs"], gd={"lr": 1.0})
    x, y = window.points.x, window.points.y
    bound = bound_of_points(x)
    assert 1.0 > bound
    k = diverged_step(x, y, 1.0)
    window.player.seek(0)
    note = note_of(window)
    assert note is None or not note.isVisible()  # not before the run has gone that far
    window.player.seek(window.player.length - 1)
    note = note_of(window)
    assert note is not None and note.isVisible()
    text = note.toPlainText()
    assert f"diverged at iteration {k}: η = 1 > 2/L = {bound:.3g}" in text
    assert solver_look("gd").color.name().lower() in note.textItem.toHtml().lower()
    assert "Classical" not in text and "Gram" not in text  # a solver that converged says nothing
    # it sits inside the plot, in a corner of what is visible
    view = window.canvas.getViewBox()
    assert view.boundingRect().contains(note.mapRectToParent(note.boundingRect()).center())


def test_a_new_run_that_converges_clears_the_note(qtbot, window):
    window.load_dataset("seed-4pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 1.0})
    window.player.seek(window.player.length - 1)
    assert note_of(window).isVisible()
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 40})
    window.player.seek(window.player.length - 1)
    note = note_of(window)
    assert note is None or not note.isVisible()

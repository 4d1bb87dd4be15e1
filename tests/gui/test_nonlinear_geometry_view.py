"""The geometry of a Gauss-Newton step (issue 17): −r split on the tangent plane into J·δ and the part at
right angles. Read back from the drawn items: the projection is orthogonal to the rest, and their
lengths are ‖J·δ‖ and ‖r + J·δ‖ with δ = lstsq(J, −r) computed here (J by a complex step); the picture
follows the player; LM's damped J·δ is drawn as long as it is; everything fits at ×1 and ×2."""

from __future__ import annotations

import numpy as np
import pytest

from engine.nonlinear import nist_problem
from gui.nonlinear.geometry_view import GAUSS_NEWTON_SENTENCE, NonlinearGeometryView
from gui.nonlinear.lab import NonlinearLab

from .nonlinear_steps import close, complex_step_jacobian, gauss_newton_projection, residual, run
from .test_nonlinear_table import open_window, run_to_end
from .text_fit import clipped_texts, settled_clipped


def make_view(qtbot, problem, size=(640, 600)):
    lab = NonlinearLab(problem)
    view = NonlinearGeometryView(lab)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return lab, view


def drawn(view) -> dict[str, np.ndarray]:
    """The vectors as drawn (head − tail of each line item), and as long as they really are (the
    picture may stretch one direction by a declared factor, to show a short part)."""
    vectors = {}
    for name, arrow in view.plane.arrows.items():
        if arrow.line.isVisible():
            x, y = arrow.line.getData()
            vectors[name] = np.array([x[1] - x[0], y[1] - y[0]])
    return vectors


def test_the_projection_is_at_right_angles_to_the_rest_with_numpys_lengths(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    run(qtbot, lab, "gauss-newton")
    steps = lab.traces["gauss-newton"]
    for position in (1, 3, len(steps) // 2):
        lab.player.seek(position)
        vectors = drawn(view)
        projection, rest = vectors["projection"], vectors["rest"]
        cosine = projection @ rest / (np.linalg.norm(projection) * np.linalg.norm(rest))
        assert abs(cosine) < 1e-9
        true_projection, true_rest = projection / view.plane.stretch, rest / view.plane.stretch
        expected_projection, expected_rest = gauss_newton_projection(problem, steps[position - 1].theta)
        assert np.linalg.norm(true_projection) == pytest.approx(np.linalg.norm(expected_projection), rel=1e-7)
        assert np.linalg.norm(true_rest) == pytest.approx(np.linalg.norm(expected_rest), rel=1e-6)
        # and −r itself, from f(b) to y: the projection plus the rest
        minus_r = vectors["minus_residual"] / view.plane.stretch
        np.testing.assert_allclose(minus_r, true_projection + true_rest, rtol=1e-9,
                                   atol=1e-12 * np.linalg.norm(minus_r))
        assert np.linalg.norm(minus_r) == pytest.approx(np.linalg.norm(residual(problem, steps[position - 1].theta)),
                                                        rel=1e-9)
    assert GAUSS_NEWTON_SENTENCE in view.caption.text()
    close(qtbot, lab, view)


def test_the_picture_follows_the_player_from_step_3_to_step_4(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    run(qtbot, lab, "gauss-newton")
    steps = lab.traces["gauss-newton"]
    lab.player.seek(3)
    at_3, caption_3 = drawn(view), view.caption.text()
    lab.player.seek(4)
    at_4, caption_4 = drawn(view), view.caption.text()
    assert caption_3.startswith("Iteration 3") and caption_4.startswith("Iteration 4")
    assert any(not np.allclose(at_3[name], at_4[name]) for name in at_3)
    expected, _ = gauss_newton_projection(problem, steps[3].theta)
    length = np.linalg.norm(at_4["projection"] / view.plane.stretch)
    assert length == pytest.approx(np.linalg.norm(expected), rel=1e-7)
    lab.player.seek(0)
    assert drawn(view) == {} and "at the start" in view.caption.text()
    close(qtbot, lab, view)


def test_levenbergs_damped_step_is_drawn_as_long_as_it_is(qtbot):
    problem = nist_problem("nist-misra1a", 1)
    lab, view = make_view(qtbot, problem)
    run(qtbot, lab, "lm")
    steps = lab.traces["lm"]
    index = next(i for i in range(1, len(steps)) if steps[i].detail["mu"] > 0)
    lab.player.seek(index)
    b, mu = steps[index - 1].theta, steps[index].detail["mu"]
    jacobian = complex_step_jacobian(problem, b)
    expected = jacobian @ view.step.delta
    # δ solves the damped system with the step's μ, and J·δ is what is drawn (its in-plane part) plus
    # what leaves the plane
    d = view.step.scale
    np.testing.assert_allclose((jacobian.T @ jacobian + mu * np.diag(d ** 2)) @ view.step.delta,
                               -jacobian.T @ residual(problem, b), rtol=1e-6)
    damped = drawn(view)["damped"] / view.plane.stretch
    length = np.hypot(np.linalg.norm(damped), view.plane.picture.damped_out_of_plane)
    assert length == pytest.approx(np.linalg.norm(expected), rel=1e-7)
    assert "Levenberg-Marquardt moves f by a damped J·δ" in view.caption.text()
    close(qtbot, lab, view)


def test_the_geometry_fits_the_window_at_once_and_twice_the_text(qtbot, app_font):
    window = open_window(qtbot, nist_problem("nist-misra1a", 1))
    window.resize(1280, 720)
    run_to_end(qtbot, window, ["gauss-newton", "lm"])
    window.lab.player.pause()
    window.lab.player.seek(3)
    view = window.tabs.show_view("geometry")
    qtbot.wait(20)
    assert isinstance(view, NonlinearGeometryView) and view.isVisible()
    assert "projection" in drawn(view)
    assert clipped_texts(window) == []
    window.presentation.enter(2.0)
    assert view.caption.font().pointSizeF() >= 1.9 * app_font.pointSizeF()
    assert settled_clipped(qtbot, window) == []
    window.close()

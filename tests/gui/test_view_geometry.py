"""The geometry-of-QR view, driven through the real window: the vectors it draws are the seed's,
the least-squares picture is a right triangle, and Filip shows classical Gram-Schmidt failing."""

import math

import numpy as np
import pytest

from engine.datasets import get_dataset
from gui.views.qr import geometry as qr_geometry

from .driving import run_to_end

SQRT5 = math.sqrt(5)


@pytest.fixture(autouse=True)
def geometry_in_front(window):
    window.show_view("geometry")
    window.geometry_view = window.view("geometry")






def show(window, position):
    window.player.seek(position)
    window.geometry_view.refresh(window.player.position)
    return window.geometry_view.drawn_vectors()


def load_seed(window, **options):
    window.load_dataset("seed-2pt")
    window.model_controls.set_options(basis_order="descending", **options)  # the seed's columns (x, 1)


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_gram_schmidt_on_the_seed_draws_the_seeds_vectors_one_idea_per_step(qtbot, window, method):
    load_seed(window)
    run_to_end(qtbot, window, [method])
    first = show(window, 0)  # normalise column 1
    assert set(first) == {"v1", "q1"}
    np.testing.assert_allclose(first["v1"], [1, 2], atol=1e-12)
    np.testing.assert_allclose(first["q1"], np.array([1, 2]) / SQRT5, atol=1e-12)

    projected = show(window, 1)  # project column 2 on q1
    assert set(projected) == {"v1", "q1", "v2", "proj2"}
    np.testing.assert_allclose(projected["v2"], [1, 1], atol=1e-12)
    np.testing.assert_allclose(projected["proj2"], 3 / SQRT5 * np.array([1, 2]) / SQRT5, atol=1e-12)
    np.testing.assert_allclose(projected["proj2"], [3 / 5, 6 / 5], atol=1e-12)
    assert "project: r₁₂ = q₁·v₂ = 1.342" in window.geometry_view.caption.text()  # 3/√5

    subtracted = show(window, 2)  # subtract the projection
    assert set(subtracted) == {"v1", "q1", "v2", "proj2", "perp2"}
    np.testing.assert_allclose(subtracted["perp2"], [2 / 5, -1 / 5], atol=1e-12)
    assert abs(subtracted["perp2"] @ subtracted["q1"]) < 1e-12
    assert "v₂⊥ = v₂ − r₁₂q₁ = [0.4, -0.2]" in window.geometry_view.caption.text()

    second = show(window, 3)  # normalise column 2
    assert set(second) == {"v1", "q1", "v2", "proj2", "perp2", "q2"}
    np.testing.assert_allclose(second["q2"], np.array([2, -1]) / SQRT5, atol=1e-12)

    plane = window.geometry_view.column_plane
    assert plane.arrows["q1"].label.textItem.toPlainText() == "q₁ = [0.447, 0.894]"
    assert plane.arrows["q2"].label.textItem.toPlainText() == "q₂ = [0.894, -0.447]"
    head = plane.arrows["q2"].head.pos()
    np.testing.assert_allclose([head.x(), head.y()], np.array([2, -1]) / SQRT5, atol=1e-12)


def test_step_back_removes_the_last_column_and_later_steps_keep_everything(qtbot, window):
    load_seed(window)
    run_to_end(qtbot, window, ["cgs"])
    window.player.seek(window.player.length - 1)  # the answer: the picture is complete
    assert "q2" in show(window, window.player.length - 1)
    window.player.seek(3)
    window.run_controls.back_action.trigger()  # the window redraws its visible views itself
    assert window.player.position == 2
    assert set(window.geometry_view.drawn_vectors()) == {"v1", "q1", "v2", "proj2", "perp2"}
    assert not window.geometry_view.column_plane.arrows["q2"].line.isVisible()


def test_householder_on_the_seed_reflects_the_column_onto_the_axis_across_the_mirror(qtbot, window):
    load_seed(window)
    run_to_end(qtbot, window, ["householder"])
    drawn = show(window, 0)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(drawn["before"], x, atol=1e-12)
    np.testing.assert_allclose(drawn["after"], [-SQRT5, 0], atol=1e-12)  # −sign(x₁)‖x‖e₁
    np.testing.assert_allclose(drawn["normal"], x - drawn["after"], atol=1e-12)  # v = x − αe₁
    mirror = window.geometry_view.column_plane.mirror
    assert mirror.isVisible()
    direction = np.array([math.cos(math.radians(mirror.angle)), math.sin(math.radians(mirror.angle))])
    assert abs(direction @ drawn["normal"]) < 1e-9  # the mirror is the line ⟂ v
    midpoint = (x + drawn["after"]) / 2
    assert abs(direction[0] * midpoint[1] - direction[1] * midpoint[0]) < 1e-9  # x, Hx mirror images across it


def test_givens_on_the_seed_shows_the_rotation_angle(qtbot, window):
    load_seed(window)
    run_to_end(qtbot, window, ["givens"])
    drawn = show(window, 0)
    np.testing.assert_allclose(drawn["after"], [SQRT5, 0], atol=1e-12)
    angle = -math.degrees(math.atan2(2, 1))
    assert f"{angle:.1f}°" in window.geometry_view.column_plane.note.textItem.toPlainText()
    x, y = window.geometry_view.column_plane.arc.getData()
    np.testing.assert_allclose(math.degrees(math.atan2(y[-1], x[-1])), 0, atol=1e-9)  # the arc ends on e₁


@pytest.mark.parametrize("method", ["householder", "gd", "svd"])
def test_with_more_points_y_is_the_hypotenuse_of_the_right_triangle_y_hat_and_r(qtbot, window, method):
    window.load_dataset("noisy-line")
    run_to_end(qtbot, window, [method])
    drawn = show(window, 0)
    y_hat, r, y_drawn = drawn["fitted"], drawn["residual"], drawn["y"]
    y = get_dataset("noisy-line").problem().y
    assert abs(y_hat @ r) <= 1e-12 * (y @ y)
    np.testing.assert_allclose(y_hat @ y_hat + r @ r, y @ y, rtol=1e-12)
    np.testing.assert_allclose(y_hat + r, y_drawn, atol=1e-9)
    problem = window.problem
    theta = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    fitted = problem.design @ theta
    np.testing.assert_allclose(np.linalg.norm(y_hat), np.linalg.norm(fitted), rtol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(r), np.linalg.norm(y - fitted), rtol=1e-9)
    assert window.geometry_view.projection_plane.corner.isVisible()  # the right angle is marked
    assert "Pythagoras" in window.geometry_view.facts.text()
    if method != "householder":
        assert "to watch Q and R being built" in window.geometry_view.caption.text()
    if method == "svd":
        assert "UUᵀy" in window.geometry_view.caption.text()


def test_on_filip_the_curves_show_classical_gram_schmidt_losing_orthogonality(qtbot, window, monkeypatch):
    calls = []
    original = qr_geometry.orthogonality_loss
    monkeypatch.setattr(qr_geometry, "orthogonality_loss", lambda p, m: calls.append(m) or original(p, m))
    window.load_dataset("nist-filip")
    run_to_end(qtbot, window, ["cgs"])
    for position in range(window.player.length):
        show(window, position)
    assert sorted(calls) == ["cgs", "householder", "mgs"]  # once per run, not per frame
    curves = window.geometry_view.orthogonality_plot.curves
    assert curves["cgs"].yData[-1] >= 1e-3
    assert curves["householder"].yData[-1] <= 1e-12
    assert curves["cgs"].xData[-1] == window.problem.p
    # At the end R is complete: the heat map is log10|R| of the solver's R, blank below the diagonal.
    r = np.asarray(window.race.results["cgs"].diagnostics["r"])
    shown = window.geometry_view.r_plot.values
    upper = np.triu_indices(r.shape[0])
    np.testing.assert_allclose(shown[upper], np.log10(np.abs(r[upper])), rtol=1e-12)
    assert np.all(np.isnan(shown[np.tril_indices(r.shape[0], -1)]))


def test_r_fills_in_column_by_column_for_classical_gram_schmidt(qtbot, window):
    window.load_dataset("nist-pontius")
    run_to_end(qtbot, window, ["cgs"])
    show(window, 0)
    shown = window.geometry_view.r_plot.values
    assert np.isfinite(shown[0, 0]) and np.all(np.isnan(shown[:, 1:]))
    show(window, 1)  # column 2 projected on q1: r12 is known, r22 not yet
    shown = window.geometry_view.r_plot.values
    assert np.isfinite(shown[0, 1]) and np.isnan(shown[1, 1]) and np.all(np.isnan(shown[:, 2:]))
    show(window, 3)  # column 2 normalised
    shown = window.geometry_view.r_plot.values
    assert np.all(np.isfinite(shown[:2, 1])) and np.all(np.isnan(shown[:, 2:]))


def test_a_one_parameter_model_draws_one_column(qtbot, window):
    load_seed(window, degree=0)  # y ≈ B0: A is the column of ones
    run_to_end(qtbot, window, ["cgs"])
    drawn = show(window, 0)
    np.testing.assert_allclose(drawn["q1"], np.array([1, 1]) / math.sqrt(2), atol=1e-12)
    assert "v2" not in drawn
    show(window, window.player.length - 1)


def test_rank_deficient_data_gives_a_message_not_a_failure(qtbot, window):
    window.points.set_points([1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0])  # x constant: x and 1 are parallel
    run_to_end(qtbot, window, ["cgs"])
    result = window.race.results["cgs"]
    assert result.status == "failed"
    show(window, window.player.length - 1)
    assert "dependent" in window.geometry_view.caption.text()


def test_three_parameters_through_two_points_gives_a_message(qtbot, window):
    load_seed(window, degree=2)
    run_to_end(qtbot, window, ["householder"])
    show(window, max(window.player.length - 1, 0))
    assert "Two points cannot fix more than two parameters" in window.geometry_view.caption.text()

"""The Singular values view (issue 16, rank): p dots at numpy's singular values, the cut-off
σ₁·max(n, p)·ε, a rank slider whose answer is the sum of the k leading SVD terms computed here, the basic
and minimum-norm answers side by side; and a preset opens with its solvers checked."""

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW

from .driving import open_presentation_window, run_to_last_step
from .text_fit import settled_clipped

EPS = np.finfo(float).eps


def singular_view(window):
    window.show_view("singular-values", prominent=True)
    return window.view("singular-values")


def numpy_svd(window):
    problem = window.lab.data_problem
    return problem.design, problem.y, np.linalg.svd(problem.design, full_matrices=False)


def test_the_view_draws_p_singular_values_and_the_cut_off(qtbot, window):
    window.load_dataset("rank-deficient")
    view = singular_view(window)
    a, _, (_, sigma, _) = numpy_svd(window)
    assert view.kept_dots.getData()[0].size + view.dropped_dots.getData()[0].size == a.shape[1] == 4
    np.testing.assert_allclose(view.sigma_drawn()[:3], sigma[:3], rtol=1e-12)
    assert view.sigma_drawn()[3] < 1e-12 * sigma[0]
    assert view.cutoff_drawn() == pytest.approx(sigma[0] * max(a.shape) * EPS, rel=1e-9)
    assert view.kept_dots.getData()[0].size == np.linalg.matrix_rank(a) == 3
    assert view.rank == 3 and view.slider.value() == 3


def test_the_slider_sets_the_rank_and_the_answer_is_the_sum_of_the_leading_terms(qtbot, window):
    window.load_dataset("hilbert")
    view = singular_view(window)
    a, y, (u, sigma, vt) = numpy_svd(window)
    assert view.rank == 8
    view.slider.setValue(3)
    assert view.rank == 3
    assert view.kept_dots.getData()[0].size == 3 and view.dropped_dots.getData()[0].size == 5
    expected = sum((u[:, i] @ y) / sigma[i] * vt[i] for i in range(3))
    truncated = view.answers.truncated
    np.testing.assert_allclose(truncated.theta, expected, rtol=1e-8)
    assert truncated.residual_norm == pytest.approx(np.linalg.norm(y - a @ expected), rel=1e-8)
    assert "rank 3 (svd-truncated)" in view.answers_label.text()
    assert "on purpose" in view.note.text()


def test_a_run_of_svd_truncated_sets_the_slider_to_the_rank_of_its_settings(qtbot, window):
    window.load_dataset("hilbert")
    view = singular_view(window)
    run_to_last_step(qtbot, window, ["svd-truncated"], **{"svd-truncated": {"rank": 2}})
    a, y, (u, sigma, vt) = numpy_svd(window)
    assert view.rank == 2 and view.slider.value() == 2
    expected = sum((u[:, i] @ y) / sigma[i] * vt[i] for i in range(2))
    np.testing.assert_allclose(window.lab.results["svd-truncated"].theta, expected, rtol=1e-8)
    np.testing.assert_allclose(view.answers.truncated.theta, expected, rtol=1e-8)


def test_basic_and_minimum_norm_answers_side_by_side_on_rank_deficient_data(qtbot, window):
    window.load_dataset("rank-deficient")
    view = singular_view(window)
    a, y, _ = numpy_svd(window)
    shortest = np.linalg.pinv(a) @ y
    basic, min_norm = view.answers.basic, view.answers.min_norm
    np.testing.assert_allclose(min_norm.theta, shortest, rtol=1e-9)
    assert np.count_nonzero(basic.theta) == 3
    assert basic.residual_norm == pytest.approx(np.linalg.norm(y - a @ shortest), rel=1e-9)
    assert min_norm.theta_norm == pytest.approx(np.linalg.norm(shortest))
    assert min_norm.theta_norm < basic.theta_norm
    table = view.answers_label.text()
    assert "basic (qr-pivoted)" in table and "minimum-norm (svd)" in table
    assert f"{basic.theta_norm:.4g}" in table and f"{min_norm.theta_norm:.4g}" in table
    assert "Rank 3 of 4" in view.note.text() and "shortest" in view.note.text()


def test_a_preset_opens_with_its_solvers_checked(qtbot, window):
    window.load_dataset("tb-l19")
    assert set(window.solver_panel.checked_methods()) == {"householder", "normal-cholesky", "mgs"}
    window.load_dataset("rank-deficient")
    assert set(window.solver_panel.checked_methods()) == {"qr-pivoted", "svd", "svd-truncated"}
    assert window.solver_panel.current_method() == "qr-pivoted"
    window.solver_panel.set_checked(["gd"])
    window.load_dataset("noisy-line")  # names no solvers: the user's choice stays
    assert window.solver_panel.checked_methods() == ["gd"]


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_is_clipped_at_1280x720_below_the_canvas_or_presenting_at_twice_the_size(qtbot, tmp_path, qapp,
                                                                                         scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.load_dataset("rank-deficient")
        if scale is None:
            window.show_view("singular-values")
            qtbot.wait(150)
            assert window.view("singular-values").answers is not None
            assert settled_clipped(qtbot, window) == [], "below the canvas"
        else:
            window.presentation.enter(scale)
            for layout in (CANVAS_AND_VIEW, ONE_VIEW):
                window.presenter_layouts.show(layout, "singular-values")
                qtbot.wait(150)
                assert not window.view("singular-values").visibleRegion().isEmpty()
                assert settled_clipped(qtbot, window) == [], f"{layout} at ×{scale}"
    finally:
        window.close()
        qapp.setFont(font)

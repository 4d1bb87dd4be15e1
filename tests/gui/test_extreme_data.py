"""Data near 1e300 in the window: the solvers answer (rescaled), no view raises or logs."""

import numpy as np

from tests.gui.driving import open_window, run_to_last_step


def test_y_near_1e300_runs_and_every_view_draws_without_an_error(qtbot):
    window = open_window(qtbot)
    window.points.set_points([1.0, 2.0, 3.0, 4.0], [2.1e300, 3.9e300, 6.2e300, 7.8e300])
    run_to_last_step(qtbot, window, ["newton", "gd", "householder"])
    scale = 2.0 ** 997  # exact: numpy's lstsq on the scaled data keeps every digit
    a = np.column_stack([np.ones(4), [1.0, 2, 3, 4]])
    expected = np.linalg.lstsq(a, np.array([2.1e300, 3.9e300, 6.2e300, 7.8e300]) / scale, rcond=None)[0] * scale
    for key, result in window.race.results.items():
        assert result.status == "converged", (key, result.message)
        np.testing.assert_allclose(result.theta, expected, rtol=1e-6)
    for name in ("surface", "convergence", "table", "geometry"):
        view = window.view(name)
        view.refresh(window.player.position)
    assert "cannot be drawn" in window.view("surface").message.text()

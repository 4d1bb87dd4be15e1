"""Influence in the window (issue 15, point 4): the Points table's leverage and Cook's distance
columns against statsmodels' OLSInfluence computed here, the studentised residual in each row's
tooltip, the point that pulls hardest named, "not defined" where n ≤ p, 10⁵ points computed for
the rows shown, and halos on the canvas during a real mouse drag."""

import numpy as np
import pytest
import statsmodels.api as sm
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from statsmodels.stats.outliers_influence import OLSInfluence

from gui.data.point_table import VALUE_ROLE
from gui.presenter_layouts import CANVAS_AND_VIEW
from gui.views.residuals.influence_halos import LARGEST, PER_ROOT_COOK, SMALLEST

from .driving import open_presentation_window
from .test_points_and_canvas import LEFT, MOVE_PAUSE_MS, NONE, send, to_widget
from .text_fit import settled_clipped

RNG = np.random.default_rng(15)
X = np.arange(1.0, 13.0)
Y = 0.5 + 0.8 * X + RNG.normal(0.0, 0.4, X.size)
Y[9] += 4.0  # point 10 is far from the line


def statsmodels_influence(x, y, degree):
    design = np.vander(np.asarray(x, dtype=float), degree + 1, increasing=True)
    return OLSInfluence(sm.OLS(np.asarray(y, dtype=float), design).fit())


def show_points_table(qtbot, window):
    window.points_dock.show()
    window.points_dock.raise_()
    qtbot.waitUntil(lambda: window.point_table.view.isVisible())
    return window.point_table


def column(model, j) -> np.ndarray:
    return np.array([model.data(model.index(i, j), VALUE_ROLE) for i in range(model.rowCount() - 1)])


@pytest.mark.parametrize("degree", [1, 2])
def test_the_leverage_and_cooks_columns_are_statsmodels_values(qtbot, window, degree):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=degree)
    panel = show_points_table(qtbot, window)
    model = panel.table_model
    reference = statsmodels_influence(X, Y, degree)
    np.testing.assert_allclose(column(model, 2), reference.hat_matrix_diag, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(column(model, 3), reference.cooks_distance[0], rtol=1e-9, atol=1e-12)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "leverage hᵢᵢ"
    assert model.data(model.index(3, 3)) == f"{reference.cooks_distance[0][3]:.3g}"
    studentized = reference.resid_studentized_internal
    for row in (0, 9):
        tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
        assert f"studentised residual {studentized[row]:.3g}" in tip
    strongest = int(np.argmax(reference.cooks_distance[0]))
    assert panel.headline.text() == (f"Point {strongest + 1} pulls hardest: "
                                     f"Cook's distance {reference.cooks_distance[0][strongest]:.2g}.")
    assert model.data(model.index(strongest, 3), Qt.ItemDataRole.FontRole).bold()
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable  # computed, not typed


def test_with_as_many_coefficients_as_points_the_columns_say_not_defined_and_why(qtbot, window):
    window.points.set_points([1.0, 2.0], [3.0, 5.0])  # a line through two points: n = p = 2
    panel = show_points_table(qtbot, window)
    model = panel.table_model
    assert model.data(model.index(0, 2)) == "—" and model.data(model.index(1, 3)) == "—"
    assert "not defined with n = 2 points and p = 2 coefficients" in panel.headline.text()
    assert "not defined" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def test_a_hundred_thousand_points_are_computed_for_the_rows_shown(qtbot, window):
    n = 100_000
    x = np.linspace(0.0, 1.0, n)
    y = 2.0 + 3.0 * x + np.sin(7.0 * np.arange(n))
    window.points.set_points(x, y)
    panel = show_points_table(qtbot, window)
    model = panel.table_model
    assert model.influence.lazy
    assert "computed for the rows shown" in panel.headline.text()
    # simple regression: hᵢᵢ = 1/n + (xᵢ − x̄)²/Σ(x − x̄)²
    rows = np.array([0, 1, 50_000, n - 1])
    expected = 1.0 / n + (x[rows] - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2)
    got = [model.data(model.index(int(i), 2), VALUE_ROLE) for i in rows]
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    assert len(model.influence._blocks) == 3  # the blocks of the rows asked, not all 196


def test_halos_follow_cooks_distance_during_a_real_drag_and_go_when_it_ends(qtbot, window):
    window.points.set_points(X, Y)
    window.canvas.auto_range()
    qtbot.wait(50)
    halos = window.influence_halos
    canvas = window.canvas
    assert not halos.shown
    start, end = to_widget(canvas, X[2], Y[2]), to_widget(canvas, X[2], Y[2] + 6.0)
    send(canvas, QEvent.Type.MouseButtonPress, start, LEFT, LEFT)
    for t in np.linspace(0.2, 1.0, 4):
        qtbot.wait(MOVE_PAUSE_MS)
        send(canvas, QEvent.Type.MouseMove, QPoint(start.x(), round(start.y() + t * (end.y() - start.y()))),
             NONE, LEFT)
        qtbot.wait(MOVE_PAUSE_MS)
        assert halos.shown
        x, y = window.points.x.copy(), window.points.y.copy()
        assert y[2] != Y[2]
        cooks = statsmodels_influence(x, y, 1).cooks_distance[0]
        sizes = halos.item.data["size"]
        assert np.argmax(sizes) == np.argmax(cooks)
        # areas in proportion to Cook's distance: (size − smallest)² ∝ D
        largest_cook = ((LARGEST - SMALLEST) / PER_ROOT_COOK) ** 2
        areas = ((sizes - SMALLEST) / PER_ROOT_COOK) ** 2
        np.testing.assert_allclose(areas, np.minimum(cooks, largest_cook), rtol=1e-8)
        strongest = int(np.argmax(cooks))
        words = f"Point {strongest + 1} pulls hardest: Cook's distance {cooks[strongest]:.2g}"
        assert halos.text() == words and words in canvas.plotItem.titleLabel.text  # on the canvas
    send(canvas, QEvent.Type.MouseButtonRelease, end, LEFT, NONE)
    qtbot.wait(MOVE_PAUSE_MS)
    assert not halos.shown and halos.text() == "" and "pulls" not in canvas.plotItem.titleLabel.text


@pytest.mark.parametrize("scale", [None, 2.0])
def test_the_points_table_is_not_cut_at_1280x720(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.points.set_points(X, Y)
        if scale is not None:
            window.presentation.enter(scale)
        window.presenter_layouts.show(CANVAS_AND_VIEW, "residuals")
        show_points_table(qtbot, window)
        qtbot.wait(150)
        assert window.point_table.headline.isVisible()
        assert settled_clipped(qtbot, window) == [], f"×{scale or 1}"
    finally:
        window.close()
        qapp.setFont(font)

"""The comparison table's classic statistics (issue 15, point 6): r, r², adjusted r², s and the
standard errors of each row's own θ, checked against statsmodels OLS computed here; "not defined"
with the reason where n ≤ p; the assumptions named in the tooltips; nothing cut at 1280×720, ×1 and ×2."""

import numpy as np
import pytest
import statsmodels.api as sm
from PySide6.QtCore import QSettings

from gui.presenter_layouts import CANVAS_AND_VIEW, ONE_VIEW
from gui.views.comparison.table import COLUMNS

from .driving import open_presentation_window, run_to_end
from .text_fit import clipped_texts, settled_clipped

X = np.linspace(-2.0, 3.0, 11)
Y = 1.0 + 0.5 * X - 0.8 * X ** 2 + 0.3 * np.sin(7 * X)
ASSUMPTION_WORDS = ("independent", "mean zero", "same variance", "normal")


def table_view(window):
    window.show_view("table")
    return window.view("table")


def tip(view, key, column):
    return view.table.item(view.row_of(key), COLUMNS.index(column)).toolTip()


def test_each_row_shows_the_statistics_of_its_own_theta(qtbot, window):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=2)
    view = table_view(window)
    run_to_end(qtbot, window, ["householder", "gd"])
    view.refresh(window.player.length - 1)
    design = np.vander(X, 3, increasing=True)
    fit = sm.OLS(Y, design).fit()
    assert view.cell("householder", "r²") == f"{fit.rsquared:.6g}"
    assert view.cell("householder", "adjusted r²") == f"{fit.rsquared_adj:.6g}"
    assert view.cell("householder", "s") == f"{np.sqrt(fit.scale):.4g}"
    assert view.cell("householder", "r") == f"{np.sqrt(fit.rsquared):.4f}"
    assert view.cell("householder", "standard errors") == ", ".join(f"±{e:.3g}" for e in fit.bse)
    listed = tip(view, "householder", "standard errors").splitlines()[:3]
    assert listed == [f"B{j}: ± {e:.6g}" for j, e in enumerate(fit.bse)]
    # gd stopped short of the least-squares θ: its own residuals give its own (larger) s
    theta = window.race.results["gd"].theta
    residual = Y - design @ theta
    assert view.cell("gd", "s") == f"{np.sqrt(residual @ residual / (11 - 3)):.4g}"
    for column in ("r²", "s", "standard errors"):
        assert all(word in tip(view, "householder", column) for word in ASSUMPTION_WORDS)
    header = view.table.horizontalHeaderItem(COLUMNS.index("standard errors")).toolTip()
    assert all(word in header for word in ASSUMPTION_WORDS)


def test_without_an_intercept_r_squared_is_the_uncentred_one_and_says_so(qtbot, window):
    window.points.set_points(X, Y)
    window.model_controls.set_options(degree=2, intercept=False)
    view = table_view(window)
    run_to_end(qtbot, window, ["householder"])
    view.refresh(window.player.length - 1)
    fit = sm.OLS(Y, np.column_stack([X, X ** 2])).fit()  # statsmodels: uncentred without a constant
    assert view.cell("householder", "r²") == f"{fit.rsquared:.6g}"
    assert "uncentred" in tip(view, "householder", "r²")


def test_not_defined_where_n_is_at_most_p(qtbot, window):
    window.points.set_points([0.0, 1.0, 2.0], [1.0, 3.0, 2.0])
    window.model_controls.set_options(degree=2)
    view = table_view(window)
    run_to_end(qtbot, window, ["householder"])
    view.refresh(window.player.length - 1)
    for column in ("r", "r²", "adjusted r²", "s", "standard errors"):
        assert view.cell("householder", column) == "not defined"
        assert "n = 3 points and p = 3 coefficients" in tip(view, "householder", column)


def _cells_fit_their_columns(view) -> list[str]:
    table, metrics = view.table, view.table.fontMetrics()
    cut = []
    for column in ("r", "r²", "adjusted r²", "s", "standard errors"):
        c = COLUMNS.index(column)
        for row in range(table.rowCount()):
            text = table.item(row, c).text()
            if metrics.horizontalAdvance(text) > table.columnWidth(c):
                cut.append(f"{column}: {text!r} in {table.columnWidth(c)} px")
    return cut


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_is_cut_at_1280x720(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.points.set_points(X, Y)
        run_to_end(qtbot, window, ["householder", "gd"])
        if scale is not None:
            window.presentation.enter(scale)
        for layout in (CANVAS_AND_VIEW, ONE_VIEW):
            window.presenter_layouts.show(layout, "table")
            qtbot.wait(150)
            view = window.view("table")
            assert not view.visibleRegion().isEmpty()
            try:
                qtbot.waitUntil(lambda: clipped_texts(window) == [], timeout=3000)
            except AssertionError:
                pass
            assert settled_clipped(qtbot, window) == [], f"{layout} at ×{scale or 1}"
            assert _cells_fit_their_columns(view) == [], f"{layout} at ×{scale or 1}"
    finally:
        window.close()
        qapp.setFont(font)


def test_an_answer_of_the_run_before_gets_no_statistics_and_no_error():
    """As a new run starts, the table may draw once more with the last run's exact answer (p = 7)
    against the new model (p = 3): that row says so instead of raising in the event loop."""
    from engine import Problem
    from gui.views.comparison.statistics_cells import StatisticsCells

    problem = Problem.from_points(np.arange(10.0), np.arange(10.0) ** 2, degree=2)
    cells = StatisticsCells().items(problem, np.ones(7), method="exact")
    assert [cell.text() for cell in cells] == ["—"] * len(cells)
    assert "another model" in cells[0].toolTip()

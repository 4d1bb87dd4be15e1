"""Log-linearised fit against the least-squares fit (issue 17, point 4): the two sums of squares
the view shows are those computed here with numpy (np.polyfit on log y) and scipy (curve_fit of
the exponential) on the same data; the curves drawn are those fits; data with y ≤ 0 and a model
that is not exponential get a clear sentence instead."""

from __future__ import annotations

import re

import numpy as np
import pytest
from scipy.optimize import curve_fit

from engine.nonlinear.formula import parse_formula
from engine.nonlinear.problem import NonlinearProblem
from gui.nonlinear.lab import NonlinearLab
from gui.nonlinear.log_linear_view import LogLinearView


def decay_data():
    """An exponential decay with additive noise: the case where the log-linear fit goes wrong."""
    rng = np.random.default_rng(4)
    x = np.linspace(0.0, 5.0, 25)
    y = 3.0 * np.exp(-0.8 * x) + rng.normal(0.0, 0.05, x.size)
    return x, np.abs(y) + 0.01  # every y above 0, so the logarithm exists


def make_view(qtbot, problem):
    lab = NonlinearLab(problem)
    view = LogLinearView(lab)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return lab, view


def shown_numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"fit \((?:dashed|solid)\) (\d[\d.e+-]*)", text)]


@pytest.mark.parametrize("formula", ["b1*exp(-b2*x)", "b1*exp(b2*x)", "exp(k*x)*a"])
def test_both_sums_of_squares_are_numpys_and_scipys(qtbot, formula):
    x, y = decay_data()
    lab, view = make_view(qtbot, NonlinearProblem(parse_formula(formula), x, y, start=[1.0, 0.5]))
    slope, intercept = np.polyfit(x, np.log(y), 1)  # the line through (x, log y)
    rss_log = float(np.sum((y - np.exp(intercept) * np.exp(slope * x)) ** 2))
    (a, b), _ = curve_fit(lambda t, a, b: a * np.exp(b * t), x, y, p0=[np.exp(intercept), slope],
                          xtol=1e-14, ftol=1e-14, gtol=1e-14, maxfev=10_000)
    rss_ls = float(np.sum((y - a * np.exp(b * x)) ** 2))
    assert rss_ls < rss_log  # the point of the view: least squares of y is smaller
    assert view.rss_log_linear == pytest.approx(rss_log, rel=1e-9)
    assert view.rss_least_squares == pytest.approx(rss_ls, rel=1e-7)
    shown = shown_numbers(view.message.text())
    assert shown[0] == pytest.approx(rss_log, rel=1e-5) and shown[1] == pytest.approx(rss_ls, rel=1e-5)
    # the curves drawn are these fits, and the (x, log y) line is the polyfit line
    grid, curve = view.least_squares_curve.getData()
    np.testing.assert_allclose(curve, a * np.exp(b * grid), rtol=1e-6)
    grid, line = view.log_line.getData()
    np.testing.assert_allclose(line, intercept + slope * grid, rtol=1e-9, atol=1e-12)
    points = view.log_points.getData()
    np.testing.assert_allclose(points[1], np.log(y))
    assert "relative error" in view.why.text() and view.why.isVisible()
    view.close()


def test_data_with_a_y_at_or_below_zero_get_a_sentence(qtbot):
    x, y = decay_data()
    y[6] = -0.02
    lab, view = make_view(qtbot, NonlinearProblem(parse_formula("b1*exp(-b2*x)"), x, y, start=[1.0, 0.5]))
    text = view.message.text()
    assert "above 0" in text and "row 7" in text
    assert not view.body.isVisible() and view.rss_log_linear is None
    assert "Traceback" not in text
    view.close()


def test_a_model_that_is_not_exponential_gets_a_sentence(qtbot):
    x, y = decay_data()
    lab, view = make_view(qtbot, NonlinearProblem(parse_formula("b1*(1-exp(-b2*x))"), x, y, start=[1.0, 0.5]))
    text = view.message.text()
    assert "exponential model y = a·exp(b·x)" in text and "b1·(1 − exp(−b2·x))" in text
    assert not view.body.isVisible()
    view.close()


def test_the_view_follows_the_problem(qtbot):
    x, y = decay_data()
    lab, view = make_view(qtbot, NonlinearProblem(parse_formula("b1*(1-exp(-b2*x))"), x, y, start=[1.0, 0.5]))
    assert view.rss_log_linear is None
    lab.set_problem(NonlinearProblem(parse_formula("b1*exp(-b2*x)"), x, y, start=[1.0, 0.5]))
    assert view.rss_log_linear is not None and view.body.isVisible()
    lab.set_problem(None)
    assert view.rss_log_linear is None and "Choose data" in view.message.text()
    view.close()

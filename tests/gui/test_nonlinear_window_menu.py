"""The main window's way into the nonlinear window: Fit > Nonlinear Fit… (Ctrl+Shift+N) on the
points on screen, and Data Sets > NIST nonlinear with NIST's 27 problems."""

import numpy as np
from PySide6.QtGui import QKeySequence

from gui.look.menu_bar import find_menu, plain


def menu_actions(menu):
    return {plain(a.text()): a for a in menu.actions() if not a.isSeparator()}


def test_nonlinear_fit_opens_on_the_points_on_screen(window):
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    y = 4.0 * np.exp(-0.5 * x)
    window.points.set_points(x, y)
    action = menu_actions(find_menu(window, "Fit"))["Nonlinear Fit…"]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+N")
    action.trigger()
    nonlinear = window.nonlinear_window
    assert nonlinear is not None and nonlinear.isVisible()
    np.testing.assert_array_equal(nonlinear.lab.problem.x, x)
    np.testing.assert_array_equal(nonlinear.lab.problem.y, y)
    assert nonlinear.lab.problem.certified is None


def test_nist_nonlinear_menu_opens_a_certified_problem(window):
    nist = menu_actions(find_menu(window, "Data Sets"))["NIST nonlinear"].menu()
    entries = menu_actions(nist)
    assert len(entries) == 27
    entries["Misra1a"].trigger()
    nonlinear = window.nonlinear_window
    problem = nonlinear.lab.problem
    assert problem.name == "nist-misra1a" and problem.certified is not None
    np.testing.assert_array_equal(nonlinear.lab.start, [500.0, 1e-4])  # NIST's start 1 for Misra1a
    window.close()
    assert not nonlinear.isVisible(), "the nonlinear window closes with the main window"

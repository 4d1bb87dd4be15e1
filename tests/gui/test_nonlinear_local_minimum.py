"""Without a certificate, a converged answer is only a minimum from its start. Once the basin map
(or another solver) has found a clearly lower one, the comparison table calls the answer a local
minimum and says where the lower one is; the lower sum of squares is checked here against scipy's
least_squares started next to it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import least_squares

from engine.nonlinear import NonlinearProblem
from engine.nonlinear.formula import parse_formula

from .test_nonlinear_table import open_window, run_to_end


def sine_problem(start) -> NonlinearProblem:
    """y = sin(1.3x + 0.4) with noise: the loss over (phi, w) has a valley per frequency."""
    rng = np.random.default_rng(5)
    x = np.linspace(0.0, 10.0, 40)
    y = np.sin(1.3 * x + 0.4) + 0.1 * rng.standard_normal(x.size)
    return NonlinearProblem(parse_formula("sin(w*x + phi)"), x, y, start=start)


def best_rss(problem, near) -> float:
    fit = least_squares(lambda b: np.sin(b[1] * problem.x + b[0]) - problem.y, near, xtol=1e-14, ftol=1e-14)
    return float(2.0 * fit.cost)


def test_the_basin_map_turns_a_converged_answer_into_a_local_minimum(qtbot):
    problem = sine_problem([0.0, 0.7])
    window = open_window(qtbot, problem)
    run_to_end(qtbot, window, ["lm"])
    assert window.lab.results["lm"].status == "converged"
    assert window.table.cell_text("lm", "status") == "converged"  # nothing lower is known yet
    view = window.tabs.show_view("basin")
    with qtbot.waitSignal(view.map_finished, timeout=120_000):
        pass
    lowest = best_rss(problem, [0.35, 1.3])
    own = 2.0 * problem.loss(window.lab.results["lm"].theta)
    assert lowest < own / 10  # the start's valley is far above the best one
    assert window.table.cell_text("lm", "status") == "local minimum"
    message = window.table.cell_text("lm", "message")
    assert message.startswith("A local minimum: the basin map found a lower sum of squares")
    assert f"{lowest:.6g}" in message
    window.close()


def test_an_answer_at_the_lowest_known_minimum_stays_converged(qtbot):
    problem = sine_problem([0.3, 1.25])
    window = open_window(qtbot, problem)
    run_to_end(qtbot, window, ["lm", "gauss-newton"])
    view = window.tabs.show_view("basin")
    with qtbot.waitSignal(view.map_finished, timeout=120_000):
        pass
    rss = 2.0 * problem.loss(window.lab.results["lm"].theta)
    assert rss == pytest.approx(best_rss(problem, [0.35, 1.3]), rel=1e-9)
    for key in ("lm", "gauss-newton"):
        assert window.table.cell_text(key, "status") == "converged"
    window.close()

"""LM's damping μ on a log slider: dragging it writes the field, typing moves it, and the run starts
with that μ (step 0 of the trace carries it)."""

from __future__ import annotations

import math

from engine.nonlinear import nist_problem

from .test_nonlinear_table import open_window, run_to_end


def test_the_mu_slider_writes_the_field_and_the_run_uses_it(qtbot):
    window = open_window(qtbot, nist_problem("nist-misra1a", 2))
    window.solvers.set_checked(["lm"])
    window.solvers.list.setCurrentRow(window.solvers.keys().index("lm"))  # its settings in front
    form = window.solvers.form("lm")
    slider = form.log_slider("mu0")
    assert slider.isVisibleTo(window)
    slider.slider.setValue(300)  # 10^(300/100) = 1000
    assert form.values()["mu0"] == 1000.0
    assert form.editor("mu0").text() == "1000.0"
    form.editor("mu0").setText("1e-05")
    assert slider.slider.value() == round(math.log10(1e-5) * 100)
    slider.slider.setValue(200)
    run_to_end(qtbot, window, ["lm"])
    first = window.lab.traces["lm"][0]
    assert first.detail["mu"] == 100.0
    assert window.lab.results["lm"].status == "converged"
    window.close()

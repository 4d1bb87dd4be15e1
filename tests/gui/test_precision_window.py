"""Precision in the window: Run > Precision sets every solver's format, and the table and the canvas
show the digits each method kept beside the digits κ·u predicts."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt

from gui.views.comparison.cells import COLUMNS

from .driving import open_window, run_to_last_step

#: u = 2⁻ᵗ of each format, from its significand bits (IEEE 754).
UNIT_ROUNDOFF = {"float16": 2.0 ** -11, "float32": 2.0 ** -24}


def _line(window):
    x = np.linspace(0.0, 2.0, 30)
    window.points.set_points(x, 1.0 + 0.5 * x + 0.05 * np.sin(11 * x))
    return x


def _row_text(view, key, column):
    return view.table.item(view.row_of(key), COLUMNS.index(column)).text()


def test_run_precision_menu_sets_every_solver_and_the_table_measures_on_the_rounded_data(qtbot):
    window = open_window(qtbot, active=True)
    try:
        x = _line(window)
        window.solver_panel.set_checked(["householder", "lad"])
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        assert window.precision_actions["float16"].isChecked()
        assert window.solver_panel.params("householder")["precision"] == "float16"
        assert window.solver_panel.params("gd")["precision"] == "float16"   # unchecked solvers too
        assert "lad computes in float64 only" in window.statusBar().currentMessage()
        run_to_last_step(qtbot, window, ["householder"])
        window.show_view("table")
        window.show_frame(window.player.position)
        view = window.view("table")
        assert "float16" in _row_text(view, "householder", "solver")
        # digits against numpy's lstsq in float64 on the data rounded to float16, min over the parameters
        y = window.points.y
        xr, yr = x.astype(np.float16).astype(float), y.astype(np.float16).astype(float)
        design = np.column_stack([np.ones_like(xr), xr])
        reference = np.linalg.lstsq(design, yr, rcond=None)[0]
        theta = window.lab.results["householder"].theta
        expected = min(-math.log10(abs(t - r) / abs(r)) for t, r in zip(theta, reference))
        assert abs(float(_row_text(view, "householder", "correct digits")) - max(expected, 0.0)) < 0.06
        # predicted: −log10(κ·u) with κ of the unit-column design (what QR's error depends on)
        unit = design / np.linalg.norm(design, axis=0)
        predicted = math.log10(1 / UNIT_ROUNDOFF["float16"]) - math.log10(np.linalg.cond(unit))
        assert abs(float(_row_text(view, "householder", "predicted digits")) - predicted) < 0.06
        legend = window.canvas.legend_text("householder")
        assert "float16" in legend and "digits" in legend and "predicted" in legend
        assert window.run_table.cell("householder", "solver").endswith("· float16")   # every view says it
    finally:
        window.close()


def test_a_float32_solve_of_trefethen_and_bau_fails_visibly_on_the_canvas_and_says_why(qtbot):
    window = open_window(qtbot)
    try:
        window.load_dataset("tb-l19")
        window.solver_panel.form("householder").set_values({"precision": "float32"})
        run_to_last_step(qtbot, window, ["householder", "svd"])
        result = window.lab.results["householder"]
        assert result.status == "failed" and "κ·u(float32)" in result.message
        legend = window.canvas.legend_text("householder")
        assert legend.startswith("✘") and "float32" in legend
        assert window.lab.results["svd"].ok     # the same data in float64: fine
    finally:
        window.close()


def test_the_convergence_view_draws_the_rounding_level_of_the_coarsest_precision_of_the_run(qtbot):
    window = open_window(qtbot)
    try:
        _line(window)
        window.solver_panel.form("gd").set_values({"precision": "float16"})
        run_to_last_step(qtbot, window, ["gd", "cg"])
        window.show_view("convergence")
        window.show_frame(window.player.position)
        view = window.view("convergence")
        start_loss = 0.5 * np.mean(window.points.y ** 2)       # L(0) of the mean loss, θ = 0
        float16_epsilon = 2.0 ** -10
        assert abs(view.rounding_line.value() - math.log10(4 * float16_epsilon * start_loss)) < 1e-6
        assert "float16" in view.rounding_line.label.format
    finally:
        window.close()

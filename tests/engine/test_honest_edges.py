"""Numerical honesty at the edges: every registered solver on the simplest and the most extreme
data. A correct answer is never called failed, a wrong one never called converged.

The reference is numpy.linalg.lstsq on the same data divided by powers of two (an exact scaling,
so numpy's answer keeps all its digits at 1e±300), computed here, independently of the engine.
Errors are normwise, in units where each column of A has length 1 (so an intercept of 1e-16 for
y = x is no digit lost); when the columns are dependent, every θ plus a null-space vector fits
equally well, and the error is that of the fitted values Aθ.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import SOLVERS, Problem, solve
from engine.own_references import OWN_REFERENCE_METHODS

REPO = Path(__file__).resolve().parents[2]
U = np.finfo(float).eps / 2


def _line(scale=1.0):
    x = np.array([1.0, 2.0, 3.0, 4.0])
    return x, np.array([2.1, 3.9, 6.2, 7.8]) * scale


def _cases() -> dict[str, Problem]:
    x4, y4 = _line()
    quad_x = np.array([0.0, 1.0, 2.0, 3.0])
    t = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    y_t = np.array([1.1, 1.9, 3.2, 3.9, 5.1])
    return {
        "y = x": Problem.from_points([1, 2, 3], [1, 2, 3]),
        "horizontal line": Problem.from_points([1, 2, 3], [5, 5, 5]),
        "exact quadratic": Problem.from_points(quad_x, 1 + quad_x ** 2, degree=2),
        "y near 1e300": Problem.from_points(x4, _line(1e300)[1]),
        "y near 1e-300": Problem.from_points(x4, _line(1e-300)[1]),
        "x near 1e300": Problem.from_points(x4 * 1e300, y4),
        "n = p": Problem.from_points([1, 2], [3, 5]),
        "n < p": Problem.from_points([1, 2], [3, 5], degree=2),
        "collinear columns": Problem.from_table(np.column_stack([t, 2 * t]), y_t),
        "constant column with intercept": Problem.from_table(np.column_stack([t, np.ones(5)]), y_t),
        "zero column": Problem.from_table(np.column_stack([t, np.zeros(5)]), y_t),
    }


CASES = _cases()


def _power_of_two(v: float) -> float:
    return 1.0 if v == 0 else math.ldexp(1.0, math.frexp(v)[1] - 1)


def _reference(problem: Problem):
    """lstsq's answer (minimum norm), the unit-column κ and whether the columns are dependent."""
    a, y = np.asarray(problem.design), np.asarray(problem.y)
    columns = np.array([_power_of_two(float(np.max(np.abs(c)))) for c in a.T])
    sigma = _power_of_two(float(np.max(np.abs(y))))
    a_scaled, y_scaled = a / columns, y / sigma
    theta_scaled = np.linalg.lstsq(a_scaled, y_scaled, rcond=None)[0]
    theta = theta_scaled * sigma / columns
    norms = np.linalg.norm(a_scaled, axis=0)
    unit = a_scaled / np.where(norms > 0, norms, 1.0)
    s = np.linalg.svd(unit, compute_uv=False)
    kept = s[s > s[0] * max(a.shape) * 2 * U]
    dependent = a.shape[0] < a.shape[1] or kept.size < a.shape[1]
    kappa = float(kept[0] / kept[-1])
    return theta, theta_scaled, columns, sigma, kappa, dependent


def _error(problem: Problem, theta, reference) -> float:
    """The test's own measure, in the scaled units of _reference."""
    theta_ref, theta_ref_scaled, columns, sigma, _, dependent = reference
    a_scaled = np.asarray(problem.design) / columns
    theta_scaled = np.asarray(theta) * columns / sigma
    difference = theta_scaled - theta_ref_scaled
    if dependent:
        fitted = np.linalg.norm(a_scaled @ theta_ref_scaled)
        return float(np.linalg.norm(a_scaled @ difference) / max(fitted, 1e-300))
    norms = np.linalg.norm(a_scaled, axis=0)
    return float(np.linalg.norm(norms * difference) / np.linalg.norm(norms * theta_ref_scaled))


def _bounds(problem: Problem, spec, kappa: float) -> tuple[float, float]:
    """(correct, allowed): within `correct` an answer is right to rounding (c·p·u·κ); `allowed` is
    the most a converged answer may be off: c·p·u·κ² for methods that square κ (normal equations,
    classical Gram-Schmidt, every iteration, which works from AᵀA), plus tol·κ² for an iteration
    that stops at ‖∇L‖ ≤ tol·‖∇L(0)‖ (‖θ − θ*‖ ≤ ‖∇L‖/λmin ≤ tol·κ(AᵀA)·‖θ*‖ from a start at 0)."""
    p = problem.p
    correct = 10 * p * U * kappa
    squared = spec.kappa_exponent == 2 or not spec.direct
    allowed = 100 * p * U * (kappa ** 2 if squared else kappa)
    if not spec.direct:
        tol = spec.defaults().get("tol", 1e-6)
        allowed += 10 * float(tol) * kappa ** 2
    return correct, allowed


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_correct_answer_is_failed_and_no_wrong_one_converged(case):
    problem = CASES[case]
    reference = _reference(problem)
    kappa = reference[4]
    for spec in SOLVERS:
        result = solve(problem, spec.name)
        assert result.status in ("converged", "max_iter", "diverged", "failed")
        if result.status in ("failed", "diverged"):
            assert result.message, (case, spec.name)
        if result.theta is None:
            assert result.status != "converged" or spec.name == "power-iteration", (case, spec.name)
            continue
        assert np.all(np.isfinite(result.theta)), (case, spec.name)
        if "penalty" in result.diagnostics or spec.name in OWN_REFERENCE_METHODS:
            continue  # another problem than least squares: tests/engine/test_tls_lad.py checks it
        error = _error(problem, result.theta, reference)
        correct, allowed = _bounds(problem, spec, kappa)
        if error <= correct:
            assert result.status != "failed", (case, spec.name, error, result.message)
        if result.status == "converged":
            assert error <= allowed, (case, spec.name, error, allowed)


def _strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"--json holds {constant}")
    return json.loads(text, parse_constant=refuse)


def _cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _data_args(case: str, tmp_path: Path) -> list[str]:
    problem = CASES[case]
    if problem.x is not None:
        points = ";".join(f"{float(x)!r},{float(y)!r}" for x, y in zip(problem.x, problem.y))
        return [f"--points={points}", "--degree", str(problem.degree)]
    path = tmp_path / "data.csv"
    rows = [",".join(repr(float(v)) for v in (*f, y)) for f, y in zip(problem.features, problem.y)]
    path.write_text("a,b,y\n" + "\n".join(rows) + "\n")
    return [str(path), "--target", "y", "--features", "a,b"]


EXIT_OF_STATUS = {"converged": 0, "max_iter": 0, "failed": 3, "diverged": 3}


@pytest.mark.slow
@pytest.mark.parametrize("case", ["y = x", "y near 1e300", "y near 1e-300", "n < p", "zero column"])
def test_compare_json_has_every_solver_no_nan_and_solve_exits_by_status(case, tmp_path):
    data = _data_args(case, tmp_path)
    done = _cli("compare", *data, "--json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = _strict_json(done.stdout)
    methods = {row["method"] for row in rows}
    assert {spec.name for spec in SOLVERS if spec.family != "Analysis"} <= methods  # power iteration fits nothing
    by_method = {row["method"]: row for row in rows}
    for method in ("householder", "gd"):
        solved = _cli("solve", *data, "--method", method, "--json")
        assert "Traceback" not in solved.stderr
        obj = _strict_json(solved.stdout)
        assert obj["status"] == by_method[method]["status"]
        assert solved.returncode == EXIT_OF_STATUS[obj["status"]], (case, method, obj["message"])

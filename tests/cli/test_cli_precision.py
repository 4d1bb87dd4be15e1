"""`solve --precision` and `compare --precision`: the arithmetic of each format, honestly reported."""

from __future__ import annotations

import json

import numpy as np
import pytest

from .test_cli import run, run_json

#: u = 2⁻ᵗ of each format, from its significand bits t (IEEE 754; bfloat16 keeps 8).
UNIT_ROUNDOFF = {"float64": 2.0 ** -53, "float32": 2.0 ** -24, "float16": 2.0 ** -11, "bfloat16": 2.0 ** -8}


def _rounded(values, precision):
    """Values rounded to `precision` by numpy's own casts (bfloat16: 8 significant bits by frexp)."""
    values = np.asarray(values, dtype=float)
    if precision == "float32":
        return values.astype(np.float32).astype(float)
    if precision == "float16":
        return values.astype(np.float16).astype(float)
    if precision == "bfloat16":
        mantissa, exponent = np.frexp(values)
        return np.ldexp(np.round(mantissa * 2 ** 8) / 2 ** 8, exponent)
    return values


#: A line with a wiggle: y = 1 + 2x + sin(7i), x = i/5 for i = 0 … 49.
X = np.arange(50) / 5.0
Y = 1.0 + 2.0 * X + np.sin(7.0 * np.arange(50))
POINTS = ";".join(f"{x!r},{y!r}" for x, y in zip(X.tolist(), Y.tolist()))


@pytest.mark.parametrize("precision", ["float32", "float16", "bfloat16"])
def test_solve_in_a_lower_precision_keeps_about_its_digits_and_says_so(precision):
    obj = run_json("solve", "--points", POINTS, "--method", "householder", "--precision", precision)
    assert obj["precision"] == precision and obj["status"] == "converged"
    x, y = _rounded(X, precision), _rounded(Y, precision)
    design = np.column_stack([np.ones_like(x), x])
    exact = np.linalg.lstsq(design, y, rcond=None)[0]   # float64 on the same rounded data
    error = np.linalg.norm(np.array(obj["theta"]) - exact) / np.linalg.norm(exact)
    u = UNIT_ROUNDOFF[precision]
    kappa = np.linalg.cond(design)
    assert error <= 100 * kappa * u, (precision, error)      # as good as the format allows ...
    assert error >= u / 100, (precision, error)              # ... and no better: really that arithmetic


def test_the_text_answer_names_the_precision_and_its_digits():
    done = run("solve", "--points", POINTS, "--method", "mgs", "--precision", "float16")
    assert done.returncode == 0, done.stderr
    assert "computed in float16 (half): about 3.3 significant digits" in done.stdout


def test_compare_in_float16_measures_every_method_on_the_rounded_data_and_predicts_its_digits():
    rows = run_json("compare", "--points", POINTS, "--methods", "householder,normal-cholesky,gd",
                    "--precision", "float16")
    by_method = {row["method"]: row for row in rows}
    assert {row["precision"] for row in rows if not row.get("reference")} == {"float16"}
    assert by_method["lstsq"]["reference"] and by_method["lstsq"]["precision"] == "float64"
    for method in ("householder", "normal-cholesky"):
        assert 1.5 <= by_method[method]["diagnostics"]["digits_vs_reference"] <= 4.5
        assert by_method[method]["diagnostics"]["digits_expected"] < 3.4
    text = run("compare", "--points", POINTS, "--methods", "householder", "--precision", "float16")
    assert text.returncode == 0 and "predicted" in text.stdout.splitlines()[1]


def test_compare_all_in_float16_names_the_methods_that_compute_in_float64_only():
    done = run("compare", "--points", POINTS, "--precision", "float16")
    assert done.returncode == 0, done.stderr
    note = next(line for line in done.stdout.splitlines() if line.startswith("note: not run in float16"))
    assert "lad" in note and "float64 only" in note


def test_data_that_float16_cannot_hold_is_refused_with_exit_2_and_the_value(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x,y\n1,2\n2,70000\n3,5\n", encoding="utf-8")
    for command in (("solve", "--method", "householder"), ("compare", "--methods", "householder")):
        done = run(*command, str(path), "--precision", "float16", "--json")
        assert done.returncode == 2, done.stdout
        assert "float16 cannot hold the data" in done.stderr and "70000" in done.stderr and "65504" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_method_without_a_precision_setting_is_refused_by_name():
    done = run("solve", "--points", POINTS, "--method", "lad", "--precision", "float32")
    assert done.returncode == 2 and "lad computes in float64 only" in done.stderr
    done = run("compare", "--points", POINTS, "--methods", "householder,lad", "--precision", "float32")
    assert done.returncode == 2 and "lad computes in float64 only" in done.stderr
    done = run("solve", "--points", POINTS, "--method", "householder", "--precision", "float8")
    assert done.returncode == 2 and "float8" in done.stderr
    assert json.loads(run("methods", "--json").stdout)  # the registry still describes itself

"""`solve`/`compare` of a nonlinear model from the command line: a NIST set with its certified values
(read here from the shipped certified.json), a typed `--model` on a CSV (against scipy's curve_fit), and
bad formulas refused with their position (exit 2)."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest
from scipy.optimize import curve_fit

from .test_cli import run, run_json


def certified(name: str) -> np.ndarray:
    text = files("resources").joinpath("nist-nonlinear", "certified.json").read_text(encoding="utf-8")
    return np.array([float(p["certified"]) for p in json.loads(text)[name]["parameters"]])


def lre(values, reference) -> float:
    values, reference = np.asarray(values, dtype=float), np.asarray(reference, dtype=float)
    return float(np.min(-np.log10(np.abs(values - reference) / np.abs(reference))))


def test_nist_misra1a_by_lm_from_a_given_start_reaches_the_certified_values():
    obj = run_json("solve", "--dataset", "nist-misra1a", "--method", "lm", "--start", "500,0.0001")
    assert obj["status"] == "converged" and obj["start"] == [500.0, 0.0001]
    assert obj["parameters"] == ["b1", "b2"]
    assert lre(obj["theta"], certified("Misra1a")) >= 6
    assert obj["lre"] == pytest.approx(lre(obj["theta"], certified("Misra1a")), abs=0.05)
    np.testing.assert_allclose(obj["certified"], certified("Misra1a"))


def test_nist_start2_by_name_and_the_text_output():
    done = run("solve", "--dataset", "nist-misra1b", "--method", "gauss-newton", "--start", "start2")
    assert done.returncode == 0, done.stderr
    assert "certified digits" in done.stdout and "b1 = " in done.stdout


def test_a_typed_model_on_a_csv_matches_scipy_curve_fit(tmp_path):
    rng = np.random.default_rng(3)
    x = np.linspace(10.0, 800.0, 30)
    y = 240.0 * (1.0 - np.exp(-0.0055 * x)) + rng.normal(0.0, 0.5, x.size)
    path = tmp_path / "uptake.csv"
    path.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist())))
    obj = run_json("solve", str(path), "--model", "b1*(1-exp(-b2*x))", "--method", "lm", "--start", "200,0.01")
    expected, _ = curve_fit(lambda t, b1, b2: b1 * (1 - np.exp(-b2 * t)), x, y, p0=[200, 0.01],
                            xtol=1e-15, ftol=1e-15, gtol=1e-15)
    assert obj["status"] == "converged" and obj["lre"] is None and "certified" not in obj
    np.testing.assert_allclose(obj["theta"], expected, rtol=1e-7)
    residual = expected[0] * (1 - np.exp(-expected[1] * x)) - y
    assert obj["rss"] == pytest.approx(float(residual @ residual), rel=1e-9)


def test_a_typed_model_without_a_start_says_where_it_started(tmp_path):
    path = tmp_path / "line.csv"
    path.write_text("x,y\n1,3\n2,5\n3,7\n4,9\n")
    obj = run_json("solve", str(path), "--model", "a + b*x", "--method", "gauss-newton")
    np.testing.assert_allclose(obj["theta"], [1.0, 2.0], rtol=1e-10)
    assert any("no --start given" in w for w in obj["warnings"])


@pytest.mark.parametrize("formula, character", [
    ("b1*(1-exp(-b2*x)", 17),
    ("__import__('os').system('ls')", 1),
    ("b1*x.real", 5),
    ("b1*foo(x)", 4),
])
def test_a_bad_formula_exits_2_naming_the_position(formula, character):
    done = run("solve", "--points", "1,2;2,3;3,5", "--model", formula, "--method", "lm")
    assert done.returncode == 2
    assert f"at character {character}" in done.stderr and "Traceback" not in done.stderr


def test_compare_races_the_nonlinear_methods_with_their_certified_digits():
    rows = run_json("compare", "--dataset", "nist-misra1a", "--methods", "lm,gauss-newton,adam", "--start", "start2")
    assert [r["method"] for r in rows] == ["lm", "gauss-newton", "adam"]
    reference = certified("Misra1a")
    for row in rows:
        if row["theta"] is not None:
            assert row["lre"] == pytest.approx(lre(row["theta"], reference), abs=0.05)
    assert rows[0]["lre"] >= 6


def test_linear_and_nonlinear_methods_are_kept_apart():
    wrong = run("solve", "--dataset", "nist-misra1a", "--method", "householder")
    assert wrong.returncode == 2 and "not a nonlinear method" in wrong.stderr
    wrong = run("solve", "--dataset", "noisy-line", "--method", "lm")
    assert wrong.returncode == 2 and "--model" in wrong.stderr
    methods = run_json("methods")
    assert {"name": "lm", "model": "nonlinear"}.items() <= next(m for m in methods if m["name"] == "lm").items()
    assert "nist-misra1a" in {d["name"] for d in run_json("datasets")}


def test_screenshot_of_a_typed_model_on_points(tmp_path):
    out = tmp_path / "sine.png"
    points = ";".join(f"{x!r},{float(np.sin(1.3 * x + 0.4))!r}" for x in np.linspace(0.0, 10.0, 25).tolist())
    done = run("screenshot", str(out), "--points", points, "--model", "sin(w*x + phi)", "--start", "0.3,1.25",
               "--method", "lm", "--size", "1280x720")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run("screenshot", str(tmp_path / "bad.png"), "--points", points, "--model", "sin(w*x + phi")
    assert bad.returncode == 2 and "at character 14" in bad.stderr and not (tmp_path / "bad.png").exists()


def test_compare_calls_an_answer_above_another_methods_minimum_a_local_minimum(tmp_path):
    """Without a certificate, 'converged' is a minimum from that start: when another method of the race
    converged lower, the answer is called a local minimum (the lower RSS checked here with scipy)."""
    from scipy.optimize import least_squares

    rng = np.random.default_rng(5)
    x = np.linspace(0.0, 10.0, 40)
    y = np.sin(1.3 * x + 0.4) + 0.1 * rng.standard_normal(x.size)
    path = tmp_path / "sine.csv"
    path.write_text("x,y\n" + "".join(f"{a!r},{b!r}\n" for a, b in zip(x.tolist(), y.tolist())))
    rows = run_json("compare", str(path), "--model", "sin(w*x + phi)", "--start", "0,0.9",
                    "--methods", "lm,lbfgs")
    by_method = {row["method"]: row for row in rows}
    best = least_squares(lambda b: np.sin(b[1] * x + b[0]) - y, [0.35, 1.3], xtol=1e-14, ftol=1e-14)
    assert by_method["lbfgs"]["rss"] == pytest.approx(2 * best.cost, rel=1e-9)
    assert by_method["lbfgs"]["local_minimum"] is False
    assert by_method["lm"]["status"] == "converged" and by_method["lm"]["local_minimum"] is True
    assert by_method["lm"]["message"].startswith(f"A local minimum: L-BFGS found a lower sum of squares, "
                                                 f"{2 * best.cost:.6g}")

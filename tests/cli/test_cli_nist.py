"""NIST's data through the command line: only the model NIST certified is scored against NIST.

A NIST set (or .dat file) fitted with another degree, without the intercept or on other
columns is fitted as asked, and says in words that NIST never certified that model, so no
LRE is given. References: NIST's certified values, and numpy.linalg.lstsq on the data read
here with numpy.loadtxt, never the code under test.
"""

import json
import math

import numpy as np
import pytest

from tests.engine.nist_reference import certified, nist_file

from .test_cli import run

NOT_CERTIFIED = "not NIST's certified model"
#: How the text output shows an LRE: a line of `solve`, a column of `compare`.
LRE_LINE, LRE_COLUMN = "LRE against NIST's certified values:", "LRE (NIST)"


def norris() -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of Norris.dat: its data are lines 61 to 96, columns y then x."""
    data = np.loadtxt(nist_file("Norris.dat"), skiprows=60)
    assert data.shape == (36, 2)
    return data[:, 1], data[:, 0]


def nist_lre(theta, key: str) -> float:
    """NIST's LRE of `theta`: min over parameters of −log10(|θ − certified| / |certified|)."""
    truth = np.array([float(v) for v in certified()[key]["certified_parameters"].values()])
    return float(np.min(-np.log10(np.abs(np.asarray(theta) - truth) / np.abs(truth))))


def solve_json(*args) -> dict:
    """`solve ... --json`, checked against the exit-code contract (0 a result, 3 failed/diverged)."""
    done = run("solve", *args, "--json")
    assert done.returncode in (0, 3), done.stderr
    assert done.stderr == ""
    obj = json.loads(done.stdout)
    assert (done.returncode == 3) == (obj["status"] in ("failed", "diverged"))
    return obj


def test_norris_fitted_as_a_quadratic_is_fitted_and_says_it_is_not_nists_model():
    done = run("solve", "--dataset", "nist-norris", "--degree", "2", "--method", "householder")
    assert done.returncode == 0, done.stderr
    assert NOT_CERTIFIED in done.stdout and LRE_LINE not in done.stdout
    obj = solve_json("--dataset", "nist-norris", "--degree", "2", "--method", "householder")
    x, y = norris()
    expected = np.linalg.lstsq(np.column_stack([np.ones_like(x), x, x ** 2]), y, rcond=None)[0]
    np.testing.assert_allclose(obj["theta"], expected, rtol=1e-9)
    assert obj["parameter_names"] == ["B0", "B1", "B2"]
    assert "lre_certified" not in obj
    assert any(NOT_CERTIFIED in w and "y = B0 + B1*x" in w and "no LRE" in w for w in obj["warnings"])


@pytest.mark.parametrize("model", [
    ["--dataset", "nist-norris", "--degree", "0"],
    ["--dataset", "nist-filip", "--degree", "9"],
    ["--dataset", "nist-filip", "--degree", "15"],
    ["--dataset", "nist-longley", "--no-intercept"],
    [str(nist_file("Norris.dat")), "--degree", "2"],
    [str(nist_file("Longley.dat")), "--no-intercept"],
    [str(nist_file("Norris.dat")), "--target", "x", "--features", "y"],
])
def test_another_model_on_nist_data_is_never_scored_against_nist(model):
    """They crashed (a broadcast ValueError) or, at degree 0, printed an LRE of −3.2."""
    obj = solve_json(*model, "--method", "householder")
    assert "lre_certified" not in obj
    assert sum(NOT_CERTIFIED in w for w in obj["warnings"]) == 1
    assert len(obj["theta"]) == len(obj["parameter_names"])


@pytest.mark.parametrize("model", [
    ["--dataset", "nist-norris", "--degree", "2"],
    ["--dataset", "nist-filip", "--degree", "9"],
    ["--dataset", "nist-longley", "--no-intercept"],
])
def test_compare_on_another_model_returns_every_method_and_no_lre(model):
    methods = "householder,mgs,svd,normal-cholesky"
    done = run("compare", *model, "--methods", methods, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["method"] for r in rows] == [*methods.split(","), "lstsq"]
    assert all("lre_certified" not in r and any(NOT_CERTIFIED in w for w in r["warnings"]) for r in rows)
    text = run("compare", *model, "--methods", methods)
    assert text.returncode == 0, text.stderr
    assert text.stdout.count(NOT_CERTIFIED) == 1 and LRE_COLUMN not in text.stdout


@pytest.mark.parametrize("data", [["--dataset", "nist-norris"], ["--dataset", "nist-norris", "--degree", "1"],
                                  [str(nist_file("Norris.dat"))]])
def test_the_certified_model_is_scored_against_nists_values(data):
    obj = solve_json(*data, "--method", "householder")
    assert obj["status"] == "converged"
    assert obj["lre_certified"] == pytest.approx(nist_lre(obj["theta"], "Norris"), abs=0.01)
    assert obj["lre_certified"] >= 12
    assert not any(NOT_CERTIFIED in w for w in obj["warnings"])
    text = run("solve", *data, "--method", "householder")
    assert f"{LRE_LINE} {obj['lre_certified']}" in text.stdout and NOT_CERTIFIED not in text.stdout


def test_the_certified_model_is_scored_whatever_the_scaling_or_column_order():
    """Scaling and basis order change how a solver works, not the model NIST certified."""
    obj = solve_json("--dataset", "nist-pontius", "--scaling", "standardize", "--basis-order", "descending",
                     "--method", "householder")
    assert math.isfinite(obj["lre_certified"])
    assert obj["lre_certified"] == pytest.approx(nist_lre(obj["theta"], "Pontius"), abs=0.01)


def test_a_truncated_nist_file_says_its_data_section_is_missing(tmp_path):
    """`head -40 Norris.dat` said "no certified parameter estimates"; those are there."""
    lines = nist_file("Norris.dat").read_text(encoding="ascii").splitlines(keepends=True)
    cut = tmp_path / "t.dat"
    cut.write_text("".join(lines[:40]), encoding="ascii")
    done = run("solve", str(cut), "--method", "householder")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: t.dat, line 40: the data section is missing")
    assert "lines 61 to 96" in done.stderr and "certified" not in done.stderr


def test_a_generated_set_is_compared_with_its_true_theta_only_in_its_own_model():
    """noisy-line is y = 1 + 2x + noise: a fit of B1·x + B2·x² has two parameters too, but they are
    not (B0, B1), so ‖θ − true θ‖ would measure nothing."""
    own = solve_json("--dataset", "noisy-line", "--method", "householder")
    assert own["error_vs_truth"] == pytest.approx(np.linalg.norm(np.subtract(own["theta"], [1, 2])), rel=1e-12)
    other = solve_json("--dataset", "noisy-line", "--degree", "2", "--no-intercept", "--method", "householder")
    assert "error_vs_truth" not in other
    assert any("not compared with the true θ" in w for w in other["warnings"])

"""`solve` and `compare` report r, r², adjusted r², standard errors and s (real subprocesses), checked
against statsmodels OLS computed here; where they are not defined (n ≤ p) they say why."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import statsmodels.api as sm

from engine.datasets import get_dataset

from .test_cli import REPO, run, run_json

POINTS = "0,1.1;1,2.9;2,5.2;3,6.8;4,9.3;5,10.9"


def _ols(points: str, degree: int = 1):
    xy = np.array([[float(v) for v in pair.split(",")] for pair in points.split(";")])
    design = np.vander(xy[:, 0], degree + 1, increasing=True)
    return xy[:, 0], xy[:, 1], sm.OLS(xy[:, 1], design).fit()


def test_solve_json_has_the_statistics_of_its_theta():
    x, y, fit = _ols(POINTS)
    stats = run_json("solve", "--points", POINTS, "--method", "householder")["statistics"]
    assert stats["defined"] is True and "reason" not in stats
    assert stats["r"] == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-12)
    assert stats["r2"] == pytest.approx(fit.rsquared, rel=1e-12)
    assert stats["adjusted_r2"] == pytest.approx(fit.rsquared_adj, rel=1e-12)
    np.testing.assert_allclose(stats["standard_errors"], fit.bse, rtol=1e-10)
    assert stats["residual_std"] == pytest.approx(np.sqrt(fit.scale), rel=1e-12)
    assert "independent" in stats["assumptions"]


def test_solve_json_says_not_defined_when_n_is_at_most_p():
    stats = run_json("solve", "--points", "1,3;2,5", "--method", "householder")["statistics"]
    assert stats["defined"] is False
    assert stats["standard_errors"] == [None, None] and stats["residual_std"] is None
    assert "n = 2 points and p = 2 coefficients" in stats["reason"]


@pytest.mark.parametrize("as_json", [False, True])
def test_asking_for_statistics_that_are_not_defined_exits_3_with_the_reason(as_json):
    done = run("solve", "--points", "1,3;2,5;3,4", "--degree", "2", "--method", "householder", "--statistics",
               *(["--json"] if as_json else []))
    assert done.returncode == 3
    assert done.stderr.startswith("error: --statistics: not defined with n = 3 points and p = 3 coefficients")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_asking_for_defined_statistics_exits_0_and_prints_them():
    _, _, fit = _ols(POINTS, degree=2)
    done = run("solve", "--points", POINTS, "--degree", "2", "--method", "householder", "--statistics")
    assert done.returncode == 0, done.stderr
    assert f"r² = {fit.rsquared:.6g}" in done.stdout
    assert f"s = {np.sqrt(fit.scale):.6g}" in done.stdout
    assert f"B2 ± {fit.bse[2]:.4g}" in done.stdout


def test_compare_json_has_the_statistics_of_each_methods_own_theta():
    rows = run_json("compare", "--dataset", "nist-longley", "--methods", "householder,normal-inverse")
    problem = get_dataset("nist-longley").problem()
    for row in rows:
        fit = sm.OLS(problem.y, problem.design).fit()
        residual = problem.y - problem.design @ np.array(row["theta"])
        stats = row["statistics"]
        assert stats["r2"] == pytest.approx(1 - residual @ residual / np.sum((problem.y - problem.y.mean()) ** 2),
                                            rel=1e-12)
        assert stats["residual_std"] == pytest.approx(np.sqrt(residual @ residual / (16 - 7)), rel=1e-12)
        np.testing.assert_allclose(stats["standard_errors"], fit.bse, rtol=1e-7)


def test_compare_text_prints_a_statistics_block():
    done = run("compare", "--points", POINTS, "--methods", "householder")
    assert done.returncode == 0, done.stderr
    _, _, fit = _ols(POINTS)
    block = done.stdout.split("statistics of each method's own θ:")[1]
    assert f"{fit.rsquared:.6g}" in block and f"{np.sqrt(fit.scale):.6g}" in block


def test_json_has_no_nan_for_undefined_statistics():
    done = run("compare", "--points", "1,3;2,5", "--methods", "householder", "--json")
    assert "NaN" not in done.stdout
    assert all(row["statistics"]["defined"] is False for row in json.loads(done.stdout))


def test_the_bench_has_a_leverage_figure_against_lstsq():
    """The figure's shape only, at tiny n (timings are reported, never asserted); `main.py bench` runs it."""
    code = ("import json; from cli.bench import Figure; from cli.bench_influence import leverage_figures; "
            "print(json.dumps([f.__dict__ for f in leverage_figures(Figure, quick=True)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "LSQLAB_BENCH_ROWS": "2000"})
    assert done.returncode == 0, done.stderr
    [figure] = json.loads(done.stdout)
    assert "leverage" in figure["name"] and "lstsq" in figure["name"] and "n=2e3, p=4" in figure["name"]
    assert figure["target"] == 1.5 and figure["met"] == (figure["ratio"] <= 1.5)


def test_lad_reports_its_own_r_squared_and_no_least_squares_standard_errors():
    obj = run_json("solve", "--points", POINTS, "--method", "lad")
    x, y, _ = _ols(POINTS)
    residual = y - (obj["theta"][0] + obj["theta"][1] * x)
    stats = obj["statistics"]
    assert stats["r2"] == pytest.approx(1 - residual @ residual / np.sum((y - y.mean()) ** 2), rel=1e-12)
    assert stats["standard_errors"] == [None, None] and stats["defined"] is False
    assert "lad minimises another distance" in stats["reason"]

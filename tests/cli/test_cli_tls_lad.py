"""`solve` and `compare` with total least squares and least absolute deviations, as real subprocesses;
the LAD bench figure. Expected values come from the SVD and the linear program computed here."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
from scipy.optimize import linprog

from engine.datasets import get_dataset

REPO = Path(__file__).resolve().parents[2]
ALL_EQUAL_SENTENCE = "the perpendicular fit is the vertical line x = 2, which no y = a + b·x can express"


def run(*args):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def outliers_data():
    problem = get_dataset("outliers").problem()
    return np.array(problem.x), np.array(problem.y)


def test_solve_tls_json_is_the_perpendicular_fit():
    done = run("solve", "--dataset", "outliers", "--method", "tls", "--json")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    x, y = outliers_data()
    v = np.linalg.svd(np.column_stack([x - x.mean(), y - y.mean()]))[2][-1]
    slope = -v[0] / v[1]
    np.testing.assert_allclose(obj["theta"], [y.mean() - slope * x.mean(), slope], rtol=1e-10)
    assert obj["status"] == "converged" and obj["diagnostics"]["digits_vs_own_reference"] >= 10


def test_solve_lad_json_reaches_the_lp_optimum():
    done = run("solve", "--dataset", "outliers", "--method", "lad", "--json")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    x, y = outliers_data()
    n = x.size
    design = np.column_stack([np.ones(n), x])
    lp = linprog(np.concatenate([np.zeros(2), np.ones(2 * n)]),
                 A_eq=scipy.sparse.hstack([scipy.sparse.csr_matrix(design), scipy.sparse.eye(n), -scipy.sparse.eye(n)]),
                 b_eq=y, bounds=[(None, None)] * 2 + [(0, None)] * (2 * n), method="highs")
    optimum = np.abs(y - design @ lp.x[:2]).sum()
    assert np.abs(y - design @ np.array(obj["theta"])).sum() == pytest.approx(optimum, rel=1e-8)
    assert obj["loss"] == pytest.approx(optimum / n, rel=1e-8)  # mean |r|, the loss of LAD
    assert obj["status"] == "converged"


def test_compare_includes_both_and_calls_neither_wrong():
    done = run("compare", "--dataset", "seed-4pt", "--method", "householder,tls,lad", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["method"]: row for row in json.loads(done.stdout)}
    assert {"householder", "tls", "lad", "lstsq"} <= set(rows)
    for method in ("tls", "lad"):
        assert rows[method]["status"] == "converged", rows[method]["message"]
        np.testing.assert_allclose(rows[method]["theta"], [1.0, 1.0], rtol=1e-12)  # y = 1 + x exactly
    race = run("compare", "--dataset", "outliers", "--method", "householder,tls,lad")
    assert race.returncode == 0, race.stderr
    lines = {}
    for line in race.stdout.splitlines():  # the first row of each method: the race table's
        lines.setdefault(line.split()[0] if line.split() else "", line)
    for method in ("tls", "lad"):
        assert "converged" in lines[method] and "Wrong" not in lines[method]
        assert "own reference" in lines[method]


@pytest.mark.parametrize("as_json", [True, False])
def test_tls_with_all_x_equal_exits_3_with_the_sentence(tmp_path, as_json):
    csv = tmp_path / "equal.csv"
    csv.write_text("x,y\n2,1\n2,2\n2,4\n")
    done = run("solve", str(csv), "--method", "tls", *(["--json"] if as_json else []))
    assert done.returncode == 3 and "Traceback" not in done.stderr
    if as_json:
        obj = json.loads(done.stdout)
        assert obj["status"] == "failed" and ALL_EQUAL_SENTENCE in obj["message"]
    else:
        assert ALL_EQUAL_SENTENCE in done.stdout + done.stderr


def test_the_lad_bench_figure_races_quantreg_and_is_never_worse():
    from cli.bench import Figure
    from cli.bench_lad import lad_figures

    (figure,) = lad_figures(Figure, repeats=1, rows=3000)
    assert "LAD" in figure.name and "QuantReg" in figure.name and figure.target == 1.0
    assert figure.ratio > 0 and figure.met == (figure.ratio <= 1.0)
    ours, theirs = (float(part.split()[0]) for part in figure.detail.split("Σ|r| ")[1].split(" vs "))
    assert ours <= theirs * (1 + 1e-9)


def test_the_lad_bench_figure_says_so_when_statsmodels_is_missing(monkeypatch):
    from cli.bench import Figure
    from cli.bench_lad import lad_figures

    monkeypatch.setitem(sys.modules, "statsmodels", None)  # `import statsmodels` now raises ImportError
    monkeypatch.setitem(sys.modules, "statsmodels.api", None)
    (figure,) = lad_figures(Figure, repeats=1, rows=1000)
    assert not figure.met and "statsmodels is not installed" in figure.detail


def test_nist_certified_values_score_least_squares_answers_only():
    """NIST certifies Longley's least-squares estimates: Householder is scored against them, tls
    and lad (answers of other distances) are not given an LRE that would read as a wrong answer."""
    done = run("compare", "--dataset", "nist-longley", "--methods", "householder,tls,lad", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["method"]: row for row in json.loads(done.stdout)}
    assert rows["householder"]["lre_certified"] > 10
    assert "lre_certified" not in rows["tls"] and "lre_certified" not in rows["lad"]

"""The command-line contract of DESIGN.md, run as real subprocesses."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args, cwd=REPO):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def run_json(*args):
    done = run(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_solve_json_has_the_contract_fields():
    obj = run_json("solve", "--points", "1,3;2,5", "--method", "householder")
    for key in ("method", "theta", "loss", "residual_norm", "iterations", "status", "message",
                "elapsed_s", "condition_number", "warnings"):
        assert key in obj
    assert obj["status"] == "converged"
    np.testing.assert_allclose(obj["theta"], [1, 2], rtol=1e-12)


def test_solve_trace_lists_steps_with_theta():
    obj = run_json("solve", "--dataset", "seed-2pt", "--method", "mgs", "--trace")
    assert obj["trace"] and all({"k", "theta", "loss", "grad_norm"} <= set(t) for t in obj["trace"])
    np.testing.assert_allclose(obj["trace"][-1]["theta"], [1, 2], rtol=1e-12)
    assert [s["kind"] for s in obj["steps"]][:4] == ["normalise", "project", "subtract", "normalise"]


def test_failed_solver_exits_3_and_says_why():
    done = run("solve", "--dataset", "nist-filip", "--method", "normal-cholesky", "--json")
    assert done.returncode == 3
    obj = json.loads(done.stdout)
    assert obj["status"] == "failed" and "κ" in obj["message"]


def test_compare_json_lists_every_method_and_the_reference():
    rows = run_json("compare", "--dataset", "seed-4pt", "--methods", "householder,normal-inverse,svd")
    assert [r["method"] for r in rows] == ["householder", "normal-inverse", "svd", "lstsq"]
    assert rows[-1]["reference"] is True
    for row in rows:
        np.testing.assert_allclose(row["theta"], [1, 1], rtol=1e-12)


def test_compare_on_the_seeds_random_problem_reports_error_against_true_weights():
    """The seed's table: QR and inversion errors ‖w − true_weights‖ on n = 1000, p = 100."""
    rows = run_json("compare", "--dataset", "seed-random", "--methods", "householder,normal-inverse")
    errors = {r["method"]: r["error_vs_truth"] for r in rows}
    rng = np.random.RandomState(42)
    x = rng.randn(1000, 100)
    true_weights = rng.randn(100)
    y = x @ true_weights + 0.1 * rng.randn(1000)
    q, r = np.linalg.qr(x)
    expected = np.linalg.norm(np.linalg.solve(r, q.T @ y) - true_weights)
    assert errors["householder"] == pytest.approx(expected, rel=1e-6)
    assert errors["normal-inverse"] == pytest.approx(expected, rel=1e-6)


def test_methods_and_datasets_json():
    methods = run_json("methods")
    names = {m["name"] for m in methods}
    assert {"normal-inverse", "normal-cholesky", "cgs", "mgs", "householder", "givens", "svd",
            "lstsq", "exact"} <= names
    svd = next(m for m in methods if m["name"] == "svd")
    assert svd["hyperparameters"][0]["name"] == "rcond"
    datasets = {d["name"] for d in run_json("datasets")}
    assert {"seed-2pt", "seed-4pt", "nist-filip", "nist-longley", "anscombe-1"} <= datasets


BAD_CSV = {
    "empty.csv": "",
    "text.csv": "x,y\n1,2\n2,abc\n3,4\n",
    "one.csv": "x,y\n1,2\n",
    "nan.csv": "x,y\n1,2\n2,nan\n3,4\n",
    "ragged.csv": "x,y\n1,2\n2,3,4\n3,4\n",
}


@pytest.mark.parametrize("name", sorted(BAD_CSV))
def test_bad_files_exit_2_with_one_line_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_text(BAD_CSV[name])
    done = run("solve", str(path), "--method", "householder")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in done.stderr


@pytest.mark.parametrize("args, fragment", [
    (["solve", "missing.csv", "--method", "svd"], "missing.csv"),
    (["solve", "--points", "1,3", "--method", "svd"], "two points"),
    (["solve", "--points", "1,3;2,5", "--method", "nope"], "unknown method"),
    (["solve", "--points", "1,3;2,5", "--method", "svd", "--param", "bogus=1"], "bogus"),
    (["solve", "--points", "1,3;2,5", "--method", "svd", "--param", "rcond=-1"], "range"),
    (["solve", "--points", "1,3;2,x", "--method", "svd"], "pair 2"),
    (["solve", "--dataset", "nope", "--method", "svd"], "unknown data set"),
    (["solve", "--points", "1,3;2,5", "--method", "svd", "--degree", "99"], "degree"),
    (["solve", "--points", "1,3;2,5"], "--method"),
])
def test_bad_arguments_exit_2_with_one_clear_line(args, fragment):
    done = run(*args)
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in done.stderr


def test_mismatched_columns_need_target_and_features(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c\n1,2,3\n2,3,5\n3,5,8\n4,6,9\n")
    done = run("solve", str(path), "--method", "householder")
    assert done.returncode == 2 and "--target" in done.stderr
    obj = run_json("solve", str(path), "--method", "householder", "--target", "c", "--features", "a,b")
    expected = np.linalg.lstsq(np.column_stack([np.ones(4), [1, 2, 3, 4], [2, 3, 5, 6]]),
                               [3, 5, 8, 9], rcond=None)[0]
    np.testing.assert_allclose(obj["theta"], expected, rtol=1e-10, atol=1e-12)


def test_bench_prints_ratios_with_targets(monkeypatch):
    """The command's shape only (tiny n): timings are never asserted, only reported."""
    monkeypatch.setenv("LSQLAB_BENCH_ROWS", "2000")
    figures = run_json("bench", "--quick")
    names = " ".join(f["name"] for f in figures)
    for method in ("householder", "mgs", "givens", "normal-inverse", "normal-cholesky"):
        for p in (2, 4, 11):
            assert f"{method} / numpy lstsq, n=2e3, p={p}" in names
    assert "nonlinear: LM on the 54 NIST cases" in names and "nonlinear peak" in names
    for f in figures:
        assert set(f) == {"name", "ratio", "target", "met", "detail", "at_least"}
        assert f["met"] == (f["ratio"] >= f["target"] if f["at_least"] else f["ratio"] <= f["target"])

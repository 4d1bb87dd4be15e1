"""--constraint on the command line, as real subprocesses; expected answers from the bordered KKT
system written out with numpy and from scipy.optimize.lsq_linear, computed here."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import lsq_linear

REPO = Path(__file__).resolve().parents[2]
X = np.array([0.0, 1, 2, 3, 4, 5])
Y = np.array([1.0, 3, 5.5, 6.9, 9.2, 10.8])
POINTS = ";".join(f"{x:g},{y:g}" for x, y in zip(X, Y))


def run(*args):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def kkt_solution(a, y, c, d):
    m, p = c.shape
    kkt = np.block([[a.T @ a, c.T], [c, np.zeros((m, m))]])
    return np.linalg.solve(kkt, np.concatenate([a.T @ y, d]))[:p]


def test_solve_kkt_through_a_point_passes_through_it():
    done = run("solve", "--points", POINTS, "--method", "kkt", "--constraint", "through 2,3", "--json")
    assert done.returncode == 0, done.stderr
    obj = json.loads(done.stdout)
    a = np.column_stack([np.ones_like(X), X])
    expected = kkt_solution(a, Y, np.array([[1.0, 2.0]]), np.array([3.0]))
    np.testing.assert_allclose(obj["theta"], expected, rtol=1e-12)
    assert abs(obj["theta"][0] + 2 * obj["theta"][1] - 3) <= 1e-12 * 3
    assert obj["status"] == "converged"
    assert set(obj["diagnostics"]["multipliers"]) == {"through 2,3"}
    assert obj["diagnostics"]["rss_free"] < obj["diagnostics"]["rss"]


def test_several_constraints_and_the_null_space_method():
    done = run("solve", "--points", POINTS, "--degree", "2", "--method", "nullspace", "--constraint", "through 2,3",
               "--constraint", "B0 + B1 + B2 = 1", "--json")
    assert done.returncode == 0, done.stderr
    a = np.column_stack([np.ones_like(X), X, X ** 2])
    c = np.array([[1.0, 2.0, 4.0], [1.0, 1.0, 1.0]])
    expected = kkt_solution(a, Y, c, np.array([3.0, 1.0]))
    np.testing.assert_allclose(json.loads(done.stdout)["theta"], expected, rtol=1e-11)


def test_bounds_by_bvls_match_lsq_linear():
    done = run("solve", "--points", POINTS, "--method", "bvls", "--constraint", "0 <= B1 <= 1.5",
               "--constraint", "B0 >= 1.5", "--json")
    assert done.returncode == 0, done.stderr
    a = np.column_stack([np.ones_like(X), X])
    expected = lsq_linear(a, Y, bounds=([1.5, 0.0], [np.inf, 1.5]), method="bvls", tol=1e-15).x
    np.testing.assert_allclose(json.loads(done.stdout)["theta"], expected, rtol=1e-10)


def test_compare_races_the_constrained_methods_against_the_free_ones():
    done = run("compare", "--points", POINTS, "--methods", "householder,kkt,nullspace", "--constraint",
               "B0 + B1 = 3", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["method"]: row for row in json.loads(done.stdout)}
    a = np.column_stack([np.ones_like(X), X])
    constrained = kkt_solution(a, Y, np.array([[1.0, 1.0]]), np.array([3.0]))
    free = np.linalg.lstsq(a, Y, rcond=None)[0]
    for method in ("kkt", "nullspace"):
        np.testing.assert_allclose(rows[method]["theta"], constrained, rtol=1e-12)
        assert rows[method]["status"] == "converged"
    np.testing.assert_allclose(rows["householder"]["theta"], free, rtol=1e-12)


def test_a_bad_constraint_exits_2_naming_the_position():
    done = run("solve", "--points", POINTS, "--method", "kkt", "--constraint", "B0 + B7 = 1")
    assert done.returncode == 2
    assert "position 6" in done.stderr and "'B7' is not a parameter" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    done = run("solve", "--points", POINTS, "--method", "kkt", "--constraint", "through 2")
    assert done.returncode == 2 and "position 9" in done.stderr


def test_kkt_given_only_bounds_fails_with_exit_3_and_says_what_to_use():
    done = run("solve", "--points", POINTS, "--method", "kkt", "--constraint", "B1 >= 0", "--json")
    assert done.returncode == 3
    assert "need bvls" in json.loads(done.stdout)["message"]


def test_screenshot_draws_the_constrained_fit(tmp_path):
    out = tmp_path / "pinned.png"
    done = run("screenshot", str(out), "--points", POINTS, "--method", "householder", "--constraint", "through 2,3",
               "--size", "800x600")
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    done = run("screenshot", str(tmp_path / "bad.png"), "--points", POINTS, "--constraint", "B9 = 1")
    assert done.returncode == 2 and "position 1" in done.stderr

"""The reproductions of issue 12 that concern verdicts and solvers, run as a user runs them.

References: mathematics (y = x has θ = (0, 1)), numpy.linalg.lstsq computed here on the data
divided by an exact power of two, and the stability bound 2/L computed here with eigvalsh.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
BIG = "1,2.1e300;2,3.9e300;3,6.2e300;4,7.8e300"
DIRECT = ("lstsq", "svd", "normal-inverse", "normal-cholesky", "cgs", "mgs", "householder", "givens")


def run(*args):
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)


def strict_json(text):
    def refuse(constant):
        raise AssertionError(f"the JSON holds {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("points, theta", [("1,1;2,2;3,3", [0, 1]), ("1,5;2,5", [5, 0]), ("1,5;2,5;3,5", [5, 0])])
def test_the_correct_answer_to_an_exact_line_is_never_called_wrong(points, theta):
    done = run("compare", "--points", points, "--methods", ",".join(DIRECT), "--json")
    assert done.returncode == 0, done.stderr
    for row in strict_json(done.stdout):
        assert row["status"] == "converged", (row["method"], row["message"])
        np.testing.assert_allclose(row["theta"], theta, atol=1e-13)
    single = run("solve", "--points", points, "--method", "householder")
    assert single.returncode == 0 and "Wrong answer" not in single.stdout


def test_y_near_1e300_is_solved_not_called_converged_at_zero():
    x = np.array([1.0, 2, 3, 4])
    y = np.array([2.1e300, 3.9e300, 6.2e300, 7.8e300])
    scale = 2.0 ** 997  # exact: numpy's lstsq on the scaled data keeps every digit
    expected = np.linalg.lstsq(np.column_stack([np.ones(4), x]), y / scale, rcond=None)[0] * scale
    for method in ("newton", "cg", "lbfgs", "jacobi", "gauss-seidel", "annealing", "gd"):
        done = run("solve", "--points", BIG, "--method", method, "--json")
        obj = strict_json(done.stdout)
        assert done.returncode == 0, (method, obj["message"])
        assert obj["iterations"] > 0
        np.testing.assert_allclose(obj["theta"], expected, rtol=1e-6)
        assert obj["loss"] is None and any("beyond" in w for w in obj["warnings"])


def test_a_trace_of_1e300_data_has_no_inf_and_says_why(tmp_path):
    out = tmp_path / "trace.csv"
    done = run("export", str(out), "--points", BIG, "--method", "gd")
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "inf" not in text and "nan" not in text
    assert "beyond floating point" in done.stderr


def test_a_start_whose_loss_overflows_is_refused_without_a_false_lr_claim():
    done = run("solve", "--dataset", "seed-4pt", "--method", "gd", "--start", "1e308,1e308", "--json")
    obj = strict_json(done.stdout)
    assert done.returncode == 3 and obj["status"] == "failed"
    assert "start point" in obj["message"] and "stability bound" not in obj["message"]


def test_the_divergence_message_calls_lr_too_large_only_above_two_over_l():
    x = np.array([1.0, 2, 3, 4])  # the four points of seed-4pt, y = 1 + x with noise, mean loss
    a = np.column_stack([np.ones(4), x])
    bound = 2 / np.linalg.eigvalsh(a.T @ a / 4)[-1]
    done = run("solve", "--dataset", "seed-4pt", "--method", "gd", "--param", f"lr={bound * 1.5}", "--json")
    obj = strict_json(done.stdout)
    assert done.returncode == 3 and obj["status"] == "diverged"
    assert f"2/L = {bound:.3g}" in obj["message"] and "above the stability bound" in obj["message"]
    adam = strict_json(run("solve", "--points", BIG, "--method", "adam", "--json").stdout)
    assert "inf" not in adam["message"] and "nan" not in adam["message"]


def test_power_iteration_on_1e300_data_finds_the_eigenvalues():
    done = run("solve", "--points", BIG, "--method", "power-iteration", "--json")
    obj = strict_json(done.stdout)
    assert "every column of A is zero" not in obj["message"]
    assert done.returncode == 0, obj["message"]


def test_givens_with_fewer_points_than_parameters_says_so_and_compare_keeps_everyone():
    done = run("solve", "--points", "1,3;2,5", "--degree", "2", "--method", "givens", "--json")
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "Underdetermined" in strict_json(done.stdout)["message"]
    race = run("compare", "--points", "1,3;2,5", "--degree", "2", "--json")
    assert race.returncode == 0, race.stderr
    methods = {row["method"] for row in strict_json(race.stdout)}
    assert {"givens", "householder", "svd", "gd", "lstsq"} <= methods
    minimum_norm = np.linalg.pinv(np.array([[1.0, 1, 1], [1, 2, 4]])) @ np.array([3.0, 5])
    svd = next(r for r in strict_json(race.stdout) if r["method"] == "svd")
    np.testing.assert_allclose(svd["theta"], minimum_norm, rtol=1e-12)


@pytest.mark.parametrize("method, rtol", [("exact", 1e-12), ("gauss-seidel", 1e-6)])  # tol 1e-10 on ‖∇L‖
def test_x_near_1e300_neither_overflows_nor_crashes(method, rtol):
    done = run("solve", "--points", "1e300,1;2e300,2;3e300,3.1", "--method", method, "--json")
    assert done.returncode == 0, done.stderr
    expected = np.linalg.lstsq(np.column_stack([np.ones(3), [1.0, 2, 3]]), [1, 2, 3.1], rcond=None)[0]
    np.testing.assert_allclose(np.array(strict_json(done.stdout)["theta"]) * [1, 1e300], expected, rtol=rtol)

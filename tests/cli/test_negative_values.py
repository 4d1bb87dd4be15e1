"""Number lists that begin with a minus sign (`--points "-1,1;0,0;1,1"`, `--start -1,2`) are
values, not unknown options: argparse alone counts only "-1" or "-.5" as a number and said
"expected one argument"."""

import json

import numpy as np

from .test_cli import run


def test_points_may_begin_with_a_minus_sign():
    done = run("solve", "--points", "-1,1;0,0;1,1", "--degree", "2", "--method", "householder", "--json")
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(json.loads(done.stdout)["theta"], [0, 0, 1], atol=1e-12)  # y = x²
    missing = run("solve", "--points", "--method", "householder")  # a forgotten value is still said
    assert missing.returncode == 2 and "--points: expected one argument" in missing.stderr, missing.stderr


def test_start_may_begin_with_a_minus_sign_and_is_used():
    done = run("solve", "--points", "-2,-3;1,3", "--method", "gd", "--start", "-1.5,-2e-1",
               "--param", "max_iter=1", "--trace", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["trace"][0]["theta"] == [-1.5, -0.2]


def test_compare_and_export_take_them_too(tmp_path):
    done = run("compare", "--points", "-1,1;0,0;1,1", "--methods", "householder,gd", "--json")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "trace.csv"
    done = run("export", str(out), "--points", "-1,1;0,0;1,1", "--method", "gd", "--start", "-1,-1",
               "--param", "max_iter=2")
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines()[1].startswith("0,-1.0,-1.0,")


def test_a_system_beginning_with_a_minus_sign_reaches_its_own_check():
    """G = [[-4, 1], [1, 3]] is parsed and refused for what it is, not as an unknown option."""
    done = run("solve", "--system", "-4,1;1,3=1,2", "--method", "cg")
    assert done.returncode == 2 and "positive definite" in done.stderr, done.stderr
    assert "expected one argument" not in done.stderr


"""The seed's hand calculations of the iterative methods, through the command line."""

import math

import numpy as np
import pytest

from .test_cli import run, run_json

SEED_POINTS = ["--points", "1,3;2,5", "--loss", "sum", "--start", "0,0", "--trace"]


def test_gd_three_steps_of_the_seed():
    obj = run_json("solve", *SEED_POINTS, "--method", "gd", "--param", "lr=0.1", "--param", "max_iter=3")
    thetas = [t["theta"] for t in obj["trace"]]
    np.testing.assert_allclose(thetas, [[0, 0], [0.8, 1.3], [1.05, 1.71], [1.127, 1.84]], atol=1e-12)
    np.testing.assert_allclose(obj["trace"][0]["gradient"], [-8, -13], atol=1e-12)
    np.testing.assert_allclose(obj["trace"][1]["gradient"], [-2.5, -4.1], atol=1e-12)
    assert obj["status"] == "max_iter"


def test_momentum_step_of_the_seed():
    obj = run_json("solve", "--points", "1,3;2,5", "--loss", "sum", "--start", "0.8,1.3", "--trace",
                   "--method", "momentum", "--param", "lr=0.1", "--param", "beta=0.9", "--param", "max_iter=1")
    np.testing.assert_allclose(obj["trace"][1]["theta"], [1.05, 1.71], atol=1e-12)


def test_soft_threshold_inside_ista():
    obj = run_json("solve", "--points", "1,1.5;1,1.5", "--no-intercept", "--method", "ista", "--param", "lam=0.3",
                   "--param", "max_iter=1", "--trace")
    step = obj["steps"][1]
    assert step["detail"]["before_threshold"] == pytest.approx([1.5])
    assert step["detail"]["threshold"] == pytest.approx(0.3)
    assert obj["trace"][1]["theta"] == pytest.approx([1.2])


def test_power_iteration_of_the_seed():
    obj = run_json("solve", "--system", "2,1;1,2=0,0", "--method", "power-iteration", "--trace")
    vectors = [s["detail"]["vector"] for s in obj["steps"][1:3]]
    np.testing.assert_allclose(vectors[0], np.array([2, 1]) / math.sqrt(5), atol=1e-15)
    np.testing.assert_allclose(vectors[1], np.array([5, 4]) / math.sqrt(41), atol=1e-15)


def test_cg_on_the_seeds_system_shows_the_correct_arithmetic():
    """The seed writes α₀ = 5/14 and x₁ = [5/14, 10/14]; but p₀ᵀAp₀ = 20, so α₀ = 1/4."""
    obj = run_json("solve", "--system", "4,1;1,3=1,2", "--method", "cg", "--trace")
    first = obj["steps"][1]["detail"]
    assert first["alpha"] == pytest.approx(0.25) and first["rr"] == pytest.approx(5) and \
        first["pHp"] == pytest.approx(20)
    np.testing.assert_allclose(obj["trace"][1]["theta"], [0.25, 0.5], atol=1e-15)
    np.testing.assert_allclose(obj["theta"], [1 / 11, 7 / 11], atol=1e-15)
    assert obj["iterations"] == 2 and obj["status"] == "converged"


def test_newton_lands_on_the_minimum_in_one_step():
    obj = run_json("solve", "--points", "1,0;1,0", "--no-intercept", "--loss", "sum", "--start", "3",
                   "--method", "newton", "--trace")
    assert obj["trace"][1]["theta"] == [0.0] and obj["iterations"] == 1


def test_gd_above_the_bound_exits_3_and_names_it():
    done = run("solve", "--dataset", "noisy-line", "--method", "gd", "--param", "lr=1", "--json")
    assert done.returncode == 3 and "2/L" in done.stdout


@pytest.mark.parametrize("param", ["lr=fast", "beta=2", "max_iter=0", "batch=3"])
def test_bad_hyperparameters_exit_2(param):
    done = run("solve", "--dataset", "noisy-line", "--method", "momentum", "--param", param)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1

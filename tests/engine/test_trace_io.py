"""engine.trace_io: a run's steps as CSV and JSON, read back with the csv and json modules and
compared exactly, number by number, with the steps engine.iterate yields."""

import csv
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import Problem, Step, iterate
from engine.datasets import get_dataset
from engine.trace_io import TraceCsvWriter, trace_json, write_trace_csv, write_trace_json


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def number(cell):
    return None if cell == "" else float(cell)


def assert_row_is_step(row, step, p):
    assert int(row[0]) == step.k
    theta = [number(c) for c in row[1:1 + p]]
    if step.theta is None:
        assert theta == [None] * p
    else:
        assert theta == [float(v) for v in step.theta]  # exact: repr reads back to the same float
    loss, grad_norm = (number(c) for c in row[1 + p:])
    assert loss == step.loss and grad_norm == step.grad_norm


@pytest.mark.parametrize("method", ["gd", "adam", "cg"])
def test_csv_round_trip_is_exact(tmp_path, method):
    problem = get_dataset("seed-4pt").problem()
    steps = list(iterate(problem, method))
    out = tmp_path / "trace.csv"
    assert write_trace_csv(out, iter(steps), problem.parameter_names) == len(steps)
    header, *rows = read_csv(out)
    assert header == ["iteration", "B0", "B1", "loss", "grad_norm"]
    assert len(rows) == len(steps)
    for row, step in zip(rows, steps):
        assert_row_is_step(row, step, 2)


def test_a_factorisation_keeps_its_steps_without_theta_as_empty_cells(tmp_path):
    problem = Problem.from_points([1, 2, 3], [1, 4, 9], degree=2)
    steps = list(iterate(problem, "householder"))
    assert any(s.theta is None for s in steps) and steps[-1].theta is not None
    out = tmp_path / "hh.csv"
    write_trace_csv(out, steps, problem.parameter_names)
    header, *rows = read_csv(out)
    assert header == ["iteration", "B0", "B1", "B2", "loss", "grad_norm"]
    for row, step in zip(rows, steps, strict=True):
        assert_row_is_step(row, step, 3)
    np.testing.assert_allclose([float(c) for c in rows[-1][1:4]], [0, 0, 1], atol=1e-12)  # y = x²


def test_a_race_has_a_solver_column_and_each_solvers_steps_in_order(tmp_path):
    problem = get_dataset("seed-4pt").problem()
    runs = {"gd": list(iterate(problem, "gd", max_iter=7)), "adam": list(iterate(problem, "adam", max_iter=5))}
    out = tmp_path / "race.csv"
    write_trace_csv(out, runs, problem.parameter_names)
    header, *rows = read_csv(out)
    assert header == ["solver", "iteration", "B0", "B1", "loss", "grad_norm"]
    assert [r[0] for r in rows] == ["gd"] * 8 + ["adam"] * 6
    for row, step in zip(rows, runs["gd"] + runs["adam"]):
        assert_row_is_step(row[1:], step, 2)


def test_json_has_the_solve_trace_shape_and_exact_numbers(tmp_path):
    problem = get_dataset("seed-4pt").problem()
    steps = list(iterate(problem, "momentum", max_iter=20))
    out = tmp_path / "trace.json"
    write_trace_json(out, steps)
    objects = json.loads(out.read_text(encoding="utf-8"))
    assert len(objects) == len(steps)
    for obj, step in zip(objects, steps):
        assert {"k", "theta", "loss", "grad_norm"} <= set(obj)
        assert obj["k"] == step.k and obj["theta"] == [float(v) for v in step.theta]
        assert obj["loss"] == step.loss and obj["grad_norm"] == step.grad_norm
        assert obj["gradient"] == [float(v) for v in step.detail["gradient"]]


def test_json_of_a_race_is_keyed_by_solver_and_skips_steps_without_theta():
    problem = Problem.from_points([1, 2], [3, 5], degree=1)
    runs = {"mgs": list(iterate(problem, "mgs")), "gd": list(iterate(problem, "gd", max_iter=3))}
    obj = trace_json(runs)
    assert list(obj) == ["mgs", "gd"]
    assert [o["k"] for o in obj["mgs"]] == [s.k for s in runs["mgs"] if s.theta is not None]
    np.testing.assert_allclose(obj["mgs"][-1]["theta"], [1, 2], rtol=1e-12)  # y = 2x + 1
    assert [o["k"] for o in obj["gd"]] == [0, 1, 2, 3]


def test_a_diverging_run_round_trips_too(tmp_path):
    """A rate far above 2/L: the engine stops with large numbers; the CSV keeps them exactly."""
    problem = get_dataset("seed-4pt").problem()
    steps = list(iterate(problem, "gd", lr=50.0, max_iter=400))
    assert steps[-1].loss > 1e5
    out = tmp_path / "diverged.csv"
    write_trace_csv(out, steps, problem.parameter_names)
    for row, step in zip(read_csv(out)[1:], steps, strict=True):
        assert_row_is_step(row, step, 2)


def test_json_writes_non_finite_numbers_as_null(tmp_path):
    """Neither JSON nor CSV holds NaN or infinity: null in JSON, an empty cell in the CSV (export says
    on stderr how many numbers were beyond floating point)."""
    problem = get_dataset("seed-4pt").problem()
    step = Step(k=3, kind="iterate", title="", theta=np.array([math.inf, 1.0]), loss=math.nan, grad_norm=math.inf)
    assert trace_json([step]) == [{"k": 3, "theta": [None, 1.0], "loss": None, "grad_norm": None}]
    out = tmp_path / "nonfinite.csv"
    write_trace_csv(out, [step], problem.parameter_names)
    row = read_csv(out)[1]
    assert row == ["3", "", "1.0", "", ""]


def test_a_theta_of_the_wrong_length_is_refused(tmp_path):
    problem = get_dataset("seed-4pt").problem()
    step = next(iter(iterate(problem, "gd")))
    with open(tmp_path / "x.csv", "w", newline="") as stream:
        writer = TraceCsvWriter(stream, ["B0", "B1", "B2"])
        with pytest.raises(ValueError, match="2 parameters"):
            writer.write(step)


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=3, max_size=8,
                unique_by=lambda t: t[0]))
def test_csv_round_trip_on_any_points(tmp_path_factory, points):
    x, y = zip(*points)
    if np.ptp(x) < 1e-3:
        return
    problem = Problem.from_points(x, y, degree=1)
    steps = list(iterate(problem, "adam", max_iter=15))
    out = tmp_path_factory.mktemp("trace") / "any.csv"
    write_trace_csv(out, steps, problem.parameter_names)
    for row, step in zip(read_csv(out)[1:], steps, strict=True):
        assert_row_is_step(row, step, 2)

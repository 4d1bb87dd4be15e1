"""Trace: bounded memory for long runs, every step of short ones, the last step always."""

import numpy as np

from engine import Problem, iterate, run_to_end
from engine.trace import Trace


def test_short_runs_keep_every_step():
    trace = Trace(capacity=100)
    problem = Problem.from_points([1, 2, 3], [1, 2, 2])
    run_to_end(iterate(problem, "gd", max_iter=50, tol=0.0), trace.append)
    assert [s.k for s in trace] == list(range(51))


def test_long_runs_stay_bounded_evenly_thinned_with_start_and_end():
    trace = Trace(capacity=64)
    problem = Problem.from_points([1, 2, 3], [1, 2, 2])
    run_to_end(iterate(problem, "gd", max_iter=10_000, tol=0.0), trace.append)
    ks = [s.k for s in trace]
    assert len(ks) <= 65
    assert ks[0] == 0 and ks[-1] == 10_000
    gaps = np.diff(ks[:-1])
    assert len(set(gaps)) == 1  # evenly spaced until the final step

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


def test_thinning_lets_go_of_steps_a_few_at_a_time_and_memory_stays_bounded():
    """Each append frees at most RELEASE_PER_APPEND thinned-out steps (plus the previous last
    step, if it was not kept): no append pays for thousands of frees at once, which would stall
    the GUI thread; and the steps alive never exceed 1.5 × capacity."""
    import weakref

    from engine.steps import Step
    from engine.trace import RELEASE_PER_APPEND

    capacity = 1000
    trace = Trace(capacity=capacity)
    alive = [0]
    most_freed = most_alive = 0
    for k in range(20 * capacity):
        step = Step(k=k, kind="iterate", title="", theta=np.array([float(k)]))
        alive[0] += 1
        weakref.finalize(step, lambda: alive.__setitem__(0, alive[0] - 1))
        before = alive[0]
        trace.append(step)
        del step
        most_freed = max(most_freed, before - alive[0])
        most_alive = max(most_alive, alive[0])
    assert most_freed <= RELEASE_PER_APPEND + 1
    assert most_alive <= 1.5 * capacity + 1
    assert len(trace) <= capacity + 1

"""The sweep figure of `main.py bench`: the digits-against-κ sweep of 20 problems (10 Vandermonde and
10 Hilbert, p up to 15) in all four precisions, against one exact solve of its largest problem.

The figure's sweep is the law's: Householder (slope 1) and Cholesky on the normal equations (slope 2),
the two methods whose slopes the lecture compares. The detail also gives the sweep of the view's six
default methods, whose emulated float16/bfloat16 SVD (one-sided Jacobi, a Python loop of rotations)
costs most of its time.

The sweep measures each method against exact arithmetic (integers, engine/sweep/exact_lstsq.py) on the
data rounded to each precision; the baseline is what a user would otherwise wait for, the `exact`
solver (fractions of the decimal text) on the largest problem alone.
"""

from __future__ import annotations

import time

from engine import solve
from engine.precision import PRECISION_NAMES
from engine.sweep import SWEEP_METHODS, family_problems, measure

#: The whole sweep may take this many exact solves of its largest problem.
SWEEP_TARGET = 5.0
SWEEP_FAMILIES = ("vandermonde", "hilbert")
#: The methods of the law: slope 1 (QR) and slope 2 (the normal equations).
LAW_METHODS = ("householder", "normal-cholesky")
PROBLEMS_PER_FAMILY = 10


def sweep_problems():
    return [member for name in SWEEP_FAMILIES for member in family_problems(name, PROBLEMS_PER_FAMILY)]


def sweep_figures(figure_type, repeats: int = 2) -> list:
    members = sweep_problems()
    largest = max(members, key=lambda m: (m.problem.n * m.problem.p ** 2, m.index))
    sweep_times, exact_times, full_times, dots = [], [], [], []
    for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both
        started = time.perf_counter()
        dots = list(measure(members, LAW_METHODS, PRECISION_NAMES))
        sweep_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        list(measure(members, SWEEP_METHODS, PRECISION_NAMES))
        full_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        exact = solve(largest.problem, "exact", reference=False)
        exact_times.append(time.perf_counter() - started)
    ratio = min(sweep_times) / min(exact_times)
    largest_p = max(m.problem.p for m in members)
    by_precision = ", ".join(f"{p} {sum(d.precision == p for d in dots)}" for p in PRECISION_NAMES)
    name = (f"digits-against-κ sweep ({len(members)} problems, p ≤ {largest_p}, 4 precisions, householder and "
            "normal-cholesky) / one exact solve")
    return [figure_type(name, ratio, SWEEP_TARGET, ratio <= SWEEP_TARGET,
                        f"{min(sweep_times) * 1e3:.0f} ms for {len(dots)} dots ({by_precision}; a method not "
                        f"yet able to compute in a precision is skipped) vs {min(exact_times) * 1e3:.0f} ms "
                        f"for exact on {largest.problem.n}×{largest.problem.p} ({exact.status}); the view's six "
                        f"default methods: {min(full_times) * 1e3:.0f} ms, "
                        f"{min(full_times) / min(exact_times):.1f}× the exact solve")]

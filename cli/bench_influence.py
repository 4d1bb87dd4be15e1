"""The influence part of `main.py bench`: leverage (with Cook's distance and the studentised
residuals) from the problem's cached R, against one numpy.linalg.lstsq on the same data.

The factorisation belongs to the run (every QR solver and κ(A) compute it once); what a dragged
point costs afterwards is one triangular solve and a few O(n·p) passes. The Figure class is passed
in, so this module needs nothing from cli.bench.
"""

from __future__ import annotations

import os
import time

import numpy as np

from engine import Problem
from engine.influence import influence

#: The suite's problem size; LSQLAB_BENCH_ROWS shrinks it for the smoke test of the command.
ROWS = int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000))
P = 4
LEVERAGE_TARGET = 1.5


def _best(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def leverage_figures(figure_type, *, quick: bool = False) -> list:
    """influence() at n = ROWS, p = 4 with R already cached, over one lstsq (target ≤ 1.5)."""
    repeats = 3 if quick else 7
    rng = np.random.default_rng(4)
    features = rng.standard_normal((ROWS, P - 1))
    y = features @ rng.standard_normal(P - 1) + 0.1 * rng.standard_normal(ROWS)
    problem = Problem.from_table(features, y)
    theta = np.linalg.lstsq(problem.design, y, rcond=None)[0]
    _ = problem._r_factor, problem.rank  # the run's one QR (κ(A) and the QR solvers compute it)
    lstsq_times, influence_times = [], []
    for _ in range(3):  # interleaved, so a busy moment of the machine hits both sides
        lstsq_times.append(_best(lambda: np.linalg.lstsq(problem.design, y, rcond=None), repeats))
        influence_times.append(_best(lambda: influence(problem, theta), repeats))
    elapsed, baseline = min(influence_times), min(lstsq_times)
    ratio = elapsed / baseline
    name = f"leverage + Cook's distance from the cached R / one numpy lstsq, n={ROWS:.0e}, p={P}"
    return [figure_type(name.replace("e+0", "e"), ratio, LEVERAGE_TARGET, ratio <= LEVERAGE_TARGET,
                        f"{elapsed * 1000:.1f} ms vs {baseline * 1000:.1f} ms")]

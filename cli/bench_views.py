"""The views' part of `main.py bench`: what a teaching view costs must not grow with n.

Each figure is a ratio of two timings in the same run (the machine's speed cancels out).
The Figure class is passed in, so this module needs nothing from cli.bench.
"""

from __future__ import annotations

import os
import time

import numpy as np

from engine import Problem
from engine.surface import loss_grid

#: The suite's large problem; LSQLAB_BENCH_ROWS shrinks it for the smoke test of the command.
LARGE_ROWS = int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000))
SMALL_ROWS = 1_000
GRID = (200, 200)
SURFACE_TARGET = 1.5


def _line(rows: int, seed: int) -> Problem:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, rows)
    return Problem.from_points(x, 1.0 + 2.0 * x + rng.standard_normal(rows), 1)


def _grid_time(problem: Problem, repeats: int) -> float:
    """The fastest of `repeats` 200 × 200 grids around θ = (1, 2)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        loss_grid(problem, np.array([1.0, 2.0]), np.eye(2), (1.0, 0.2), GRID)
        times.append(time.perf_counter() - started)
    return min(times)


def surface_figures(figure_type, repeats: int = 15) -> list:
    """The loss surface's grid at n = 10⁶ over the same at n = 10³ (p = 2): it comes from the
    cached Gram matrix, so it should cost the same whatever n is (target ≤ 1.5)."""
    large, small = _line(LARGE_ROWS, 0), _line(SMALL_ROWS, 1)
    for problem in (large, small):  # the one O(n·p²) pass belongs to the run, not to the picture
        _ = (problem.gram, problem.aty, problem.yty)
    large_times, small_times = [], []
    for _ in range(3):  # interleaved, so a busy moment of the machine hits both sides
        large_times.append(_grid_time(large, repeats))
        small_times.append(_grid_time(small, repeats))
    big, little = min(large_times), min(small_times)
    ratio = big / little
    detail = (f"{GRID[0]}×{GRID[1]} grid: {big * 1e3:.2f} ms at n={LARGE_ROWS:,}, "
              f"{little * 1e3:.2f} ms at n={SMALL_ROWS:,}")
    name = f"loss surface grid, n={LARGE_ROWS:.0e} / n={SMALL_ROWS:.0e}, p=2".replace("e+0", "e")
    return [figure_type(name, ratio, SURFACE_TARGET, ratio <= SURFACE_TARGET, detail)]

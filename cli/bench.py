"""`main.py bench`: the performance suite. Every figure is a ratio of two timings measured in
the same run (so the machine's speed cancels out), printed beside its target."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from engine import SOLVERS, Problem, iterate, run_to_end

from .bench_data import random_problem
from .exit_codes import EXIT_OK

#: The suite's problem size; LSQLAB_BENCH_ROWS shrinks it for the smoke test of the command.
ROWS = int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000))
PARAMETER_COUNTS = (2, 4, 11)
#: The most each direct method may cost, as a multiple of numpy.linalg.lstsq on the same data.
DIRECT_TARGETS = {
    "householder": 2.5, "mgs": 2.5, "cgs": 2.5, "givens": 10.0, "normal-inverse": 0.5,
    "normal-cholesky": 0.5, "svd": 3.0, "lstsq": 1.5,
}


@dataclass(frozen=True)
class Figure:
    """One benchmark result: a ratio of two measurements, its target, and whether it is met."""

    name: str
    ratio: float
    target: float
    met: bool
    detail: str
    #: True for a figure that must reach its target from below (a count), False for a time ratio.
    at_least: bool = False

    def __post_init__(self) -> None:  # plain Python numbers, so the JSON never sees numpy types
        object.__setattr__(self, "ratio", float(self.ratio))
        object.__setattr__(self, "target", float(self.target))
        object.__setattr__(self, "met", bool(self.met))


def best_time(action: Callable[..., object], repeats: int, prepare: Callable[[], object] | None = None) -> float:
    """The fastest of `repeats` runs: the least disturbed by the rest of the machine.

    `prepare()` (untimed) makes the argument of each run, e.g. a problem with cold caches.
    """
    times = []
    for _ in range(repeats):
        args = () if prepare is None else (prepare(),)
        started = time.perf_counter()
        action(*args)
        times.append(time.perf_counter() - started)
    return min(times)


def direct_figures(repeats: int) -> list[Figure]:
    """Each direct method's time (steps included) over numpy.linalg.lstsq's, n = 10⁶."""
    return [figure for p in PARAMETER_COUNTS for figure in _direct_figures_at(p, repeats)]


def _direct_figures_at(p: int, repeats: int) -> list[Figure]:
    template = random_problem(ROWS, p)
    baseline = best_time(lambda: np.linalg.lstsq(template.design, template.y, rcond=None), repeats)

    def fresh_problem() -> Problem:
        """Cold caches: forming AᵀA is part of the normal equations' cost."""
        return Problem.from_table(template.features, template.y)

    figures = []
    for name, target in DIRECT_TARGETS.items():
        elapsed = best_time(lambda problem, name=name: run_to_end(iterate(problem, name)), repeats,
                            prepare=fresh_problem)
        ratio = elapsed / baseline
        label = f"{name} / numpy lstsq, n={ROWS:.0e}, p={p}".replace("e+0", "e")
        figures.append(Figure(label, ratio, target, ratio <= target,
                              f"{elapsed * 1000:.1f} ms vs {baseline * 1000:.1f} ms"))
    return figures


def run_bench(*, as_json: bool = False, quick: bool = False) -> int:
    repeats = 3 if quick else 7
    from .bench_gui import gui_figures
    from .bench_influence import leverage_figures
    from .bench_lad import lad_figures
    from .bench_nonlinear import nonlinear_figures
    from .bench_precision import precision_figures
    from .bench_scale import scale_figures
    from .bench_sweep import sweep_figures
    from .bench_views import surface_figures
    from .neural_cmd import neural_figures
    figures = (direct_figures(repeats) + iterative_figures(repeats) + surface_figures(Figure)
               + gui_figures(Figure) + scale_figures(Figure, quick=quick) + neural_figures(Figure))
    figures += leverage_figures(Figure, quick=quick)
    figures += lad_figures(Figure, repeats=2 if quick else 3)
    figures += precision_figures(Figure, repeats=2 if quick else 3)
    figures += sweep_figures(Figure, repeats=1 if quick else 2)
    figures += nonlinear_figures(Figure, repeats=2 if quick else 3)
    assert all(name in SOLVERS for name in DIRECT_TARGETS)
    if as_json:
        print(json.dumps([asdict(f) for f in figures]))
    else:
        width = max(len(f.name) for f in figures)
        print(f"{'benchmark':<{width}}  {'ratio':>7}  {'target':>7}  met  detail")
        for f in figures:
            print(f"{f.name:<{width}}  {f.ratio:7.3f}  {('≥' if f.at_least else '≤') + format(f.target, 'g'):>7}  "
                  f"{'yes' if f.met else 'NO ':3}  {f.detail}")
        print(f"{sum(f.met for f in figures)} of {len(figures)} targets met")
    return EXIT_OK


#: Iterative methods whose per-iteration cost must not grow with n (they work on AᵀA).
PER_ITERATION_METHODS = ("gd", "momentum", "adam", "cg", "newton")
SMALL_ROWS = 1_000


def per_iteration_time(problem: Problem, method: str, iterations: int) -> float:
    """Time between the first and the last iteration step, per iteration: setup (AᵀA) and the
    final residual are outside, so only the work of the iterations is measured."""
    stamps = []
    run_to_end(iterate(problem, method, max_iter=iterations, tol=0.0), lambda step: stamps.append(time.perf_counter()))
    return (stamps[-1] - stamps[1]) / (len(stamps) - 2)


def per_iteration_ratio(large: Problem, small: Problem, method: str, iterations: int, repeats: int):
    """Median per-iteration times at both sizes, measured alternately so drift hits both alike."""
    per_iteration_time(large, method, iterations)  # warm-up: first-call costs are not per iteration
    per_iteration_time(small, method, iterations)
    pairs = [(per_iteration_time(large, method, iterations), per_iteration_time(small, method, iterations))
             for _ in range(repeats)]
    big, little = np.median(pairs, axis=0)
    return float(big), float(little)


def iterative_figures(repeats: int) -> list[Figure]:
    """Per-iteration time at n = 10⁶ over n = 10³ (target ≤ 1.5: independent of n), and 10⁴
    gd iterations at n = 10⁶ against one lstsq on the same data (target ≤ 2)."""
    p = 11
    large, small = random_problem(ROWS, p), random_problem(SMALL_ROWS, p, seed=1)
    for problem in (large, small):
        problem.gram, problem.aty  # noqa: B018  (warm the one O(n·p²) pass: it is not per iteration)
    figures = []
    for method in PER_ITERATION_METHODS:
        iterations = 2 * p if method == "cg" else 500
        big, little = per_iteration_ratio(large, small, method, iterations, 5 * repeats)
        ratio = big / little
        figures.append(Figure(f"{method} time per iteration, n={ROWS:.0e} / n={SMALL_ROWS:.0e}, p={p}"
                              .replace("e+0", "e"), ratio, 1.5, ratio <= 1.5,
                              f"{big * 1e6:.1f} µs vs {little * 1e6:.1f} µs"))
    baseline = best_time(lambda: np.linalg.lstsq(large.design, large.y, rcond=None), repeats)
    elapsed = best_time(lambda problem: run_to_end(iterate(problem, "gd", max_iter=10_000, tol=0.0)), repeats,
                        prepare=lambda: Problem.from_table(large.features, large.y))
    ratio = elapsed / baseline
    figures.append(Figure(f"10^4 gd iterations / one numpy lstsq, n={ROWS:.0e}, p={p}".replace("e+0", "e"),
                          ratio, 2.0, ratio <= 2.0, f"{elapsed * 1000:.1f} ms vs {baseline * 1000:.1f} ms"))
    return figures

"""The LAD figure of `main.py bench`: our IRLS (plus its exact vertex finish) against statsmodels'
QuantReg(q = 0.5), the usual Python tool for median regression, on the same heavy-tailed line."""

from __future__ import annotations

import math
import os
import time

import numpy as np

from engine import Problem, iterate, run_to_end

#: The LAD figure's size (LSQLAB_BENCH_ROWS shrinks it, as every figure, for the command's smoke test).
LAD_ROWS = min(100_000, int(os.environ.get("LSQLAB_BENCH_ROWS", 100_000)))
#: Ours over QuantReg's time: at most as slow.
LAD_TARGET = 1.0


def heavy_tailed_line(rows: int, seed: int = 0) -> Problem:
    """y = 1 + 2x with Student-t noise of 1.5 degrees of freedom (infinite variance): LAD's home ground."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, rows)
    return Problem.from_points(x, 1.0 + 2.0 * x + rng.standard_t(1.5, rows))


def lad_figures(figure_type, repeats: int = 3, rows: int = LAD_ROWS) -> list:
    name = f"LAD by IRLS / statsmodels QuantReg(q=0.5), n={rows:.0e}, p=2".replace("e+0", "e")
    try:
        import statsmodels.api as sm
    except ImportError:
        return [figure_type(name, math.nan, LAD_TARGET, False,
                            "not measured: statsmodels is not installed (pip install -e '.[bench]')")]
    problem = heavy_tailed_line(rows)
    design, y = np.array(problem.design), np.array(problem.y)
    ours, theirs = [], []
    for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both
        started = time.perf_counter()
        result = run_to_end(iterate(problem, "lad"))
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        fitted = sm.QuantReg(y, design).fit(q=0.5)
        theirs.append(time.perf_counter() - started)
    ratio = min(ours) / min(theirs)
    our_sum = float(np.abs(y - design @ result.theta).sum())
    their_sum = float(np.abs(y - design @ np.asarray(fitted.params)).sum())
    return [figure_type(name, ratio, LAD_TARGET, ratio <= LAD_TARGET,
                        f"{min(ours) * 1e3:.0f} ms vs {min(theirs) * 1e3:.0f} ms; Σ|r| {our_sum:.10g} "
                        f"({result.status}, {result.iterations} steps) vs {their_sum:.10g}")]

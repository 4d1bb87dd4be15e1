"""The float32 figure of `main.py bench`: Householder QR in float32 (native float32 arrays, BLAS sgemv
and sger) against the same method in float64, on the same data (rounded to float32 once, untimed).

Single precision moves half the bytes of double, and a QR of a tall matrix is bound by memory
traffic: float32 should take clearly less time than float64, not merely as long.
"""

from __future__ import annotations

import os
import time

from engine import iterate, run_to_end

from .bench_data import random_problem

#: The figure's size (LSQLAB_BENCH_ROWS shrinks it, as every figure, for the command's smoke test).
PRECISION_ROWS = min(1_000_000, int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000)))
PRECISION_PARAMETERS = 11
#: float32's time over float64's: at most 0.8.
FLOAT32_TARGET = 0.8


def precision_figures(figure_type, repeats: int = 3, rows: int = PRECISION_ROWS) -> list:
    name = f"householder float32 / float64, n={rows:.0e}, p={PRECISION_PARAMETERS}".replace("e+0", "e")
    problem = random_problem(rows, PRECISION_PARAMETERS).rounded_to("float32")
    single, double = [], []
    results = {}
    for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both
        for precision, times in (("float32", single), ("float64", double)):
            started = time.perf_counter()
            results[precision] = run_to_end(iterate(problem, "householder", precision=precision))
            times.append(time.perf_counter() - started)
    ratio = min(single) / min(double)
    statuses = ", ".join(f"{precision} {result.status}" for precision, result in results.items())
    return [figure_type(name, ratio, FLOAT32_TARGET, ratio <= FLOAT32_TARGET,
                        f"{min(single) * 1e3:.0f} ms vs {min(double) * 1e3:.0f} ms ({statuses})")]

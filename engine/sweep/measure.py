"""Digits each method keeps, measured against exact arithmetic on the same rounded data.

For a problem, a method and a precision: round A and y to the precision (what the method sees),
solve exactly in integers (`exact_lstsq`), run the method, and count the digits of its answer:
−log10 of the normwise relative error, between 0 and the precision's own digits. A generator that
yields each measurement as it is made, so a view can draw the dots as they come and stop between
two of them (Orange's `run_mds(..., state)`, STYLE.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..precision import get_precision
from ..problem import Problem
from ..registry import SOLVERS
from ..run import iterate, run_to_end
from .exact_lstsq import exact_lstsq, relative_error
from .families import SweepProblem, kappa_of

#: The direct methods a sweep compares by default: slope 1 (QR, SVD, LAPACK) and slope 2 (AᵀA).
SWEEP_METHODS = ("householder", "mgs", "normal-cholesky", "normal-inverse", "svd", "lstsq")
#: Above this many multiply-adds (n·p²) the exact answer takes too long for a live view.
EXACT_WORK_LIMIT = 2_000_000


@dataclass(frozen=True)
class Measurement:
    """One dot: `digits` a method kept in `precision` on one problem of κ(A) = `kappa`.

    `status` is "measured", or "failed" (no answer or a non-finite one: 0 digits) with `message`.
    """

    family: str
    index: int
    label: str
    kappa: float
    method: str
    precision: str
    digits: float
    status: str = "measured"
    message: str = ""


def available(method: str, precision: str) -> bool:
    """True when `method` can compute in `precision` (declared in the registry)."""
    return precision in SOLVERS.get(method).precisions


def digits_of(relative: float, precision: str) -> float:
    """−log10 of a relative error, between 0 and the precision's digits (an exact answer: the cap)."""
    cap = get_precision(precision).digits
    if relative == 0:
        return cap
    if not math.isfinite(relative):
        return 0.0
    return float(min(max(-math.log10(relative), 0.0), cap))


def own_problem(problem: Problem, label: str = "your data") -> SweepProblem:
    """The user's data as one more point of the sweep, at its own κ(A)."""
    return SweepProblem(family="own", index=0, label=label, problem=problem, kappa=kappa_of(problem.design))


def measure(problems: Iterable[SweepProblem], methods: Sequence[str] = SWEEP_METHODS,
            precisions: Sequence[str] = ("float64",),
            stop: Callable[[], bool] | None = None) -> Iterator[Measurement]:
    """Measure every available (method, precision) on every problem, yielding each dot as it comes.

    A method that cannot compute in a precision is skipped (see `available`), never faked. Problems
    whose rounded data have no unique exact answer (dependent columns after rounding, or a value the
    precision cannot hold) are skipped in that precision. `stop()` is checked between measurements.
    """
    for item in problems:
        for precision in precisions:
            able = [m for m in methods if available(m, precision)]
            if not able:
                continue
            rounded = _rounded(item.problem, precision)
            if rounded is None:
                continue
            exact = exact_lstsq(rounded.design, rounded.y)
            if exact is None:
                continue
            for method in able:
                if stop is not None and stop():
                    return
                yield _measure_one(item, rounded, exact, method, precision)


def _rounded(problem: Problem, precision: str) -> Problem | None:
    if problem.n * problem.p ** 2 > EXACT_WORK_LIMIT:
        return None
    try:
        return problem.rounded_to(precision)
    except InputError:
        return None


def _measure_one(item: SweepProblem, rounded: Problem, exact, method: str, precision: str) -> Measurement:
    params = {} if precision == "float64" else {"precision": precision}
    result = run_to_end(iterate(rounded, method, **params))
    common = dict(family=item.family, index=item.index, label=item.label, kappa=item.kappa,
                  method=method, precision=precision)
    if result.theta is None:
        return Measurement(**common, digits=0.0, status="failed", message=result.message)
    return Measurement(**common, digits=digits_of(relative_error(result.theta, exact), precision))


def predicted_digits(log10_kappa, precision: str, exponent: int):
    """The digits the error bound promises, −log10(κᵉ·u) clipped to [0, digits] (numpy arrays welcome)."""
    import numpy as np

    cap = get_precision(precision).digits
    return np.clip(cap - exponent * np.asarray(log10_kappa, dtype=float), 0.0, cap)


def wall(precision: str) -> float:
    """log10 κ where κ = 1/u: beyond it even a backward-stable method keeps no digit."""
    return get_precision(precision).digits

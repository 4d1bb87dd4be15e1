"""The nonlinear engine as the window uses it: a solver's step stream and the check of its answer.

One place that names the engine's functions (engine/nonlinear, the contract of issue 17), so the
window, the race and the table agree on what "checked" means.
"""

from __future__ import annotations

import math

import numpy as np

from engine import Result
from engine.honesty import lre

from ..run.worker import RunRequest


def iterate_solver(problem, request: RunRequest):
    """The solver's generator of steps (its return value is the Result); InputError for bad settings."""
    from engine.nonlinear import iterate_nonlinear

    start = None if request.start is None else np.asarray(request.start, dtype=float)
    return iterate_nonlinear(problem, request.method, start=start, **request.params)


def check_result(problem, result: Result, request: RunRequest) -> Result:
    """The answer checked as `solve_nonlinear` checks it (RSS, certified digits; a "converged" run away
    from the certified minimum becomes "failed" with the reason)."""
    from engine.nonlinear.honesty import assess_nonlinear

    return assess_nonlinear(problem, result)


def rss_of(problem, result: Result) -> float | None:
    """NIST's residual sum of squares of an answer (2·loss), None without a finite answer."""
    rss = result.diagnostics.get("rss")
    if rss is None and result.loss is not None:
        rss = 2.0 * float(result.loss)
    if rss is None and result.theta is not None and problem is not None:
        with np.errstate(all="ignore"):
            rss = 2.0 * float(problem.loss(result.theta))
    return None if rss is None or not math.isfinite(rss) else float(rss)


def certified_digits(problem, result: Result) -> float | None:
    """NIST's LRE of the answer against the certified values (min over the parameters), or None
    when the problem has no certificate or the run gave no answer."""
    certified = getattr(problem, "certified", None)
    if certified is None or result.theta is None:
        return None
    return float(lre(result.theta, certified.values))  # unrounded (the check keeps 2 decimals)

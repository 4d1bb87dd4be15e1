"""Running a nonlinear solver: `iterate_nonlinear` gives its steps, `solve_nonlinear` its checked answer,
`compare_nonlinear` a race from one start."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import replace

import numpy as np

from ..errors import InputError
from ..run import quiet_floats, run_to_end
from ..steps import Result, Step
from .honesty import assess_nonlinear
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS


def iterate_nonlinear(problem: NonlinearProblem, method: str, *, start: Sequence[float] | None = None,
                      **params) -> Generator[Step, None, Result]:
    """The solver's generator of steps (step 0 is the start); its return value is the Result.

    Hyperparameters are checked against NONLINEAR_SOLVERS first, so a bad one raises InputError
    before any work is done.
    """
    spec = NONLINEAR_SOLVERS.get(method)
    values = spec.parse_params(params)
    if start is not None:
        start = np.asarray(start, dtype=float).reshape(-1)
        if start.shape != (problem.p,) or not np.all(np.isfinite(start)):
            raise InputError(f"the start point needs {problem.p} finite numbers "
                             f"({', '.join(problem.parameter_names)}), got {list(start)}")
    return quiet_floats(spec.run(problem, start=start, **values))


def solve_nonlinear(problem: NonlinearProblem, method: str, *, start: Sequence[float] | None = None,
                    on_step: Callable[[Step], None] | None = None, **params) -> Result:
    """Run a solver to the end, time it, and check its answer (against the certificate when there is one)."""
    steps = iterate_nonlinear(problem, method, start=start, **params)
    started = time.perf_counter()
    result = run_to_end(steps, on_step)
    result = replace(result, method=method, elapsed_s=time.perf_counter() - started)
    return assess_nonlinear(problem, result)


def compare_nonlinear(problem: NonlinearProblem, methods: Iterable[str], *,
                      start: Sequence[float] | None = None) -> list[Result]:
    """Every method (default hyperparameters) from the same start, each checked."""
    methods = list(methods)
    for name in methods:
        NONLINEAR_SOLVERS.get(name)
    return [solve_nonlinear(problem, name, start=start) for name in methods]

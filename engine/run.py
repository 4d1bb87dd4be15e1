"""Running a solver: `iterate` gives its steps, `solve` its checked answer, `compare` a race."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import replace

import numpy as np

from .errors import InputError
from .honesty import assess
from .problem import LOSSES, Problem
from .registry import SOLVERS
from .steps import Result, Step

#: The method every other answer is checked against.
REFERENCE = "lstsq"


def with_loss(problem: Problem, loss: str | None) -> Problem:
    """The same problem (sharing its caches) with ½·mean or ½·sum of squares as the loss."""
    if loss is None or loss == problem.loss_kind:
        return problem
    if loss not in LOSSES:
        raise InputError(f"loss must be one of {', '.join(LOSSES)}, got {loss!r}")
    other = copy.copy(problem)
    other.loss_kind = loss
    return other


def iterate(problem: Problem, method: str, *, loss: str | None = None, start: Sequence[float] | None = None,
            **params) -> Generator[Step, None, Result]:
    """The solver's generator of steps; its return value is the Result.

    Hyperparameters are checked against the registry first, so a bad one raises InputError
    before any work is done.
    """
    spec = SOLVERS.get(method)
    values = spec.parse_params(params)
    problem = with_loss(problem, loss)
    if start is not None:
        if spec.direct:
            raise InputError(f"{method} is a direct method: it takes no start point (--start)")
        start = np.asarray(start, dtype=float)
        if start.shape != (problem.p,) or not np.all(np.isfinite(start)):
            raise InputError(f"the start point needs {problem.p} finite numbers "
                             f"({', '.join(problem.parameter_names)}), got {list(start)}")
        values["start"] = start
    return spec.run(problem, **values)


def run_to_end(steps: Generator[Step, None, Result],
               on_step: Callable[[Step], None] | None = None) -> Result:
    """Drain a step generator and return its Result; LAPACK breakdowns become `failed`."""
    try:
        while True:
            step = next(steps)
            if on_step is not None:
                on_step(step)
    except StopIteration as stop:
        return stop.value
    except np.linalg.LinAlgError as error:
        name = getattr(steps, "__name__", "solver").removeprefix("run_").replace("_", "-")
        return Result(method=name, theta=None, status="failed",
                      message=f"The linear algebra broke down: {error}.")


def solve(problem: Problem, method: str, *, reference: bool | Result = True, loss: str | None = None,
          start: Sequence[float] | None = None, on_step: Callable[[Step], None] | None = None,
          **params) -> Result:
    """Run a solver to the end, time it, and check its answer against the reference.

    `reference` is True (compute lstsq's answer for the check), False (no check, e.g. in
    benchmarks) or an already computed reference Result (a race shares one).
    """
    spec = SOLVERS.get(method)
    steps = iterate(problem, method, loss=loss, start=start, **params)
    started = time.perf_counter()
    result = run_to_end(steps, on_step)
    result = replace(result, method=method, elapsed_s=time.perf_counter() - started)
    problem = with_loss(problem, loss)
    if reference is True:
        reference = solve(problem, REFERENCE, reference=False) if method != REFERENCE else None
    return assess(problem, spec, result, reference or None)


def compare(problem: Problem, methods: Iterable[str], *, loss: str | None = None) -> tuple[list[Result], Result]:
    """Solve with every method (default hyperparameters) and return them with the reference."""
    methods = list(methods)
    for name in methods:
        SOLVERS.get(name)
    reference = solve(problem, REFERENCE, reference=False, loss=loss)
    results = [solve(problem, name, reference=reference, loss=loss) for name in methods]
    return results, reference

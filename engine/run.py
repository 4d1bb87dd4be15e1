"""Running a solver: `iterate` gives its steps, `solve` its checked answer, `compare` a race."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import replace

import numpy as np

from .constrained import CONSTRAINED_METHODS
from .errors import InputError
from .honesty import assess
from .problem import LOSSES, Problem
from .registry import SOLVERS
from .rescale import rescaled_problem, rescaling_for, run_rescaled
from .steps import Result, Step

#: The method every other answer is checked against.
REFERENCE = "lstsq"
#: Methods that compute in exact fractions: they need no rescaling of extreme data.
EXACT_METHODS = ("exact",)
#: Methods never run on data rescaled column by column: a perpendicular distance mixes the columns'
#: units (TLS would answer another question), and Σ|r| scales like y, not like the quadratic loss;
#: the constrained methods' constraints are written in the original units.
UNRESCALED_METHODS = (*EXACT_METHODS, "tls", "lad", *CONSTRAINED_METHODS)


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
    problem = with_loss(problem, loss).rounded_to(values.pop("precision", "float64"))
    if start is not None:
        if spec.direct:
            raise InputError(f"{method} is a direct method: it takes no start point (--start)")
        start = np.asarray(start, dtype=float)
        if start.shape != (problem.p,) or not np.all(np.isfinite(start)):
            raise InputError(f"the start point needs {problem.p} finite numbers "
                             f"({', '.join(problem.parameter_names)}), got {list(start)}")
        values["start"] = start
    forms_gram = not spec.direct or spec.name in ("normal-inverse", "normal-cholesky")
    rescaled = spec.name not in UNRESCALED_METHODS and problem.precision == "float64"
    rescaling = rescaling_for(problem, via_gram=forms_gram) if rescaled else None
    working = problem if rescaling is None else rescaled_problem(problem, rescaling)
    if start is not None:
        values["start"] = start if rescaling is None else rescaling.theta_to_scaled(start)
        if (refusal := _unreachable(working, method, values["start"])) is not None:
            return _ended(refusal)
    steps = spec.run(working, **values)
    return quiet_floats(steps if rescaling is None else run_rescaled(steps, rescaling))


def _unreachable(problem: Problem, method: str, start: np.ndarray) -> Result | None:
    """A start whose loss or gradient is beyond floating point: no method can descend from it."""
    with np.errstate(all="ignore"):
        w = problem.to_working(start)
        gradient = problem.gram @ w - problem.aty
        loss = 0.5 * float(w @ (problem.gram @ w) - 2.0 * (problem.aty @ w) + problem.yty)
    if np.all(np.isfinite(gradient)) and np.isfinite(loss):
        return None
    return Result(method=method, theta=None, status="failed", iterations=0,
                  message="The start point is so far from the data that its loss is beyond floating point "
                          "(it overflows): choose a start nearer the answer, or leave it at 0.")


def _ended(result: Result) -> Generator[Step, None, Result]:
    """A generator with no step that returns `result` (what iterate gives for a refused run)."""
    return result
    yield  # a generator function: iterate() always hands back steps to drain


def quiet_floats(steps: Generator[Step, None, Result]) -> Generator[Step, None, Result]:
    """Run a solver with numpy's overflow warnings off: a solver reports an overflow as its status
    (diverged, failed), never as a RuntimeWarning printed at the user."""
    while True:
        with np.errstate(all="ignore"):
            try:
                step = next(steps)
            except StopIteration as stop:
                return stop.value
        yield step


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
    except Exception as error:
        if (result := breakdown(error, _name(steps))) is not None:
            return result
        if isinstance(error, InputError) or not isinstance(error, (ValueError, IndexError)):
            raise  # bad input is the caller's to report, not this solver's failure
        # A solver's own bug must cost that solver only: the race and compare go on without it.
        return internal_failure(error, _name(steps))


def breakdown(error: BaseException, method: str) -> Result | None:
    """The failed Result of a numerical breakdown (LAPACK, overflow, division by zero), or None
    for any other error: shared by run_to_end and the GUI's worker, so both say the same."""
    if isinstance(error, np.linalg.LinAlgError):
        return Result(method=method, theta=None, status="failed",
                      message=f"The linear algebra broke down: {error}.")
    if isinstance(error, ArithmeticError):  # OverflowError, ZeroDivisionError, FloatingPointError
        return Result(method=method, theta=None, status="failed",
                      message=f"The arithmetic broke down ({error}): no answer from this method.")
    return None


def internal_failure(error: BaseException, method: str, who: str = "This method") -> Result:
    """The failed Result of a solver's own bug (`who` names it in the message): that solver
    fails, the others go on."""
    return Result(method=method, theta=None, status="failed",
                  message=f"{who} stopped with an internal error ({error_text(error)}); "
                          "the other methods are not affected.")


def error_text(error: BaseException, limit: int = 120) -> str:
    """'TypeName: message' on one line, at most `limit` characters of message."""
    text = " ".join(str(error).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _name(steps) -> str:
    return getattr(steps, "__name__", "solver").removeprefix("run_").replace("_", "-")


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
    # An answer in a lower precision is measured on the data it saw: the same rounded A and y.
    problem = with_loss(problem, loss).rounded_to(spec.parse_params(params).get("precision", "float64"))
    if reference is True:
        reference = solve(problem, REFERENCE, reference=False) if method != REFERENCE else None
    return assess(problem, spec, result, reference or None, params)


def compare(problem: Problem, methods: Iterable[str], *, loss: str | None = None,
            precision: str = "float64") -> tuple[list[Result], Result]:
    """Solve with every method (default hyperparameters, in `precision`) and return them with the
    reference, lstsq in float64 on the data rounded to `precision`.

    A method that cannot compute in `precision` raises InputError (see `methods_in_precision`).
    """
    methods = list(methods)
    for name in methods:
        SOLVERS.get(name)
    params = {} if precision == "float64" else {"precision": precision}
    rounded = with_loss(problem, loss).rounded_to(precision)
    reference = solve(rounded, REFERENCE, reference=False)
    results = [solve(problem, name, reference=reference, loss=loss, **params) for name in methods]
    return results, reference


def methods_in_precision(methods: Iterable[str], precision: str) -> tuple[list[str], list[str]]:
    """(the methods that can compute in `precision`, those that cannot)."""
    able, unable = [], []
    for name in methods:
        (able if precision in SOLVERS.get(name).precisions else unable).append(name)
    return able, unable

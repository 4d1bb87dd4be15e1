"""The nonlinear figures of `main.py bench`: our Levenberg-Marquardt against MINPACK's (scipy's
`least_squares(method="lm")`), measured in the same run.

- Accuracy: on NIST's 27 certified nonlinear problems from both starts (54 cases), how many reach at
  least 6 correct digits (LRE, the least over the parameters) — ours over scipy's, target ≥ 1. A case
  counts for us only if our run also says it converged.
- Speed: a Gaussian peak on 10⁵ points, both given the same exact Jacobian (the formula's): our time
  over scipy's, target ≤ 2 (ours is Python steps around numpy; MINPACK is Fortran).
"""

from __future__ import annotations

import os
import time
import warnings

import numpy as np

from engine.nonlinear import NIST_NONLINEAR, NonlinearProblem, nist_problem, solve_nonlinear
from engine.nonlinear.formula import parse_formula

#: The digits a case must reach to count.
GOOD_DIGITS = 6.0
COUNT_TARGET = 1.0
PEAK_ROWS = min(100_000, int(os.environ.get("LSQLAB_BENCH_ROWS", 100_000)))
PEAK_TARGET = 2.0
PEAK_FORMULA = "a*exp(-((x-m)/s)^2) + c"


def log_relative_error(values, certified) -> float:
    """LRE = −log10(|b − c|/|c|), the least over the parameters, clipped to [0, 11] (NIST's 11 digits)."""
    values, certified = np.asarray(values, dtype=float), np.asarray(certified, dtype=float)
    if values.shape != certified.shape or not np.all(np.isfinite(values)):
        return 0.0
    with np.errstate(divide="ignore"):
        each = -np.log10(np.abs(values - certified) / np.abs(certified))
    return float(np.clip(np.nan_to_num(each, posinf=11.0), 0.0, 11.0).min())


def scipy_lm(problem: NonlinearProblem) -> np.ndarray | None:
    """MINPACK's lm with all tolerances 1e-15 and our exact Jacobian; None if it raised."""
    from scipy.optimize import least_squares
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            fit = least_squares(problem.residual, problem.start, jac=problem.jacobian, method="lm",
                                xtol=1e-15, ftol=1e-15, gtol=1e-15)
        except (ValueError, np.linalg.LinAlgError):
            return None
    return fit.x


def nist_counts() -> tuple[int, int, list[str], list[str]]:
    """(our count ≥ 6 digits, scipy's, the cases only we reach, the cases only scipy reaches)."""
    ours, theirs, only_ours, only_theirs = 0, 0, [], []
    for key in NIST_NONLINEAR:
        for start in (1, 2):
            problem = nist_problem(key, start)
            certified = problem.certified.values
            result = solve_nonlinear(problem, "lm")
            mine = result.status == "converged" and log_relative_error(result.theta, certified) >= GOOD_DIGITS
            x = scipy_lm(problem)
            scipy_good = x is not None and log_relative_error(x, certified) >= GOOD_DIGITS
            ours += mine
            theirs += scipy_good
            case = f"{key.removeprefix('nist-')}/{start}"
            if mine and not scipy_good:
                only_ours.append(case)
            if scipy_good and not mine:
                only_theirs.append(case)
    return ours, theirs, only_ours, only_theirs


def peak_problem(rows: int = PEAK_ROWS) -> NonlinearProblem:
    rng = np.random.default_rng(17)
    x = np.linspace(0.0, 10.0, rows)
    y = 3.0 * np.exp(-((x - 4.2) / 0.9) ** 2) + 0.5 + 0.05 * rng.standard_normal(rows)
    formula = parse_formula(PEAK_FORMULA)  # parameters a, c, m, s
    return NonlinearProblem(formula, x, y, start=np.array([2.0, 0.2, 4.8, 1.5]), name="gaussian-peak")


def nonlinear_figures(figure_type, repeats: int = 3) -> list:
    ours, theirs, only_ours, only_theirs = nist_counts()
    ratio = ours / max(theirs, 1)
    detail = (f"{ours} of 54 NIST cases ≥ {GOOD_DIGITS:g} digits and converged vs scipy lm's {theirs}; "
              f"only ours: {', '.join(only_ours) or 'none'}; only scipy's: {', '.join(only_theirs) or 'none'}")
    figures = [figure_type("nonlinear: LM on the 54 NIST cases ≥ 6 digits, count / scipy lm's count", ratio,
                           COUNT_TARGET, ratio >= COUNT_TARGET, detail, at_least=True)]
    problem = peak_problem()
    from scipy.optimize import least_squares
    mine, theirs_times = [], []
    for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both
        started = time.perf_counter()
        result = solve_nonlinear(problem, "lm")
        mine.append(time.perf_counter() - started)
        started = time.perf_counter()
        fit = least_squares(problem.residual, problem.start, jac=problem.jacobian, method="lm")
        theirs_times.append(time.perf_counter() - started)
    agree = np.max(np.abs(result.theta - fit.x) / np.abs(fit.x)) if result.theta is not None else float("nan")
    ratio = min(mine) / min(theirs_times)
    figures.append(figure_type(
        f"nonlinear peak: LM on a {problem.n:.0e}-point Gaussian peak / scipy least_squares(lm), same Jacobian"
        .replace("e+0", "e"), ratio, PEAK_TARGET, ratio <= PEAK_TARGET,
        f"{min(mine) * 1e3:.0f} ms ({result.iterations} iterations, {result.status}) vs "
        f"{min(theirs_times) * 1e3:.0f} ms ({fit.nfev} evaluations); answers agree to {agree:.1e}"))
    return figures

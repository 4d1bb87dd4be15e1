"""The references of the methods that answer another problem than least squares.

Total least squares (perpendicular distances) and least absolute deviations answer other
questions than lstsq, so comparing their θ with lstsq's would call a correct answer wrong.
Each is checked against its own reference, computed here independently of its solver:
TLS against the SVD by another LAPACK driver (gesvd, where the solver uses numpy's gesdd);
LAD against the exact optimum of the linear program min Σ|r| (scipy's HiGHS dual simplex),
compared by the objective Σ|r|, since LAD's θ may not be unique.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .problem import EPS, Problem
from .steps import Result

#: The methods that are checked against their own reference, never against lstsq.
OWN_REFERENCE_METHODS = ("tls", "lad")
#: Above this many rows the LP is not solved (memory and time): LAD is then said not to be checked.
LP_ROWS = 5_000
#: A converged LAD answer whose Σ|r| exceeds the LP optimum by more than this (relative) is wrong.
LAD_OBJECTIVE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class OwnCheck:
    """How an answer compares with its own reference: `error` is relative (θ for TLS, Σ|r| for LAD),
    `allowed` what rounding excuses, `reference` names it; error None when it was not checked."""

    reference: str
    error: float | None
    allowed: float
    sentence: str

    @property
    def wrong(self) -> bool:
        return self.error is not None and self.error > self.allowed


def assess_own(problem: Problem, result: Result) -> Result:
    """The result with its own reference's verdict: a sentence, the digits, and `failed` if it is wrong."""
    check = check_own(problem, result.method, result.theta)
    diagnostics = dict(result.diagnostics, own_reference=check.reference)
    if check.error is not None:
        diagnostics.update(own_reference_error=float(f"{check.error:.3g}"),
                           digits_vs_own_reference=round(digits_of(check.error), 1))
    if check.wrong and result.status == "converged":
        message = (f"Wrong answer: it differs from {check.reference} by {check.error:.1e} (relative), more than "
                   f"rounding can excuse ({check.allowed:.1e}).")
        return replace(result, status="failed", message=message, diagnostics=diagnostics)
    return replace(result, warnings=(*result.warnings, check.sentence), diagnostics=diagnostics)


def own_digits(result: Result | None) -> float | None:
    """The digits a result agrees with its own reference (None if it has none or was not checked)."""
    if result is None:
        return None
    return result.diagnostics.get("digits_vs_own_reference")


def check_own(problem: Problem, method: str, theta: np.ndarray) -> OwnCheck:
    return _check_tls(problem, theta) if method == "tls" else _check_lad(problem, theta)


def tls_reference(problem: Problem) -> tuple[np.ndarray | None, np.ndarray]:
    """θ of total least squares from scipy's gesvd SVD of the centred [X | y] (None if it has none)."""
    import scipy.linalg

    start = 1 if problem.intercept else 0
    data = np.column_stack([problem.design[:, start:], problem.y])
    means = data.mean(axis=0) if problem.intercept else np.zeros(data.shape[1])
    _, sigma, vt = scipy.linalg.svd(data - means, full_matrices=False, lapack_driver="gesvd")
    if vt.shape[0] < data.shape[1] or vt[-1, -1] == 0:
        return None, sigma
    slopes = -vt[-1, :-1] / vt[-1, -1]
    intercept = [means[-1] - means[:-1] @ slopes] if problem.intercept else []
    return np.array([*intercept, *slopes]), sigma


def _check_tls(problem: Problem, theta: np.ndarray) -> OwnCheck:
    reference, sigma = tls_reference(problem)
    name = "an SVD of the centred data computed separately"
    if reference is None:
        return OwnCheck(name, None, 0.0, "Its own reference (" + name + ") finds no line here.")
    error = float(np.linalg.norm(theta - reference) / max(np.linalg.norm(reference), np.finfo(float).tiny))
    gap = float(sigma[-2] - sigma[-1]) if sigma.size >= 2 else float(sigma[0])
    slopes = reference[1:] if problem.intercept else reference
    v_y = 1.0 / math.sqrt(1.0 + float(slopes @ slopes))  # the y-component of the unit normal
    # a singular vector moves by about u·σmax/gap (Wedin); θ = −v_x/v_y amplifies that by 1/v_y²
    allowed = 16.0 * max(problem.n, problem.p) * EPS * (float(sigma[0]) / max(gap, np.finfo(float).tiny)) / v_y ** 2
    allowed = max(allowed * 10.0, 1e3 * EPS)
    return OwnCheck(name, error, allowed, _agreement("it minimises perpendicular distances",
                                                   name, error))


def lad_optimum(problem: Problem) -> float | None:
    """The exact minimum of Σ|y − Aθ| from the linear program (None if HiGHS did not solve it)."""
    import scipy.sparse
    from scipy.optimize import linprog

    a, y = problem.matrix, problem.y
    n, p = a.shape
    costs = np.concatenate([np.zeros(p), np.ones(2 * n)])
    equalities = scipy.sparse.hstack([scipy.sparse.csr_matrix(a), scipy.sparse.eye(n), -scipy.sparse.eye(n)])
    bounds = [(None, None)] * p + [(0, None)] * (2 * n)
    solution = linprog(costs, A_eq=equalities, b_eq=y, bounds=bounds, method="highs-ds")
    if solution.status != 0:
        return None
    return float(np.abs(y - a @ solution.x[:p]).sum())  # Σ|r| of its θ, not the LP's rounded sum


def _check_lad(problem: Problem, theta: np.ndarray) -> OwnCheck:
    name = "the exact optimum of the linear program min Σ|r|"
    if problem.n > LP_ROWS:
        return OwnCheck(name, None, 0.0, f"Least absolute deviations minimises Σ|r|, another problem than least "
                        f"squares; with n = {problem.n} > {LP_ROWS} it is not checked against an exact optimum.")
    optimum = lad_optimum(problem)
    if optimum is None:
        return OwnCheck(name, None, 0.0, "Least absolute deviations minimises Σ|r|; the linear program of its "
                        "exact optimum was not solved, so it is not checked.")
    ours = float(np.abs(problem.residual(theta)).sum())
    scale = max(optimum, float(np.abs(problem.y).sum()) * EPS, np.finfo(float).tiny)
    error = max(ours - optimum, 0.0) / scale
    return OwnCheck(name, error, LAD_OBJECTIVE_TOLERANCE,
                    _agreement("it minimises Σ|r|", name + ", compared by Σ|r|", error))


def _agreement(what: str, reference: str, error: float) -> str:
    return (f"Agrees to {digits_of(error):.0f} digits with its own reference, {reference}; {what}, another "
            "problem than least squares, so lstsq is not its reference.")


def digits_of(error: float) -> float:
    """Agreeing significant digits of a relative error (capped at a double's ≈ 15.95)."""
    top = -math.log10(EPS / 2)
    if error <= 0:
        return top
    return min(max(-math.log10(error), 0.0), top)

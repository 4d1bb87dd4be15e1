"""The SVD pseudo-inverse, and LAPACK's least squares (the reference of every comparison).

svd computes in any precision: LAPACK's gesdd in float64 and float32, a one-sided Jacobi SVD of
our own (low_precision) for the emulated float16 and bfloat16. lstsq computes in float64 or
float32 only: LAPACK has no float16 or bfloat16 routines. In a lower precision the cut-off is at
least that precision's ε·σmax: smaller singular values are rounding noise there.
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES, Precision
from ..problem import EPS, Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Step
from .common import answer, in_precision, matrix_text, precision_of, small, solution_step, working_matrix
from .low_precision import jacobi_svd, rounding

RCOND = Hyperparameter(
    "rcond", "float", EPS,
    "Relative cut-off: singular values below rcond·σmax are treated as zero. The default ε keeps "
    "every column that carries information (Filip's full rank); numpy's default max(n, p)·ε does not. "
    "In a lower precision the cut-off is at least that precision's ε.",
    low=0.0, high=1.0, log_scale=True)


def _truncation_warning(dropped: int, p: int, cutoff: float) -> str:
    return (f"Truncated: {dropped} of {p} singular values are below the cut-off {cutoff:.2e} and were "
            "treated as zero, so this is the minimum-norm answer of a rank-deficient problem, "
            "not the unique least-squares solution.")


def effective_rcond(rcond: float, precision: Precision) -> float:
    """The cut-off actually used: at least the precision's ε below float64."""
    return rcond if precision.name == "float64" else max(rcond, precision.epsilon)


def run_svd(problem: Problem, rcond: float = EPS):
    """A = UΣVᵀ, θ = V Σ⁺ Uᵀy with σᵢ below rcond·σmax dropped, in the problem's precision."""
    precision = precision_of(problem)
    fl = rounding(precision)
    matrix = working_matrix(problem, precision)
    if precision.emulated:
        u, sigma, vt = jacobi_svd(matrix, precision)
    else:
        u, sigma, vt = np.linalg.svd(matrix, full_matrices=False)
    where = in_precision(precision)
    cutoff = effective_rcond(rcond, precision) * sigma[0]
    keep = sigma > cutoff
    yield Step(k=0, kind="svd", title="A = UΣVᵀ,  σ = " + matrix_text(sigma) + where,
               detail={"sigma": sigma, "v": vt.T, "u": small(problem, u)})
    yield Step(k=1, kind="truncate",
               title=f"keep σ > rcond·σmax = {cutoff:.3g}: {int(keep.sum())} kept, {int((~keep).sum())} dropped",
               detail={"kept": sigma[keep], "dropped": sigma[~keep], "cutoff": cutoff})
    uty = fl(u.T @ precision.fl(problem.y))
    yield Step(k=2, kind="uty", title="Uᵀy = " + matrix_text(uty) + where, detail={"vector": uty})
    coefficients = np.where(keep, fl(uty / np.where(keep, sigma, 1.0)), 0.0).astype(precision.storage)
    theta = fl(vt.T @ coefficients)
    yield solution_step(problem, 3, theta, "θ = V Σ⁺ Uᵀy" + where)
    dropped = int((~keep).sum())
    warnings = (_truncation_warning(dropped, problem.p, cutoff),) if dropped else ()
    return answer(problem, "svd", theta, iterations=4, warnings=warnings,
                  diagnostics={"rank": int(keep.sum()), "sigma": np.asarray(sigma, dtype=float)})


def run_lstsq(problem: Problem, rcond: float = EPS, driver: str = "gelsy"):
    """LAPACK's least-squares driver: the reference answer of every comparison (float64), or the
    same driver's single-precision routine on float32 data."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    precision = precision_of(problem)
    rcond = effective_rcond(rcond, precision)
    matrix = working_matrix(problem, precision)
    theta, _, rank, _ = scipy.linalg.lstsq(matrix, precision.fl(problem.y), cond=rcond,
                                           lapack_driver=driver, check_finite=False)
    routine = driver if precision.name == "float64" else "s" + driver
    yield Step(k=0, kind="lapack", title=f"LAPACK {routine}: numerical rank {rank} of {problem.p}",
               detail={"rank": int(rank)})
    yield solution_step(problem, 1, theta, "θ from LAPACK")
    warnings = ()
    if rank < problem.p:
        warnings = (_truncation_warning(problem.p - int(rank), problem.p, rcond),)
    return answer(problem, "lstsq", theta, iterations=1, warnings=warnings,
                  diagnostics={"rank": int(rank)})


SOLVERS.add(SolverSpec(
    name="lstsq", label="LAPACK least squares (reference)", family="Reference",
    summary="LAPACK's complete orthogonal factorisation (gelsy) with cut-off ε: the reference "
            "every other method is compared with. Computes in float64 or float32 (LAPACK's single-precision "
            "routines); LAPACK has no float16 or bfloat16.",
    run=run_lstsq, kappa_exponent=1, precisions=("float64", "float32"),
    hyperparameters=(RCOND, Hyperparameter(
        "driver", "choice", "gelsy", "LAPACK driver: gelsy (pivoted QR), gelsd (SVD, numpy's), gelss.",
        choices=("gelsy", "gelsd", "gelss")))))

SOLVERS.add(SolverSpec(
    name="svd", label="SVD pseudo-inverse", family="Singular values",
    summary="θ = VΣ⁺Uᵀy: the most robust direct method; small singular values below the cut-off "
            "are dropped (with a warning), giving the minimum-norm answer. Computes in any precision "
            "(float16 and bfloat16 emulated, with a one-sided Jacobi SVD).",
    run=run_svd, hyperparameters=(RCOND,), kappa_exponent=1, scale_invariant=False, precisions=PRECISION_NAMES))

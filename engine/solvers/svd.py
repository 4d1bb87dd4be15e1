"""The SVD pseudo-inverse, and LAPACK's least squares (the reference of every comparison)."""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Step
from .common import answer, matrix_text, small, solution_step

RCOND = Hyperparameter(
    "rcond", "float", EPS,
    "Relative cut-off: singular values below rcond·σmax are treated as zero. The default ε keeps "
    "every column that carries information (Filip's full rank); numpy's default max(n, p)·ε does not.",
    low=0.0, high=1.0, log_scale=True)


def _truncation_warning(dropped: int, p: int, cutoff: float) -> str:
    return (f"Truncated: {dropped} of {p} singular values are below the cut-off {cutoff:.2e} and were "
            "treated as zero, so this is the minimum-norm answer of a rank-deficient problem, "
            "not the unique least-squares solution.")


def run_svd(problem: Problem, rcond: float = EPS):
    """A = UΣVᵀ, θ = V Σ⁺ Uᵀy with σᵢ below rcond·σmax dropped."""
    u, sigma, vt = np.linalg.svd(problem.matrix, full_matrices=False)
    cutoff = rcond * sigma[0]
    keep = sigma > cutoff
    yield Step(k=0, kind="svd", title="A = UΣVᵀ,  σ = " + matrix_text(sigma),
               detail={"sigma": sigma, "v": vt.T, "u": small(problem, u)})
    yield Step(k=1, kind="truncate",
               title=f"keep σ > rcond·σmax = {cutoff:.3g}: {int(keep.sum())} kept, {int((~keep).sum())} dropped",
               detail={"kept": sigma[keep], "dropped": sigma[~keep], "cutoff": cutoff})
    uty = u.T @ problem.y
    yield Step(k=2, kind="uty", title="Uᵀy = " + matrix_text(uty), detail={"vector": uty})
    coefficients = np.where(keep, uty / np.where(keep, sigma, 1.0), 0.0)
    theta = vt.T @ coefficients
    yield solution_step(problem, 3, theta, "θ = V Σ⁺ Uᵀy")
    dropped = int((~keep).sum())
    warnings = (_truncation_warning(dropped, problem.p, cutoff),) if dropped else ()
    return answer(problem, "svd", theta, iterations=4, warnings=warnings,
                  diagnostics={"rank": int(keep.sum()), "sigma": sigma})


def run_lstsq(problem: Problem, rcond: float = EPS, driver: str = "gelsy"):
    """LAPACK's least-squares driver: the reference answer of every comparison."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    theta, _, rank, _ = scipy.linalg.lstsq(problem.matrix, problem.y, cond=rcond,
                                           lapack_driver=driver, check_finite=False)
    yield Step(k=0, kind="lapack", title=f"LAPACK {driver}: numerical rank {rank} of {problem.p}",
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
            "every other method is compared with.",
    run=run_lstsq, kappa_exponent=1,
    hyperparameters=(RCOND, Hyperparameter(
        "driver", "choice", "gelsy", "LAPACK driver: gelsy (pivoted QR), gelsd (SVD, numpy's), gelss.",
        choices=("gelsy", "gelsd", "gelss")))))

SOLVERS.add(SolverSpec(
    name="svd", label="SVD pseudo-inverse", family="Singular values",
    summary="θ = VΣ⁺Uᵀy: the most robust direct method; small singular values below the cut-off "
            "are dropped (with a warning), giving the minimum-norm answer.",
    run=run_svd, hyperparameters=(RCOND,), kappa_exponent=1, scale_invariant=False))

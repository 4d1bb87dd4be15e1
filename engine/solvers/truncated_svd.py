"""Truncated SVD: keep the k largest singular values, drop the rest (the rank-k least-squares answer).

θₖ = Σᵢ≤ₖ (uᵢᵀy / σᵢ)·vᵢ is the shortest θ among the best fits by a rank-k matrix Aₖ = Σᵢ≤ₖ σᵢuᵢvᵢᵀ
(Eckart–Young). With k at the numerical rank it is svd's minimum-norm answer; with k below it, the
answer leaves out directions on purpose: a little worse fit for a much shorter, steadier θ (the
regularisation of ill-posed problems, Hansen's "Rank-Deficient and Discrete Ill-Posed Problems").
"""

from __future__ import annotations

import numpy as np

from ..precision import get_precision
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Step
from .common import answer, matrix_text, small, solution_step

RANK = Hyperparameter(
    "rank", "int", 0,
    "How many singular values to keep, largest first. 0 keeps every one above the usual cut-off "
    "σ₁·max(n, p)·ε (the numerical rank); fewer gives a shorter θ that fits a little worse.",
    low=0, high=10_000)


def numerical_rank(problem: Problem, sigma: np.ndarray) -> tuple[int, float]:
    """(how many σᵢ are above the cut-off, the cut-off σ₁·max(n, p)·ε): numpy's matrix_rank."""
    if sigma.size == 0 or sigma[0] == 0:
        return 0, 0.0
    cutoff = float(sigma[0]) * max(problem.n, problem.p) * get_precision(problem.precision).epsilon
    return int(np.sum(sigma > cutoff)), cutoff


def truncated_solution(u: np.ndarray, sigma: np.ndarray, vt: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Σᵢ<k (uᵢᵀy / σᵢ)·vᵢ: the minimum-norm answer of the rank-k part of A."""
    return vt[:k].T @ ((u[:, :k].T @ y) / sigma[:k])


def _cut_title(k: int, chosen: bool, sigma: np.ndarray, cutoff: float, rank: int) -> str:
    how = f"rank {k} chosen" if chosen else f"{rank} above the cut-off {cutoff:.2e}"
    kept = f"keep σ₁ … σ{k}" if k else "keep none"
    dropped = sigma.size - k
    if dropped == 0:
        return f"{kept} ({how}): every singular value is kept"
    return f"{kept} ({how}); drop {dropped}, the largest dropped σ{k + 1} = {sigma[k]:.3g}"


def _warnings(problem: Problem, k: int, rank: int, chosen: bool) -> tuple[str, ...]:
    if chosen and k < rank:
        return (f"Truncated on purpose: only {k} of the {rank} singular values that carry information are "
                "kept, so this θ differs from the least-squares answer by design: it fits a little worse "
                "and is shorter, the directions of the smallest σ left out.",)
    if k < problem.p:
        return (f"Rank {k} of {problem.p}: {problem.p - k} singular value{'s are' if problem.p - k > 1 else ' is'} "
                "at rounding level, so many θ fit equally well; this is the shortest of them (svd's answer).",)
    return ()


def run_truncated_svd(problem: Problem, rank: int = 0):
    """A = UΣVᵀ; keep the `rank` largest σ (0: the numerical rank); θ = Σᵢ≤ₖ (uᵢᵀy/σᵢ)·vᵢ."""
    u, sigma, vt = np.linalg.svd(problem.matrix, full_matrices=False)
    data_rank, cutoff = numerical_rank(problem, sigma)
    chosen = rank > 0
    k = min(int(rank), sigma.size) if chosen else data_rank
    yield Step(k=0, kind="svd", title="A = UΣVᵀ,  σ = " + matrix_text(sigma),
               detail={"sigma": sigma, "v": vt.T, "u": small(problem, u), "cutoff": cutoff,
                       "numerical_rank": data_rank})
    yield Step(k=1, kind="truncate", title=_cut_title(k, chosen, sigma, cutoff, data_rank),
               detail={"kept": sigma[:k], "dropped": sigma[k:], "cutoff": cutoff, "rank": k})
    uty = u.T @ problem.y
    yield Step(k=2, kind="uty", title="Uᵀy = " + matrix_text(uty), detail={"vector": uty})
    theta = truncated_solution(u, sigma, vt, problem.y, k)
    yield solution_step(problem, 3, theta, f"θ = Σᵢ≤{k} (uᵢᵀy/σᵢ)·vᵢ, the minimum-norm answer of rank {k}")
    diagnostics = {"rank": k, "numerical_rank": data_rank, "sigma": sigma, "cutoff": cutoff}
    if chosen and k < data_rank:
        diagnostics["chosen_rank"] = k  # below the data's own rank: engine/honesty.py does not convict it
    return answer(problem, "svd-truncated", theta, iterations=4, warnings=_warnings(problem, k, data_rank, chosen),
                  diagnostics=diagnostics)


SOLVERS.add(SolverSpec(
    name="svd-truncated", label="Truncated SVD (rank k)", family="Rank",
    summary="The SVD answer keeping only the k largest singular values: at the numerical rank, the "
            "minimum-norm least-squares answer; below it, a shorter θ that ignores the weakest directions.",
    run=run_truncated_svd, hyperparameters=(RANK,), kappa_exponent=1, scale_invariant=False))

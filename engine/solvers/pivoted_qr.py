"""Householder QR with column pivoting: the rank-revealing QR (LAPACK's geqp3, Golub & Van Loan §5.4.1).

At each step the column with the largest remaining norm goes first, so |R₁₁| ≥ |R₂₂| ≥ …: a column
that is (to rounding) a combination of those already taken leaves a pivot at rounding level, and the
rank is the number of pivots above tol = max(n, p)·u·|R₁₁|. The answer is the *basic* solution: the
coefficients of the columns left out are set to 0, and the others solve R₁₁z = c₁. It fits exactly
as well as any least-squares answer; svd's minimum-norm θ is the shortest of them.
"""

from __future__ import annotations

from collections.abc import Generator

import numpy as np

from ..precision import get_precision
from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import answer, augmented, matrix_text, solution_step


def rank_tolerance(problem: Problem, largest_pivot: float) -> float:
    """max(n, p)·u·|R₁₁|: a pivot at or below it is rounding noise, not a new direction."""
    u = get_precision(problem.precision).unit_roundoff
    return max(problem.n, problem.p) * u * abs(largest_pivot)


def _remaining_norms(m: np.ndarray, k: int, p: int) -> np.ndarray:
    """‖column j, rows k…n‖ for the columns not yet taken (recomputed, not downdated: exact enough
    to compare, and no cancellation to guard against)."""
    block = m[k:, k:p]
    return np.sqrt(np.einsum("ij,ij->j", block, block))


def _pivot_title(k: int, label: str, norm: float, others: int) -> str:
    rest = f" of the {others} columns left" if others > 1 else " (the last column left)"
    return (f"pivot {k + 1}: column '{label}' has the largest remaining norm{rest}, {norm:.6g}: "
            f"it goes in position {k + 1}, and a reflection zeroes it below row {k + 1}")


def _reflect(m: np.ndarray, k: int) -> float:
    """Apply the Householder reflection that maps column k (rows k…n) onto α·e_k; return α."""
    x = m[k:, k]
    norm = float(np.linalg.norm(x))
    alpha = -np.copysign(norm, x[0]) if norm > 0 else 0.0
    if norm == 0:
        return 0.0
    v = x.copy()
    v[0] -= alpha
    vv = 2.0 * norm * (norm + abs(float(x[0])))
    rest = m[k:, k + 1:]
    rest -= np.outer(v, (2.0 / vv) * (v @ rest))
    m[k, k] = alpha
    m[k + 1:, k] = 0.0
    return float(alpha)


def _basic_back_substitution(r: np.ndarray, c: np.ndarray, names: list[str], k: int
                             ) -> Generator[Step, None, np.ndarray]:
    """Solve R₁₁z = c₁ from the last row up; names are the pivoted columns' parameters."""
    rank = r.shape[0]
    z = np.zeros(rank)
    for i in range(rank - 1, -1, -1):
        known = float(r[i, i + 1:] @ z[i + 1:])
        z[i] = (c[i] - known) / r[i, i]
        yield Step(k=k, kind="back-substitute",
                   title=(f"row {i + 1}: {r[i, i]:.6g}·{names[i]} = {c[i]:.6g} − {known:.6g}"
                          f"  →  {names[i]} = {z[i]:.6g}"),
                   detail={"row": i, "pivot": float(r[i, i]), "rhs": float(c[i]), "known": known,
                           "value": float(z[i]), "solved": z.copy()})
        k += 1
    return z


def _rank_title(problem: Problem, rank: int, left_out: list[str], tol: float) -> str:
    if not left_out:
        return f"rank {rank} of {problem.p}: every pivot is above tol = {tol:.2e}, no column left out"
    names = ", ".join(f"'{label}'" for label in left_out)
    whose = "their coefficients" if len(left_out) > 1 else "its coefficient"
    return (f"rank {rank} of {problem.p} (pivots above tol = {tol:.2e}): left out {names}, "
            f"{whose} set to 0 (the basic solution)")


def _rank_warning(problem: Problem, rank: int, left_out: list[str]) -> str:
    names = ", ".join(f"'{label}'" for label in left_out)
    return (f"Rank {rank} of {problem.p}: column{'s' if len(left_out) > 1 else ''} {names} "
            f"{'are' if len(left_out) > 1 else 'is'} (to rounding) a combination of the others, so "
            f"{'their coefficients are' if len(left_out) > 1 else 'its coefficient is'} set to 0: the basic "
            "solution. It fits as well as any least-squares answer; svd gives the shortest θ that does.")


def run_pivoted_qr(problem: Problem):
    """Pivot the largest remaining column first, reflect it, stop at the rank; solve for the basic θ."""
    n, p = problem.n, problem.p
    labels = list(problem.working_labels)
    names = list(problem.working_parameter_names)
    m = augmented(problem, order="C")
    order = np.arange(p)
    tol = 0.0
    rank = 0
    for k in range(min(n, p)):
        norms = _remaining_norms(m, k, p)
        j = k + int(np.argmax(norms))
        largest = float(norms[j - k])
        if k == 0:
            tol = rank_tolerance(problem, largest)  # the first pivot's norm is |R₁₁|
        if largest <= tol:
            break
        candidates = tuple(labels[c] for c in order[k:])  # the columns left, in their places before the swap
        m[:, [k, j]] = m[:, [j, k]]
        order[[k, j]] = order[[j, k]]
        alpha = _reflect(m, k)
        rank = k + 1
        yield Step(k=k, kind="pivot", title=_pivot_title(k, labels[order[k]], largest, p - k),
                   detail={"position": k, "column": int(order[k]), "label": labels[order[k]],
                           "norm": largest, "remaining_norms": norms, "candidates": candidates, "alpha": alpha,
                           "order": order.copy()})
    left_out = [labels[j] for j in order[rank:]]
    r = np.triu(m[:rank, :rank])
    c = m[:rank, p].copy()
    pivoted_names = [names[j] for j in order[:rank]]
    yield Step(k=rank, kind="rank", title=_rank_title(problem, rank, left_out, tol),
               detail={"rank": rank, "tol": tol, "order": order.copy(), "left_out": tuple(left_out),
                       "pivots": np.abs(np.diag(r))})
    yield Step(k=rank + 1, kind="qty", title="Qᵀy = " + matrix_text(c), detail={"vector": c})
    z = yield from _basic_back_substitution(r, c, pivoted_names, rank + 2)
    theta = np.zeros(p)
    theta[order[:rank]] = z
    yield solution_step(problem, 2 * rank + 2, theta, "θ = R₁₁⁻¹Qᵀy, the columns left out at 0")
    warnings = (_rank_warning(problem, rank, left_out),) if left_out else ()
    return answer(problem, "qr-pivoted", theta, iterations=rank, warnings=warnings,
                  diagnostics={"rank": rank, "order": [int(j) for j in order], "left_out": left_out,
                               "tolerance": tol, "r": r,
                               "residual_norm": float(np.linalg.norm(m[rank:, p]))})


SOLVERS.add(SolverSpec(
    name="qr-pivoted", label="Pivoted QR (rank-revealing)", family="Rank",
    summary="Householder QR that takes the column with the largest remaining norm first: the pivots "
            "reveal the rank, and the columns that add nothing new are left out (their coefficients 0).",
    run=run_pivoted_qr, kappa_exponent=1))

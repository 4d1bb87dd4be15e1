"""Gram-Schmidt QR: classical (cgs) and modified (mgs), then Qᵀy and back substitution.

Both build q₁, q₂, ... one column at a time, as on the board: take column aⱼ, subtract its
projections rᵢⱼ·qᵢ on the earlier q's, and normalise the remainder. Classical computes every
rᵢⱼ from the original aⱼ and loses orthogonality like κ(A)²; modified subtracts each
projection as soon as qᵢ exists, and with y carried along as an extra column (Björck) it is
as accurate as Householder for least squares.

Each yields one idea per step (gram_schmidt_steps): project, subtract, normalise. Classical works
column by column (column j: project it on q₁ … qⱼ₋₁, subtract, normalise); modified, as soon as
qⱼ is normalised, projects every later column on it and subtracts, so a later column is projected
as it stands, not as it started.
"""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import DETAIL_ROWS
from .common import (
    augmented,
    columns_dot,
    dependence_tolerance,
    dependent_column_message,
    failure,
    finish_qr,
    rank_one_update,
    small,
    underdetermined,
)
from .gram_schmidt_steps import normalise_step, project_step, subtract_step


def run_cgs(problem: Problem):
    """Classical Gram-Schmidt: rᵢⱼ = qᵢ·aⱼ for all i < j at once, from the original column."""
    if (short := underdetermined(problem, "cgs")) is not None:
        return short
    n, p = problem.n, problem.p
    tol = dependence_tolerance(problem)
    a = problem.matrix
    q = np.zeros((n, p), order="F")
    r = np.zeros((p, p))
    k = 0
    for j in range(p):
        v = a[:, j]
        if j:
            earlier = list(range(j))
            r[:j, j] = columns_dot(q[:, :j], a[:, j])
            yield project_step(problem, k, r, earlier, [j] * j, finished=j, vectors=a[:, j:j + 1], q=q,
                               classical=True)
            v = a[:, j] - q[:, :j] @ r[:j, j]
            yield subtract_step(problem, k + 1, r, earlier, [j] * j, finished=j, before=a[:, j:j + 1],
                                after=v[:, None], q=q, classical=True)
            k += 2
        r[j, j] = np.linalg.norm(v)
        if r[j, j] <= tol:
            return failure("cgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        q[:, j] = v / r[j, j]
        yield normalise_step(problem, k, j, r, v, q)
        k += 1
    qty = columns_dot(q, problem.y)
    return (yield from finish_qr(problem, "cgs", r, qty, k, {"q": small(problem, q)}))


def run_mgs(problem: Problem):
    """Modified Gram-Schmidt on [A | y]: as soon as qⱼ exists it is removed from every later
    column and from y, so Qᵀy comes out of the same sweep (backward stable for least squares)."""
    if (short := underdetermined(problem, "mgs")) is not None:
        return short
    p = problem.p
    detailed = problem.n <= DETAIL_ROWS
    m = augmented(problem)
    tol = dependence_tolerance(problem, m)
    r = np.zeros((p, p))
    qty = np.zeros(p)
    k = 0
    for j in range(p):
        v = m[:, j].copy() if detailed else None
        r[j, j] = np.linalg.norm(m[:, j])
        if r[j, j] <= tol:
            return failure("mgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        m[:, j] /= r[j, j]
        yield normalise_step(problem, k, j, r, v, m)
        k += 1
        coefficients = columns_dot(m[:, j + 1:], m[:, j])  # the later columns of A, then y
        r[j, j + 1:] = coefficients[:-1]
        qty[j] = coefficients[-1]
        later = list(range(j + 1, p))
        if later:
            yield project_step(problem, k, r, [j] * len(later), later, finished=j + 1, vectors=m[:, j + 1:p],
                               q=m, classical=False)
        before = m[:, j + 1:p].copy() if detailed and later else None
        rank_one_update(m[:, j + 1:], m[:, j], coefficients, -1.0)
        if later:
            yield subtract_step(problem, k + 1, r, [j] * len(later), later, finished=j + 1, before=before,
                                after=m[:, j + 1:p], q=m, classical=False)
            k += 2
    return (yield from finish_qr(problem, "mgs", r, qty, k, {"q": small(problem, m[:, :p])}))


SOLVERS.add(SolverSpec(
    name="cgs", label="QR by classical Gram-Schmidt", family="QR factorisation",
    summary="The board method: each column minus its projections on the earlier q's, "
            "computed from the original column (shown step by step: project, subtract, normalise). "
            "Loses orthogonality like κ(A)².",
    run=run_cgs, kappa_exponent=2))

SOLVERS.add(SolverSpec(
    name="mgs", label="QR by modified Gram-Schmidt", family="QR factorisation",
    summary="Gram-Schmidt that removes each new q from the remaining columns and from y at once "
            "(shown step by step: normalise, project, subtract): as accurate as Householder for least squares.",
    run=run_mgs, kappa_exponent=1))

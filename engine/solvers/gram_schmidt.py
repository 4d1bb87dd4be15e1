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

Both compute in the problem's precision: float32 natively (BLAS sgemv/sger), float16 and
bfloat16 emulated with every operation rounded (inner products accumulated in float32, rounded once).
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES
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
    precision_of,
    rank_one_update,
    small,
    underdetermined,
    vector_norm,
    working_matrix,
)
from .gram_schmidt_steps import normalise_step, project_step, subtract_step
from .low_precision import rounding


def run_cgs(problem: Problem):
    """Classical Gram-Schmidt: rᵢⱼ = qᵢ·aⱼ for all i < j at once, from the original column."""
    if (short := underdetermined(problem, "cgs")) is not None:
        return short
    n, p = problem.n, problem.p
    precision = precision_of(problem)
    fl = rounding(precision)
    a = working_matrix(problem, precision)
    tol = dependence_tolerance(problem, a, precision)
    q = np.zeros((n, p), order="F", dtype=precision.storage)
    r = np.zeros((p, p), dtype=precision.storage)
    k = 0
    for j in range(p):
        v = a[:, j]
        if j:
            earlier = list(range(j))
            r[:j, j] = columns_dot(q[:, :j], a[:, j], precision)
            yield project_step(problem, k, r, earlier, [j] * j, finished=j, vectors=a[:, j:j + 1], q=q,
                               classical=True)
            v = fl(a[:, j] - fl(q[:, :j] @ r[:j, j]))
            yield subtract_step(problem, k + 1, r, earlier, [j] * j, finished=j, before=a[:, j:j + 1],
                                after=v[:, None], q=q, classical=True)
            k += 2
        r[j, j] = vector_norm(v, precision)
        if r[j, j] <= tol:
            return failure("cgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        q[:, j] = fl(v / r[j, j])
        yield normalise_step(problem, k, j, r, v, q)
        k += 1
    qty = columns_dot(q, precision.fl(problem.y), precision)
    return (yield from finish_qr(problem, "cgs", r, qty, k, {"q": small(problem, q)}, precision))


def run_mgs(problem: Problem):
    """Modified Gram-Schmidt on [A | y]: as soon as qⱼ exists it is removed from every later
    column and from y, so Qᵀy comes out of the same sweep (backward stable for least squares)."""
    if (short := underdetermined(problem, "mgs")) is not None:
        return short
    p = problem.p
    precision = precision_of(problem)
    detailed = problem.n <= DETAIL_ROWS
    m = augmented(problem, precision=precision)
    tol = dependence_tolerance(problem, m, precision)
    r = np.zeros((p, p), dtype=precision.storage)
    qty = np.zeros(p, dtype=precision.storage)
    k = 0
    for j in range(p):
        v = m[:, j].copy() if detailed else None
        r[j, j] = vector_norm(m[:, j], precision)
        if r[j, j] <= tol:
            return failure("mgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        m[:, j] /= r[j, j]
        if precision.emulated:
            m[:, j] = rounding(precision)(m[:, j])
        yield normalise_step(problem, k, j, r, v, m)
        k += 1
        coefficients = columns_dot(m[:, j + 1:], m[:, j], precision)  # the later columns of A, then y
        r[j, j + 1:] = coefficients[:-1]
        qty[j] = coefficients[-1]
        later = list(range(j + 1, p))
        if later:
            yield project_step(problem, k, r, [j] * len(later), later, finished=j + 1, vectors=m[:, j + 1:p],
                               q=m, classical=False)
        before = m[:, j + 1:p].copy() if detailed and later else None
        rank_one_update(m[:, j + 1:], m[:, j], coefficients, -1.0, precision)
        if later:
            yield subtract_step(problem, k + 1, r, [j] * len(later), later, finished=j + 1, before=before,
                                after=m[:, j + 1:p], q=m, classical=False)
            k += 2
    return (yield from finish_qr(problem, "mgs", r, qty, k, {"q": small(problem, m[:, :p])}, precision))


SOLVERS.add(SolverSpec(
    name="cgs", label="QR by classical Gram-Schmidt", family="QR factorisation",
    summary="The board method: each column minus its projections on the earlier q's, "
            "computed from the original column (shown step by step: project, subtract, normalise). "
            "Loses orthogonality like κ(A)². Computes in any precision (float16 and bfloat16 emulated).",
    run=run_cgs, kappa_exponent=2, precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="mgs", label="QR by modified Gram-Schmidt", family="QR factorisation",
    summary="Gram-Schmidt that removes each new q from the remaining columns and from y at once "
            "(shown step by step: normalise, project, subtract): as accurate as Householder for least squares. "
            "Computes in any precision (float16 and bfloat16 emulated).",
    run=run_mgs, kappa_exponent=1, precisions=PRECISION_NAMES))

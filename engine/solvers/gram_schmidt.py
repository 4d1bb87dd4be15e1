"""Gram-Schmidt QR: classical (cgs) and modified (mgs), then Qᵀy and back substitution.

Both build q₁, q₂, ... one column at a time, as on the board: take column aⱼ, subtract its
projections rᵢⱼ·qᵢ on the earlier q's, and normalise the remainder. Classical computes every
rᵢⱼ from the original aⱼ and loses orthogonality like κ(A)²; modified subtracts each
projection as soon as qᵢ exists, and with y carried along as an extra column (Björck) it is
as accurate as Householder for least squares.
"""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
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


def _column_step(problem: Problem, k: int, j: int, r: np.ndarray, remainder: np.ndarray,
                 q_columns: np.ndarray) -> Step:
    """The board step for column j: coefficients subtracted, remainder, its norm, new qⱼ."""
    labels = problem.working_labels
    coefficients = r[:j, j].copy()
    norm = r[j, j]
    parts = " − ".join([f"column {labels[j]}"] + [f"{c:.6g}·q{i + 1}" for i, c in enumerate(coefficients)])
    title = f"v{j + 1} = {parts};  ‖v{j + 1}‖ = {norm:.6g};  q{j + 1} = v{j + 1}/‖v{j + 1}‖"
    detail = {"column": j, "label": labels[j], "coefficients": coefficients, "norm": float(norm),
              "r": r.copy()}
    if small(problem, remainder) is not None:
        a = problem.matrix[:, j]
        detail.update(column_vector=a.copy(), remainder=remainder.copy(),
                      q=q_columns[:, j].copy(), q_so_far=q_columns[:, :j + 1].copy(),
                      projections=np.array([c * q_columns[:, i] for i, c in enumerate(coefficients)])
                      .reshape(j, problem.n))
    return Step(k=k, kind="orthogonalize", title=title, detail=detail)


def run_cgs(problem: Problem):
    """Classical Gram-Schmidt: rᵢⱼ = qᵢ·aⱼ for all i < j at once, from the original column."""
    if (short := underdetermined(problem, "cgs")) is not None:
        return short
    n, p = problem.n, problem.p
    tol = dependence_tolerance(problem)
    a = problem.matrix
    q = np.zeros((n, p), order="F")
    r = np.zeros((p, p))
    for j in range(p):
        r[:j, j] = columns_dot(q[:, :j], a[:, j])
        v = a[:, j] - q[:, :j] @ r[:j, j]
        r[j, j] = np.linalg.norm(v)
        if r[j, j] <= tol:
            return failure("cgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        q[:, j] = v / r[j, j]
        yield _column_step(problem, j, j, r, v, q)
    qty = columns_dot(q, problem.y)
    return (yield from finish_qr(problem, "cgs", r, qty, p, {"q": small(problem, q)}))


def run_mgs(problem: Problem):
    """Modified Gram-Schmidt on [A | y]: as soon as qⱼ exists it is removed from every later
    column and from y, so Qᵀy comes out of the same sweep (backward stable for least squares)."""
    if (short := underdetermined(problem, "mgs")) is not None:
        return short
    p = problem.p
    m = augmented(problem)
    tol = dependence_tolerance(problem, m)
    r = np.zeros((p, p))
    qty = np.zeros(p)
    for j in range(p):
        v = m[:, j].copy() if problem.n <= 10 else None
        r[j, j] = np.linalg.norm(m[:, j])
        if r[j, j] <= tol:
            return failure("mgs", dependent_column_message(problem, j, r[j, j]), iterations=j)
        m[:, j] /= r[j, j]
        coefficients = columns_dot(m[:, j + 1:], m[:, j])
        rank_one_update(m[:, j + 1:], m[:, j], coefficients, -1.0)
        r[j, j + 1:] = coefficients[:-1]
        qty[j] = coefficients[-1]
        yield _column_step(problem, j, j, r, v if v is not None else m[:, j], m)
    return (yield from finish_qr(problem, "mgs", r, qty, p, {"q": small(problem, m[:, :p])}))


SOLVERS.add(SolverSpec(
    name="cgs", label="QR by classical Gram-Schmidt", family="QR factorisation",
    summary="The board method: each column minus its projections on the earlier q's, "
            "computed from the original column. Loses orthogonality like κ(A)².",
    run=run_cgs, kappa_exponent=2))

SOLVERS.add(SolverSpec(
    name="mgs", label="QR by modified Gram-Schmidt", family="QR factorisation",
    summary="Gram-Schmidt that removes each new q from the remaining columns and from y at once: "
            "as accurate as Householder for least squares.",
    run=run_mgs, kappa_exponent=1))

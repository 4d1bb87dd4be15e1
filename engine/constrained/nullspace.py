"""Equality-constrained least squares by the null-space method.

Cᵀ = Q·[R; 0] (Householder QR): θₚ = Q₁R⁻ᵀd satisfies C θ = d, and the last p − m columns Z of Q
span the directions C leaves free (C Z = 0). Every θ = θₚ + Z z satisfies the constraints, so what
is left is an ordinary least-squares problem in z, min ‖(AZ) z − (y − Aθₚ)‖, solved by Householder
QR: orthogonal transformations only, so about κ digits are lost, not κ².
"""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import (
    DETAIL_SIZE,
    column_scales,
    constrained_answer,
    constraint_labels,
    constraints_of,
    failed,
    price_sentence,
    values_text,
)
from .kkt import bounds_refusal, too_many


def _small(matrix: np.ndarray) -> dict:
    return {"matrix": matrix} if max(matrix.shape, default=0) <= DETAIL_SIZE else {}


def run_nullspace(problem: Problem):
    """QR of Cᵀ, θₚ, Z, the reduced problem by Householder QR, θ = θₚ + Z z, then λ."""
    import scipy.linalg

    if (refusal := bounds_refusal(problem, "nullspace") or too_many(problem, "nullspace")) is not None:
        return refusal
    constraints = constraints_of(problem)
    a, y, d = problem.design, problem.y, constraints.rhs
    p, m, n = problem.p, constraints.count, problem.n
    scales = column_scales(a)
    scaled_a, scaled_c = a / scales, constraints.matrix / scales
    q, r = scipy.linalg.qr(scaled_c.T) if m else (np.eye(p), np.zeros((p, 0)))
    r1 = r[:m, :m]
    pivots = np.abs(np.diag(r1))
    row_sizes = np.linalg.norm(scaled_c, axis=1)
    if m and np.any(pivots <= max(p, m) * EPS * row_sizes.max()):
        i = int(np.argmax(pivots <= max(p, m) * EPS * row_sizes.max()))
        return failed("nullspace", f"The constraints are dependent: constraint {i + 1} is (to rounding) a "
                      "combination of the ones before it, so they repeat or contradict each other. Remove it.")
    yield Step(k=0, kind="qr-of-ct", title=f"Cᵀ = Q·[R; 0] by Householder QR ({p} × {m}): Q's first {m} "
                                           f"column{'s' * (m != 1)} span the constrained directions",
               detail={"R": r1, **_small(q)})
    u = scipy.linalg.solve_triangular(r1, d, trans="T") if m else np.zeros(0)
    q1, z_basis = q[:, :m], q[:, m:]
    particular = q1 @ u
    theta_p = particular / scales
    yield Step(k=1, kind="particular",
               title=f"θₚ = Q₁R⁻ᵀd satisfies C θ = d: {values_text(problem.parameter_names, theta_p)}",
               theta=theta_p, loss=problem.loss(theta_p))
    columns = f"{p - m} column{'s' * (p - m != 1)}"
    yield Step(k=2, kind="null-space", title=f"Z = the last {columns} of Q: C Z = 0, so θ = θₚ + Z z satisfies "
                                             "C θ = d for every z", detail=_small(z_basis))
    reduced = scaled_a @ z_basis
    target = y - scaled_a @ particular
    if p > m:
        if n < p - m:
            return failed("nullspace", f"Underdetermined: n = {n} points leave {p - m} free directions "
                          "after the constraints, so many curves fit equally well. Add points or constraints.",
                          iterations=3)
        qr_q, qr_r = scipy.linalg.qr(reduced, mode="economic")
        sizes = np.linalg.norm(reduced, axis=0)
        weak = np.abs(np.diag(qr_r)) <= max(n, p) * EPS * np.maximum(sizes, np.finfo(float).tiny)
        if np.any(weak):
            return failed("nullspace", "The columns of A are linearly dependent in the directions the constraints "
                          "leave free, so there is no unique answer. Lower the degree or add a constraint.",
                          iterations=3)
        z = scipy.linalg.solve_triangular(qr_r, qr_q.T @ target)
    else:
        qr_r, z = np.zeros((0, 0)), np.zeros(0)
    yield Step(k=3, kind="reduced", title=f"min ‖(AZ) z − (y − Aθₚ)‖ by Householder QR of AZ ({n} × {p - m}): "
                                          f"z = {np.array2string(z, precision=4)}",
               detail={"R": qr_r, "z": z})
    theta = (particular + z_basis @ z) / scales
    yield Step(k=4, kind="solution", title=f"θ = θₚ + Z z = {values_text(problem.parameter_names, theta)}",
               theta=theta, loss=problem.loss(theta))
    residual = y - a @ theta
    multipliers = (scipy.linalg.solve_triangular(r1, q1.T @ (scaled_a.T @ residual)) * problem.loss_scale
                   if m else np.zeros(0))
    labels = constraint_labels(constraints)
    sentences = [price_sentence(label, value) for label, value in zip(labels, multipliers)]
    yield Step(k=5, kind="multipliers",
               title="Cᵀλ = Aᵀr gives the price of each constraint: "
                     + ("; ".join(sentences) if m else "no constraint, no price"),
               theta=theta, loss=problem.loss(theta), detail={"multipliers": multipliers, "labels": tuple(labels)})
    return constrained_answer(problem, "nullspace", theta, iterations=6,
                              diagnostics={"multipliers": dict(zip(labels, map(float, multipliers)))})


SOLVERS.add(SolverSpec(
    name="nullspace", label="Constrained: null-space method (QR)", family="Constrained least squares",
    summary="Equality constraints C θ = d by QR of Cᵀ: a θ that satisfies them plus any step in the directions "
            "they leave free, then an ordinary least-squares problem in those directions by Householder QR.",
    run=run_nullspace, kappa_exponent=1))

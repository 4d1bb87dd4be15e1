"""Equality-constrained least squares by the Lagrangian: the KKT system.

L(θ, λ) = ½‖Aθ − y‖² + λᵀ(Cθ − d) is stationary where [[AᵀA, Cᵀ], [C, 0]]·[θ; λ] = [Aᵀy; d].
Solved stably: the columns scaled to unit length, the constraint rows to the size of AᵀA, LU with
partial pivoting, then iterative refinement in float64 (componentwise backward stable, so C θ = d
holds to rounding). The matrix holds AᵀA, so its condition is about κ(A)²: the null-space method
is the one to use on ill-conditioned data.
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

#: Steps of iterative refinement after the LU solve.
REFINEMENTS = 2
BOUNDS_NEED_BVLS = ("{method} solves equality constraints C θ = d; bounds on the coefficients ({texts}) need "
                    "bvls (a bound is an inequality: it may or may not be active at the answer)")


def bounds_refusal(problem: Problem, method: str):
    """The failed Result of an equality method given bounds (None when it has none)."""
    constraints = constraints_of(problem)
    if not constraints.has_bounds:
        return None
    texts = "; ".join(t for t in constraints.texts if any(s in t for s in "<>≤≥")) or "lower ≤ θ ≤ upper"
    return failed(method, BOUNDS_NEED_BVLS.format(method=method, texts=texts) + ".")


def too_many(problem: Problem, method: str):
    m = constraints_of(problem).count
    if m <= problem.p:
        return None
    return failed(method, f"{m} equality constraints for {problem.p} parameters: at most {problem.p} can hold at "
                  "once (remove some, or raise the degree).")


def run_kkt(problem: Problem):
    """Lagrangian, KKT matrix, one stable solve, θ, then the multipliers λ as prices."""
    if (refusal := bounds_refusal(problem, "kkt") or too_many(problem, "kkt")) is not None:
        return refusal
    constraints = constraints_of(problem)
    a, y, c, d = problem.design, problem.y, constraints.matrix, constraints.rhs
    p, m = problem.p, constraints.count
    yield Step(k=0, kind="lagrangian",
               title="L(θ, λ) = ½‖Aθ − y‖² + λᵀ(Cθ − d): set ∂L/∂θ = AᵀAθ − Aᵀy + Cᵀλ = 0 and ∂L/∂λ = Cθ − d = 0",
               detail={"C": c, "d": d, "constraints": constraints.texts})
    scales = column_scales(a)
    scaled_a, scaled_c = a / scales, c / scales
    gram = scaled_a.T @ scaled_a
    gram = (gram + gram.T) / 2
    rows = np.linalg.norm(scaled_c, axis=1)
    if np.any(rows == 0):
        return failed("kkt", f"constraint {int(np.argmin(rows)) + 1} has no parameter in it (all its coefficients "
                      "are 0).", iterations=1)
    gamma = max(float(np.linalg.norm(gram, 2)), np.finfo(float).tiny)
    unit_c = scaled_c / rows[:, None]
    kkt = np.block([[gram, gamma * unit_c.T], [gamma * unit_c, np.zeros((m, m))]])
    rhs = np.concatenate([scaled_a.T @ y, gamma * d / rows])
    detail = {"size": p + m}
    if p + m <= DETAIL_SIZE:
        detail.update(kkt=np.block([[a.T @ a, c.T], [c, np.zeros((m, m))]]), rhs=np.concatenate([a.T @ y, d]))
    yield Step(k=1, kind="kkt-matrix",
               title=f"KKT system [[AᵀA, Cᵀ], [C, 0]]·[θ; λ] = [Aᵀy; d]: {p + m} equations for {p} parameters "
                     f"and {m} multiplier{'s' * (m != 1)}", detail=detail)
    condition = float(np.linalg.cond(kkt))
    if not np.isfinite(condition) or condition * EPS >= 1:
        return failed("kkt", f"The KKT matrix is singular to rounding (κ ≈ {condition:.1e}): the constraints are "
                      "dependent or contradict each other, or the columns of A are dependent where the constraints "
                      "leave freedom, so there is no unique answer.", iterations=2)
    import scipy.linalg

    factors = scipy.linalg.lu_factor(kkt, check_finite=False)
    solution = scipy.linalg.lu_solve(factors, rhs, check_finite=False)
    residuals = []
    for _ in range(REFINEMENTS):
        residual = rhs - kkt @ solution
        residuals.append(float(np.linalg.norm(residual)))
        solution = solution + scipy.linalg.lu_solve(factors, residual, check_finite=False)
    theta = solution[:p] / scales
    multipliers = gamma * solution[p:] / rows * problem.loss_scale
    yield Step(k=2, kind="solve",
               title=f"LU with partial pivoting of the balanced KKT matrix (κ ≈ {condition:.1e}), refined "
                     f"{REFINEMENTS} times: ‖residual‖ {residuals[0]:.1e} → "
                     f"{float(np.linalg.norm(rhs - kkt @ solution)):.1e}",
               detail={"condition": condition, "refinement_residuals": np.array(residuals)})
    yield Step(k=3, kind="solution", title=f"θ = {values_text(problem.parameter_names, theta)}; "
                                           f"C θ − d = {np.array2string(c @ theta - d, precision=2)}",
               theta=theta, loss=problem.loss(theta))
    labels = constraint_labels(constraints)
    sentences = [price_sentence(label, value) for label, value in zip(labels, multipliers)]
    yield Step(k=4, kind="multipliers",
               title="The price of each constraint: " + ("; ".join(sentences) if m else "no constraint, no price"),
               theta=theta, loss=problem.loss(theta), detail={"multipliers": multipliers, "labels": tuple(labels)})
    return constrained_answer(problem, "kkt", theta, iterations=5,
                              diagnostics={"multipliers": dict(zip(labels, map(float, multipliers))),
                                           "kkt_condition": float(f"{condition:.3g}")})


SOLVERS.add(SolverSpec(
    name="kkt", label="Constrained: KKT (Lagrange multipliers)", family="Constrained least squares",
    summary="Equality constraints C θ = d by the Lagrangian: one linear system [[AᵀA, Cᵀ], [C, 0]] gives θ and the "
            "multipliers λ, the price of each constraint. It holds AᵀA, so it loses digits like the normal equations.",
    run=run_kkt, kappa_exponent=2))

"""Householder QR: one reflection per column zeroes everything below the diagonal.

Each reflector H = I − 2vvᵀ/(vᵀv) is orthogonal, so rounding errors are never amplified:
the method LAPACK uses. y is carried along as an extra column, so Qᵀy comes for free.
It computes in the problem's precision (householder_kernel: BLAS s-routines for float32,
every operation rounded for the emulated float16 and bfloat16).
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, SolverSpec
from ..steps import Step
from .common import (
    augmented,
    dependence_tolerance,
    dependent_column_message,
    failure,
    finish_qr,
    precision_of,
    small,
    underdetermined,
)
from .householder_kernel import column_norm, reflect_column


def _reflect_step(problem: Problem, k: int, v: np.ndarray, v_norm: float, alpha: float, m: np.ndarray) -> Step:
    p = problem.p
    labels = problem.working_labels
    title = (f"H{k + 1} = I − 2vvᵀ/vᵀv maps column '{labels[k]}' (rows {k + 1}…{problem.n}) "
             f"onto {alpha:.6g}·e{k + 1}")
    top = np.triu(m[:p + 1, :p + 1], 0) if p + 1 <= m.shape[0] else np.triu(m[:, :p + 1])
    top[:, k + 1:] = m[:top.shape[0], k + 1:p + 1]
    detail = {"column": k, "label": labels[k], "alpha": float(alpha),
              "v_norm": v_norm, "top": top}
    if small(problem, v) is not None:
        after = m[:, :p + 1].copy()
        for j in range(k + 1):
            after[j + 1:, j] = 0.0
        detail.update(v=v.copy(), matrix_after=after)
    return Step(k=k, kind="reflect", title=title, detail=detail)


def run_householder(problem: Problem):
    """Reflect column k of [A | y] onto ±‖x‖e_k, for k = 0 … p−1; then back substitution."""
    if (short := underdetermined(problem, "householder")) is not None:
        return short
    n, p = problem.n, problem.p
    precision = precision_of(problem)
    m = augmented(problem, precision=precision)
    tol = dependence_tolerance(problem, m, precision)
    for k in range(p):
        norm = column_norm(m, k, precision)
        if norm <= tol:
            return failure("householder", dependent_column_message(problem, k, norm), iterations=k)
        reflection = reflect_column(m, k, norm, precision)
        if n <= 10:
            m[k + 1:, k] = 0.0
        yield _reflect_step(problem, k, reflection.textbook_v, reflection.v_norm, reflection.alpha, m)
    return (yield from finish_qr(problem, "householder", np.triu(m[:p, :p]), m[:p, p].copy(), p,
                                 {"residual_norm": float(np.linalg.norm(m[p:, p]))}, precision))


SOLVERS.add(SolverSpec(
    name="householder", label="QR by Householder reflections", family="QR factorisation",
    summary="Each column is reflected onto a multiple of e_k by an orthogonal mirror: "
            "the backward-stable QR that LAPACK uses. Computes in any precision (float32 with BLAS's "
            "single-precision routines; float16 and bfloat16 emulated, every operation rounded).",
    run=run_householder, kappa_exponent=1, precisions=PRECISION_NAMES))

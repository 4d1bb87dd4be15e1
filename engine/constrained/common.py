"""What the constrained solvers share: reading the problem's constraints, column equilibration,
the answer, and the multipliers explained as prices."""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..safe_norms import safe_column_norms
from ..steps import Result
from .constraints import LinearConstraints

#: The three methods of this family (run.py never rescales them; honesty checks them here).
CONSTRAINED_METHODS = ("kkt", "nullspace", "bvls")
#: A board step carries whole matrices (the KKT matrix, Q, Z) up to this many rows and columns.
DETAIL_SIZE = 10

NO_CONSTRAINT_NOTE = ("No constraint was given, so this is the free least-squares fit. Add one, e.g. "
                      "'B0 + B1 = 1', 'through 2, 3' or '0 <= B1 <= 2' (Fit > Constraints, or --constraint).")


def constraints_of(problem: Problem) -> LinearConstraints:
    """The problem's constraints (none if it has none)."""
    constraints = getattr(problem, "constraints", None)
    return constraints if constraints is not None else LinearConstraints.none(problem.p)


def constraint_labels(constraints: LinearConstraints) -> list[str]:
    """A name per equality row: its text when it came from one, else 'constraint i'."""
    equation_texts = [t for t in constraints.texts if not any(s in t for s in ("<", ">", "≤", "≥"))]
    if len(equation_texts) == constraints.count and len(set(equation_texts)) == constraints.count:
        return equation_texts
    return [f"constraint {i + 1}" for i in range(constraints.count)]


def column_scales(design: np.ndarray) -> np.ndarray:
    """D = the column norms of A (1 for a zero column): the solvers work with A·D⁻¹ and φ = D·θ,
    so a column of x¹⁰ and the intercept count alike (θ and the multipliers are unchanged)."""
    norms = np.asarray(safe_column_norms(design), dtype=float)
    return np.where((norms > 0) & np.isfinite(norms), norms, 1.0)


def constrained_answer(problem: Problem, method: str, theta: np.ndarray, *, iterations: int,
                       diagnostics: dict, warnings: tuple[str, ...] = ()) -> Result:
    """The converged Result with the loss, ‖r‖ and how well the constraints hold."""
    constraints = constraints_of(problem)
    residual_norm = float(np.linalg.norm(problem.residual(theta)))
    diagnostics = {"constrained": not constraints.empty, **diagnostics}
    if constraints.has_equalities:
        diagnostics["constraint_residual"] = float(f"{constraints.equality_violation(theta):.3g}")
    if constraints.texts:
        diagnostics["constraints"] = "; ".join(constraints.texts)
    if constraints.empty:
        warnings = (*warnings, NO_CONSTRAINT_NOTE)
    return Result(method=method, theta=theta, status="converged", iterations=iterations,
                  loss=0.5 * residual_norm ** 2 * problem.loss_scale, residual_norm=residual_norm,
                  warnings=warnings, diagnostics=diagnostics)


def failed(method: str, message: str, iterations: int = 0) -> Result:
    return Result(method=method, theta=None, status="failed", message=message, iterations=iterations)


def price_sentence(label: str, price: float) -> str:
    """λ as the price of a constraint, in words a student reads."""
    if price == 0:
        return f"λ = 0 for {label}: the free fit satisfies it already; relaxing it gains nothing"
    way = "lower" if price > 0 else "raise"
    change = "moving the pinned point up" if label.lower().startswith("through") else "raising its right-hand side"
    return f"λ = {price:.6g} for {label}: {change} by a small δ would {way} the loss by about {abs(price):.3g}·δ"


def values_text(names, values, limit: int = 5) -> str:
    """'B0 = 1.5, B1 = 2' (or 'p parameters' when there are many)."""
    if len(values) > limit:
        return f"{len(values)} parameters"
    return ", ".join(f"{name} = {value:.10g}" for name, value in zip(names, values))

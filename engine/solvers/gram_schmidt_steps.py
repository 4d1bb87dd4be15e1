"""The board records of Gram-Schmidt: one idea per step, as a lecturer works it.

- **project**: the coefficients rᵢⱼ = qᵢ·vⱼ, how far a column reaches along the earlier q's
  (classical: against the original column aⱼ; modified: against the column as it stands);
- **subtract**: vⱼ ← vⱼ − rᵢⱼ·qᵢ, what is left is at right angles to qᵢ;
- **normalise**: rⱼⱼ = ‖vⱼ‖ and qⱼ = vⱼ/rⱼⱼ.

A step's `kind` is its phase. Every step carries R so far (`r`), how many q's are finished
(`finished`), and for project and subtract the pairs (i, j) it works on as parallel arrays
`rows` (i: the q) and `columns` (j: the column of A) with their `coefficients` rᵢⱼ. For a small
example (n ≤ DETAIL_ROWS) it also carries the vectors the views draw and the board writes.
"""

from __future__ import annotations

import numpy as np

from ..problem import Problem
from ..steps import Step
from .common import small

PROJECT, SUBTRACT, NORMALISE = "project", "subtract", "normalise"
#: The kinds of the steps that build Q and R, in the order each column meets them.
PHASES = (PROJECT, SUBTRACT, NORMALISE)


def _pairs_detail(problem: Problem, r: np.ndarray, rows, columns, finished: int) -> dict:
    rows, columns = np.asarray(rows, dtype=int), np.asarray(columns, dtype=int)
    labels = problem.working_labels
    return {"rows": rows, "columns": columns, "coefficients": r[rows, columns].copy(),
            "labels": tuple(labels[j] for j in columns), "r": r.copy(), "finished": finished}


def _coefficient_text(i: int, j: int, value: float, against: str) -> str:
    return f"r{i + 1},{j + 1} = q{i + 1}·{against} = {value:.6g}"


def project_step(problem: Problem, k: int, r: np.ndarray, rows, columns, *, finished: int,
                 vectors: np.ndarray | None, q: np.ndarray, classical: bool) -> Step:
    """The coefficients rᵢⱼ of the pairs (rows[t], columns[t]); `vectors` (n × distinct columns, in
    order) are the vectors they were taken from (aⱼ for cgs, the running vⱼ for mgs), `q` holds the
    q's as columns. The detail has one vector, q and projection per pair."""
    detail = _pairs_detail(problem, r, rows, columns, finished)
    against = (lambda j: f"column {problem.working_labels[j]}") if classical else (lambda j: f"v{j + 1}")
    title = "project: " + ";  ".join(_coefficient_text(i, j, r[i, j], against(j))
                                    for i, j in zip(detail["rows"], detail["columns"]))
    if small(problem, q) is not None and vectors is not None:
        q_used = q[:, detail["rows"]].T
        targets = list(dict.fromkeys(int(j) for j in detail["columns"]))
        which = [targets.index(int(j)) for j in detail["columns"]]
        detail.update(vectors=np.asarray(vectors, dtype=float).T[which].copy(), q=q_used.copy(),
                      projections=detail["coefficients"][:, None] * q_used)
    return Step(k=k, kind=PROJECT, title=title, detail=detail)


def subtract_step(problem: Problem, k: int, r: np.ndarray, rows, columns, *, finished: int,
                  before: np.ndarray | None, after: np.ndarray | None, q: np.ndarray, classical: bool) -> Step:
    """vⱼ ← vⱼ − rᵢⱼ·qᵢ for the pairs; `before` and `after` (n × targets) are the changed columns,
    targets being the distinct `columns` in order."""
    detail = _pairs_detail(problem, r, rows, columns, finished)
    targets = list(dict.fromkeys(int(j) for j in detail["columns"]))
    parts = []
    for j in targets:
        terms = [f"{r[i, j]:.6g}·q{i + 1}" for i, jj in zip(detail["rows"], detail["columns"]) if jj == j]
        start = f"v{j + 1} = column {problem.working_labels[j]}" if classical else f"v{j + 1} ← v{j + 1}"
        parts.append(f"{start} − " + " − ".join(terms))
    detail["targets"] = np.array(targets, dtype=int)
    if small(problem, q) is not None and before is not None and after is not None:
        q_used = q[:, detail["rows"]].T
        detail.update(before=np.asarray(before, dtype=float).T.copy(), after=np.asarray(after, dtype=float).T.copy(),
                      q=q_used.copy(), projections=detail["coefficients"][:, None] * q_used)
    return Step(k=k, kind=SUBTRACT, title="subtract: " + ";  ".join(parts), detail=detail)


def normalise_step(problem: Problem, k: int, j: int, r: np.ndarray, vector: np.ndarray | None,
                   q_columns: np.ndarray) -> Step:
    """rⱼⱼ = ‖vⱼ‖ and qⱼ = vⱼ/rⱼⱼ; `q_columns` holds q₁ … qⱼ (and maybe later columns) as columns."""
    norm = float(r[j, j])
    title = f"normalise: r{j + 1},{j + 1} = ‖v{j + 1}‖ = {norm:.6g};  q{j + 1} = v{j + 1}/r{j + 1},{j + 1}"
    detail = {"column": j, "label": problem.working_labels[j], "norm": norm, "r": r.copy(), "finished": j + 1}
    if small(problem, q_columns) is not None and vector is not None:
        detail.update(vector=np.array(vector, dtype=float), q=q_columns[:, j].copy(),
                      q_so_far=q_columns[:, :j + 1].copy())
    return Step(k=k, kind=NORMALISE, title=title, detail=detail)

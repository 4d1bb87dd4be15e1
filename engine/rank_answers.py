"""The answers a rank picture compares: pivoted QR's basic θ, the SVD's minimum-norm θ and the rank-k θ.

On rank-deficient data all least-squares answers fit equally well (the same ‖r‖); the basic one sets
the columns left out to 0, the minimum-norm one is the shortest. A rank k below the data's own rank
gives up a little fit for a shorter θ. One call computes the three for the Singular values view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Problem
from .run import iterate, run_to_end
from .steps import Result

#: Above this many entries of A, the view shows the singular values only (an SVD per slider move
#: of a 10⁶-row matrix would freeze the window).
LIVE_ENTRIES = 2_000_000


@dataclass(frozen=True)
class Answer:
    """One θ with what the picture shows of it."""

    method: str
    theta: np.ndarray | None
    theta_norm: float
    residual_norm: float
    result: Result


@dataclass(frozen=True)
class RankAnswers:
    """The singular values of the working matrix, its cut-off and rank, and the three answers."""

    p: int
    sigma: np.ndarray
    cutoff: float
    numerical_rank: int
    rank: int
    basic: Answer | None
    min_norm: Answer | None
    truncated: Answer | None

    @property
    def deficient(self) -> bool:
        """Fewer independent directions than columns: many θ fit equally well."""
        return self.numerical_rank < self.p


def _answer(problem: Problem, method: str, **params) -> Answer:
    result = run_to_end(iterate(problem, method, **params))
    theta = None if result.theta is None else np.asarray(result.theta)
    norm = float(np.linalg.norm(theta)) if theta is not None else float("nan")
    residual = float(result.residual_norm) if result.residual_norm is not None else float("nan")
    return Answer(method, theta, norm, residual, result)


def rank_answers(problem: Problem, rank: int | None = None) -> RankAnswers:
    """The picture's numbers for `problem`; `rank` None (or 0) is the numerical rank."""
    min_norm = _answer(problem, "svd-truncated")
    diagnostics = min_norm.result.diagnostics
    sigma = np.asarray(diagnostics["sigma"], dtype=float)
    data_rank = int(diagnostics["numerical_rank"])
    k = data_rank if not rank else max(1, min(int(rank), sigma.size))
    truncated = min_norm if k == data_rank else _answer(problem, "svd-truncated", rank=k)
    return RankAnswers(p=problem.p, sigma=sigma, cutoff=float(diagnostics["cutoff"]), numerical_rank=data_rank, rank=k,
                       basic=_answer(problem, "qr-pivoted"), min_norm=min_norm, truncated=truncated)


def singular_values_only(problem: Problem) -> RankAnswers:
    """σ from the problem's cached R (one pass over a large A), with no answers."""
    sigma = np.asarray(problem.singular_values, dtype=float)
    data_rank = problem.rank
    return RankAnswers(p=problem.p, sigma=sigma, cutoff=problem.rank_tolerance, numerical_rank=data_rank,
                       rank=data_rank, basic=None, min_norm=None, truncated=None)

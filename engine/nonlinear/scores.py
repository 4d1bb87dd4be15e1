"""LM (or any nonlinear method) on all 54 NIST cases: the numbers the bench compares with scipy's MINPACK."""

from __future__ import annotations

from collections.abc import Iterable

from .nist import NIST_NONLINEAR, nist_problem
from .run import solve_nonlinear


def nist_scores(method: str = "lm", keys: Iterable[str] | None = None, **params) -> list[tuple[str, int, float, str]]:
    """(key, start, lre, status) for the 27 NIST problems (or `keys`) from both starts; lre is the minimum
    over the parameters of the digits agreeing with the certified values (−inf when the run gave no answer)."""
    scores = []
    for key in NIST_NONLINEAR if keys is None else keys:
        for start in (1, 2):
            result = solve_nonlinear(nist_problem(key, start), method, **params)
            scores.append((key, start, float(result.diagnostics.get("lre", float("-inf"))), result.status))
    return scores

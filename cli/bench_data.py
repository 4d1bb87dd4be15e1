"""The data the figures of `main.py bench` are measured on (one module, so every figure file can use it)."""

from __future__ import annotations

import numpy as np

from engine import Problem


def random_problem(rows: int, p: int, seed: int = 0) -> Problem:
    """y = a random combination of p − 1 Gaussian features plus a little noise, with an intercept."""
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((rows, p - 1))
    y = features @ rng.standard_normal(p - 1) + 0.1 * rng.standard_normal(rows)
    return Problem.from_table(features, y)

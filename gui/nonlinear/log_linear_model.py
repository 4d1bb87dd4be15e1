"""Is a model the exponential y = a·exp(b·x) that the log-linear trick applies to? Decided by
evaluating the formula, not by reading its text, so b1*exp(-b2*x), exp(b2*x)*b1 and
b1*exp(x*b2) are all recognised (parameter names and order do not matter)."""

from __future__ import annotations

import numpy as np

#: Random parameter vectors and x values the formula is compared at.
TRIALS = 4
TOLERANCE = 1e-9


def exponential_form(formula) -> tuple[int, int, float] | None:
    """(index of a, index of b, sign s) when f(b, x) = b[a]·exp(s·b[b]·x) for every b and x, else None."""
    if len(formula.parameters) != 2 or len(formula.variables) != 1:
        return None
    generator = np.random.default_rng(17)
    x = np.linspace(-1.0, 1.0, 7)
    thetas = generator.uniform(0.5, 1.5, size=(TRIALS, 2)) * generator.choice([-1.0, 1.0], size=(TRIALS, 2))
    for scale, rate in ((0, 1), (1, 0)):
        for sign in (1.0, -1.0):
            if all(_matches(formula, theta, x, theta[scale] * np.exp(sign * theta[rate] * x)) for theta in thetas):
                return scale, rate, sign
    return None


def _matches(formula, theta, x, expected) -> bool:
    try:
        with np.errstate(all="ignore"):
            values = np.broadcast_to(np.asarray(formula.evaluate(theta, x), dtype=float), x.shape)
    except Exception:  # a formula that cannot be evaluated there is not this exponential
        return False
    return bool(np.all(np.abs(values - expected) <= TOLERANCE * (1 + np.abs(expected))))

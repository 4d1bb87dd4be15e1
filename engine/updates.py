"""The momentum and Adam update rules, once: the solvers (engine.solvers.gradient, .adaptive)
and the neural experiments (engine.neural.optimizers) all step with these.

Pure functions on arrays: they take the optimizer's state and a gradient and return the step to
subtract from the parameters with the new state, so the caller decides where the state lives.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class AdamState(NamedTuple):
    """Adam's running averages: m of the gradients, v of their squares (both start at 0)."""

    m: np.ndarray | float = 0.0
    v: np.ndarray | float = 0.0


def momentum_update(velocity, gradient, lr: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """The heavy ball: v ← βv + g, and the step ηv (θ ← θ − ηv).

    Returns
    -------
    step, velocity
        What to subtract from θ, and the new velocity.
    """
    velocity = beta * velocity + gradient
    return lr * velocity, velocity


def adam_update(state: AdamState, gradient, lr: float, beta1: float, beta2: float, eps: float, t: int, *,
                bias_correction: bool = True) -> tuple[np.ndarray, AdamState]:
    """Adam at step t (1, 2, ...): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and the step
    η·m̂/(√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) (or m, v themselves without bias correction).

    Returns
    -------
    step, state
        What to subtract from θ, and the new averages (not bias-corrected).
    """
    m = beta1 * state.m + (1 - beta1) * gradient
    v = beta2 * state.v + (1 - beta2) * gradient * gradient
    m_hat, v_hat = (m / (1 - beta1 ** t), v / (1 - beta2 ** t)) if bias_correction else (m, v)
    return lr * m_hat / (np.sqrt(v_hat) + eps), AdamState(m, v)

"""The momentum and Adam update rules, once: the solvers (engine.solvers.gradient, .adaptive)
and the neural experiments (engine.neural.optimizers) all step with these.

Pure functions on arrays: they take the optimizer's state and a gradient and return the step to
subtract from the parameters with the new state, so the caller decides where the state lives.
`fl` rounds each operation's result to a lower precision (engine/precision.py: float16 and
bfloat16 are emulated); without it the arithmetic is numpy's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

Rounding = Callable[[object], object]


def _unrounded(values):
    return values


class AdamState(NamedTuple):
    """Adam's running averages: m of the gradients, v of their squares (both start at 0)."""

    m: np.ndarray | float = 0.0
    v: np.ndarray | float = 0.0


def momentum_update(velocity, gradient, lr: float, beta: float, *, fl: Rounding | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The heavy ball: v ← βv + g, and the step ηv (θ ← θ − ηv).

    Returns
    -------
    step, velocity
        What to subtract from θ, and the new velocity.
    """
    fl = fl or _unrounded
    velocity = fl(fl(beta * velocity) + gradient)
    return fl(lr * velocity), velocity


def adam_update(state: AdamState, gradient, lr: float, beta1: float, beta2: float, eps: float, t: int, *,
                bias_correction: bool = True, fl: Rounding | None = None) -> tuple[np.ndarray, AdamState]:
    """Adam at step t (1, 2, ...): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², and the step
    η·m̂/(√v̂ + ε), with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) (or m, v themselves without bias correction).

    Returns
    -------
    step, state
        What to subtract from θ, and the new averages (not bias-corrected).
    """
    fl = fl or _unrounded
    m = fl(fl(beta1 * state.m) + fl(fl(1 - beta1) * gradient))
    v = fl(fl(beta2 * state.v) + fl(fl(fl(1 - beta2) * gradient) * gradient))
    if bias_correction:
        m_hat, v_hat = fl(m / fl(1 - fl(beta1 ** t))), fl(v / fl(1 - fl(beta2 ** t)))
    else:
        m_hat, v_hat = m, v
    return fl(fl(lr * m_hat) / fl(fl(np.sqrt(v_hat)) + eps)), AdamState(m, v)

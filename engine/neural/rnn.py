"""A linear RNN h_t = W h_{t−1} + U x_t: how the gradient travels back through time.

Back-propagation through time multiplies the gradient by Wᵀ once per step, ∂L/∂h_t = Wᵀ ∂L/∂h_{t+1},
so after k steps it is (Wᵀ)^k times the last one. An orthogonal W keeps its norm exactly; a Gaussian
W (variance 1/n) has eigenvalues filling the unit disc and is not normal, so the norm drifts
(usually it shrinks: the vanishing gradient).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from .features import haar_orthogonal

RECURRENCES = ("orthogonal", "gaussian")


def recurrent_matrix(n: int, kind: str = "orthogonal", *, gain: float = 1.0, seed: int = 0) -> np.ndarray:
    """gain·Q (Haar orthogonal) or gain·N(0, 1/n) entries."""
    if kind not in RECURRENCES:
        raise InputError(f"recurrence {kind!r} is unknown; choose one of {', '.join(RECURRENCES)}")
    rng = np.random.default_rng(seed)
    w = haar_orthogonal(n, rng) if kind == "orthogonal" else rng.standard_normal((n, n)) / np.sqrt(n)
    return gain * w


@dataclass(frozen=True)
class RnnGradients:
    """‖∂L/∂h_t‖ for t = 0..T (the last one is 1 by construction) and the hidden-state norms."""

    gradient_norms: np.ndarray
    state_norms: np.ndarray

    @property
    def worst_ratio(self) -> float:
        """max over t of max(g_t, 1/g_t): how far the gradient norm strays from 1 (a factor)."""
        g = self.gradient_norms
        return float(np.max(np.maximum(g, 1.0 / np.maximum(g, 1e-300))))


def rnn_gradients(w: np.ndarray, steps: int = 100, *, seed: int = 0) -> RnnGradients:
    """Run T steps forward on random inputs, then back-propagate a unit gradient from h_T to h_0."""
    if not 1 <= steps <= 100_000:
        raise InputError(f"the number of time steps must be from 1 to 100000, got {steps}")
    n = w.shape[0]
    rng = np.random.default_rng(seed + 7)
    u = rng.standard_normal((n, n)) / np.sqrt(n)
    h = np.zeros(n)
    states = [0.0]
    for _ in range(steps):
        h = w @ h + u @ rng.standard_normal(n)
        states.append(float(np.linalg.norm(h)))
    g = rng.standard_normal(n)
    g /= np.linalg.norm(g)  # ∂L/∂h_T of unit norm (e.g. L = gᵀh_T)
    norms = [1.0]
    for _ in range(steps):
        g = w.T @ g
        norms.append(float(np.linalg.norm(g)))
    return RnnGradients(np.array(norms[::-1]), np.array(states))


def rnn_study(n: int = 32, steps: int = 100, kind: str = "orthogonal", *, gain: float = 1.0,
              seed: int = 0) -> RnnGradients:
    """The gradient norms for one recurrent matrix drawn from the random seed."""
    if not 1 <= n <= 4096:
        raise InputError(f"the state size must be from 1 to 4096, got {n}")
    return rnn_gradients(recurrent_matrix(n, kind, gain=gain, seed=seed), steps, seed=seed)

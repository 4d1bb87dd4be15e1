"""A deep stack at initialisation: how activations, gradients and the end-to-end Jacobian behave.

Orthogonal weights preserve every norm exactly in a linear stack, so the Jacobian's singular
values are all 1 at any depth; Gaussian weights of variance 1/fan-in preserve the norm only on
average, and the product's singular values spread exponentially with depth. With tanh,
orthogonality cannot stop the shrinking: tanh' ≤ 1 at every layer, so at gain 1 both lose
gradient norm with depth; what orthogonality changes is how evenly the singular values spread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from .features import haar_orthogonal

INITS = ("orthogonal", "gaussian")
STACK_ACTIVATIONS = ("linear", "tanh")
EPS = float(np.finfo(float).eps)


def check_stack(depth: int, width: int, activation: str, init: str, gain: float) -> None:
    if not 1 <= depth <= 1000:
        raise InputError(f"the depth must be from 1 to 1000 layers, got {depth}")
    if not 1 <= width <= 4096:
        raise InputError(f"the width must be from 1 to 4096, got {width}")
    if activation not in STACK_ACTIVATIONS:
        raise InputError(f"activation {activation!r} is unknown; choose one of {', '.join(STACK_ACTIVATIONS)}")
    if init not in INITS:
        raise InputError(f"init {init!r} is unknown; choose one of {', '.join(INITS)}")
    if not (np.isfinite(gain) and gain > 0):
        raise InputError(f"the gain must be a positive number, got {gain}")


def init_weights(depth: int, width: int, init: str = "orthogonal", *, gain: float = 1.0,
                 seed: int = 0) -> list[np.ndarray]:
    """depth square matrices: gain·Q (Haar orthogonal, by QR) or gain·N(0, 1/width) entries."""
    rng = np.random.default_rng(seed)
    if init == "orthogonal":
        return [gain * haar_orthogonal(width, rng) for _ in range(depth)]
    return [gain * rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(depth)]


@dataclass(frozen=True)
class StackStudy:
    """Per layer l = 1..L: RMS norm of the activations h_l and of the back-propagated gradient ∂L/∂h_{l−1};
    the end-to-end Jacobian's singular values at the first input (descending)."""

    activation_norms: np.ndarray
    gradient_norms: np.ndarray
    singular_values: np.ndarray

    @property
    def condition_number(self) -> float:
        """σmax/σmin; when it passes 1/ε the computed σmin is rounding noise and κ only a lower bound."""
        s = self.singular_values
        return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")

    @property
    def resolved(self) -> bool:
        """False when σmin is below ε·σmax·width: the product's smallest singular values are lost to rounding."""
        s = self.singular_values
        return bool(s[-1] > EPS * s[0] * len(s))

    @property
    def log_spread(self) -> float:
        """Standard deviation of log10 σ: how unevenly the Jacobian stretches directions."""
        return float(np.std(np.log10(np.maximum(self.singular_values, 1e-300))))


def _act(z: np.ndarray, activation: str) -> tuple[np.ndarray, np.ndarray]:
    """(h, h') for the activation: identity or tanh."""
    if activation == "linear":
        return z, np.ones_like(z)
    h = np.tanh(z)
    return h, 1.0 - h * h


def study_stack(weights: list[np.ndarray], activation: str = "linear", *, batch: int = 64,
                seed: int = 0) -> StackStudy:
    """Forward a batch of N(0, I) inputs, back-propagate unit-norm random gradients, build the Jacobian.

    The Jacobian at x is J = D_L W_L ⋯ D_1 W_1 with D_l = diag(act'(z_l)); it maps a change of the
    input to a change of the output, and its transpose carries every gradient back.
    """
    rng = np.random.default_rng(seed + 1)
    width = weights[0].shape[0]
    h = rng.standard_normal((batch, width))
    slopes, act_norms = [], []
    for w in weights:
        h, slope = _act(h @ w.T, activation)
        slopes.append(slope)
        act_norms.append(float(np.sqrt(np.mean(np.sum(h * h, axis=1)))))
    g = rng.standard_normal((batch, width))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    grad_norms = []
    for w, slope in zip(reversed(weights), reversed(slopes)):
        g = (g * slope) @ w
        grad_norms.append(float(np.sqrt(np.mean(np.sum(g * g, axis=1)))))
    jac = np.eye(width)
    for w, slope in zip(weights, slopes):
        jac = slope[0][:, None] * (w @ jac)
    return StackStudy(np.array(act_norms), np.array(grad_norms[::-1]), np.linalg.svd(jac, compute_uv=False))


def init_study(depth: int = 32, width: int = 16, activation: str = "linear", init: str = "orthogonal", *,
               gain: float = 1.0, seed: int = 0, batch: int = 64) -> StackStudy:
    """The whole study for one configuration (checked arguments, then study_stack)."""
    check_stack(depth, width, activation, init, gain)
    return study_stack(init_weights(depth, width, init, gain=gain, seed=seed), activation, batch=batch, seed=seed)

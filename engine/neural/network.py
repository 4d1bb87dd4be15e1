"""A one-hidden-layer network y = w2·act(W1 x + b1) + b2 with its backward pass written out.

Everything a framework would hide is here in a few lines of numpy, so a student can read how
backpropagation is just the chain rule applied to these four arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError

ACTIVATIONS = ("tanh", "relu")
#: The parameters in the order they are flattened and reported.
PARAMETERS = ("W1", "b1", "w2", "b2")


def activate(z: np.ndarray, activation: str) -> np.ndarray:
    return np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)


def activation_slope(z: np.ndarray, h: np.ndarray, activation: str) -> np.ndarray:
    """act'(z), from h = act(z) when that is cheaper (tanh' = 1 − h²)."""
    return 1.0 - h * h if activation == "tanh" else (z > 0.0).astype(float)


def check_architecture(width: int, activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise InputError(f"activation {activation!r} is unknown; choose one of {', '.join(ACTIVATIONS)}")
    if not 1 <= width <= 100_000:
        raise InputError(f"the hidden width must be from 1 to 100000, got {width}")


@dataclass
class Network:
    """The parameters as a dict of arrays (W1: width × d, b1: width, w2: width, b2: shape ())."""

    params: dict[str, np.ndarray]
    activation: str = "tanh"

    @property
    def width(self) -> int:
        return self.params["b1"].size

    def hidden(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(Z, H): pre-activations and hidden features, n × width."""
        z = x @ self.params["W1"].T + self.params["b1"]
        return z, activate(z, self.activation)

    def features(self, x: np.ndarray) -> np.ndarray:
        """The hidden features H: the design matrix of the output layer's least-squares problem."""
        return self.hidden(x)[1]

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.features(x) @ self.params["w2"] + self.params["b2"]

    def loss(self, x: np.ndarray, y: np.ndarray) -> float:
        """½·mean(residual²), the same loss as the engine's `loss="mean"`."""
        r = self.predict(x) - y
        return 0.5 * float(r @ r) / len(y)

    def loss_and_gradients(self, x: np.ndarray, y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
        """Forward, then backward by the chain rule, layer by layer."""
        z, h = self.hidden(x)
        r = h @ self.params["w2"] + self.params["b2"] - y
        n = len(y)
        d_out = r / n                                   # ∂L/∂ŷ for L = ½·mean(r²)
        d_h = np.outer(d_out, self.params["w2"])        # through the output layer
        d_z = d_h * activation_slope(z, h, self.activation)
        grads = {"W1": d_z.T @ x, "b1": d_z.sum(axis=0), "w2": h.T @ d_out, "b2": np.asarray(d_out.sum())}
        return 0.5 * float(r @ r) / n, grads

    def copy(self) -> Network:
        return Network({k: np.array(v, copy=True) for k, v in self.params.items()}, self.activation)


def flatten(params: dict[str, np.ndarray]) -> np.ndarray:
    """One vector [W1, b1, w2, b2] (for norms and finite differences)."""
    return np.concatenate([np.ravel(params[k]) for k in PARAMETERS])


def unflatten(vector: np.ndarray, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out, at = {}, 0
    for k in PARAMETERS:
        size = like[k].size
        out[k] = np.asarray(vector[at:at + size], dtype=float).reshape(like[k].shape)
        at += size
    return out


def gradient_norm(grads: dict[str, np.ndarray]) -> float:
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))

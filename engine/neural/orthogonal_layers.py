"""Square layers W (n × n) kept orthogonal in five ways, and the unconstrained layer they are compared with.

Each layer holds free parameters; `forward()` builds W from them, `backward(W̄)` turns ∂L/∂W into
∂L/∂parameters, so any optimizer can train them. QR, Cayley and Householder are orthogonal by
construction (to rounding, at every step); the penalty only pulls W towards orthogonality, and
spectral normalisation only fixes σmax = 1.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from .features import haar_orthogonal
from .qr_grad import qr_backward, qr_positive

LAYER_KINDS = ("free", "qr", "cayley", "householder", "penalty", "spectral")


class Layer:
    """The unconstrained layer W = P (started orthogonal, so its drift away from orthogonality shows)."""

    kind = "free"

    def __init__(self, n: int, rng: np.random.Generator):
        self.n = n
        self.params = {"P": haar_orthogonal(n, rng)}
        self.cache: dict = {}

    def forward(self) -> np.ndarray:
        return self.params["P"].copy()

    def backward(self, w_bar: np.ndarray) -> dict[str, np.ndarray]:
        return {"P": w_bar}

    def regulariser(self) -> tuple[float, dict[str, np.ndarray]]:
        """An extra term of the loss and its gradient (none here)."""
        return 0.0, {}


class QRLinear(Layer):
    """The course notes' QRLinear: W = Q of the free matrix P (diag R > 0), gradients through the QR."""

    kind = "qr"

    def __init__(self, n: int, rng: np.random.Generator):
        self.n = n
        self.params = {"P": rng.standard_normal((n, n))}
        self.cache = {}

    def forward(self) -> np.ndarray:
        q, r = qr_positive(self.params["P"])
        self.cache = {"q": q, "r": r}
        return q

    def backward(self, w_bar: np.ndarray) -> dict[str, np.ndarray]:
        return {"P": qr_backward(self.cache["q"], self.cache["r"], w_bar, None)}


class CayleyLayer(Layer):
    """W = (I + A)⁻¹(I − A) with A = S − Sᵀ skew-symmetric: orthogonal with det +1, never eigenvalue −1."""

    kind = "cayley"

    def __init__(self, n: int, rng: np.random.Generator):
        self.n = n
        self.params = {"S": 0.5 * rng.standard_normal((n, n)) / np.sqrt(n)}
        self.cache = {}

    def forward(self) -> np.ndarray:
        a = self.params["S"] - self.params["S"].T
        eye = np.eye(self.n)
        inverse = np.linalg.inv(eye + a)  # (I + A) is always invertible: A's eigenvalues are imaginary
        w = inverse @ (eye - a)
        self.cache = {"w": w, "inverse": inverse}
        return w

    def backward(self, w_bar: np.ndarray) -> dict[str, np.ndarray]:
        # dW = −(I + W) dA (I + A)⁻¹, so Ā = −(I + W)ᵀ W̄ (I + A)⁻ᵀ; then S̄ = Ā − Āᵀ.
        w, inverse = self.cache["w"], self.cache["inverse"]
        a_bar = -(np.eye(self.n) + w).T @ w_bar @ inverse.T
        return {"S": a_bar - a_bar.T}


class HouseholderLayer(Layer):
    """W = H₁H₂⋯H_k, H_i = I − 2vᵢvᵢᵀ/vᵢᵀvᵢ: each factor a mirror, so the product is orthogonal."""

    kind = "householder"

    def __init__(self, n: int, rng: np.random.Generator, reflections: int | None = None):
        self.n = n
        self.params = {"V": rng.standard_normal((reflections or n, n))}
        self.cache = {}

    @staticmethod
    def mirror(v: np.ndarray) -> np.ndarray:
        return np.eye(v.size) - 2.0 * np.outer(v, v) / (v @ v)

    def forward(self) -> np.ndarray:
        mirrors = [self.mirror(v) for v in self.params["V"]]
        prefix = [np.eye(self.n)]  # prefix[i] = H₁⋯H_i
        for h in mirrors:
            prefix.append(prefix[-1] @ h)
        self.cache = {"mirrors": mirrors, "prefix": prefix}
        return prefix[-1]

    def backward(self, w_bar: np.ndarray) -> dict[str, np.ndarray]:
        mirrors, prefix = self.cache["mirrors"], self.cache["prefix"]
        grads = np.zeros_like(self.params["V"])
        suffix = np.eye(self.n)  # H_{i+1}⋯H_k
        for i in range(len(mirrors) - 1, -1, -1):
            h_bar = prefix[i].T @ w_bar @ suffix.T
            v = self.params["V"][i]
            s = v @ v
            # H = I − 2vvᵀ/s  ⇒  v̄ = −2(H̄ + H̄ᵀ)v/s + 4(vᵀH̄v)v/s²
            grads[i] = -2.0 * (h_bar + h_bar.T) @ v / s + 4.0 * (v @ h_bar @ v) * v / s ** 2
            suffix = mirrors[i] @ suffix
        return {"V": grads}


class PenaltyLayer(Layer):
    """Unconstrained W plus λ‖WᵀW − I‖²_F in the loss: orthogonal only as far as λ wins."""

    kind = "penalty"

    def __init__(self, n: int, rng: np.random.Generator, lam: float = 1.0):
        super().__init__(n, rng)
        self.lam = lam

    def regulariser(self) -> tuple[float, dict[str, np.ndarray]]:
        w = self.params["P"]
        e = w.T @ w - np.eye(self.n)
        return self.lam * float(np.sum(e * e)), {"P": 4.0 * self.lam * w @ e}


class SpectralLayer(Layer):
    """W = P/σ̂ with σ̂ ≈ σmax(P) from one power-iteration step per forward (u carried over, as in GANs)."""

    kind = "spectral"

    def __init__(self, n: int, rng: np.random.Generator, power_steps: int = 1):
        super().__init__(n, rng)
        if power_steps < 1:
            raise InputError(f"spectral normalisation needs at least one power-iteration step, got {power_steps}")
        u = rng.standard_normal(n)
        self.u = u / np.linalg.norm(u)
        self.power_steps = power_steps

    def forward(self) -> np.ndarray:
        p = self.params["P"]
        for _ in range(self.power_steps):
            v = p.T @ self.u
            v /= np.linalg.norm(v)
            u = p @ v
            self.u = u / np.linalg.norm(u)
        sigma = float(self.u @ p @ v)
        w = p / sigma
        self.cache = {"v": v, "sigma": sigma, "w": w}
        return w

    def backward(self, w_bar: np.ndarray) -> dict[str, np.ndarray]:
        # σ = uᵀPv with ∂σ/∂P = uvᵀ (u, v singular vectors): P̄ = (W̄ − ⟨W̄, W⟩uvᵀ)/σ.
        v, sigma, w = self.cache["v"], self.cache["sigma"], self.cache["w"]
        return {"P": (w_bar - float(np.sum(w_bar * w)) * np.outer(self.u, v)) / sigma}


LAYERS = {"free": Layer, "qr": QRLinear, "cayley": CayleyLayer, "householder": HouseholderLayer,
          "penalty": PenaltyLayer, "spectral": SpectralLayer}


def make_layer(kind: str, n: int, *, seed: int = 0, **options) -> Layer:
    """A layer of that kind, n × n, its parameters drawn from the random seed."""
    if kind not in LAYERS:
        raise InputError(f"layer kind {kind!r} is unknown; choose one of {', '.join(LAYER_KINDS)}")
    if not 1 <= n <= 1024:
        raise InputError(f"the layer size must be from 1 to 1024, got {n}")
    return LAYERS[kind](n, np.random.default_rng(seed), **options)


def orthogonality_error(w: np.ndarray) -> float:
    """‖WᵀW − I‖_F: zero exactly when W is orthogonal."""
    e = w.T @ w - np.eye(w.shape[1])
    return float(np.sqrt(np.sum(e * e)))

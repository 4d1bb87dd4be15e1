"""Random hidden layers: i.i.d. Gaussian directions, or orthogonal ones from the QR of a Gaussian matrix.

Orthogonal random features (Yu et al., 2016) draw the hidden directions in blocks of `dim`
mutually orthogonal rows, each scaled by a χ(dim) length so that every single row has exactly
the Gaussian distribution; only the dependence between rows changes (they cannot be redundant).
With dim = 1 the two kinds are the same distribution.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError

FEATURE_KINDS = ("gaussian", "orthogonal")


def haar_orthogonal(n: int, rng: np.random.Generator, m: int | None = None) -> np.ndarray:
    """An m × n matrix with orthonormal columns, uniformly (Haar) distributed: Q of a Gaussian matrix
    with the signs of diag(R) moved into Q (Mezzadri, 2007), else Q would be biased."""
    m = n if m is None else m
    q, r = np.linalg.qr(rng.standard_normal((m, n)))
    signs = np.sign(np.diag(r))
    signs[signs == 0] = 1.0
    return q * signs


def random_directions(width: int, dim: int, kind: str, rng: np.random.Generator) -> np.ndarray:
    """width × dim directions whose rows are each N(0, I): independent, or orthogonal in blocks of dim."""
    if kind not in FEATURE_KINDS:
        raise InputError(f"feature kind {kind!r} is unknown; choose one of {', '.join(FEATURE_KINDS)}")
    if kind == "gaussian":
        return rng.standard_normal((width, dim))
    blocks = [haar_orthogonal(dim, rng) for _ in range(-(-width // dim))]
    rows = np.vstack(blocks)[:width]
    lengths = np.sqrt(rng.chisquare(dim, width))  # ‖g‖ of a Gaussian g in R^dim is χ(dim)
    return rows * lengths[:, None]


def random_hidden(width: int, dim: int, *, kind: str = "gaussian", scale: float = 16.0,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(W1, b1) with W1 = scale·directions and b1 = −W1·c, c uniform in [−1, 1]^dim.

    Centring each unit's transition at a random point of the data's box keeps the features from
    saturating all alike, which would make the output layer's least-squares problem singular.
    """
    if not (np.isfinite(scale) and scale > 0):
        raise InputError(f"the feature scale must be a positive number, got {scale}")
    w1 = scale * random_directions(width, dim, kind, rng)
    centres = rng.uniform(-1.0, 1.0, (width, dim))
    return w1, -np.einsum("ij,ij->i", w1, centres)

"""Noisy samples of a smooth curve, reproducible from a seed: the data every fit is judged on.

Training and validation points are drawn independently from the same noisy curve, so the
validation error estimates what a fit would make of points it has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError


def _sine(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x.sum(axis=1) / np.sqrt(x.shape[1]))


def _wiggle(x: np.ndarray) -> np.ndarray:
    s = x.sum(axis=1) / np.sqrt(x.shape[1])
    return np.sin(3.0 * s) * np.exp(-s * s) + 0.3 * s


def _runge(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + 25.0 * (x * x).sum(axis=1) / x.shape[1])


#: The smooth curves by name; for dim > 1 each is a function of the d coordinates.
CURVES: dict[str, Callable[[np.ndarray], np.ndarray]] = {"wiggle": _wiggle, "sine": _sine, "runge": _runge}


@dataclass(frozen=True)
class CurveData:
    """Training and validation samples (x of shape n × dim) and the noiseless curve on a grid (dim 1)."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_grid: np.ndarray
    y_grid: np.ndarray
    noise: float
    seed: int

    @property
    def dim(self) -> int:
        return self.x_train.shape[1]

    def truth(self, x: np.ndarray) -> np.ndarray:
        """The noiseless curve at x (n × dim): the best any fit could do."""
        return CURVES[self.name](np.asarray(x, dtype=float).reshape(len(x), self.dim))


def _check(n_train: int, n_val: int, noise: float, dim: int, curve: str) -> None:
    if curve not in CURVES:
        raise InputError(f"curve {curve!r} is unknown; the curves are {', '.join(CURVES)}")
    if not 2 <= n_train <= 10**6:
        raise InputError(f"the number of training points must be from 2 to 10^6, got {n_train}")
    if not 1 <= n_val <= 10**6:
        raise InputError(f"the number of validation points must be from 1 to 10^6, got {n_val}")
    if not (np.isfinite(noise) and 0.0 <= noise <= 10.0):
        raise InputError(f"the noise level must be a number from 0 to 10, got {noise}")
    if not 1 <= dim <= 64:
        raise InputError(f"the input dimension must be from 1 to 64, got {dim}")


def make_curve(curve: str = "wiggle", *, n_train: int = 200, n_val: int = 200, noise: float = 0.1,
               seed: int = 0, dim: int = 1, grid: int = 200) -> CurveData:
    """x uniform in [−1, 1]^dim, y = curve(x) + N(0, noise²); the same seed gives the same points."""
    _check(n_train, n_val, noise, dim, curve)
    rng = np.random.default_rng(seed)
    f = CURVES[curve]
    x_train = rng.uniform(-1.0, 1.0, (n_train, dim))
    x_val = rng.uniform(-1.0, 1.0, (n_val, dim))
    y_train = f(x_train) + noise * rng.standard_normal(n_train)
    y_val = f(x_val) + noise * rng.standard_normal(n_val)
    x_grid = np.linspace(-1.0, 1.0, grid)[:, None] if dim == 1 else np.zeros((0, dim))
    y_grid = f(x_grid) if dim == 1 else np.zeros(0)
    return CurveData(curve, x_train, y_train, x_val, y_val, x_grid, y_grid, float(noise), int(seed))

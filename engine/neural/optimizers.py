"""Gradient descent, momentum and Adam on a dict of arrays: the updates of the course notes, unrolled.

They act on any named parameters (a network's or an orthogonal layer's), so one implementation
serves every experiment in this package. The momentum and Adam rules come from engine.updates,
which the solvers use too.
"""

from __future__ import annotations

import numpy as np

from ..errors import InputError
from ..updates import AdamState, adam_update, momentum_update

OPTIMIZERS = ("gd", "momentum", "adam")


class Optimizer:
    """`step(params, grads)` updates params in place; the state (velocity, moments) lives here."""

    def __init__(self, kind: str, lr: float, *, beta: float = 0.9, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        if kind not in OPTIMIZERS:
            raise InputError(f"optimizer {kind!r} is unknown; choose one of {', '.join(OPTIMIZERS)}")
        if not (np.isfinite(lr) and lr > 0):
            raise InputError(f"the learning rate must be a positive number, got {lr}")
        self.kind, self.lr = kind, float(lr)
        self.beta, self.beta1, self.beta2, self.eps = beta, beta1, beta2, eps
        self.state: dict[str, np.ndarray | AdamState] = {}  # per parameter: its velocity or Adam's averages
        self.t = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray]) -> None:
        self.t += 1
        for name, g in grads.items():
            params[name] = params[name] - self._delta(name, g)

    def _delta(self, name: str, g: np.ndarray) -> np.ndarray:
        if self.kind == "gd":
            return self.lr * g
        if self.kind == "momentum":
            delta, self.state[name] = momentum_update(self.state.get(name, 0.0), g, self.lr, self.beta)
            return delta
        delta, self.state[name] = adam_update(self.state.get(name, AdamState()), g, self.lr, self.beta1,
                                              self.beta2, self.eps, self.t)
        return delta

"""What the convergence view plots: each solver's loss gap and gradient norm, read from its trace
as it grows, and gradient descent's contraction factor from the Hessian's eigenvalues."""

from __future__ import annotations

import numpy as np


def gd_rate(eigenvalues: np.ndarray, lr: float) -> float:
    """q = max|1 − ηλ| over the Hessian's eigenvalues: the factor by which gradient descent shrinks
    the error θ − θ* in the Hessian's norm per step (1 − 1/κ for η = 1/L)."""
    return float(max(abs(1.0 - lr * eigenvalues[0]), abs(1.0 - lr * eigenvalues[-1])))


class Series:
    """The loss-carrying steps of one solver, appended as its trace grows (never rebuilt per frame)."""

    def __init__(self):
        self.reset(1)

    def reset(self, stride: int) -> None:
        self.stride = stride
        self.size = 0
        self.next_index = 0
        self.k = np.empty(256)
        self.gap = np.empty(256)
        self.grad = np.empty(256)

    def read(self, trace, stop: int, optimum: float) -> bool:
        """Append trace[next_index:stop]; True if a loss-carrying step was added."""
        added = False
        for i in range(self.next_index, stop):
            step = trace[i]
            if step.loss is None:
                continue
            if self.size == self.k.size:
                self.k, self.gap, self.grad = (np.resize(a, 2 * a.size) for a in (self.k, self.gap, self.grad))
            self.k[self.size] = step.k
            self.gap[self.size] = step.loss - optimum
            self.grad[self.size] = np.nan if step.grad_norm is None else step.grad_norm
            self.size += 1
            added = True
        self.next_index = max(self.next_index, stop)
        return added

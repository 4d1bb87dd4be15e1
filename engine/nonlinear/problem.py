"""A nonlinear least-squares problem: a formula y = f(x; b), the data, a start and (for NIST) the certificate.

The residual is r = f(b, x) − y, J = ∂f/∂b (n × p) from the formula's exact derivatives, the loss
½·Σ r² (NIST's residual sum of squares is twice it) and its gradient Jᵀr: every solver, the surface
and the basin map use these four and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InputError


@dataclass(frozen=True)
class Certified:
    """NIST's certified answer: the parameter values, the residual sum of squares and the standard deviations."""

    values: np.ndarray
    rss: float
    sd: np.ndarray = field(default_factory=lambda: np.zeros(0))


class NonlinearProblem:
    """y ≈ f(x; b) for a parsed formula (see engine/nonlinear/formula.py) and data x, y."""

    def __init__(self, formula, x, y, *, start, name: str = "", certified: Certified | None = None,
                 label: str = ""):
        self.formula = formula
        self.x = np.array(x, dtype=float)  # a copy: it is made read-only below
        self.y = np.array(y, dtype=float).reshape(-1)
        self.n = self.y.size
        self.p = len(formula.parameters)
        self.parameter_names = tuple(formula.parameters)
        self.name = name
        self.label = label or name
        self.certified = certified
        columns = len(formula.variables)
        expected = (self.n,) if columns == 1 else (self.n, columns)
        if self.x.shape != expected and not (columns == 1 and self.x.shape == (self.n, 1)):
            raise InputError(f"the formula uses {', '.join(formula.variables)}: x needs shape {expected}, "
                             f"got {self.x.shape}")
        if columns == 1:
            self.x = self.x.reshape(-1)
        if self.n == 0:
            raise InputError("the data set has no rows to fit")
        if not (np.all(np.isfinite(self.x)) and np.all(np.isfinite(self.y))):
            raise InputError("the data contain a value that is not a finite number")
        self.start = self._checked_start(start)
        self.x.flags.writeable = False  # the data of a problem never change (the formula caches on them)
        self.y.flags.writeable = False

    def _checked_start(self, start) -> np.ndarray:
        start = np.asarray(start, dtype=float).reshape(-1)
        if start.shape != (self.p,) or not np.all(np.isfinite(start)):
            raise InputError(f"the start point needs {self.p} finite numbers "
                             f"({', '.join(self.parameter_names)}), got {list(start)}")
        return start

    def predict(self, b, x) -> np.ndarray:
        """f(x; b) at other x (e.g. a smooth curve for the canvas)."""
        return np.asarray(self.formula.evaluate(np.asarray(b, dtype=float), np.asarray(x, dtype=float)))

    def residual(self, b) -> np.ndarray:
        """r = f(b, x) − y."""
        values = np.asarray(self.formula.evaluate(np.asarray(b, dtype=float), self.x), dtype=float)
        return np.broadcast_to(values, self.y.shape) - self.y

    def jacobian(self, b) -> np.ndarray:
        """J = ∂f/∂b, (n × p), exact."""
        jac = np.asarray(self.formula.jacobian(np.asarray(b, dtype=float), self.x), dtype=float)
        return np.broadcast_to(jac, (self.n, self.p)).copy() if jac.shape != (self.n, self.p) else jac

    def loss(self, b) -> float:
        """½·Σ r²."""
        r = self.residual(b)
        return 0.5 * float(r @ r)

    def rss(self, b) -> float:
        """Σ r², NIST's residual sum of squares."""
        return 2.0 * self.loss(b)

    def gradient(self, b) -> np.ndarray:
        """Jᵀr, the gradient of the loss."""
        return self.jacobian(b).T @ self.residual(b)

    def with_start(self, start) -> NonlinearProblem:
        """The same problem from another start point."""
        other = object.__new__(NonlinearProblem)
        other.__dict__.update(self.__dict__)
        other.start = self._checked_start(start)
        return other

    def describe(self) -> dict[str, Any]:
        """The problem as plain, JSON-ready data."""
        described = {
            "name": self.name, "label": self.label, "formula": self.formula.text, "n": self.n, "p": self.p,
            "parameters": list(self.parameter_names), "variables": list(self.formula.variables),
            "start": self.start.tolist(),
        }
        if self.certified is not None:
            described["certified"] = {"values": self.certified.values.tolist(), "rss": self.certified.rss,
                                      "sd": np.asarray(self.certified.sd).tolist()}
        return described

    def __repr__(self) -> str:
        return f"NonlinearProblem({self.name or self.formula.text!r}, n={self.n}, p={self.p})"

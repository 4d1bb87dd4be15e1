"""`LinearConstraints`: what a constrained least-squares problem adds to min ‖Aθ − y‖.

Equalities C θ = d (m rows) and bounds lower ≤ θ ≤ upper, in the problem's canonical order
[B0, B1, ...] and original units, with the texts they were read from (the board and the
legend quote them). Build them from text with `engine.constrained.parse_constraints`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import InputError


def _read_only(values, shape: tuple[int, ...], what: str) -> np.ndarray:
    array = np.array(values, dtype=float).reshape(shape) if np.size(values) else np.zeros(shape)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class LinearConstraints:
    """C θ = d and lower ≤ θ ≤ upper for a problem with `p` parameters (±∞: no bound)."""

    matrix: np.ndarray          # C, (m, p)
    rhs: np.ndarray             # d, (m,)
    lower: np.ndarray           # (p,), −∞ where unbounded
    upper: np.ndarray           # (p,), +∞ where unbounded
    texts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        matrix = np.asarray(self.matrix, dtype=float)
        p = matrix.shape[1] if matrix.ndim == 2 else np.asarray(self.lower).size
        matrix = _read_only(matrix, (-1, p) if matrix.size else (0, p), "C")
        rhs = _read_only(self.rhs, (matrix.shape[0],), "d")
        lower = _read_only(self.lower, (p,), "lower")
        upper = _read_only(self.upper, (p,), "upper")
        if not (np.all(np.isfinite(matrix)) and np.all(np.isfinite(rhs))):
            raise InputError("a constraint has a coefficient that is not a finite number")
        if np.any(np.isnan(lower)) or np.any(np.isnan(upper)):
            raise InputError("a bound is not a number")
        crossed = np.flatnonzero(lower > upper)
        if crossed.size:
            j = int(crossed[0])
            raise InputError(f"the bounds on parameter {j + 1} leave no value: lower {lower[j]:g} > upper {upper[j]:g}")
        for name, value in (("matrix", matrix), ("rhs", rhs), ("lower", lower), ("upper", upper)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "texts", tuple(self.texts))

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def none(cls, p: int) -> LinearConstraints:
        return cls(np.zeros((0, p)), np.zeros(0), np.full(p, -np.inf), np.full(p, np.inf))

    @classmethod
    def equalities(cls, matrix, rhs, texts: Sequence[str] = ()) -> LinearConstraints:
        """C θ = d only."""
        matrix = np.atleast_2d(np.asarray(matrix, dtype=float))
        p = matrix.shape[1]
        return cls(matrix, np.atleast_1d(np.asarray(rhs, dtype=float)), np.full(p, -np.inf), np.full(p, np.inf),
                   tuple(texts))

    @classmethod
    def bounds(cls, lower, upper, texts: Sequence[str] = ()) -> LinearConstraints:
        """lower ≤ θ ≤ upper only (use ±inf for a side without a bound)."""
        lower = np.asarray(lower, dtype=float)
        return cls(np.zeros((0, lower.size)), np.zeros(0), lower, np.asarray(upper, dtype=float), tuple(texts))

    def combined(self, other: LinearConstraints) -> LinearConstraints:
        """Both sets at once: the equalities stacked, the bounds intersected."""
        if other.p != self.p:
            raise InputError(f"constraints for {other.p} parameters cannot join constraints for {self.p}")
        return LinearConstraints(np.vstack([self.matrix, other.matrix]), np.concatenate([self.rhs, other.rhs]),
                                 np.maximum(self.lower, other.lower), np.minimum(self.upper, other.upper),
                                 self.texts + other.texts)

    # ---- what they are -------------------------------------------------------------------------
    @property
    def p(self) -> int:
        return self.matrix.shape[1]

    @property
    def count(self) -> int:
        """m, the number of equality constraints."""
        return self.matrix.shape[0]

    @property
    def has_equalities(self) -> bool:
        return self.count > 0

    @property
    def has_bounds(self) -> bool:
        return bool(np.any(np.isfinite(self.lower)) or np.any(np.isfinite(self.upper)))

    @property
    def empty(self) -> bool:
        return not (self.has_equalities or self.has_bounds)

    def equality_violation(self, theta) -> float:
        """‖Cθ − d‖ relative to ‖C‖·‖θ‖ + ‖d‖ (0 with no equality)."""
        if not self.has_equalities:
            return 0.0
        theta = np.asarray(theta, dtype=float)
        scale = np.linalg.norm(self.matrix) * np.linalg.norm(theta) + np.linalg.norm(self.rhs)
        gap = float(np.linalg.norm(self.matrix @ theta - self.rhs))
        return gap / scale if scale > 0 else gap

    def bound_violation(self, theta) -> float:
        """The largest distance of θ outside its bounds (0 inside)."""
        theta = np.asarray(theta, dtype=float)
        below = np.where(np.isfinite(self.lower), self.lower - theta, 0.0)
        above = np.where(np.isfinite(self.upper), theta - self.upper, 0.0)
        return float(max(below.max(initial=0.0), above.max(initial=0.0), 0.0))

    def describe(self) -> dict:
        """JSON-ready (±∞ bounds as null)."""
        def finite_or_none(values):
            return [float(v) if np.isfinite(v) else None for v in values]
        return {"texts": list(self.texts), "C": self.matrix.tolist(), "d": self.rhs.tolist(),
                "lower": finite_or_none(self.lower), "upper": finite_or_none(self.upper)}

"""The arithmetic an iterative solver computes in: its precision, with every result rounded.

float64 is today's arithmetic untouched (`fl` and `number` are the identity, so a float64 run is
bit for bit what it always was). float32 is numpy's native float32: arrays of that dtype, BLAS
sgemv, LAPACK sgesv. float16 and bfloat16 are emulated (engine/precision.py): float32 arrays whose
every operation's result goes through `fl`; a matrix-vector product is accumulated in float32 and
rounded once, as GPUs' tensor cores do. The p × p kernels (Cholesky, triangular solves) round
after every operation (engine/solvers/low_precision.py), since LAPACK has no float16.
"""

from __future__ import annotations

import numpy as np

from ..precision import Precision, get_precision
from . import low_precision


class Arithmetic:
    """Rounding and the few kernels a solver needs, in one precision."""

    def __init__(self, precision: str | Precision = "float64"):
        self.precision = get_precision(precision)
        self.dtype = self.precision.storage
        self.emulated = self.precision.emulated
        #: True for float64: every helper is the identity and the solvers run today's code.
        self.double = self.precision.name == "float64"

    @property
    def name(self) -> str:
        return self.precision.name

    @property
    def u(self) -> float:
        return self.precision.unit_roundoff

    def fl(self, values):
        """The result of one operation rounded to the precision (identity when numpy already did)."""
        return self.precision.fl(values) if self.emulated else values

    def number(self, value: float) -> float:
        """A scalar (η, β, α = rᵀr/pᵀHp, ...) as the precision holds it, as a Python float.

        A Python float combines with a float32 array without widening it (numpy's weak scalars),
        and rounding the float64 result of one operation on two held numbers gives the correctly
        rounded result in every precision here (53 ≥ 2t + 2).
        """
        if self.double:
            return value
        with np.errstate(over="ignore"):
            return float(self.precision.round(float(value)))

    def decay_lost(self, **decays: float) -> str | None:
        """Words for a decay factor β < 1 that the precision rounds to 1 (then 1 − β = 0 and the
        average never takes in a new gradient), or None. bfloat16 turns Adam's β₂ = 0.999 into 1."""
        if self.double:
            return None
        below_one = 1 - 2.0 ** -self.precision.significand_bits
        for label, value in decays.items():
            if value < 1 and self.number(value) == 1:
                return (f"In {self.name}, {label} = {value:g} rounds to 1 (the largest {self.name} number below 1 "
                        f"is {below_one:.6g}), so 1 − {label} = 0: the running average never takes in a new "
                        f"gradient and the method cannot work. Choose {label} ≤ {below_one:.6g}, or a wider precision.")
        return None

    def array(self, values) -> np.ndarray:
        """A fresh array of `values` held in the precision (float64 arrays are left as they are)."""
        if self.double:
            return np.asarray(values, dtype=float)
        return self.precision.array(values)

    def product(self, matrix: np.ndarray, vector: np.ndarray, scale: float = 1.0) -> np.ndarray:
        """fl(scale·M v): accumulated in the storage dtype, scaled, rounded once (GEMM's α·AB)."""
        result = matrix @ vector
        return self.fl(result * scale if scale != 1.0 else result)

    def dot(self, a: np.ndarray, b: np.ndarray) -> float:
        """fl(aᵀb) as a Python float (accumulated in float32 for the emulated formats)."""
        return self.number(float(a @ b))

    def sqrt(self, values):
        return self.fl(np.sqrt(values))

    def solve_spd(self, matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        """x with H x = b for a symmetric positive definite H (LinAlgError when it is not, here).

        float64 and float32: LAPACK's gesv in the arrays' dtype. float16 and bfloat16: Cholesky and
        two triangular solves, every operation rounded (engine/solvers/low_precision.py).
        """
        if not self.emulated:
            return np.linalg.solve(matrix, rhs)
        lower = low_precision.cholesky(matrix, self.precision)
        if lower is None:
            raise np.linalg.LinAlgError(f"not positive definite in {self.name}")
        middle = low_precision.forward_substitute(lower, rhs, self.precision)
        return low_precision.back_substitute(np.ascontiguousarray(lower.T), middle, self.precision)

    def forward_substitution(self, lower: np.ndarray, rhs: np.ndarray) -> np.ndarray:
        """x with L x = b (L lower triangular), row by row: xᵢ = (bᵢ − Σⱼ<ᵢ Lᵢⱼxⱼ)/Lᵢᵢ."""
        import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

        if not self.emulated:  # LAPACK dtrtrs / strtrs
            return scipy.linalg.solve_triangular(lower, rhs, lower=True, check_finite=False)
        return low_precision.forward_substitute(lower, rhs, self.precision)

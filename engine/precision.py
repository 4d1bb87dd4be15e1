"""The four floating-point formats a solver can compute in, and rounding to each.

float64 and float32 are numpy's own dtypes: the arithmetic (and BLAS/LAPACK) of that format.
float16 and bfloat16 are *emulated* (Higham & Pranesh, "Simulating low precision floating-point
arithmetic", SIAM J. Sci. Comput. 2019): values are kept in float32 arrays and every operation's
result is rounded to the format with `fl`. float32 holds every product, sum and quotient of two
float16 or bfloat16 numbers closely enough (24 ≥ 2·11 + 2 bits) that rounding it again gives the
correctly rounded result. Inner products (matrix products) are accumulated in float32 and rounded
once, as GPUs' tensor cores do. bfloat16 is emulated rather than taken from a package: numpy's
matmul quietly returns float32 for the one package that offers the dtype (ml_dtypes), which would
hide the very rounding a student should see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .errors import InputError, brief

#: float64's mask of the 45 low bits that bfloat16 (8 significant bits) does not keep.
_BF16_DROPPED = (1 << 45) - 1


def round_to_bfloat16(values) -> np.ndarray:
    """Values rounded to bfloat16 (8 significant bits, float32's exponent range), as float32.

    Round to nearest, ties to even, straight from float64 (rounding through float32 first could
    round twice); overflow gives ±inf, and below 2⁻¹²⁶ the spacing is fixed at 2⁻¹³³ (subnormals).
    float32 input (an emulated operation's result) takes the bit-pattern route, five times faster.
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float32:
        return _bfloat16_from_float32(values)
    original = np.asarray(values, dtype=np.float64)
    x = original.copy()
    bits = x.view(np.uint64)
    finite = np.isfinite(original)
    keep_lsb = (bits >> np.uint64(45)) & np.uint64(1)
    rounded = (bits + np.uint64((1 << 44) - 1) + keep_lsb) & ~np.uint64(_BF16_DROPPED)
    bits[finite] = rounded[finite]
    tiny = finite & (np.abs(original) < 2.0 ** -126)
    x[tiny] = np.round(original[tiny] * 2.0 ** 133) * 2.0 ** -133
    overflow = finite & (np.abs(x) > BFLOAT16_MAX)
    x[overflow] = np.copysign(np.inf, original[overflow])
    return x.astype(np.float32)


def _bfloat16_from_float32(x: np.ndarray) -> np.ndarray:
    """bfloat16 rounding of float32 values by their bit pattern: a bfloat16 is a float32 with the low
    16 bits zero, so adding 0x7FFF plus the lowest kept bit and clearing those bits rounds to nearest
    (ties to even), carries into the exponent (up to ∞) and keeps subnormals' spacing 2⁻¹³³."""
    bits = x.view(np.uint32)
    kept_lowest = (bits >> np.uint32(16)) & np.uint32(1)
    rounded = ((bits + np.uint32(0x7FFF) + kept_lowest) & np.uint32(0xFFFF0000)).view(np.float32)
    nan = np.isnan(x)
    return np.where(nan, x, rounded) if nan.any() else rounded


#: The largest finite bfloat16: (2 − 2⁻⁷)·2¹²⁷.
BFLOAT16_MAX = (2 - 2.0 ** -7) * 2.0 ** 127


@dataclass(frozen=True)
class Precision:
    """A floating-point format: its significand, range and unit roundoff, and how to round to it.

    `storage` is the numpy dtype a solver's arrays have in this format; `emulated` formats are
    stored in float32 and every result must go through `fl`.
    """

    name: str
    label: str
    significand_bits: int      # t, the implicit bit included: 53, 24, 11, 8
    largest: float             # the largest finite number
    smallest_normal: float
    storage: type
    emulated: bool

    @property
    def unit_roundoff(self) -> float:
        """u = 2⁻ᵗ: the largest relative error of rounding one number (half the machine epsilon)."""
        return 2.0 ** -self.significand_bits

    @property
    def epsilon(self) -> float:
        return 2.0 ** (1 - self.significand_bits)

    @property
    def digits(self) -> float:
        """Significant decimal digits the format holds: −log10 u (15.95, 7.2, 3.3, 2.4)."""
        return -math.log10(self.unit_roundoff)

    def round(self, values) -> np.ndarray:
        """`values` rounded to this format, as a float64 array (for measuring, and for data)."""
        return np.asarray(self.fl(np.asarray(values, dtype=np.float64)), dtype=np.float64)

    def fl(self, values):
        """The result of an operation, rounded to this format, in the storage dtype.

        The identity for float64 and float32 arrays (numpy already rounded them); a rounding for
        the emulated formats. Overflow gives ±inf, as the hardware would.
        """
        if isinstance(values, np.ndarray) and values.dtype == self.storage and not self.emulated:
            return values
        with np.errstate(over="ignore"):
            if not self.emulated:
                return np.asarray(values, dtype=self.storage)
            if self.name == "bfloat16":
                return round_to_bfloat16(values)
            return np.asarray(values).astype(np.float16).astype(np.float32)

    def array(self, values) -> np.ndarray:
        """A new array of `values` rounded to this format, in the storage dtype (a solver's input)."""
        with np.errstate(over="ignore"):
            return np.array(self.fl(np.asarray(values, dtype=np.float64)), dtype=self.storage, copy=True)

    def predicted_digits(self, kappa: float, exponent: int = 1) -> float:
        """The digits a method may keep: −log10(κᵉ·u), between 0 and the format's own digits."""
        if not math.isfinite(kappa) or kappa <= 0:
            return 0.0
        lost = exponent * math.log10(max(kappa, 1.0))
        return float(min(max(self.digits - lost, 0.0), self.digits))


PRECISIONS: dict[str, Precision] = {
    p.name: p for p in (
        Precision("float64", "float64 (double)", 53, float(np.finfo(np.float64).max),
                  float(np.finfo(np.float64).tiny), np.float64, False),
        Precision("float32", "float32 (single)", 24, float(np.finfo(np.float32).max),
                  float(np.finfo(np.float32).tiny), np.float32, False),
        Precision("float16", "float16 (half)", 11, 65504.0, 2.0 ** -14, np.float32, True),
        Precision("bfloat16", "bfloat16 (brain float)", 8, BFLOAT16_MAX, 2.0 ** -126, np.float32, True),
    )
}
PRECISION_NAMES = tuple(PRECISIONS)
DOUBLE = PRECISIONS["float64"]


def get_precision(name: str | Precision) -> Precision:
    if isinstance(name, Precision):
        return name
    try:
        return PRECISIONS[str(name)]
    except KeyError:
        raise InputError(f"unknown precision {brief(name)}; choose one of {', '.join(PRECISIONS)}") from None


def check_representable(values: np.ndarray, precision: Precision, what: str) -> None:
    """Raise InputError when a finite value of `values` overflows `precision` (float16 stops at 65504).

    `what` names the array, e.g. "column x²" or "y"; the message gives the first value that overflows.
    """
    values = np.asarray(values, dtype=np.float64)
    too_large = np.abs(values) > precision.largest
    if np.any(too_large):
        index = np.unravel_index(int(np.flatnonzero(too_large.ravel())[0]), values.shape)
        row = index[0] + 1
        raise InputError(
            f"{precision.name} cannot hold the data: {what} has {values[index]:.6g} in row {row}, and the largest "
            f"{precision.name} number is {precision.largest:.6g}. Set Scaling to standardize, rescale the data "
            "or choose a wider precision.")

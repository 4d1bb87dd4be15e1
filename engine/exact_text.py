"""Numbers as a lecturer writes them: 13/√5 rather than 5.813776741499453.

A float computed from small integer data is often a small exact number in disguise: an
integer, a fraction p/q, or a rational multiple of √d. `exact_form` recognises these within
a relative tolerance of about 1e-12 (so rounding in the last digits does not hide them),
and gives up, returning None, when no short form fits.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

#: Relative distance within which a float is taken to be the exact number.
TOLERANCE = 1e-12
MAX_DENOMINATOR = 1000
#: x² = N/M is searched with M up to this (q√d with q ≤ 1000 needs only M = q²/d' ≤ 10⁶; the
#: small bound keeps chance matches of random numbers rare).
MAX_SQUARE_DENOMINATOR = 10_000
MAX_RADICAND = 1000
MAX_INTEGER = 10**9
MINUS = "−"
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SMALL_PRIMES = [p for p in range(2, 100) if all(p % d for d in range(2, int(p ** 0.5) + 1))]


def _close(x: float, candidate: float) -> bool:
    return abs(x - candidate) <= TOLERANCE * abs(x)


def _rational(x: float, max_denominator: int) -> Fraction | None:
    if abs(x) > MAX_INTEGER:
        return None
    return Fraction(x).limit_denominator(max_denominator)


def _squarefree_split(n: int) -> tuple[int, int] | None:
    """n = s²·d with d squarefree and small; None if d would not be small."""
    s, d = 1, 1
    for p in _SMALL_PRIMES:
        if p * p > n:
            break
        while n % (p * p) == 0:
            n //= p * p
            s *= p
        if n % p == 0:
            n //= p
            d *= p
    root = math.isqrt(n)
    if root * root == n:
        s *= root
    else:
        d *= n
    return (s, d) if d <= MAX_RADICAND else None


def _fraction_text(value: Fraction) -> str:
    sign = MINUS if value < 0 else ""
    value = abs(value)
    return f"{sign}{value.numerator}" if value.denominator == 1 else f"{sign}{value.numerator}/{value.denominator}"


def _root_text(coefficient: Fraction, d: int) -> str:
    """(a/b)·√d as the course notes write it: √5, 3√2/4, and n/√d when that is an integer over √d."""
    sign = MINUS if coefficient < 0 else ""
    a, b = abs(coefficient.numerator), coefficient.denominator
    if b == 1:
        return f"{sign}√{d}" if a == 1 else f"{sign}{a}√{d}"
    if d % b == 0:  # (a/b)√d = (a·d/b)/√d with an integer numerator: 13/√5, 1/√5
        return f"{sign}{a * d // b}/√{d}"
    return f"{sign}√{d}/{b}" if a == 1 else f"{sign}{a}√{d}/{b}"


def _short_decimal(x: float) -> str | None:
    """'1.71' for a number that is a decimal of at most 6 significant digits."""
    text = f"{x:.6g}"
    if "e" in text or not _close(x, float(text)):
        return None
    return text.replace("-", MINUS)


def exact_form(x: float, *, scale: float = 0.0, decimals: bool = False) -> str | None:
    """The short exact form of x ("2", "3/5", "−1/5", "√5", "13/√5", "3√2/4"), or None.

    `scale` is the size of the array x comes from: |x| ≤ TOLERANCE·scale reads as 0 (a rounding
    residue 1e-17 next to 2.2). With `decimals`, a short
    terminating decimal is written as one ("1.3" rather than "13/10"), as the course notes write
    gradient descent.
    """
    x = float(x)
    if not math.isfinite(x):
        return None
    if abs(x) <= TOLERANCE * scale or x == 0:
        return "0"
    nearest = round(x)
    if abs(x) < MAX_INTEGER and _close(x, nearest):
        return str(int(nearest)).replace("-", MINUS)
    if decimals and (text := _short_decimal(x)) is not None:
        return text
    fraction = _rational(x, MAX_DENOMINATOR)
    if fraction is not None and _close(x, fraction.numerator / fraction.denominator):
        return _fraction_text(fraction)
    square = _rational(x * x, MAX_SQUARE_DENOMINATOR)
    if square is None or square == 0 or square.numerator > MAX_INTEGER:
        return None
    # x² = N/M  →  |x| = √(N·M)/M = s√d/M
    split = _squarefree_split(square.numerator * square.denominator)
    if split is None:
        return None
    s, d = split
    coefficient = Fraction(s, square.denominator) * (1 if x > 0 else -1)
    if d == 1 or coefficient.denominator > MAX_DENOMINATOR:
        return None
    if not _close(x, coefficient.numerator / coefficient.denominator * math.sqrt(d)):
        return None
    return _root_text(coefficient, d)


def decimal_text(x: float, digits: int = 4) -> str:
    """x to `digits` significant digits with the proper minus sign and ×10ⁿ for exponents."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", MINUS)


def number_text(x: float, *, exact: bool = True, digits: int = 5, decimals: bool = False) -> str:
    """'13/√5 ≈ 5.8138', '3/5 = 0.6', '2', or just the decimal when there is no short form."""
    decimal = decimal_text(x, digits)
    if not exact:
        return decimal
    form = exact_form(x, decimals=decimals)
    if form is None or form == decimal:
        return decimal
    if "/" not in form and "√" not in form:
        return form
    relation = "=" if _close(x, float(f"{x:.{digits}g}")) else "≈"
    return f"{form} {relation} {decimal}"


def entry_texts(values, *, exact: bool = True, digits: int = 4, decimals: bool = False) -> list[str]:
    """Each entry of an array as text; exact forms judged against the array's largest entry."""
    values = np.asarray(values, dtype=float).ravel()
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    texts = []
    for v in values:
        form = exact_form(v, scale=scale, decimals=decimals) if exact else None
        texts.append(form if form is not None else decimal_text(v, digits))
    return texts


def vector_text(v, *, exact: bool = True, digits: int = 4, column: bool = True, decimals: bool = False,
                limit: int = 8) -> str:
    """'[1/√5, 2/√5]ᵀ' (a column vector, as the course notes write it); long vectors are elided."""
    v = np.asarray(v, dtype=float).ravel()
    shown = v if v.size <= limit else np.concatenate([v[:limit - 2], v[-1:]])
    texts = entry_texts(shown, exact=exact, digits=digits, decimals=decimals)
    if v.size > limit:
        texts = texts[:-1] + ["…", texts[-1]]
    body = "[" + ", ".join(texts) + "]" + ("ᵀ" if column else "")
    return body if v.size <= limit else f"{body} ({v.size} entries)"


def matrix_text(m, *, exact: bool = True, digits: int = 4, decimals: bool = False) -> str:
    """'[[√5, 3/√5], [0, 1/√5]]': a small matrix row by row, zeros judged against its largest entry."""
    m = np.atleast_2d(np.asarray(m, dtype=float))
    texts = entry_texts(m, exact=exact, digits=digits, decimals=decimals)
    cols = m.shape[1]
    rows = [texts[i * cols:(i + 1) * cols] for i in range(m.shape[0])]
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"

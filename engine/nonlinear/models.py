"""The model library: the curves a student meets after the line, each with a start guessed from the data.

A nonlinear fit needs a start, and a bad one ends in another valley or on a plateau; each template's
`guess(x, y)` reads a sensible one off the data (a straight line through log y for the exponentials,
the highest point and the half-height width for a peak, the best sine over a range of frequencies).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Guess = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class ModelTemplate:
    key: str
    label: str
    formula_text: str
    guess: Guess


def _line(u: np.ndarray, v: np.ndarray) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line v ≈ c0 + c1·u."""
    design = np.column_stack([np.ones_like(u), u])
    (c0, c1), *_ = np.linalg.lstsq(design, v, rcond=None)
    return float(c0), float(c1)


def _positive(y: np.ndarray) -> np.ndarray:
    """|y| floored at a small fraction of its largest value, so log y exists for every row."""
    top = float(np.max(np.abs(y))) if y.size else 1.0
    return np.maximum(np.abs(y), 1e-6 * top if top > 0 else 1.0)


def _safe(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, 1.0)


def guess_exp_decay(x, y):
    c0, c1 = _line(x, np.log(_positive(y)))
    return _safe([np.exp(c0), -c1])


def guess_exp_growth(x, y):
    c0, c1 = _line(x, np.log(_positive(y)))
    return _safe([np.exp(c0), c1])


def guess_logistic(x, y):
    top = 1.05 * float(np.max(y))
    middle = float(x[np.argmin(np.abs(y - top / 2))])
    width = float(np.ptp(x)) / 8 or 1.0
    rising = np.corrcoef(x, y)[0, 1] >= 0 if np.ptp(y) > 0 and np.ptp(x) > 0 else True
    return _safe([top, (1.0 if rising else -1.0) / width, middle])


def guess_gaussian_peak(x, y):
    peak = int(np.argmax(y))
    height = float(y[peak])
    above = x[y >= height / 2]
    width = float(np.ptp(above)) / 2.355 if above.size > 1 else float(np.ptp(x)) / 10
    return _safe([height, float(x[peak]), width or 1.0])


def guess_power_law(x, y):
    c0, c1 = _line(np.log(_positive(x)), np.log(_positive(y)))
    return _safe([np.exp(c0), c1])


def guess_sine(x, y):
    """The frequency whose best a·sin + c·cos + d fits y best, then amplitude and phase from a and c."""
    span = float(np.ptp(x)) or 1.0
    spacing = float(np.min(np.diff(np.unique(x)))) if np.unique(x).size > 1 else span
    frequencies = np.linspace(2 * np.pi / span / 2, np.pi / max(spacing, span / 1000), 400)
    best, best_rss = (0.0, 0.0, float(np.mean(y)), frequencies[0]), np.inf
    for omega in frequencies:
        design = np.column_stack([np.sin(omega * x), np.cos(omega * x), np.ones_like(x)])
        coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
        rss = float(np.sum((design @ coefficients - y) ** 2))
        if rss < best_rss:
            best, best_rss = (*coefficients, omega), rss
    a, c, offset, omega = best
    return _safe([np.hypot(a, c), omega, np.arctan2(c, a), offset])


def guess_michaelis_menten(x, y):
    top = 1.1 * float(np.max(y))
    half = float(x[np.argmin(np.abs(y - top / 2))])
    return _safe([top, abs(half) or 1.0])


def guess_rational(x, y):
    """y(1 + b3·x) = b1 + b2·x is linear in b1, b2, b3: y ≈ b1 + b2·x − b3·x·y."""
    design = np.column_stack([np.ones_like(x), x, -x * y])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    return _safe(coefficients)


MODELS: dict[str, ModelTemplate] = {t.key: t for t in (
    ModelTemplate("exp-decay", "Exponential decay", "b1*exp(-b2*x)", guess_exp_decay),
    ModelTemplate("exp-growth", "Exponential growth", "b1*exp(b2*x)", guess_exp_growth),
    ModelTemplate("logistic", "Logistic (S-curve)", "b1/(1+exp(-b2*(x-b3)))", guess_logistic),
    ModelTemplate("gaussian-peak", "Gaussian peak", "b1*exp(-0.5*((x-b2)/b3)^2)", guess_gaussian_peak),
    ModelTemplate("power-law", "Power law", "b1*x^b2", guess_power_law),
    ModelTemplate("sine", "Sine with phase", "b1*sin(b2*x+b3)+b4", guess_sine),
    ModelTemplate("michaelis-menten", "Michaelis–Menten", "b1*x/(b2+x)", guess_michaelis_menten),
    ModelTemplate("rational", "Rational", "(b1+b2*x)/(1+b3*x)", guess_rational),
)}


def model_problem(key: str, x, y, *, start=None, name: str = ""):
    """A NonlinearProblem of the library model `key` on data x, y, from its guessed start by default."""
    from ..errors import InputError, brief
    from .formula import parse_formula
    from .problem import NonlinearProblem
    if key not in MODELS:
        raise InputError(f"unknown model {brief(key)}; known: {', '.join(MODELS)}")
    template = MODELS[key]
    x, y = np.asarray(x, float).reshape(-1), np.asarray(y, float).reshape(-1)
    formula = parse_formula(template.formula_text)
    with np.errstate(all="ignore"):
        guessed = template.guess(x, y) if start is None else start
    return NonlinearProblem(formula, x, y, start=guessed, name=name or key, label=template.label)

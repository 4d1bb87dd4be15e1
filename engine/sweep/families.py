"""Families of least-squares problems whose condition number κ(A) grows, for the digits-against-κ sweep.

Each member has a known answer: y = A·(1, 2, …, p) computed in float64 (not all ones: on Läuchli's
matrix a symmetric answer would let the normal equations' errors cancel), so the residual is only
rounding and
the κ²·tan θ term of QR's error bound (Trefethen & Bau, Lecture 18) stays out of the picture: QR
loses log10 κ digits, the normal equations 2·log10 κ. κ(A) is numpy's SVD of the float64 matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..problem import Problem


@dataclass(frozen=True)
class SweepProblem:
    """One member of a family: its Problem, κ(A) of its float64 data, and a short label."""

    family: str
    index: int
    label: str
    problem: Problem
    kappa: float


def _problem(design: np.ndarray, name: str) -> Problem:
    design = np.asarray(design, dtype=np.float64)
    y = design @ np.arange(1.0, design.shape[1] + 1)
    return Problem.from_table(design, y, names=[f"a{j + 1}" for j in range(design.shape[1])],
                              intercept=False, loss="sum", name=name)


def kappa_of(design) -> float:
    """κ(A) = σmax/σmin from numpy's SVD (∞ when σmin is 0)."""
    s = np.linalg.svd(np.asarray(design, dtype=np.float64), compute_uv=False)
    return float(s[0] / s[-1]) if s[-1] > 0 else float("inf")


def vandermonde(p: int) -> np.ndarray:
    """Columns 1, t, …, t^(p−1) at 2p equally spaced t on [0, 1] (degree p − 1)."""
    t = np.linspace(0.0, 1.0, 2 * p)
    return np.vander(t, p, increasing=True)


def hilbert(p: int) -> np.ndarray:
    """The 2p×p Hilbert-type matrix 1/(i + j − 1), i = 1…2p, j = 1…p."""
    i = np.arange(1, 2 * p + 1)[:, None]
    j = np.arange(1, p + 1)[None, :]
    return 1.0 / (i + j - 1)


def collinear(angle: float, rows: int = 20) -> np.ndarray:
    """Two unit columns at `angle` radians from each other (κ ≈ 2/angle for a small angle)."""
    t = np.linspace(-1.0, 1.0, rows)
    first = np.ones(rows) / np.sqrt(rows)
    other = t / np.linalg.norm(t)
    return np.column_stack([first, np.cos(angle) * first + np.sin(angle) * other])


def lauchli(epsilon: float, columns: int = 2) -> np.ndarray:
    """Läuchli's matrix: a row of ones over ε·I (p columns); κ = √(p + ε²)/ε, and fl(AᵀA) is the
    singular matrix of ones as soon as ε² < u."""
    return np.vstack([np.ones((1, columns)), epsilon * np.eye(columns)])


@dataclass(frozen=True)
class Family:
    """A family: its name in the interface and how to build `count` members, κ growing."""

    name: str
    title: str
    build: Callable[[int], list[tuple[str, np.ndarray]]]
    description: str


def _by_size(matrix: Callable[[int], np.ndarray], word: str, first: int, last: int):
    def build(count: int) -> list[tuple[str, np.ndarray]]:
        sizes = sorted(set(np.linspace(first, last, count).round().astype(int).tolist()))
        return [(f"{word} {p}", matrix(p)) for p in sizes]
    return build


def _by_epsilon(matrix: Callable[[float], np.ndarray], symbol: str, smallest_exponent: float):
    def build(count: int) -> list[tuple[str, np.ndarray]]:
        exponents = np.linspace(-0.5, smallest_exponent, count)
        return [(f"{symbol} = 1e{e:.1f}", matrix(10.0 ** e)) for e in exponents]
    return build


FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("vandermonde", "Vandermonde (degree grows)", _by_size(vandermonde, "p =", 2, 15),
           "Columns 1, t, …, t^(p−1) at 2p points t equally spaced on [0, 1]"),
    Family("hilbert", "Hilbert (size grows)", _by_size(hilbert, "p =", 2, 15),
           "A 2p×p Hilbert-type matrix, entries 1/(i + j − 1)"),
    Family("collinear", "Near-collinear columns (angle ε)", _by_epsilon(collinear, "ε", -15.0),
           "Two unit columns at angle ε: κ ≈ 2/ε"),
    Family("lauchli", "Läuchli 3×2 (ε shrinks)", _by_epsilon(lauchli, "ε", -15.0),
           "[[1, 1], [ε, 0], [0, ε]]: κ ≈ √2/ε, and AᵀA rounds to singular once ε² < u"),
    Family("lauchli-6", "Läuchli 7×6 (ε shrinks)",
           _by_epsilon(lambda e: lauchli(e, 6), "ε", -15.0),
           "A row of ones over ε·I with 6 columns: κ ≈ √6/ε"),
)}
FAMILY_NAMES = tuple(FAMILIES)


def family_problems(name: str, count: int = 12) -> list[SweepProblem]:
    """The members of family `name`, κ growing (about `count` of them)."""
    family = FAMILIES[name]
    members = family.build(count)
    return [SweepProblem(family=name, index=i, label=label, problem=_problem(design, f"{family.title}, {label}"),
                         kappa=kappa_of(design))
            for i, (label, design) in enumerate(members)]

"""Euclidean norms that neither overflow nor underflow: entries near 1e±300 square to ∞ or 0,
so each vector (or column) is divided by its largest entry before it is squared."""

from __future__ import annotations

import math

import numpy as np


def safe_norm(vector) -> float:
    """‖v‖₂ of any finite vector; ∞ or NaN if the vector holds one."""
    v = np.asarray(vector, dtype=float).ravel()
    if v.size == 0:
        return 0.0
    largest = float(np.max(np.abs(v)))
    if largest == 0.0 or not math.isfinite(largest):
        return largest
    scaled = v / largest
    return largest * math.sqrt(float(scaled @ scaled))


def safe_column_norms(matrix: np.ndarray) -> np.ndarray:
    """‖column j‖₂ for each column of `matrix`."""
    if matrix.shape[0] == 0:
        return np.zeros(matrix.shape[1])
    largest = np.max(np.abs(matrix), axis=0)
    safe = np.where(largest > 0, largest, 1.0)
    scaled = matrix / safe
    return largest * np.sqrt(np.einsum("ij,ij->j", scaled, scaled))

"""Why gradient descent is slow: the error along each eigenvector of the loss's Hessian.

On the least-squares loss the Hessian is H = s·AᵀA (s = 1 for the sum, 1/n for the mean, working
units), and gradient descent's error obeys eₖ₊₁ = (I − ηH)eₖ exactly. Along the eigenvector vᵢ
of H (eigenvalue λᵢ) the error's component is multiplied by 1 − ηλᵢ at every step: the steep
directions (large λ) and the flat ones (small λ) cannot both shrink fast with one η. The best
single η, 2/(λ₁ + λₙ), shrinks the slowest one by (κ − 1)/(κ + 1), κ = λ₁/λₙ.

Heavy ball (θₖ₊₁ = θₖ − η∇L(θₖ) + β(θₖ − θₖ₋₁)) moves each component by the 2×2 matrix
[[1 + β − ηλ, −β], [1, 0]]; its spectral radius, worst over the λᵢ, is the rate over (η, β).

Eigenvalues are numbered from the largest: λ₁ ≥ λ₂ ≥ … ≥ λₙ ≥ 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Problem

#: Errors at or below this fraction of the first one are rounding noise: no ratio is taken there.
NOISE = 1e-13


@dataclass(frozen=True)
class HessianSpectrum:
    """The eigenpairs of the loss's Hessian, largest eigenvalue first (vectors are columns)."""

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray

    @property
    def largest(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def smallest(self) -> float:
        return float(self.eigenvalues[-1])

    @property
    def kappa(self) -> float:
        """κ(H) = λ₁/λₙ (∞ when H is singular)."""
        return self.largest / self.smallest if self.smallest > 0 else np.inf

    def factors(self, lr: float) -> np.ndarray:
        """|1 − ηλᵢ|: what gradient descent multiplies each error component by per step."""
        return np.abs(1.0 - lr * self.eigenvalues)

    def gd_rate(self, lr: float) -> float:
        """max|1 − ηλᵢ|: the rate of the slowest component at step η."""
        return float(np.max(self.factors(lr)))

    def optimal_step(self) -> float:
        """2/(λ₁ + λₙ): the η that makes the steepest and the flattest direction shrink alike."""
        return 2.0 / (self.largest + self.smallest)

    def optimal_rate(self) -> float:
        """(κ − 1)/(κ + 1): gradient descent's rate at the optimal step."""
        kappa = self.kappa
        return 1.0 if not np.isfinite(kappa) else (kappa - 1.0) / (kappa + 1.0)

    def components(self, errors: np.ndarray) -> np.ndarray:
        """The errors (rows, working units) in the eigenvector basis: column i along vᵢ."""
        return np.asarray(errors, dtype=float) @ self.eigenvectors


def hessian(problem: Problem) -> np.ndarray:
    """H = s·AᵀA of the working matrix: the Hessian of the loss the gradient methods descend."""
    return np.asarray(problem.gram) * problem.loss_scale


def hessian_spectrum(problem: Problem) -> HessianSpectrum:
    """The eigenpairs of `hessian(problem)`, λ₁ (the largest) first; λ < 0 from rounding is set to 0."""
    values, vectors = np.linalg.eigh(hessian(problem))
    return HessianSpectrum(np.maximum(values[::-1], 0.0), vectors[:, ::-1].copy())


def to_working_map(problem: Problem) -> np.ndarray:
    """The matrix M with w = M·θ (original units → working units): to_working is linear."""
    return np.column_stack([problem.to_working(column) for column in np.eye(problem.p)])


def working_optimum(problem: Problem) -> np.ndarray:
    """θ* in working units: lstsq on the working matrix (the gradient methods' destination)."""
    return np.linalg.lstsq(problem.matrix, problem.y, rcond=None)[0]


def working_errors(problem: Problem, thetas, optimum: np.ndarray | None = None) -> np.ndarray:
    """θₖ − θ* in working units, one row per θₖ given in original units."""
    optimum = working_optimum(problem) if optimum is None else optimum
    thetas = np.atleast_2d(np.asarray(thetas, dtype=float))
    return thetas @ to_working_map(problem).T - optimum


def step_ratios(error_norms, steps=None) -> np.ndarray:
    """The factor ‖eₖ‖ shrank by per step between successive errors: (‖eₖ‖/‖eⱼ‖)^(1/(k − j)), where
    `steps` gives each error's k (default 0, 1, 2, …: then simply ‖eₖ‖/‖eₖ₋₁‖). Stops where the
    error reaches rounding noise (NOISE·‖e₀‖)."""
    norms = np.asarray(error_norms, dtype=float)
    ks = np.arange(norms.size, dtype=float) if steps is None else np.asarray(steps, dtype=float)
    if norms.size < 2 or not norms[0] > 0:
        return np.empty(0)
    noise = norms <= NOISE * norms[0]
    usable = int(np.argmax(noise)) if np.any(noise) else norms.size
    norms, ks = norms[:usable], ks[:usable]
    return (norms[1:] / norms[:-1]) ** (1.0 / np.diff(ks))


def measured_rate(error_norms, steps=None) -> float | None:
    """The geometric mean of the per-step factors ‖eₖ‖/‖eₖ₋₁‖ (None with fewer than two errors)."""
    ratios = step_ratios(error_norms, steps)
    if not ratios.size:
        return None
    ks = np.arange(ratios.size + 1) if steps is None else np.asarray(steps, dtype=float)[:ratios.size + 1]
    weights = np.diff(ks)
    return float(np.exp(np.sum(weights * np.log(ratios)) / np.sum(weights)))


def heavy_ball_radius(eigenvalue, lr, beta):
    """The spectral radius of [[1 + β − ηλ, −β], [1, 0]] (arrays broadcast): the roots of
    z² − (1 + β − ηλ)z + β are complex, of modulus √β, or real, the larger (|t| + √(t² − 4β))/2."""
    trace = 1.0 + beta - lr * eigenvalue
    discriminant = trace * trace - 4.0 * beta
    real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2.0
    return np.where(discriminant < 0, np.sqrt(np.maximum(beta, 0.0)), real)


def heavy_ball_factors(spectrum: HessianSpectrum, lr: float, beta: float) -> np.ndarray:
    """Per eigendirection, the factor heavy ball shrinks the error by per step (in the long run)."""
    return heavy_ball_radius(spectrum.eigenvalues, lr, beta)


def heavy_ball_rate_map(eigenvalues, lrs, betas) -> np.ndarray:
    """The heavy-ball rate over a grid: [j, i] = max over λ of the radius at (η = lrs[i], β = betas[j]).

    Rows are β, columns η (an image with η across and β up). β = 0 is gradient descent."""
    eta = np.asarray(lrs, dtype=float)[None, :]
    beta = np.asarray(betas, dtype=float)[:, None]
    worst = np.zeros((beta.shape[0], eta.shape[1]))
    for value in np.unique(np.asarray(eigenvalues, dtype=float)):
        np.maximum(worst, heavy_ball_radius(value, eta, beta), out=worst)
    return worst


def optimal_heavy_ball(spectrum: HessianSpectrum) -> tuple[float, float]:
    """Polyak's best (η, β) = (4/(√λ₁ + √λₙ)², ((√κ − 1)/(√κ + 1))²), rate (√κ − 1)/(√κ + 1)."""
    root_high, root_low = np.sqrt(spectrum.largest), np.sqrt(spectrum.smallest)
    return 4.0 / (root_high + root_low) ** 2, ((root_high - root_low) / (root_high + root_low)) ** 2

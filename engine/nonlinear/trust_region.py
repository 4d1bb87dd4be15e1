"""The damped step of Levenberg-Marquardt for any μ, and the μ that makes it as long as a trust region.

With the scaled Jacobian J D⁻¹ = QR (Householder, LAPACK's geqrf: Q is never formed) and the small
SVD R = U S Vᵀ, so that J D⁻¹ = (QU) S Vᵀ, the step of damping μ is
δ(μ) = −D⁻¹ V diag(sᵢ/(sᵢ² + μ)) Uᵀr, and its scaled length ‖Dδ(μ)‖ falls monotonically with μ, so the
μ of a given length Δ is found by a few safeguarded Newton steps on p numbers (Moré's lmpar, done
with the SVD instead of QR updates).
"""

from __future__ import annotations

import numpy as np

from .point import Point

EPS = float(np.finfo(float).eps)
#: ‖Dδ(μ)‖ within this fraction of Δ is close enough (MINPACK's 10 %).
LENGTH_TOLERANCE = 0.1


class ScaledTangent:
    """The SVD of J D⁻¹ at one point, kept while the point does not move (refused steps reuse it)."""

    def __init__(self, point: Point, scale: np.ndarray):
        from scipy.linalg import lapack  # here, not at the top: scipy.linalg costs the app's start-up 0.4 s

        self.scale = scale
        rows, columns = point.jacobian.shape
        # Fewer points than parameters: zero rows make J square without changing ‖Jδ + r‖ (LAPACK's QR
        # of a wide matrix keeps only n reflectors, and the SVD below needs R to be p × p).
        self.rows = max(rows, columns)
        scaled = np.zeros((self.rows, columns), order="F")
        np.divide(point.jacobian, scale, out=scaled[:rows])
        self.householder, self.tau, _, _ = lapack.dgeqrf(scaled, overwrite_a=True)
        self.u, self.s, self.vt = np.linalg.svd(np.triu(self.householder[:columns]), full_matrices=False)
        self.coefficients = self.project(point.r)
        cutoff = EPS * max(point.jacobian.shape) * (self.s[0] if self.s.size else 0.0)
        self.kept = self.s > cutoff  # directions the data determine; the rest is rounding

    def project(self, vector: np.ndarray) -> np.ndarray:
        """(QU)ᵀ·vector: the vector's coordinates along the left singular vectors of J D⁻¹."""
        from scipy.linalg import lapack

        padded = np.zeros((self.rows, 1))
        padded[:vector.shape[0], 0] = vector
        applied, _, info = lapack.dormqr("L", "T", self.householder, self.tau, padded, max(1, self.rows))
        if info != 0:
            raise np.linalg.LinAlgError(f"LAPACK's dormqr refused its arguments (info = {info})")
        return self.u.T @ applied[:self.u.shape[0], 0]

    def step(self, mu: float, rhs: np.ndarray | None = None) -> np.ndarray:
        """argmin ‖Jδ + rhs‖² + μ‖Dδ‖² (rhs = r by default); μ = 0 gives the minimum-norm Gauss-Newton step."""
        c = self.coefficients if rhs is None else self.project(rhs)
        with np.errstate(divide="ignore", invalid="ignore"):
            factors = np.where(self.kept | (mu > 0), self.s / (self.s ** 2 + mu), 0.0)
        return -(self.vt.T @ (factors * c)) / self.scale

    def length(self, mu: float) -> float:
        """‖Dδ(μ)‖."""
        return float(np.linalg.norm(self._scaled(mu)))

    def _scaled(self, mu: float) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.kept | (mu > 0), self.s * self.coefficients / (self.s ** 2 + mu), 0.0)

    def damping_for(self, radius: float) -> float:
        """The μ ≥ 0 whose step has ‖Dδ‖ ≈ Δ: 0 when the Gauss-Newton step already fits."""
        if self.length(0.0) <= (1 + LENGTH_TOLERANCE) * radius:
            return 0.0
        weighted = self.s * self.coefficients
        low, high = 0.0, float(np.linalg.norm(weighted)) / max(radius, 1e-300)
        mu = min(max(high * 1e-3, 1e-300), high)
        for _ in range(60):
            z = weighted / (self.s ** 2 + mu)
            norm = float(np.linalg.norm(z))
            if abs(norm - radius) <= LENGTH_TOLERANCE * radius:
                return mu
            if norm > radius:
                low = mu
            else:
                high = mu
            slope = float(np.sum(z ** 2 / (self.s ** 2 + mu)))  # −½ d‖z‖²/dμ
            newton = mu + (norm - radius) / radius * norm ** 2 / slope if slope > 0 else np.nan
            mu = newton if low < newton < high else (np.sqrt(low * high) if low > 0 else 0.5 * high)
        return mu

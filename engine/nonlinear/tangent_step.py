"""One Gauss-Newton or Levenberg-Marquardt step worked out again from b alone, for the board and the
geometry view.

Nothing here reads what the solver kept in its steps except b and (for LM) μ: r, J, the QR of J,
δ, the projection J·δ, the gain ratio and the new RSS are all computed again with numpy, so what a
lecturer shows is checkable arithmetic, not the solver's word. LM accepts a step by the solver's own
rule (ρ above its ACCEPT_RATIO); how it then chooses the next μ is the solver's business (the board
reads that μ from the next recorded step).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import gauss_newton as gn
from . import levenberg_marquardt as lm
from .problem import NonlinearProblem

GAUSS_NEWTON, LEVENBERG_MARQUARDT = "gauss-newton", "lm"
METHODS = (GAUSS_NEWTON, LEVENBERG_MARQUARDT)
#: A diagonal entry of R this small against the largest means J's columns are dependent at b.
DEPENDENT = 1e-13


@dataclass(frozen=True)
class TangentStep:
    """The step from b: the linear least-squares problem J δ ≈ −r on the tangent plane, and its outcome."""

    method: str
    b: np.ndarray
    residual: np.ndarray          # r = f(b) − y
    jacobian: np.ndarray          # J = ∂r/∂b = ∂f/∂b
    r_factor: np.ndarray          # R of J = QR (p × p)
    qt_residual: np.ndarray       # Qᵀr (p)
    gauss_newton_delta: np.ndarray  # the solution of R δ = −Qᵀr: lstsq(J, −r)
    delta: np.ndarray             # the step's δ: Gauss-Newton's, or LM's damped one
    mu: float                     # 0 for Gauss-Newton
    scale: np.ndarray | None      # LM's D (the largest column norms of J so far)
    new_b: np.ndarray             # b + t·δ, or b again when LM refuses the step
    rss: float                    # Σr² at b
    trial_rss: float              # Σr² at b + δ (the full step)
    new_rss: float                # Σr² at the new b
    step_length: float            # t: 1, or less when Gauss-Newton's line search halved the step
    rho: float | None             # LM's gain ratio
    accepted: bool
    dependent: bool               # R has a zero on its diagonal: δ is lstsq's minimum-norm one

    @property
    def projection(self) -> np.ndarray:
        """J·δ: how f moves to first order; for Gauss-Newton the projection of −r on the tangent plane."""
        return self.jacobian @ self.delta

    @property
    def gauss_newton_projection(self) -> np.ndarray:
        """J·δ_GN: the point of the tangent plane closest to y, seen from f(b)."""
        return self.jacobian @ self.gauss_newton_delta

    @property
    def predicted_rss(self) -> float:
        """‖r + J·δ‖²: the RSS the linear model promises after the step."""
        left = self.residual + self.projection
        return float(left @ left)


def tangent_step(problem: NonlinearProblem, method: str, b, *, mu: float = 0.0, scale=None,
                 line_search: bool = False) -> TangentStep:
    """The step `method` takes from `b`: Gauss-Newton's (its step halved until the RSS falls with
    `line_search`), or LM's with damping `mu` and scale D = `scale` (by default J's column norms at b)."""
    from scipy.linalg import solve_triangular  # here, not at the top: scipy.linalg costs the app's start-up 0.4 s

    if method not in METHODS:
        raise ValueError(f"the board writes Gauss-Newton and Levenberg-Marquardt steps, not {method!r}")
    b = np.array(b, dtype=float)
    with np.errstate(all="ignore"):
        residual = problem.residual(b)
        jacobian = problem.jacobian(b)
        q, r_factor = np.linalg.qr(jacobian)
        qt_residual = q.T @ residual
        diagonal = np.abs(np.diag(r_factor))
        dependent = bool(diagonal.size == 0 or np.min(diagonal) <= DEPENDENT * max(np.max(diagonal), 1e-300))
        if dependent:
            gauss_newton_delta = np.linalg.lstsq(jacobian, -residual, rcond=None)[0]
        else:
            gauss_newton_delta = solve_triangular(r_factor, -qt_residual)
        rss = float(residual @ residual)
        if method == GAUSS_NEWTON:
            return _outcome(problem, method, b, residual, jacobian, r_factor, qt_residual, gauss_newton_delta,
                            gauss_newton_delta, 0.0, None, rss, dependent, line_search)
        scale = column_scale(jacobian) if scale is None else np.asarray(scale, dtype=float)
        delta = damped_delta(r_factor, qt_residual, float(mu), scale)
        return _outcome(problem, method, b, residual, jacobian, r_factor, qt_residual, gauss_newton_delta,
                        delta, float(mu), scale, rss, dependent, False)


def damped_delta(r_factor: np.ndarray, qt_residual: np.ndarray, mu: float, scale: np.ndarray) -> np.ndarray:
    """The solution of (JᵀJ + μD²) δ = −Jᵀr by QR of [R; √μ·D] (JᵀJ is never formed)."""
    from scipy.linalg import solve_triangular  # here, not at the top: scipy.linalg costs the app's start-up 0.4 s

    p = scale.size
    stacked = np.vstack([r_factor, np.sqrt(mu) * np.diag(scale)])
    q2, r2 = np.linalg.qr(stacked)
    return solve_triangular(r2, q2.T @ np.concatenate([-qt_residual, np.zeros(p)]))


def column_scale(jacobian: np.ndarray) -> np.ndarray:
    """The column norms of J, a zero column counted as 1 (LM's D stays invertible)."""
    norms = np.sqrt(np.einsum("ij,ij->j", jacobian, jacobian))
    return np.where(norms > 0, norms, 1.0)


def running_scale(problem: NonlinearProblem, thetas: Sequence) -> np.ndarray:
    """LM's D after visiting `thetas`, as the solver keeps it: for each column, the largest norm it had
    at any of them, and never below 1."""
    scale = np.ones(problem.p)
    for theta in thetas:
        scale = _widened(problem, scale, theta)
    return scale


def _widened(problem: NonlinearProblem, scale: np.ndarray, theta) -> np.ndarray:
    with np.errstate(all="ignore"):
        norms = column_scale(problem.jacobian(np.asarray(theta, dtype=float)))
    return np.maximum(scale, norms) if np.all(np.isfinite(norms)) else scale


class ScaleMemo:
    """LM's D after each recorded step of one run, each computed once: stepping through a long run on
    many points then costs one J per frame, not one per step so far."""

    def __init__(self, problem: NonlinearProblem):
        self.problem = problem
        self._after: dict[int, tuple[object, np.ndarray]] = {}  # id(step) → (the step, D after it)

    def before(self, steps: Sequence, index: int) -> np.ndarray:
        """D after visiting steps[:index] (the same as running_scale of their θ)."""
        i = index - 1
        while i >= 0 and self._after.get(id(steps[i]), (None,))[0] is not steps[i]:
            i -= 1
        scale = np.ones(self.problem.p) if i < 0 else self._after[id(steps[i])][1]
        for j in range(i + 1, index):
            if steps[j].theta is not None:
                scale = _widened(self.problem, scale, steps[j].theta)
            self._after[id(steps[j])] = (steps[j], scale)
        return scale


def _rss(problem: NonlinearProblem, b: np.ndarray) -> tuple[float, np.ndarray]:
    residual = problem.residual(b)
    return (float(residual @ residual) if np.all(np.isfinite(residual)) else np.inf), residual


def _outcome(problem, method, b, residual, jacobian, r_factor, qt_residual, gauss_newton_delta, delta, mu, scale,
             rss, dependent, line_search) -> TangentStep:
    """The trial point b + δ; for Gauss-Newton the line search, for LM the gain ratio ρ and its verdict."""
    trial_rss, trial_residual = _rss(problem, b + delta)
    # the fall of ½Σr² as ½·(r − r_new)ᵀ(r + r_new): exact when the two sums agree to many digits
    fall = 0.5 * float((residual - trial_residual) @ (residual + trial_residual)) if np.isfinite(trial_rss) \
        else -np.inf
    rho, accepted, length, new_rss = None, True, 1.0, trial_rss
    if method == GAUSS_NEWTON and line_search:
        while not fall > 0 and length > 2.0 ** -gn.MAX_HALVINGS:
            length /= 2
            new_rss, shorter = _rss(problem, b + length * delta)
            fall = 0.5 * float((residual - shorter) @ (residual + shorter)) if np.isfinite(new_rss) else -np.inf
    if method == LEVENBERG_MARQUARDT:
        projected = jacobian @ delta
        predicted = 0.5 * float(projected @ projected) + mu * float(np.sum((scale * delta) ** 2))
        rho = fall / predicted if predicted > 0 else -np.inf
        accepted = bool(np.isfinite(delta).all() and fall > 0 and rho > lm.ACCEPT_RATIO)
        new_rss = trial_rss if accepted else rss
    new_b = b + length * delta if accepted else b
    return TangentStep(method, b, residual, jacobian, r_factor, qt_residual, gauss_newton_delta, delta, mu, scale,
                       new_b, rss, trial_rss, new_rss, length, rho, accepted, dependent)

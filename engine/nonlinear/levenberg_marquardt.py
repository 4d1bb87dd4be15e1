"""Levenberg-Marquardt, MINPACK-style: each step solves (JᵀJ + μD²)δ = −Jᵀr, D the column norms of J.

μ is the damping: large μ gives a short step along the scaled gradient (gradient descent), small μ the
Gauss-Newton step (μ = 0 when that step fits). As in MINPACK (Moré 1978), μ follows from a trust
region ‖Dδ‖ ≤ Δ, and Δ from the gain ratio ρ = (actual fall of the loss)/(fall the linear model
predicts): ρ < ¼ shrinks the region, ρ > ¾ widens it, ρ > 10⁻⁴ accepts the step. D starts at 1 and
only grows, to the largest norm each column has had (MINPACK's rule; starting at 1 lets a parameter
whose column is still short move freely at first, which takes BoxBOD's far start to its minimum). Optional geodesic
acceleration (Transtrum & Sethna) adds ½a, the second-order correction along δ.
"""

from __future__ import annotations

import numpy as np

from ..registry import Hyperparameter, SolverSpec
from . import stopping
from .ending import finish, out_of_iterations, start_refusal
from .point import Point, evaluate, iterate_step, reduction, with_jacobian
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS, max_iter
from .trust_region import ScaledTangent

#: A step is accepted when the loss falls by at least this fraction of the predicted fall.
ACCEPT_RATIO = 1e-4
#: Geodesic acceleration is kept only while 2‖Da‖ ≤ this·‖Dv‖ (the correction stays a correction).
GEODESIC_LIMIT = 0.75
#: The finite-difference step of the second directional derivative (in units of the step v).
GEODESIC_H = 0.1
#: A refused Gauss-Newton step this small (relative, scaled) whose promised gain is below the rounding
#: blur ends the run as converged: the fit has settled at the floor rounding allows.
SETTLED_STEP = 1e-9


def run_lm(problem: NonlinearProblem, *, start=None, mu0: float = 1e-12, max_iter: int = 5000,
           geodesic: bool = False):
    """Levenberg-Marquardt from `start` (the problem's own start by default)."""
    point = evaluate(problem, problem.start if start is None else start)
    if (refusal := start_refusal("lm", point)) is not None:
        return refusal
    yield iterate_step(problem, 0, point, title=f"start: loss {point.loss:.6g}, μ = {mu0:g}", mu=mu0)
    scale = np.maximum(1.0, stopping.column_norms(point.jacobian))
    tangent = ScaledTangent(point, scale)
    radius = tangent.length(mu0)
    for k in range(1, max_iter + 1):
        mu = tangent.damping_for(radius)
        velocity = tangent.step(mu)
        acceleration = _acceleration(problem, point, tangent, velocity, mu) if geodesic else None
        # The linear model predicts the fall along v exactly as ½‖Jv‖² + μ‖Dv‖² (no cancellation).
        projected = point.jacobian @ velocity
        predicted = 0.5 * float(projected @ projected) + mu * float(np.sum((scale * velocity) ** 2))
        delta = velocity if acceleration is None else velocity + 0.5 * acceleration
        trial = evaluate(problem, point.b + delta, with_jacobian=False)
        actual = reduction(point, trial)
        rho = actual / predicted if predicted > 0 else -np.inf
        accepted = bool(np.isfinite(delta).all() and actual > 0 and rho > ACCEPT_RATIO)
        length = float(np.linalg.norm(scale * velocity))
        step_size = stopping.relative_step(delta, scale, point.b)
        radius = _new_radius(radius, length, rho, point, trial, actual, mu, projected)
        blurred = not accepted and mu == 0.0 and step_size <= SETTLED_STEP and \
            predicted <= stopping.loss_blur(problem, point)
        if accepted:
            point = with_jacobian(problem, trial)
            if not np.isfinite(point.jacobian).all():
                return finish("lm", problem, point, k, "diverged",
                              "The derivatives overflow at the new point: the model is not usable there.")
            scale = np.maximum(scale, stopping.floored_norms(point.jacobian))
            tangent = ScaledTangent(point, scale)
        verdict = "accepted" if accepted else "refused"
        yield iterate_step(problem, k, point, delta=delta, mu=mu, projection=projected,
                           title=f"μ = {mu:.3g}: (JᵀJ + μD²)δ = −Jᵀr, ρ = {rho:.3g}, step {verdict}; "
                                 f"loss {point.loss:.10g}",
                           extra={"accepted": accepted, "rho": float(rho) if np.isfinite(rho) else None,
                                  "radius": radius, "geodesic": acceleration is not None})
        if accepted and stopping.gradient_at_rounding(point, step_size):
            return finish("lm", problem, point, k, "converged", stopping.gradient_message(point, k))
        if blurred:  # the full Gauss-Newton step failed, and promised less than rounding blurs: nothing to gain
            return finish("lm", problem, point, k, "converged",
                          stopping.no_gain_message(problem, point, k, gain=predicted))
        size = float(np.linalg.norm(scale * point.b))
        if not accepted and (step_size <= stopping.EPS or radius <= stopping.EPS * size or not np.isfinite(radius)):
            if stopping.no_gain_possible(problem, point):
                return finish("lm", problem, point, k, "converged", stopping.no_gain_message(problem, point, k))
            return finish("lm", problem, point, k, "failed", stopping.stuck_message(
                "lm", problem, point, k, "μ grew without bound (every step was refused)"))
    return out_of_iterations("lm", problem, point, max_iter)


def _new_radius(radius: float, length: float, rho: float, point: Point, trial: Point, actual: float, mu: float,
                projected: np.ndarray) -> float:
    """MINPACK's update of the trust region Δ from the gain ratio ρ (lmder, Moré 1978)."""
    if rho <= 0.25:
        # The slope of the loss along δ is −(‖Jδ‖² + μ‖Dδ‖²); a step that made things worse cuts Δ in
        # proportion to how much worse, and one that multiplied the residual by 10 or more cuts it tenfold.
        slope = -(float(projected @ projected) + mu * length ** 2)
        shrink = 0.5 if actual >= 0 else 0.5 * slope / (slope + actual)
        if not trial.finite or trial.loss >= 100.0 * point.loss or not 0.1 <= shrink:
            shrink = 0.1
        return shrink * min(radius, 10.0 * length)
    if mu == 0.0 or rho >= 0.75:
        return 2.0 * length
    return radius


def _acceleration(problem, point: Point, tangent: ScaledTangent, velocity, mu: float) -> np.ndarray | None:
    """Geodesic acceleration a = −(JᵀJ + μD²)⁻¹Jᵀr'' with r'' the second derivative of r along v,
    or None when the correction would dominate the step."""
    h = GEODESIC_H
    ahead = evaluate(problem, point.b + h * velocity, with_jacobian=False)
    if not ahead.finite:
        return None
    curvature = (2.0 / h) * ((ahead.r - point.r) / h - point.jacobian @ velocity)
    acceleration = tangent.step(mu, curvature)
    scale = tangent.scale
    if not np.isfinite(acceleration).all() or \
            2 * np.linalg.norm(scale * acceleration) > GEODESIC_LIMIT * np.linalg.norm(scale * velocity):
        return None
    return acceleration


NONLINEAR_SOLVERS.add(SolverSpec(
    name="lm", label="Levenberg-Marquardt", family="Nonlinear least squares", direct=False,
    summary="Solves (JᵀJ + μD²)δ = −Jᵀr: gradient descent when μ is large, Gauss-Newton when μ is small; "
            "μ adapts to how well the linear model predicted the last step.",
    run=run_lm, hyperparameters=(
        Hyperparameter("mu0", "float", 1e-12, "The damping μ of the first step, relative to the columns of J "
                       "(D = their norms): large is cautious, small trusts Gauss-Newton (MINPACK's first step "
                       "is Gauss-Newton's). Later steps adapt μ to how well the linear model predicted.",
                       low=1e-15, high=1e12, log_scale=True, slider=True),
        max_iter(5000),
        Hyperparameter("geodesic", "bool", False, "Geodesic acceleration: add the second-order correction "
                       "½a along each step (one more evaluation of the model per step)."),
    )))

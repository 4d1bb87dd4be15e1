"""Bounded least squares, lower ≤ θ ≤ upper, by an active-set method (Stark & Parker's BVLS idea).

Start from the free fit, clipped into the box. Then repeat: with the coefficients held at a bound
fixed, fit the others by least squares (Householder QR). If that fit leaves the box, walk towards
it only as far as the first bound and hold that coefficient there. If it stays inside, look at the
gradient of each held coefficient: one that the loss would pull back inside is let go. When no
held coefficient wants to move, the answer is optimal (the KKT conditions hold). One board step per
change of the active set; the gradient at a held bound is its price (what relaxing it would gain).
"""

from __future__ import annotations

import numpy as np

from ..problem import EPS, Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Result, Step
from .common import column_scales, constrained_answer, constraints_of, failed, values_text


def _fit_free(a: np.ndarray, target: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Least squares on the free columns by Householder QR (LAPACK), zero columns when none is free."""
    import scipy.linalg

    if not np.any(free):
        return np.zeros(0)
    q, r = scipy.linalg.qr(a[:, free], mode="economic")
    return scipy.linalg.solve_triangular(r, q.T @ target)


def _dependent(a: np.ndarray) -> bool:
    import scipy.linalg

    if a.shape[0] < a.shape[1]:
        return True
    r = scipy.linalg.qr(a, mode="r")[0]
    return bool(np.any(np.abs(np.diag(r)) <= max(a.shape) * EPS * np.linalg.norm(a, axis=0).max()))


def _held_text(names, held_low, held_high) -> str:
    parts = [f"{names[j]} at its lower bound" for j in np.flatnonzero(held_low)]
    parts += [f"{names[j]} at its upper bound" for j in np.flatnonzero(held_high)]
    return ", ".join(parts) if parts else "none held"


def run_bvls(problem: Problem, max_iter: int = 200):
    """Active-set iterations from the clipped free fit; each step changes the set of held bounds."""
    constraints = constraints_of(problem)
    if constraints.has_equalities:
        return failed("bvls", "bvls solves bounds lower ≤ θ ≤ upper; equality constraints (C θ = d) need kkt or "
                      "nullspace. Give bvls the bounds only.")
    names = problem.parameter_names
    a, y = problem.design, problem.y
    scales = column_scales(a)
    scaled = a / scales
    if _dependent(scaled):
        return failed("bvls", "The columns of A are linearly dependent (or n < p), so the bounded fit is not unique: "
                      "lower the degree or remove the repeated column.")
    low, high = constraints.lower * scales, constraints.upper * scales
    phi = _fit_free(scaled, y, np.ones(problem.p, bool))
    to_theta = _theta_of(constraints, scales)
    held_low, held_high = phi <= low, phi >= high
    yield Step(k=0, kind="free-fit", title=f"The free fit: {values_text(names, phi / scales)}",
               theta=phi / scales, loss=problem.loss(phi / scales))
    phi = np.clip(phi, low, high)
    k = 1
    yield Step(k=k, kind="clip", title=f"Clipped into the box: {_held_text(names, held_low, held_high)}",
               theta=to_theta(phi, held_low, held_high), loss=problem.loss(to_theta(phi, held_low, held_high)),
               detail={"held_low": held_low.copy(), "held_high": held_high.copy()})
    tolerance = 1e3 * EPS * max(float(np.linalg.norm(scaled.T @ y)), np.finfo(float).tiny)
    for _ in range(max_iter):
        held = held_low | held_high
        free = ~held
        z = _fit_free(scaled, y - scaled[:, held] @ phi[held], free)
        margin = 1e-13 * (1.0 + np.abs(phi[free]) + np.abs(z))
        below, above = z < low[free] - margin, z > high[free] + margin
        k += 1
        if np.any(below | above):
            start = phi[free]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratios = np.where(below, (low[free] - start) / (z - start),
                                  np.where(above, (high[free] - start) / (z - start), np.inf))
            alpha = float(np.clip(ratios.min(), 0.0, 1.0))
            blocking = np.flatnonzero(free)[np.flatnonzero(ratios <= alpha * (1 + 1e-12) + 1e-300)]
            phi[free] = start + alpha * (z - start)
            for j in blocking:
                (held_low if phi[j] - low[j] <= high[j] - phi[j] else held_high)[j] = True
            phi = np.clip(phi, low, high)
            phi[held_low], phi[held_high] = low[held_low], high[held_high]
            theta = to_theta(phi, held_low, held_high)
            yield Step(k=k, kind="block", title=f"Towards the fit of the free ones, {alpha:.3g} of the way: "
                       f"{', '.join(names[j] for j in blocking)} reach{'es' * (len(blocking) == 1)} a bound and "
                       "is held there", theta=theta, loss=problem.loss(theta),
                       detail={"held_low": held_low.copy(), "held_high": held_high.copy(), "alpha": alpha})
            continue
        phi[free] = np.clip(z, low[free], high[free])
        gradient = scaled.T @ (scaled @ phi - y)
        pull = np.where(held_low, -gradient, 0.0) + np.where(held_high, gradient, 0.0)
        if not np.any(pull > tolerance):
            theta = to_theta(phi, held_low, held_high)
            prices = {names[j]: float(abs(gradient[j]) / scales[j] * problem.loss_scale)
                      for j in np.flatnonzero(held_low | held_high)}
            yield Step(k=k, kind="optimal", title=f"No held coefficient wants to move: optimal. "
                       f"{values_text(names, theta)} ({_held_text(names, held_low, held_high)})",
                       theta=theta, loss=problem.loss(theta), detail={"prices": tuple(prices.values())})
            return _bounded_answer(problem, theta, k + 1, held_low, held_high, prices)
        j = int(np.argmax(pull))
        side = "lower" if held_low[j] else "upper"
        held_low[j] = held_high[j] = False
        theta = to_theta(phi, held_low, held_high)
        yield Step(k=k, kind="release", title=f"{names[j]} is let go from its {side} bound: the loss falls if it "
                   f"moves inside (∂L/∂{names[j]} = {gradient[j] / scales[j] * problem.loss_scale:.3g})",
                   theta=theta, loss=problem.loss(theta),
                   detail={"held_low": held_low.copy(), "held_high": held_high.copy(), "released": j})
    return Result(method="bvls", theta=to_theta(phi, held_low, held_high), status="max_iter", iterations=k,
                  message=f"The active set was still changing after {max_iter} iterations; raise max_iter.")


def _theta_of(constraints, scales):
    """φ back to θ, a held coefficient exactly at its bound (no rounding of the bound through D)."""
    def to_theta(phi, held_low, held_high):
        theta = phi / scales
        theta[held_low] = constraints.lower[held_low]
        theta[held_high] = constraints.upper[held_high]
        return theta
    return to_theta


def _bounded_answer(problem, theta, iterations, held_low, held_high, prices) -> Result:
    names = problem.parameter_names
    active = [f"{names[j]} = {theta[j]:g} (lower bound)" for j in np.flatnonzero(held_low)]
    active += [f"{names[j]} = {theta[j]:g} (upper bound)" for j in np.flatnonzero(held_high)]
    diagnostics = {"active_bounds": "; ".join(active) or "none", "bound_prices": prices}
    return constrained_answer(problem, "bvls", theta, iterations=iterations, diagnostics=diagnostics)


SOLVERS.add(SolverSpec(
    name="bvls", label="Constrained: bounds by active set (BVLS)", family="Constrained least squares",
    summary="Bounds lower ≤ θ ≤ upper on the coefficients: coefficients are held at a bound or fitted freely by "
            "QR, one change of the held set per step, until no held coefficient wants to move.",
    hyperparameters=(Hyperparameter("max_iter", "int", 200, "The most changes of the active set before it stops.",
                                    low=1, high=100_000),),
    run=run_bvls, kappa_exponent=1))

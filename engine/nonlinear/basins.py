"""The loss surface of a two-parameter model and its basin map: where Gauss-Newton or LM ends from each start.

The map runs a whole row of starts at once (engine/nonlinear/batch.py evaluates the model at all of
them in one numpy expression, and the 2 × 2 systems are solved together), and yields row by row so a
worker can draw it progressively and stop it by closing the generator. End points are labelled by
the distinct minimum they reached (0, 1, 2, ... in order of discovery); −1 marks a start whose run
did not reach a minimum (it diverged, ran out of iterations, or drifted onto a plateau).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from . import batch
from .problem import NonlinearProblem
from .registry import NONLINEAR_SOLVERS

#: Iterations per start in a map (each start of a 40 × 40 map is a whole fit).
MAP_MAX_ITER = 300
#: A run has reached its minimum when its accepted step moves b by less than this (relative, scaled) ...
MAP_STEP_TOL = 1e-10
#: ... or when no step helps any more and its scaled gradient (cosine of r with each column) is below this.
MAP_GRADIENT_TOL = 1e-7
#: Two end points are the same minimum when every coordinate agrees to this (relative).
SAME_MINIMUM = 1e-5
MU_LIMIT = 1e16
MAX_HALVINGS = 30


@dataclass(frozen=True)
class BasinRow:
    """One row of the basin map: starts (b1_values[j], b2_values[index]) for every j."""

    index: int
    ends: np.ndarray       # (m, 2): where each start's run ended (nan when it diverged)
    minimum: np.ndarray    # (m,) int: which distinct minimum it reached, −1 = did not converge
    minima: tuple[np.ndarray, ...] = ()  # the distinct minima found so far; label i is minima[i]


def _two_parameters(problem: NonlinearProblem) -> None:
    if problem.p != 2:
        raise InputError(f"the surface and the basin map need a model with two parameters; "
                         f"this one has {problem.p} ({', '.join(problem.parameter_names)})")


def loss_grid(problem: NonlinearProblem, b1_values, b2_values) -> np.ndarray:
    """½‖r‖² at every (b1, b2) of the grid: shape (len(b2_values), len(b1_values)); inf where undefined."""
    _two_parameters(problem)
    b1_values, b2_values = np.asarray(b1_values, float), np.asarray(b2_values, float)
    rows = [batch.losses(problem, np.column_stack([b1_values, np.full_like(b1_values, b2)])) for b2 in b2_values]
    return np.array(rows).reshape(b2_values.size, b1_values.size)


def basin_map(problem: NonlinearProblem, method: str, b1_values, b2_values,
              **params) -> Generator[BasinRow, None, None]:
    """Run `method` ("gauss-newton" or "lm"; other methods one start at a time) from every grid point,
    one row of b2 at a time."""
    _two_parameters(problem)
    spec = NONLINEAR_SOLVERS.get(method)
    values = spec.parse_params(params)
    max_iter = int(params.get("max_iter", min(values.get("max_iter", MAP_MAX_ITER), MAP_MAX_ITER)))
    b1_values, b2_values = np.asarray(b1_values, float), np.asarray(b2_values, float)
    span = np.array([np.ptp(b1_values), np.ptp(b2_values)]) if b1_values.size and b2_values.size else np.ones(2)
    minima: list[np.ndarray] = []
    for index, b2 in enumerate(b2_values):
        starts = np.column_stack([b1_values, np.full_like(b1_values, b2)])
        if method in ("lm", "gauss-newton"):
            ends, converged = _batch_fit(problem, starts, method, max_iter, values)
        else:
            ends, converged = _one_by_one(problem, starts, method, values)
        labels = np.array([_label(end, minima, span) if ok else -1 for end, ok in zip(ends, converged)], dtype=int)
        yield BasinRow(index=index, ends=ends, minimum=labels, minima=tuple(minima))


def _label(end: np.ndarray, minima: list[np.ndarray], span: np.ndarray) -> int:
    for i, known in enumerate(minima):
        if np.all(np.abs(end - known) <= SAME_MINIMUM * np.abs(known) + 1e-9 * span):
            return i
    minima.append(end.copy())
    return len(minima) - 1


def _one_by_one(problem, starts, method, values):
    from ..run import run_to_end
    from .run import iterate_nonlinear
    ends, converged = np.full(starts.shape, np.nan), np.zeros(len(starts), bool)
    for i, start in enumerate(starts):
        result = run_to_end(iterate_nonlinear(problem, method, start=start, **values))
        if result.theta is not None:
            ends[i] = result.theta
            converged[i] = result.status == "converged"
    return ends, converged


def _scaled_gradients(jac: np.ndarray, r: np.ndarray) -> np.ndarray:
    """max_j |Jⱼᵀr|/(‖Jⱼ‖‖r‖) per start; 1 (not a minimum) where a column vanishes (a plateau)."""
    norms = np.sqrt(np.einsum("mij,mij->mj", jac, jac))
    residual = np.sqrt(np.einsum("mi,mi->m", r, r))
    gradient = np.abs(np.einsum("mij,mi->mj", jac, r))
    with np.errstate(all="ignore"):
        cosines = gradient / (norms * residual[:, None])
    flat = norms <= 1e-12 * norms.max(axis=1, keepdims=True)
    cosines = np.where(residual[:, None] == 0, 0.0, cosines)
    cosines = np.where(flat | ~np.isfinite(cosines), 1.0, cosines)
    return cosines.max(axis=1)


def _batch_fit(problem: NonlinearProblem, starts: np.ndarray, method: str, max_iter: int, values: dict):
    """Gauss-Newton (with step halving unless switched off) or LM from every start together."""
    m, p = starts.shape
    b = starts.copy()
    r = batch.residuals(problem, b)
    loss = _losses(r)
    running = np.isfinite(loss)
    converged = np.zeros(m, bool)
    mu = np.full(m, float(values.get("mu0", 0.0)) if method == "lm" else 0.0)
    growth = np.full(m, 2.0)
    scale2 = np.zeros((m, p))
    for _ in range(max_iter):
        idx = np.flatnonzero(running)
        if idx.size == 0:
            break
        jac = batch.jacobians(problem, b[idx])
        bad = ~np.isfinite(jac).all(axis=(1, 2))
        gram = np.einsum("mij,mik->mjk", jac, jac)
        gradient = np.einsum("mij,mi->mj", jac, r[idx])
        scale2[idx] = np.maximum(scale2[idx], np.where(bad[:, None], 1.0, np.diagonal(gram, axis1=1, axis2=2)))
        damping = np.where(scale2[idx] > 0, scale2[idx], 1.0) * np.maximum(mu[idx], 1e-15)[:, None]
        with np.errstate(all="ignore"):
            delta = _solve(gram + damping[:, :, None] * np.eye(p), -gradient)
        delta[bad] = np.nan
        lengths = np.ones(idx.size)
        new_r = batch.residuals(problem, b[idx] + delta)
        gain = _gains(r[idx], new_r)
        if method == "gauss-newton" and values.get("line_search", True):
            for _ in range(MAX_HALVINGS):
                short = ~(gain > 0) & np.isfinite(delta).all(axis=1)
                if not short.any():
                    break
                lengths[short] /= 2
                new_r[short] = batch.residuals(problem, b[idx[short]] + lengths[short, None] * delta[short])
                gain[short] = _gains(r[idx[short]], new_r[short])
        step = lengths[:, None] * delta
        with np.errstate(all="ignore"):
            projected = np.einsum("mij,mj->mi", jac, delta)
            predicted = 0.5 * np.einsum("mi,mi->m", projected, projected) + mu[idx] * np.einsum(
                "mj,mj->m", scale2[idx], delta * delta)
            rho = gain / predicted
            size = np.sqrt(np.einsum("mj,mj,mj->m", scale2[idx], step, step) /
                           np.maximum(np.einsum("mj,mj,mj->m", scale2[idx], b[idx], b[idx]), 1e-300))
        accepted = (gain > 0) & (rho > 1e-4 if method == "lm" else True)
        if method == "gauss-newton" and not values.get("line_search", True):
            accepted = np.isfinite(_losses(new_r))
        take = idx[accepted]
        b[take] += step[accepted]
        r[take] = new_r[accepted]
        if method == "lm":
            shrink = np.maximum(1 / 3, 1 - (2 * rho[accepted] - 1) ** 3)
            mu[take] = mu[take] * shrink
            growth[take] = 2.0
            refused = idx[~accepted]
            mu[refused] = np.maximum(mu[refused], 1e-15) * growth[refused]
            growth[refused] *= 2
        finished = accepted & (size <= MAP_STEP_TOL)
        stuck = ~accepted & ((mu[idx] >= MU_LIMIT) | (method == "gauss-newton") | ~np.isfinite(size))
        ended = idx[finished | stuck]
        if ended.size:
            final_jac = batch.jacobians(problem, b[ended])
            converged[ended] = _scaled_gradients(final_jac, r[ended]) <= MAP_GRADIENT_TOL
            running[ended] = False
        diverged = ~np.isfinite(_losses(r[idx]))
        running[idx[diverged]] = False
    ends = np.where(np.isfinite(b), b, np.nan)
    return ends, converged & np.isfinite(b).all(axis=1)


def _losses(r: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return 0.5 * np.einsum("mi,mi->m", r, r)


def _gains(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """loss(old) − loss(new) without cancellation: ½(r_old − r_new)·(r_old + r_new); −inf where not finite."""
    with np.errstate(all="ignore"):
        gain = 0.5 * np.einsum("mi,mi->m", old - new, old + new)
    return np.where(np.isfinite(gain), gain, -np.inf)


def _solve(matrices: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Batched solve; a singular system gives nan for that start only."""
    try:
        return np.linalg.solve(matrices, rhs[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(rhs.shape, np.nan)
        for i, (a, v) in enumerate(zip(matrices, rhs)):
            try:
                out[i] = np.linalg.solve(a, v)
            except np.linalg.LinAlgError:
                pass
        return out

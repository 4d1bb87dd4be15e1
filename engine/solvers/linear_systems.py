"""Conjugate gradient, Jacobi and Gauss-Seidel on the normal equations H θ = c.

H is the loss's Hessian (s·AᵀA, plus λ₂ on the diagonal with a ridge penalty) and
c = s·Aᵀy, so the residual r = c − Hθ is minus the gradient. Everything works on the
cached p × p Gram quantities: each iteration costs O(p²) whatever n is. They compute in the
problem's precision: H, c, θ, r and p are held in it and every result is rounded.
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Result
from .common import failure
from .iterative import (
    L2,
    MAX_ITER,
    TOL,
    Quadratic,
    diverging_step,
    finish,
    iteration_step,
    runaway,
    stalled,
    start_point,
)
from .stagnation import StallWatch

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

CG_MAX_ITER = Hyperparameter("max_iter", "int", 1000,
                             "Stop after this many iterations (in exact arithmetic CG needs at most p).",
                             low=1, high=10**7)
CG_TOL = Hyperparameter("tol", "float", 1e-12,
                        "Stop when the residual ‖r‖ = ‖c − Hθ‖ falls below tol × ‖r₀‖.",
                        low=0.0, high=1.0, log_scale=True)


def sub(k: int) -> str:
    """k as a subscript, as the course notes write α₀, r₁, ..."""
    return str(k).translate(_SUBSCRIPTS)


def _canonical(problem: Problem, v: np.ndarray) -> np.ndarray:
    """A working-order vector in canonical order, like the step's gradient."""
    out = np.empty(problem.p)
    out[problem.order] = v
    return out


def _system(problem: Problem, l2: float) -> tuple[Quadratic, np.ndarray, np.ndarray]:
    quadratic = Quadratic(problem, l2)
    return quadratic, quadratic.working_hessian, quadratic.working_rhs


def run_cg(problem: Problem, max_iter: int = 1000, tol: float = 1e-12, l2: float = 0.0, start=None):
    """Conjugate gradient: each step minimises the loss exactly along a direction H-conjugate
    to all earlier ones, so it reaches the answer in at most p steps (in exact arithmetic)."""
    quadratic, h, c = _system(problem, l2)
    if (refusal := quadratic.out_of_range("cg")) is not None:
        return refusal
    ar = quadratic.arithmetic
    fl, watch = ar.fl, StallWatch(ar)
    w = start_point(problem, start)
    r = fl(c - ar.product(h, w))
    p = r.copy()
    rr = ar.dot(r, r)
    threshold = tol * np.sqrt(rr)
    yield iteration_step(problem, quadratic, 0, w, -r,
                         f"start: r₀ = c − Hθ₀, p₀ = r₀, r₀ᵀr₀ = {rr:.6g}",
                         residual=_canonical(problem, r), direction=_canonical(problem, p), rr=rr)
    if np.sqrt(rr) <= threshold:
        return finish(problem, "cg", w, 0, converged=True, quadratic=quadratic)
    for k in range(1, max_iter + 1):
        hp = ar.product(h, p)
        php = ar.dot(p, hp)
        if not php > 0:
            held = "" if ar.double else f" (computed in {ar.name}, where it may also be lost to rounding)"
            return failure("cg", f"p{sub(k - 1)}ᵀHp{sub(k - 1)} = {php:.3g} ≤ 0 at iteration {k}{held}: the Hessian "
                           "H = AᵀA is singular (or not positive definite) along the search direction, so CG "
                           "cannot take a step. The columns of A are probably dependent; use svd.",
                           iterations=k - 1)
        alpha = ar.number(rr / php)
        previous = w
        w = fl(w + fl(alpha * p))
        r = fl(r - fl(alpha * hp))
        rr_next = ar.dot(r, r)
        beta = ar.number(rr_next / rr)
        j, i = sub(k - 1), sub(k)
        title = (f"α{j} = r{j}ᵀr{j} / p{j}ᵀHp{j} = {rr:.6g}/{php:.6g} = {alpha:.6g}, θ{i} = θ{j} + α{j}p{j}; "
                 f"β{j} = r{i}ᵀr{i} / r{j}ᵀr{j} = {beta:.6g}")
        step_direction = p
        p = fl(r + fl(beta * p))
        yield iteration_step(problem, quadratic, k, w, -r, title, alpha=alpha, beta=beta, rr=rr, pHp=php,
                             rr_next=rr_next, step_direction=_canonical(problem, step_direction),
                             residual=_canonical(problem, r), direction=_canonical(problem, p))
        rr = rr_next
        if np.sqrt(rr) <= threshold and not ar.double:
            # In a low precision the updated r drifts from c − Hθ (it can even round to 0):
            # believe it only if the true residual agrees, else restart CG from the true one.
            r = fl(c - ar.product(h, w))
            p, rr = r.copy(), ar.dot(r, r)
        if np.sqrt(rr) <= threshold:
            return finish(problem, "cg", w, k, converged=True, quadratic=quadratic)
        if watch.stalled(k, previous, w):
            return stalled(problem, "cg", w, k, quadratic=quadratic, watch=watch, measure="‖r‖",
                           value=float(np.sqrt(rr)), tol=tol)
    return finish(problem, "cg", w, max_iter, converged=False, quadratic=quadratic)


def _zero_diagonal(problem: Problem, method: str, d: np.ndarray) -> Result | None:
    zero = np.flatnonzero(d <= 0)
    if not zero.size:
        return None
    label = problem.working_labels[int(zero[0])]
    return failure(method, f"The Hessian H = AᵀA has a zero on its diagonal (column '{label}' of A is all "
                   f"zeros), so {method} cannot divide by Hᵢᵢ. Remove that column or use svd.", iterations=0)


def _spectral_radius(m: np.ndarray) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(m)))) if m.size else 0.0


def _stationary(problem: Problem, method: str, sweep, rho: float, matrix_name: str, reason: str, advice: str, *,
                quadratic: Quadratic, c: np.ndarray, max_iter: int, tol: float, start):
    """The loop Jacobi and Gauss-Seidel share: θ ← sweep(θ) until ‖c − Hθ‖ ≤ tol·‖r₀‖.

    With ρ ≥ 1 the errors grow, so the run ends `diverged` (never with NaN) naming ρ.
    """
    h = quadratic.working_hessian
    ar = quadratic.arithmetic
    watch = StallWatch(ar)
    w = start_point(problem, start)
    r = ar.fl(c - ar.product(h, w))
    start_loss = quadratic.loss(w)
    threshold = tol * float(np.linalg.norm(r))
    verdict = "converges" if rho < 1 else "cannot converge"
    name = {"jacobi": "Jacobi", "gauss-seidel": "Gauss-Seidel"}.get(method, method)
    yield iteration_step(problem, quadratic, 0, w, -r,
                         f"start: loss {start_loss:.6g}, ρ({matrix_name}) = {rho:.6g}: {name} {verdict}",
                         loss=start_loss, spectral_radius=rho)
    diagnostics = {"spectral_radius": rho}

    def diverged(k: int) -> Result:
        message = (f"The {name} iteration matrix {matrix_name} has spectral radius ρ = {rho:.3g} ≥ 1: the "
                   f"errors grow each sweep, so {name} cannot converge on this system ({reason}). {advice}."
                   if rho >= 1 else
                   f"The {name} iterates ran away at sweep {k} although ρ = {rho:.3g} < 1: rounding errors "
                   "dominate on this system. Use cg or a direct method.")
        return Result(method=method, theta=None, status="diverged", message=message, iterations=k,
                      diagnostics=diagnostics)

    if np.linalg.norm(r) <= threshold:
        return finish(problem, method, w, 0, converged=True, quadratic=quadratic, **diagnostics)
    for k in range(1, max_iter + 1):
        previous = w
        w = sweep(w)
        loss = quadratic.loss(w)
        if not np.all(np.isfinite(w)) or runaway(loss, start_loss):
            yield diverging_step(problem, quadratic, k, w, loss)
            return diverged(k)
        r = ar.fl(c - ar.product(h, w))
        yield iteration_step(problem, quadratic, k, w, -r, f"sweep {k}: loss {loss:.6g}", loss=loss)
        if np.linalg.norm(r) <= threshold:
            return finish(problem, method, w, k, converged=True, quadratic=quadratic, **diagnostics)
        if watch.stalled(k, previous, w):
            return stalled(problem, method, w, k, quadratic=quadratic, watch=watch, measure="‖r‖",
                           value=float(np.linalg.norm(r)), tol=tol, **diagnostics)
    if rho >= 1:
        return diverged(max_iter)
    return finish(problem, method, w, max_iter, converged=False, quadratic=quadratic, **diagnostics)


def run_jacobi(problem: Problem, max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0, start=None):
    """θᵢ ← (cᵢ − Σⱼ≠ᵢ Hᵢⱼθⱼ)/Hᵢᵢ for all i at once: converges iff ρ(D⁻¹(L+U)) < 1."""
    quadratic, h, c = _system(problem, l2)
    if (refusal := quadratic.out_of_range("jacobi")) is not None:
        return refusal
    ar = quadratic.arithmetic
    d = np.diag(h).copy()
    if (bad := _zero_diagonal(problem, "jacobi", d)) is not None:
        return bad
    off = h - np.diag(d)
    exact = quadratic.hessian  # ρ of the rounded data's H, in float64: an analysis, not the iteration
    rho = _spectral_radius((exact - np.diag(np.diag(exact))) / np.diag(exact)[:, None])

    def sweep(w):
        return ar.fl(ar.fl(c - ar.product(off, w)) / d)
    return (yield from _stationary(problem, "jacobi", sweep, rho, "D⁻¹(L+U)",
                                   "AᵀA is not diagonally dominant enough", "Use gauss-seidel or cg",
                                   quadratic=quadratic, c=c, max_iter=max_iter, tol=tol, start=start))


def run_gauss_seidel(problem: Problem, max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0,
                     start=None):
    """The Jacobi update using each new θᵢ at once (a forward sweep): converges for every SPD H."""
    import scipy.linalg  # here, not at the top: a tenth of a second of the app's start-up

    quadratic, h, c = _system(problem, l2)
    if (refusal := quadratic.out_of_range("gauss-seidel")) is not None:
        return refusal
    ar = quadratic.arithmetic
    d = np.diag(h).copy()
    if (bad := _zero_diagonal(problem, "gauss-seidel", d)) is not None:
        return bad
    lower = np.tril(h)
    upper = np.triu(h, 1)
    exact = quadratic.hessian  # ρ of the rounded data's H, in float64: an analysis, not the iteration
    rho = _spectral_radius(scipy.linalg.solve_triangular(np.tril(exact), np.triu(exact, 1), lower=True))

    def sweep(w):
        # (D + L) θ_new = c − Uθ solved by forward substitution is exactly the sweep
        # θᵢ ← (cᵢ − Σⱼ<ᵢ Hᵢⱼθⱼ_new − Σⱼ>ᵢ Hᵢⱼθⱼ)/Hᵢᵢ for i = 1, ..., p.
        return ar.forward_substitution(lower, ar.fl(c - ar.product(upper, w)))
    return (yield from _stationary(problem, "gauss-seidel", sweep, rho, "(D+L)⁻¹U",
                                   "H is not positive definite: the columns of A are dependent", "Use cg or svd",
                                   quadratic=quadratic, c=c, max_iter=max_iter, tol=tol, start=start))


SOLVERS.add(SolverSpec(
    name="cg", label="Conjugate gradient", family="Linear-system iterations", direct=False,
    summary="Steps along H-conjugate directions of the normal equations: at most p steps in exact arithmetic.",
    run=run_cg, hyperparameters=(CG_MAX_ITER, CG_TOL, L2),
    precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="jacobi", label="Jacobi iteration", family="Linear-system iterations", direct=False,
    summary="θᵢ ← (cᵢ − Σⱼ≠ᵢ Hᵢⱼθⱼ)/Hᵢᵢ for all i at once; converges only if ρ(D⁻¹(L+U)) < 1.",
    run=run_jacobi, hyperparameters=(MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="gauss-seidel", label="Gauss-Seidel iteration", family="Linear-system iterations", direct=False,
    summary="Jacobi that uses each updated θᵢ at once; always converges on the normal equations (SPD).",
    run=run_gauss_seidel, hyperparameters=(MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

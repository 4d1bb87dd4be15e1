"""Second-order methods: Newton uses the curvature (Hessian) itself, L-BFGS learns it from the
last few gradient differences. On a least-squares loss the Hessian is constant, so one
undamped Newton step lands on the minimum. Both compute in the problem's precision; in float16 and
bfloat16 Newton's p × p solve is a Cholesky kernel that rounds every operation (LAPACK has none)."""

from __future__ import annotations

from collections import deque
from dataclasses import replace

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from .arithmetic import Arithmetic
from .common import failure
from .iterative import L2, MAX_ITER, TOL, Quadratic, finish, iteration_step, stalled, start_point
from .stagnation import StallWatch

DAMPING = Hyperparameter(
    "damping", "float", 1.0,
    "Fraction of the Newton step taken: θ ← θ − d·H⁻¹∇L. 1 solves a quadratic in one step; the textbook's "
    "'better with damping' example uses 0.5.", low=1e-6, high=1.0)
MEMORY = Hyperparameter("memory", "int", 10, "How many recent (step, gradient change) pairs L-BFGS keeps.",
                        low=1, high=1000)


def run_newton(problem: Problem, damping: float = 1.0, max_iter: int = 100, tol: float = 1e-10,
               l2: float = 0.0, start=None):
    """θ ← θ − d·H⁻¹∇L(θ), with H = AᵀA (scaled) solved, never inverted."""
    quadratic = Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range("newton")) is not None:
        return refusal
    ar = quadratic.arithmetic
    # At an unchanged θ, H⁻¹∇L is the same lost step again: one unchanged iteration is stagnation.
    damping, watch = ar.number(damping), StallWatch(ar, patience=1)
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    threshold = tol * float(np.linalg.norm(g))
    yield iteration_step(problem, quadratic, 0, w, g, "start", hessian=quadratic.working_hessian)
    for k in range(1, max_iter + 1):
        if np.linalg.norm(g) <= threshold:
            return finish(problem, "newton", w, k - 1, converged=True, quadratic=quadratic)
        try:
            direction = ar.solve_spd(quadratic.working_hessian, g)
        except np.linalg.LinAlgError:
            held = "" if ar.double else f" in {ar.name}"
            return failure("newton", f"The Hessian AᵀA is singular{held} (the columns are linearly dependent), so "
                           "the Newton step H⁻¹∇L does not exist.", iterations=k - 1)
        previous = w
        w = ar.fl(w - ar.fl(damping * direction))
        g = quadratic.gradient(w)
        yield iteration_step(problem, quadratic, k, w, g, f"Newton step {k}: θ ← θ − {damping:g}·H⁻¹∇L",
                             direction=-damping * direction)
        if watch.stalled(k, previous, w) and np.linalg.norm(g) > threshold:
            return stalled(problem, "newton", w, k, quadratic=quadratic, watch=watch, measure="‖∇L‖",
                           value=float(np.linalg.norm(g)), tol=tol)
    return finish(problem, "newton", w, max_iter, converged=np.linalg.norm(g) <= threshold, quadratic=quadratic)


def _two_loop(g: np.ndarray, pairs: deque, ar: Arithmetic | None = None) -> np.ndarray:
    """The L-BFGS direction −H̃∇L from the stored (s, y) pairs (Nocedal & Wright, Alg. 7.4)."""
    if ar is not None and not ar.double:
        return _two_loop_rounded(g, pairs, ar)
    q = g.copy()
    alphas = []
    for s, y, rho in reversed(pairs):
        alpha = rho * (s @ q)
        q -= alpha * y
        alphas.append(alpha)
    if pairs:
        s, y, _ = pairs[-1]
        q *= (s @ y) / (y @ y)
    for (s, y, rho), alpha in zip(pairs, reversed(alphas)):
        q += s * (alpha - rho * (y @ q))
    return -q


def _two_loop_rounded(g: np.ndarray, pairs: deque, ar: Arithmetic) -> np.ndarray:
    """The same recursion with every result rounded to the precision."""
    fl, number = ar.fl, ar.number
    q = g.copy()
    alphas = []
    for s, y, rho in reversed(pairs):
        alpha = number(rho * ar.dot(s, q))
        q = fl(q - fl(alpha * y))
        alphas.append(alpha)
    if pairs:
        s, y, _ = pairs[-1]
        q = fl(q * number(ar.dot(s, y) / ar.dot(y, y)))
    for (s, y, rho), alpha in zip(pairs, reversed(alphas)):
        q = fl(q + fl(s * number(alpha - number(rho * ar.dot(y, q)))))
    return -q


def run_lbfgs(problem: Problem, memory: int = 10, max_iter: int = 1000, tol: float = 1e-10, l2: float = 0.0,
              start=None):
    """Quasi-Newton: direction from the two-loop recursion, step length by exact line search
    (the loss is quadratic along any line: α = −∇Lᵀd / dᵀHd)."""
    quadratic = Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range("lbfgs")) is not None:
        return refusal
    ar = quadratic.arithmetic
    fl, watch = ar.fl, StallWatch(ar)
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    threshold = tol * float(np.linalg.norm(g))
    pairs: deque = deque(maxlen=memory)
    yield iteration_step(problem, quadratic, 0, w, g, "start")
    for k in range(1, max_iter + 1):
        if np.linalg.norm(g) <= threshold:
            return finish(problem, "lbfgs", w, k - 1, converged=True, quadratic=quadratic)
        direction = _two_loop(g, pairs, ar)
        if ar.double:
            curvature = float(direction @ quadratic.hessian @ direction)
        else:
            curvature = ar.dot(direction, ar.product(quadratic.working_hessian, direction))
        if curvature <= 0:
            return failure("lbfgs", "The loss is flat along the search direction (dᵀHd ≤ 0): the columns "
                           "are linearly dependent, so there is no unique minimum.", iterations=k - 1)
        alpha = ar.number(-ar.dot(g, direction) / curvature)
        step = fl(alpha * direction)
        previous = w
        w = fl(w + step)
        g_new = quadratic.gradient(w)
        change = fl(g_new - g)
        if step @ change > 0:
            pairs.append((step, change, ar.number(1.0 / ar.dot(step, change))))
        g = g_new
        yield iteration_step(problem, quadratic, k, w, g, f"L-BFGS step {k}: line search α = {alpha:.6g}",
                             direction=direction, alpha=alpha, pairs=len(pairs))
        if watch.stalled(k, previous, w) and np.linalg.norm(g) > threshold:
            return stalled(problem, "lbfgs", w, k, quadratic=quadratic, watch=watch, measure="‖∇L‖",
                           value=float(np.linalg.norm(g)), tol=tol)
    return finish(problem, "lbfgs", w, max_iter, converged=np.linalg.norm(g) <= threshold, quadratic=quadratic)


SOLVERS.add(SolverSpec(
    name="newton", label="Newton's method", family="Second-order methods", direct=False,
    summary="θ ← θ − H⁻¹∇L: uses the curvature, so a quadratic is solved in one undamped step.",
    run=run_newton, hyperparameters=(DAMPING, replace(MAX_ITER, default=100),
                                     TOL, L2), precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="lbfgs", label="L-BFGS", family="Second-order methods", direct=False,
    summary="Builds an approximate inverse Hessian from the last few gradient changes; superlinear.",
    run=run_lbfgs, hyperparameters=(MEMORY, replace(MAX_ITER, default=1000),
                                    TOL, L2), precisions=PRECISION_NAMES))

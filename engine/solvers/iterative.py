"""What every iterative optimizer shares: the quadratic loss from the cached Gram matrix,
the learning rate `auto` = 1/L, the optional ridge penalty, stopping, and an honest
`diverged`.

Full-batch methods never touch the rows after the first O(n·p²) pass: with G = AᵀA,
b = Aᵀy, the loss is s·½(θᵀGθ − 2bᵀθ + yᵀy) (s = 1 for the sum, 1/n for the mean) and its
gradient s·(Gθ − b), so each iteration costs O(p²) whatever n is.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cached_property

import numpy as np

from ..problem import Problem
from ..registry import Hyperparameter
from ..steps import Result, Step
from .arithmetic import Arithmetic
from .common import answer
from .stagnation import StallWatch, rounding_floor, stagnation_message

#: A loss this many times its start value means the iteration is running away.
BLOW_UP = 1e8

LR = Hyperparameter("lr", "float-or-auto", "auto",
                    "Learning rate η, or auto = 1/L where L = λmax of the loss's Hessian (AᵀA, /n for "
                    "the mean loss). Gradient descent diverges above 2/L.", low=0.0, high=1e12, log_scale=True)
MAX_ITER = Hyperparameter("max_iter", "int", 10_000, "Stop after this many iterations.", low=1, high=10**7)
TOL = Hyperparameter("tol", "float", 1e-10,
                     "Stop when the gradient norm falls below tol × its value at the start.",
                     low=0.0, high=1.0, log_scale=True)
L2 = Hyperparameter("l2", "float", 0.0,
                    "Ridge penalty λ₂: adds ½·λ₂·‖θ‖² to the loss (the intercept is not penalised), "
                    "so the answer is no longer the plain least-squares solution.",
                    low=0.0, high=1e12, log_scale=True)
SEED = Hyperparameter("seed", "int", 0, "Seed of the random numbers: the same seed gives the same run.",
                      low=0, high=2**31 - 1)


class Quadratic:
    """The (optionally ridge-penalised) least-squares loss in the solver's working coordinates.

    The loss is always measured in float64 (on the rounded data); the gradient is computed in the
    problem's precision from H = s·AᵀA + λ₂ and c = s·Aᵀy held in that precision (`arithmetic`).
    """

    def __init__(self, problem: Problem, l2: float = 0.0):
        self.problem = problem
        self.l2 = float(l2)
        self.scale = problem.loss_scale
        mask = np.ones(problem.p)
        if problem.intercept:
            mask[int(np.flatnonzero(problem.order == 0)[0])] = 0.0
        self.penalty_mask = mask * self.l2
        self._gram = problem.gram
        self._aty = problem.aty
        self._yty = problem.yty
        self.arithmetic = Arithmetic(problem.precision)

    @cached_property
    def hessian(self) -> np.ndarray:
        """H in float64, of the (rounded) data: for analysis (λ, L, κ), not for the iteration."""
        return self._gram * self.scale + np.diag(self.penalty_mask)

    @cached_property
    def working_matrix(self) -> np.ndarray:
        """A as the solver holds it (the working columns, in the precision)."""
        return self.arithmetic.array(self.problem.matrix) if not self.arithmetic.double else self.problem.matrix

    @cached_property
    def working_y(self) -> np.ndarray:
        return self.arithmetic.array(self.problem.y) if not self.arithmetic.double else self.problem.y

    @cached_property
    def working_hessian(self) -> np.ndarray:
        """H = s·AᵀA (+ λ₂ on the diagonal) as the solver computes and holds it: AᵀA accumulated in
        the storage dtype, scaled and rounded once (a GEMM's α·AᵀA)."""
        ar = self.arithmetic
        if ar.double:
            return self.hessian
        a = self.working_matrix
        h = ar.product(a.T, a, self.scale)
        return ar.fl(h + np.diag(ar.array(self.penalty_mask))) if self.l2 else h

    @cached_property
    def working_rhs(self) -> np.ndarray:
        """c = s·Aᵀy as the solver holds it (minus the gradient at θ = 0)."""
        if self.arithmetic.double:
            return self.problem.aty * self.problem.loss_scale
        return self.arithmetic.product(self.working_matrix.T, self.working_y, self.scale)

    def out_of_range(self, method: str) -> Result | None:
        """A failed Result when H or c overflow the precision (float16 stops at 65504), else None."""
        if self.arithmetic.double:
            return None
        held = {"AᵀA": self.working_hessian, "Aᵀy": self.working_rhs}
        for what, values in held.items():
            if not np.all(np.isfinite(values)):
                return Result(method=method, theta=None, status="failed", iterations=0, message=(
                    f"In {self.arithmetic.name}, {what} has an entry beyond the largest {self.arithmetic.name} "
                    f"number ({self.arithmetic.precision.largest:.6g}): the method cannot even form its equations. "
                    "Standardize the columns, use the mean loss, or choose a wider precision."))
        return None

    @cached_property
    def eigenvalues(self) -> np.ndarray:
        """λ of the Hessian, ascending (p × p: cheap)."""
        return np.linalg.eigvalsh(self.hessian)

    @property
    def lipschitz(self) -> float:
        """L = λmax of the Hessian: the gradient's Lipschitz constant."""
        return float(self.eigenvalues[-1])

    def loss(self, w: np.ndarray) -> float:
        """The loss at w, measured in float64 whatever the precision the solver computes in."""
        w = np.asarray(w, dtype=float)
        gw = self._gram @ w
        value = 0.5 * (w @ gw - 2.0 * (self._aty @ w) + self._yty) * self.scale
        if self.l2:
            value += 0.5 * float(self.penalty_mask @ (w * w))
        return max(float(value), 0.0)

    def gradient(self, w: np.ndarray) -> np.ndarray:
        ar = self.arithmetic
        if not ar.double:
            return ar.fl(ar.product(self.working_hessian, w) - self.working_rhs)
        g = (self._gram @ w - self._aty) * self.scale
        return g + self.penalty_mask * w if self.l2 else g


def learning_rate(quadratic: Quadratic, lr, gradient: np.ndarray | None = None,
                  auto_step: float | None = None) -> float:
    """η itself, or for `auto`: 1/L, or, for adaptive methods whose η is a step length in
    parameter units, auto_step·‖∇L(θ₀)‖/L (a fraction of the first gradient step)."""
    if lr != "auto":
        return float(lr)
    if auto_step is None or gradient is None:
        return 1.0 / quadratic.lipschitz
    return auto_step * float(np.linalg.norm(gradient)) / quadratic.lipschitz


def start_point(problem: Problem, start) -> np.ndarray:
    """The start in working coordinates (given in original units; zeros by default), in the precision."""
    w = np.zeros(problem.p) if start is None else problem.to_working(start)
    return w if problem.precision == "float64" else Arithmetic(problem.precision).array(w)


def iteration_step(problem: Problem, quadratic: Quadratic, k: int, w: np.ndarray, gradient: np.ndarray,
                   title: str, loss: float | None = None, **detail) -> Step:
    """One iteration as the views need it: θ in original units, the loss and the gradient."""
    gradient_canonical = np.empty(problem.p)
    gradient_canonical[problem.order] = gradient
    theta = problem.to_original(w)
    if problem.p <= 4:
        title += "  θ = (" + ", ".join(f"{v:.6g}" for v in theta) + ")"
    return Step(k=k, kind="iterate", title=title, theta=theta,
                loss=quadratic.loss(w) if loss is None else loss,
                grad_norm=math.sqrt(gradient @ gradient),
                detail={"gradient": gradient_canonical, **detail})


def diverged(method: str, quadratic: Quadratic, lr: float, k: int, start_loss: float, loss: float, *,
             step_length: bool = False) -> Result:
    """The message says only what was measured: the lr is called too large only if it is above 2/L.

    The diagnostics carry the numbers (η, L, 2/L, k) so a view can say them without parsing the
    message; `step_length` marks an η in parameter units (the adaptive methods), not a step size."""
    bound = 2.0 / quadratic.lipschitz
    grew = "became infinite or not a number" if not math.isfinite(loss) else \
        f"grew from {start_loss:.3g} to {loss:.3g}"
    if lr > bound:
        why = (f"The learning rate {lr:.3g} is above the stability bound 2/L = {bound:.3g} "
               f"(L = λmax = {quadratic.lipschitz:.3g}); try lr ≤ {bound / 2:.3g} or lr=auto.")
    else:
        why = (f"The learning rate {lr:.3g} is within the bound 2/L = {bound:.3g} of plain gradient descent, "
               f"but {method}'s steps (its momentum or its per-coordinate scaling) overshot; try a smaller lr.")
    diagnostics = {"lr": lr, "lipschitz": quadratic.lipschitz, "stability_bound": bound, "diverged_at": k,
                   "lr_is_step_length": step_length}
    return Result(method=method, theta=None, status="diverged", iterations=k, diagnostics=diagnostics,
                  message=f"Diverged at iteration {k}: the loss {grew}. {why}{range_note(quadratic, loss)}")


def range_note(quadratic: Quadratic, loss: float) -> str:
    """In a low precision a run can also end because a number left the format's range: say so."""
    ar = quadratic.arithmetic
    if ar.double or math.isfinite(loss):
        return ""
    return (f" In {ar.name} every number beyond {ar.precision.largest:.6g} becomes infinite, so a run may "
            "also end this way when a step or a moment leaves that range.")


def diverging_step(problem: Problem, quadratic: Quadratic, k: int, w: np.ndarray, loss: float) -> Step:
    """Step k, the one that ran away: recorded, so that "diverged at iteration k" names a step the
    class can see (the path goes off towards it); with no finite θ, a step that says so."""
    title = f"iteration {k}: the loss ran away to {loss:.3g}, the run diverged"
    if np.all(np.isfinite(w)) and math.isfinite(loss):
        with np.errstate(all="ignore"):
            gradient = quadratic.gradient(w)
        if np.all(np.isfinite(gradient)):
            return iteration_step(problem, quadratic, k, w, gradient, title, loss=loss)
    return Step(k=k, kind="diverge", title=f"iteration {k}: θ is beyond floating point, the run diverged")


def runaway(loss: float, start_loss: float) -> bool:
    return not math.isfinite(loss) or loss > BLOW_UP * max(start_loss, 1e-300)


def finish(problem: Problem, method: str, w: np.ndarray, k: int, *, converged: bool, quadratic: Quadratic,
           **diagnostics) -> Result:
    """The Result of an iterative run: converged, or max_iter with the reason."""
    if quadratic.l2:
        diagnostics.update(penalty="l2", l2=quadratic.l2)
    if converged:
        return answer(problem, method, w, iterations=k, diagnostics=diagnostics)
    return answer(problem, method, w, iterations=k, status="max_iter", diagnostics=diagnostics,
                  message=f"Stopped after {k} iterations before the gradient fell below tol.")


def stalled(problem: Problem, method: str, w: np.ndarray, k: int, *, quadratic: Quadratic, watch: StallWatch,
            measure: str, value: float, tol: float, **diagnostics) -> Result:
    """The Result of a run whose θ stopped changing in its precision: converged if the stopping
    measure is down at rounding's level, max_iter otherwise, with the reason in words."""
    ar = quadratic.arithmetic
    floor = rounding_floor(ar, quadratic.working_hessian, quadratic.working_rhs, w)
    at_floor, message = stagnation_message(ar, watch, w, measure=measure, value=value, floor=floor, tol=tol)
    if quadratic.l2:
        diagnostics.update(penalty="l2", l2=quadratic.l2)
    diagnostics.update(stagnated=True, unchanged_since=watch.since, rounding_floor=floor)
    return answer(problem, method, w, iterations=k, status="converged" if at_floor else "max_iter",
                  message=message, diagnostics=diagnostics)


Update = Callable[[np.ndarray, np.ndarray, float, int], tuple[np.ndarray, dict]]


def descend(problem: Problem, method: str, update: Update, *, lr, max_iter: int, tol: float, start=None,
            l2: float = 0.0, quadratic: Quadratic | None = None, auto_step: float | None = None):
    """The loop every full-batch first-order method shares.

    `update(w, g, η, k)` returns the next point and what the step should show (velocity,
    moments, ...). Stops when ‖∇L‖ ≤ tol·‖∇L(θ₀)‖, at max_iter, or as `diverged`.
    """
    quadratic = quadratic or Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range(method)) is not None:
        return refusal
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    eta = quadratic.arithmetic.number(learning_rate(quadratic, lr, g, auto_step))
    watch = StallWatch(quadratic.arithmetic)
    start_loss = quadratic.loss(w)
    threshold = tol * float(np.linalg.norm(g))
    yield iteration_step(problem, quadratic, 0, w, g, f"start: loss {start_loss:.6g}", loss=start_loss, lr=eta)
    for k in range(1, max_iter + 1):
        previous = w
        w, detail = update(w, g, eta, k)
        g = quadratic.gradient(w)
        loss = quadratic.loss(w)
        if runaway(loss, start_loss):  # a non-finite θ makes the loss NaN or ∞ too
            yield diverging_step(problem, quadratic, k, w, loss)
            return diverged(method, quadratic, eta, k, start_loss, loss, step_length=auto_step is not None)
        yield iteration_step(problem, quadratic, k, w, g, f"iteration {k}: loss {loss:.6g}", loss=loss, **detail)
        if math.sqrt(g @ g) <= threshold:
            return finish(problem, method, w, k, converged=True, quadratic=quadratic, lr=eta)
        if watch.stalled(k, previous, w):
            return stalled(problem, method, w, k, quadratic=quadratic, watch=watch, measure="‖∇L‖",
                           value=float(np.linalg.norm(np.asarray(g, dtype=float))), tol=tol, lr=eta)
    return finish(problem, method, w, max_iter, converged=False, quadratic=quadratic, lr=eta)

"""Power iteration on the loss's Hessian: λmax, λmin and what they mean for gradient descent.

This is an analysis, not a fit: its Result has no θ. It finds L = λmax (the gradient's
Lipschitz constant, so the stability bound 2/L of gradient descent and lr=auto = 1/L)
and λmin (by power iteration on λmax·I − H), hence κ of the Hessian, the number that
decides how fast the gradient methods converge. It computes in the problem's precision: H, v and
Hv held in it, each result rounded; eigvalsh (float64, on the rounded data) checks the answer to
what that precision can hold.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from ..errors import InputError
from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Result, Step
from .arithmetic import Arithmetic
from .common import failure
from .iterative import L2, MAX_ITER, Quadratic
from .linear_systems import sub
from .stagnation import StallWatch

POWER_TOL = Hyperparameter("tol", "float", 1e-12,
                           "Stop when the Rayleigh quotient vᵀHv changes by less than tol (relative) "
                           "from one iteration to the next.", low=0.0, high=1.0, log_scale=True)

#: An estimate agreeing with eigvalsh to this relative accuracy is taken as it is.
AGREEMENT = 1e-6


def power_iteration(matrix, v0, iterations: int | None = None, arithmetic: Arithmetic | None = None
                    ) -> Iterator[np.ndarray]:
    """Yield v₁, v₂, ... with vₖ₊₁ = Mvₖ / ‖Mvₖ‖ (any square M; forever if iterations is None),
    computed in `arithmetic`'s precision (float64 by default).

    Stops early if Mvₖ = 0, since there is no direction left to normalise.
    """
    ar = arithmetic or Arithmetic()
    m = np.asarray(matrix, dtype=float) if ar.double else ar.array(matrix)
    v = np.asarray(v0, dtype=float) if ar.double else ar.array(v0)
    for _ in itertools.count() if iterations is None else range(iterations):
        product = ar.product(m, v)
        norm = float(np.linalg.norm(product)) if ar.double else ar.number(np.sqrt(ar.dot(product, product)))
        if not (norm > 0 and np.isfinite(norm)):
            return
        v = ar.fl(product / norm)
        yield v


class _Describe:
    """The title of one power-iteration step, in the course notes' notation."""

    def __init__(self, symbol: str, matrix: str, shift: float = 0.0):
        self.symbol, self.matrix, self.shift = symbol, matrix, shift

    def value(self, rayleigh: float) -> float:
        return self.shift - rayleigh if self.shift else rayleigh

    def detail(self, v: np.ndarray, product: np.ndarray, rayleigh: float) -> dict:
        detail = {"vector": v, "rayleigh": self.value(rayleigh), "product": product}
        return {**detail, "shifted_rayleigh": rayleigh} if self.shift else detail

    def __call__(self, i: int, rayleigh: float) -> str:
        m = self.matrix
        head = "v₀ = e₁ = [1, 0, ...]" if i == 0 else f"v{sub(i)} = {m}v{sub(i - 1)} / ‖{m}v{sub(i - 1)}‖"
        if self.shift:
            return (f"{head},  {self.symbol} ≈ λmax − v{sub(i)}ᵀ{self.matrix}v{sub(i)} = "
                    f"{self.shift:.6g} − {rayleigh:.6g} = {self.value(rayleigh):.6g}")
        return f"{head},  {self.symbol} ≈ v{sub(i)}ᵀ{self.matrix}v{sub(i)} = {rayleigh:.6g}"


def _phase(matrix: np.ndarray, kind: str, k: int, max_iter: int, tol: float, describe: _Describe,
           ar: Arithmetic):
    """Power iteration from e₁ as board steps; returns (Rayleigh quotient, converged, last k, vector).

    In a low precision a tol below u is unreachable: the quotient then stops at a change of one
    rounding (u·|λ|), or when v itself has stopped moving (engine/solvers/stagnation.py)."""
    tol = tol if ar.double else max(tol, ar.u)
    watch = StallWatch(ar)
    v = ar.array(np.zeros(matrix.shape[0]))
    v[0] = 1.0
    product = ar.product(matrix, v)
    rayleigh = ar.dot(v, product)
    yield Step(k=k, kind=kind, title=describe(0, rayleigh), detail=describe.detail(v, product, rayleigh))
    i = 0
    for i, vector in enumerate(power_iteration(matrix, v, max_iter, ar), start=1):
        v, previous, previous_v = vector, rayleigh, v
        product = ar.product(matrix, v)
        rayleigh = ar.dot(v, product)
        yield Step(k=k + i, kind=kind, title=describe(i, rayleigh), detail=describe.detail(v, product, rayleigh))
        if abs(rayleigh - previous) <= tol * abs(rayleigh) or watch.stalled(i, previous_v, v):
            return rayleigh, True, k + i, v
    return rayleigh, i < max_iter, k + i, v


def run_power(problem: Problem, max_iter: int = 10_000, tol: float = 1e-12, l2: float = 0.0, start=None):
    """λmax of H by power iteration from e₁, then λmin from λmax·I − H; eigvalsh checks both."""
    if start is not None:
        raise InputError("power-iteration always starts from v₀ = e₁ = [1, 0, ...]: it takes no start point")
    quadratic = Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range("power-iteration")) is not None:
        return refusal
    ar = quadratic.arithmetic
    h = quadratic.working_hessian
    exact = quadratic.eigenvalues
    # float64 agrees with eigvalsh to 1e-6; a lower precision to a few of its own roundings.
    agreement = AGREEMENT if ar.double else 8 * problem.p * ar.u
    zero = problem.p * ar.precision.epsilon
    if not exact[-1] > 0:
        return failure("power-iteration", "The Hessian H is zero (every column of A is zero): it has no "
                       "eigenvalues worth finding.", iterations=0)
    warnings = []
    lmax, converged_max, k, vector = yield from _phase(h, "iterate-max", 0, max_iter, tol,
                                                       _Describe("λmax", "H"), ar)
    iterations_max = k
    source_max = "power iteration"
    if not np.isclose(lmax, exact[-1], rtol=agreement, atol=0):
        why = ("did not settle in max_iter steps" if not converged_max else
               "settled on a smaller eigenvalue: v₀ = e₁ has no component along the top eigenvector")
        warnings.append(f"Power iteration {why} (λ ≈ {lmax:.6g}); λmax = {exact[-1]:.6g} is taken from eigvalsh.")
        lmax, source_max = float(exact[-1]), "eigvalsh"
        k += 1
        yield Step(k=k, kind="eigvalsh", title=f"λmax = {lmax:.6g} from eigvalsh: power iteration {why}",
                   detail={"rayleigh": lmax})
    lmax = ar.number(lmax)
    shifted = ar.fl(lmax * ar.array(np.eye(problem.p)) - h)
    mu, converged_min, k, _ = yield from _phase(shifted, "iterate-min", k + 1, max_iter, tol,
                                                _Describe("λmin", "(λmax·I − H)", shift=lmax), ar)
    lmin, source_min = ar.number(lmax - mu), "power iteration"
    if not np.isclose(lmin, exact[0], rtol=agreement, atol=100 * zero * lmax if ar.double else agreement * lmax):
        why = ("did not settle in max_iter steps" if not converged_min else
               "settled on another eigenvalue (v₀ = e₁ has no component along its eigenvector)")
        warnings.append(f"Power iteration on λmax·I − H {why} (λmin ≈ {lmin:.6g}); λmin = {exact[0]:.6g} "
                        "is taken from eigvalsh.")
        lmin, source_min = float(exact[0]), "eigvalsh"
        k += 1
        yield Step(k=k, kind="eigvalsh", title=f"λmin = {lmin:.6g} from eigvalsh: power iteration on "
                   f"λmax·I − H {why}", detail={"rayleigh": lmin})
    singular = lmin <= zero * lmax
    kappa = float("inf") if singular else lmax / lmin
    rate = 1.0 if singular else (kappa - 1) / (kappa + 1)
    diagnostics = {"lambda_max": lmax, "lambda_min": lmin, "L": lmax, "kappa": kappa, "lr_bound": 2 / lmax,
                   "lr_auto": 1 / lmax, "gd_rate": rate, "iterations_max": iterations_max,
                   "lambda_max_source": source_max, "lambda_min_source": source_min}
    if source_max == "power iteration":
        diagnostics["eigenvector"] = vector  # of λmax, in the solver's working coordinates
    if quadratic.l2:
        diagnostics.update(penalty="l2", l2=quadratic.l2)
    head = f"The loss's Hessian H has λmax = L = {lmax:.4g} and λmin = {lmin:.4g}"
    if singular:
        tail = (", zero to rounding, so κ = ∞: the columns of A are dependent, there is no unique answer, and "
                "along some direction gradient descent's error never shrinks.")
    else:
        tail = (f", so κ = λmax/λmin = {kappa:.4g}. Gradient descent is stable for η < 2/L = {2 / lmax:.4g}; "
                f"lr=auto takes η = 1/L = {1 / lmax:.4g}; with the best fixed step its error shrinks by "
                f"(κ−1)/(κ+1) = {rate:.4g} per iteration.")
    return Result(method="power-iteration", theta=None, status="converged" if converged_max else "max_iter",
                  message=head + tail, iterations=k, warnings=tuple(warnings), diagnostics=diagnostics)


SOLVERS.add(SolverSpec(
    name="power-iteration", label="Power iteration (Hessian analysis)", family="Analysis", direct=False,
    summary="v ← Hv/‖Hv‖ finds λmax of the loss's Hessian, then λmin: κ, the step bound 2/L, the GD rate.",
    run=run_power, hyperparameters=(MAX_ITER, POWER_TOL, L2), precisions=PRECISION_NAMES))

"""Adaptive learning rates: AdaGrad, RMSProp and Adam divide each coordinate's step by the
root of its squared-gradient history, so steep and flat directions move at similar speeds.

Their η is a step length in parameter units, so `auto` is a fraction of the first gradient
step ‖∇L(θ₀)‖/L rather than 1/L. They compute in the problem's precision: θ, the gradient and
the averages are held in it, every result rounded. In float16 ε = 1e-8 itself rounds to 0 (its
smallest number is 6·10⁻⁸): that is why low-precision training keeps these averages wider.
"""

from __future__ import annotations

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..updates import AdamState, adam_update
from .arithmetic import Arithmetic
from .common import failure
from .iterative import L2, MAX_ITER, TOL, descend

EPS_HELP = "ε added to the root of the squared-gradient average, so a zero gradient does not divide by 0."


def _adaptive_lr(fraction: float) -> Hyperparameter:
    return Hyperparameter(
        "lr", "float-or-auto", "auto",
        f"Step length η in parameter units, or auto = {fraction:g}·‖∇L(θ₀)‖/L (a fraction of the first "
        "gradient-descent step).", low=0.0, high=1e12, log_scale=True)


EPS = Hyperparameter("eps", "float", 1e-8, EPS_HELP, low=0.0, high=1.0, log_scale=True)
BETA1 = Hyperparameter("beta1", "float", 0.9, "β₁: decay of the gradient average m (momentum).",
                       low=0.0, high=0.9999)
BETA2 = Hyperparameter("beta2", "float", 0.999, "β₂: decay of the squared-gradient average v.",
                       low=0.0, high=0.999999)
RHO = Hyperparameter("beta2", "float", 0.99, "β: decay of the squared-gradient average v.",
                     low=0.0, high=0.999999)
SCHEDULE = Hyperparameter(
    "schedule", "choice", "sqrt",
    "Learning-rate schedule: sqrt (ηₖ = η/√k) or constant. With a constant η, full-batch RMSProp does not "
    "converge: its steps stay about η long and it circles the minimum.", choices=("sqrt", "constant"))
BIAS_CORRECTION = Hyperparameter(
    "bias_correction", "bool", True,
    "Divide m and v by (1 − βᵏ) so the first steps are not shrunk by their zero start.")

ADAGRAD_STEP, RMSPROP_STEP, ADAM_STEP = 1.0, 0.1, 0.1


def run_adagrad(problem: Problem, lr="auto", eps: float = 1e-8, max_iter: int = 10_000, tol: float = 1e-10,
                l2: float = 0.0, start=None):
    """G ← G + g², θ ← θ − η·g/(√G + ε): every step shrinks, fastest where gradients were small."""
    ar = Arithmetic(problem.precision)
    fl, history, eps = ar.fl, ar.array(np.zeros(problem.p)), ar.number(eps)

    def update(w, g, eta, k):
        nonlocal history
        history = fl(history + fl(g * g))
        return fl(w - fl(fl(eta * g) / fl(ar.sqrt(history) + eps))), {"v": history}
    return (yield from descend(problem, "adagrad", update, lr=lr, max_iter=max_iter, tol=tol, start=start,
                               l2=l2, auto_step=ADAGRAD_STEP))


def run_rmsprop(problem: Problem, lr="auto", beta2: float = 0.99, schedule: str = "sqrt", eps: float = 1e-8,
                max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0, start=None):
    """v ← βv + (1 − β)g², θ ← θ − ηₖ·g/(√v + ε): AdaGrad with a fading memory."""
    ar = Arithmetic(problem.precision)
    if (lost := ar.decay_lost(beta2=beta2)) is not None:
        return failure("rmsprop", lost, iterations=0)
    fl, average = ar.fl, ar.array(np.zeros(problem.p))
    beta2, eps = ar.number(beta2), ar.number(eps)
    forget = ar.number(1 - beta2)

    def update(w, g, eta, k):
        nonlocal average
        average = fl(fl(beta2 * average) + fl(fl(forget * g) * g))
        eta_k = ar.number(eta / np.sqrt(k)) if schedule == "sqrt" else eta
        return fl(w - fl(fl(eta_k * g) / fl(ar.sqrt(average) + eps))), {"v": average, "lr_k": eta_k}
    return (yield from descend(problem, "rmsprop", update, lr=lr, max_iter=max_iter, tol=tol, start=start,
                               l2=l2, auto_step=RMSPROP_STEP))


def run_adam(problem: Problem, lr="auto", beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
             bias_correction: bool = True, max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0,
             start=None):
    """The course notes' Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε)."""
    ar = Arithmetic(problem.precision)
    if (lost := ar.decay_lost(beta1=beta1, beta2=beta2)) is not None:
        return failure("adam", lost, iterations=0)
    state = AdamState(ar.array(np.zeros(problem.p)), ar.array(np.zeros(problem.p)))
    beta1, beta2, eps = ar.number(beta1), ar.number(beta2), ar.number(eps)
    fl = None if ar.double else ar.fl

    def update(w, g, eta, k):
        nonlocal state
        step, state = adam_update(state, g, eta, beta1, beta2, eps, k, bias_correction=bias_correction, fl=fl)
        return ar.fl(w - step), {"m": state.m, "v": state.v}
    return (yield from descend(problem, "adam", update, lr=lr, max_iter=max_iter, tol=tol, start=start,
                               l2=l2, auto_step=ADAM_STEP))


SOLVERS.add(SolverSpec(
    name="adagrad", label="AdaGrad", family="Adaptive methods", direct=False,
    summary="Per-parameter steps divided by the root of all past squared gradients.",
    run=run_adagrad, hyperparameters=(_adaptive_lr(ADAGRAD_STEP), EPS, MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="rmsprop", label="RMSProp", family="Adaptive methods", direct=False,
    summary="AdaGrad with an exponentially fading memory of squared gradients.",
    run=run_rmsprop, hyperparameters=(_adaptive_lr(RMSPROP_STEP), RHO, SCHEDULE, EPS, MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="adam", label="Adam", family="Adaptive methods", direct=False,
    summary="Momentum plus RMSProp, with bias correction: the default optimizer of deep learning.",
    run=run_adam, hyperparameters=(_adaptive_lr(ADAM_STEP), BETA1, BETA2, EPS, BIAS_CORRECTION, MAX_ITER, TOL,
                                   L2), precisions=PRECISION_NAMES))

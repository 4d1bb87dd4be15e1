"""Training an orthogonal layer on a linear regression task, watching ‖WᵀW − I‖ and σmax at every step.

The task is y = T x with a target T that is not orthogonal, so an unconstrained layer leaves the
orthogonal group to fit it while the constrained ones cannot: their best is the orthogonal
Procrustes answer (the orthogonal W nearest to the fit), which scipy computes independently.
"""

from __future__ import annotations

import math
import time

import numpy as np

from ..errors import InputError
from ..steps import Result, Step
from .features import haar_orthogonal
from .network import gradient_norm
from .optimizers import Optimizer
from .orthogonal_layers import make_layer, orthogonality_error

TARGETS = ("gaussian", "orthogonal")


def regression_task(n: int, *, samples: int = 256, target: str = "gaussian",
                    seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(X, Y, T): X is samples × n Gaussian, Y = X Tᵀ, T Gaussian/√n or Haar orthogonal."""
    if target not in TARGETS:
        raise InputError(f"target {target!r} is unknown; choose one of {', '.join(TARGETS)}")
    rng = np.random.default_rng(seed + 1000)
    t = haar_orthogonal(n, rng) if target == "orthogonal" else rng.standard_normal((n, n)) / math.sqrt(n)
    x = rng.standard_normal((samples, n))
    return x, x @ t.T, t


def layer_loss(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """½·mean over samples of ‖W x − y‖², and its gradient Rᵀ X / N with R = X Wᵀ − Y."""
    r = x @ w.T - y
    return 0.5 * float(np.sum(r * r)) / len(x), r.T @ x / len(x)


def _check(n: int, steps: int, record_every: int) -> None:
    if not 1 <= steps <= 10**6:
        raise InputError(f"the number of training steps must be from 1 to 10^6, got {steps}")
    if not 1 <= n <= 256:
        raise InputError(f"the layer size must be from 1 to 256, got {n}")
    if record_every < 1:
        raise InputError(f"record_every must be a positive integer, got {record_every}")


def run_layer_training(kind: str, *, n: int = 16, steps: int = 1000, optimizer: str = "adam", lr: float = 0.03,
                       seed: int = 0, target: str = "gaussian", record_every: int = 10, **layer_options):
    """Train one layer kind; yields a Step every `record_every` steps with ‖WᵀW − I‖ and σmax in detail."""
    _check(n, steps, record_every)
    started = time.perf_counter()
    x, y, _ = regression_task(n, target=target, seed=seed)
    layer = make_layer(kind, n, seed=seed, **layer_options)
    opt = Optimizer(optimizer, lr)
    worst = 0.0
    for k in range(steps + 1):
        w = layer.forward()
        loss, w_bar = layer_loss(w, x, y)
        extra, extra_grads = layer.regulariser()
        grads = layer.backward(w_bar)
        for name, g in extra_grads.items():
            grads[name] = grads[name] + g
        error = orthogonality_error(w)
        worst = max(worst, error)
        if not math.isfinite(loss + extra):
            return Result(method=f"layer-{kind}", theta=None, status="diverged", iterations=k,
                          message=f"Diverged at step {k}: the loss is not finite; lower the learning rate {lr:g}.")
        if k % record_every == 0 or k == steps:
            sigma = np.linalg.svd(w, compute_uv=False)
            yield Step(k=k, kind="iterate", title=f"{kind} step {k}: loss {loss:.4g}, ‖WᵀW − I‖ = {error:.2e}",
                       theta=w.ravel(), loss=loss, grad_norm=gradient_norm(grads),
                       detail={"orth_error": error, "sigma_max": float(sigma[0]), "sigma_min": float(sigma[-1]),
                               "penalty": extra})
        if k < steps:
            opt.step(layer.params, grads)
    sigma = np.linalg.svd(w, compute_uv=False)
    return Result(method=f"layer-{kind}", theta=w.ravel(), status="max_iter", iterations=steps,
                  elapsed_s=time.perf_counter() - started, loss=loss,
                  message=f"{steps} {optimizer} steps on a {n} × {n} {kind} layer.",
                  diagnostics={"orth_error": error, "orth_error_max": worst, "sigma_max": float(sigma[0]),
                               "sigma_min": float(sigma[-1]), "weight": w})

"""Three ways to fit a one-hidden-layer network to a curve, as generators of Steps the GUI can animate.

- trained: both layers by gd, momentum or Adam with backpropagation (the usual way);
- solved: the hidden layer frozen at its random init, the output layer solved in closed form by
  an engine solver (householder, normal-inverse, svd, lstsq): the course notes' DirectSolveLayer, i.e.
  a random-feature network;
- hybrid (variable projection): a gradient step on the hidden layer, then the output layer
  re-solved exactly. At the solved output weights ∂L/∂w2 = 0, so the gradient with w2 held fixed
  is the exact gradient of the reduced loss min_w2 L(W1, w2) (Golub & Pereyra).
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

import numpy as np

from ..errors import InputError
from ..problem import Problem
from ..run import iterate, run_to_end
from ..steps import Result, Step
from .data import CurveData
from .features import random_hidden
from .network import Network, check_architecture, gradient_norm
from .optimizers import Optimizer

OUTPUT_SOLVERS = ("householder", "normal-inverse", "svd", "lstsq")
#: A training loss this many times its start means the run is blowing up.
BLOW_UP = 1e8


def initial_network(dim: int, width: int, activation: str = "tanh", *, seed: int = 0, scale: float = 16.0,
                    kind: str = "gaussian") -> Network:
    """Random hidden layer (features.random_hidden) and small random output weights, from one seed."""
    check_architecture(width, activation)
    rng = np.random.default_rng(seed)
    w1, b1 = random_hidden(width, dim, kind=kind, scale=scale, rng=rng)
    w2 = rng.standard_normal(width) / math.sqrt(width)
    return Network({"W1": w1, "b1": b1, "w2": w2, "b2": np.asarray(0.0)}, activation)


def output_problem(features: np.ndarray, y: np.ndarray) -> Problem:
    """The output layer's least-squares problem: columns [1, h1, ..., hk], θ = [b2, w2]."""
    return Problem.from_table(features, y, names=[f"h{j + 1}" for j in range(features.shape[1])])


def _check_solver(method: str) -> None:
    if method not in OUTPUT_SOLVERS:
        raise InputError(f"output solver {method!r} is unknown; choose one of {', '.join(OUTPUT_SOLVERS)}")


def solve_output(features: np.ndarray, y: np.ndarray, method: str = "householder") -> Result:
    """Run an engine solver to the end on the output layer's problem (its Result, θ = [b2, w2])."""
    _check_solver(method)
    return run_to_end(iterate(output_problem(features, y), method))


def _fit_step(k: int, kind: str, title: str, net: Network, data: CurveData, loss: float,
              grad_norm: float | None = None, **detail) -> Step:
    """θ is the output layer [b2, w2]; the curve on the grid lets a view draw the fit."""
    val = net.loss(data.x_val, data.y_val)
    theta = np.concatenate([[float(net.params["b2"])], net.params["w2"]])
    if data.dim == 1:
        detail["curve"] = net.predict(data.x_grid)
    return Step(k=k, kind=kind, title=f"{title}: train {loss:.4g}, validation {val:.4g}", theta=theta,
                loss=loss, grad_norm=grad_norm, detail={"val_loss": val, **detail})


def _result(method: str, net: Network, data: CurveData, k: int, started: float, status: str = "max_iter",
            message: str = "", warnings: tuple[str, ...] = (), **diagnostics) -> Result:
    train, val = net.loss(data.x_train, data.y_train), net.loss(data.x_val, data.y_val)
    r = net.predict(data.x_train) - data.y_train
    theta = np.concatenate([[float(net.params["b2"])], net.params["w2"]])
    return Result(method=method, theta=theta, status=status, message=message, iterations=k, warnings=warnings,
                  elapsed_s=time.perf_counter() - started, loss=train, residual_norm=float(np.linalg.norm(r)),
                  diagnostics={"val_loss": val, "train_loss": train, "width": net.width,
                               "activation": net.activation, **net.params, **diagnostics})


def network_from_result(result: Result) -> Network:
    """The fitted network back from a Result's diagnostics."""
    d = result.diagnostics
    return Network({k: np.array(d[k], copy=True) for k in ("W1", "b1", "w2", "b2")}, d["activation"])


def _check_run(max_iter: int, record_every: int) -> None:
    if not 1 <= max_iter <= 10**7:
        raise InputError(f"the number of iterations must be from 1 to 10^7, got {max_iter}")
    if record_every < 1:
        raise InputError(f"record_every must be a positive integer, got {record_every}")


def _diverged(method: str, net: Network, k: int, start_loss: float, loss: float, lr: float) -> Result:
    what = "is not a finite number" if not math.isfinite(loss) else f"grew from {start_loss:.3g} to {loss:.3g}"
    return Result(method=method, theta=None, status="diverged", iterations=k,
                  message=f"Diverged at iteration {k}: the training loss {what}; "
                          f"the learning rate {lr:.3g} is too large, try {lr / 10:.3g}.")


def run_trained(data: CurveData, *, width: int = 50, activation: str = "tanh", optimizer: str = "adam",
                lr: float = 0.01, max_iter: int = 3000, seed: int = 0, scale: float = 16.0,
                record_every: int = 10):
    """Both layers by backpropagation and an optimizer; a Step every `record_every` iterations."""
    _check_run(max_iter, record_every)
    started = time.perf_counter()
    net = initial_network(data.dim, width, activation, seed=seed, scale=scale)
    opt = Optimizer(optimizer, lr)
    loss, grads = net.loss_and_gradients(data.x_train, data.y_train)
    start_loss = loss
    yield _fit_step(0, "iterate", "start", net, data, loss, gradient_norm(grads))
    for k in range(1, max_iter + 1):
        opt.step(net.params, grads)
        loss, grads = net.loss_and_gradients(data.x_train, data.y_train)
        if not math.isfinite(loss) or loss > BLOW_UP * max(start_loss, 1e-300):
            return _diverged(f"trained-{optimizer}", net, k, start_loss, loss, lr)
        if k % record_every == 0 or k == max_iter:
            yield _fit_step(k, "iterate", f"{optimizer} iteration {k}", net, data, loss, gradient_norm(grads))
    return _result(f"trained-{optimizer}", net, data, max_iter, started,
                   message=f"{max_iter} {optimizer} iterations on both layers.")


def _solve_into(net: Network, data: CurveData, method: str) -> tuple[Result, np.ndarray]:
    """Solve the output layer on the current hidden features; write [b2, w2] into the network."""
    features = net.features(data.x_train)
    solved = solve_output(features, data.y_train, method)
    if solved.ok:
        net.params["b2"] = np.asarray(float(solved.theta[0]))
        net.params["w2"] = np.array(solved.theta[1:], copy=True)
    return solved, features


def _failed(method: str, solved: Result, k: int) -> Result:
    return Result(method=method, theta=None, status="failed", iterations=k,
                  message="The output layer could not be solved on the hidden features: " + solved.message +
                          " Random features often are nearly dependent: try svd or lstsq, fewer units, "
                          "or a different scale.")


def run_solved(data: CurveData, *, width: int = 50, activation: str = "tanh", method: str = "householder",
               seed: int = 0, scale: float = 16.0, kind: str = "gaussian"):
    """Hidden layer frozen at its random init; output layer by one closed-form least-squares solve."""
    _check_solver(method)
    started = time.perf_counter()
    net = initial_network(data.dim, width, activation, seed=seed, scale=scale, kind=kind)
    problem = output_problem(net.features(data.x_train), data.y_train)
    kappa = problem.cond
    yield Step(k=0, kind="features", title=f"hidden features H: {problem.n} × {width}, κ([1 H]) = {kappa:.3g}",
               detail={"cond": kappa})
    steps = iterate(problem, method)
    k = 1
    try:
        while True:
            step = next(steps)
            yield replace(step, k=k)
            k += 1
    except StopIteration as stop:
        solved = stop.value
    if not solved.ok:
        return _failed(f"solved-{method}", solved, k)
    net.params["b2"] = np.asarray(float(solved.theta[0]))
    net.params["w2"] = np.array(solved.theta[1:], copy=True)
    warnings = solved.warnings
    if problem.p > problem.n:
        warnings += (f"Underdetermined: {problem.p} output weights for {problem.n} training points, so the "
                     "features can interpolate the noise; this is one of infinitely many exact fits.",)
    yield _fit_step(k, "solution", f"output layer by {method}", net, data, net.loss(data.x_train, data.y_train))
    return _result(f"solved-{method}", net, data, k, started, status="converged", cond=kappa,
                   warnings=warnings, message=f"Output layer solved by {method}; hidden layer random.")


def run_hybrid(data: CurveData, *, width: int = 50, activation: str = "tanh", optimizer: str = "adam",
               lr: float = 0.01, max_iter: int = 200, seed: int = 0, scale: float = 16.0,
               method: str = "householder", record_every: int = 1):
    """Variable projection: output layer solved exactly, then a gradient step on the hidden layer, repeated."""
    _check_run(max_iter, record_every)
    started = time.perf_counter()
    name = f"hybrid-{optimizer}-{method}"
    _check_solver(method)
    net = initial_network(data.dim, width, activation, seed=seed, scale=scale)
    opt = Optimizer(optimizer, lr)
    solved, _ = _solve_into(net, data, method)
    if not solved.ok:
        return _failed(name, solved, 0)
    loss, grads = net.loss_and_gradients(data.x_train, data.y_train)
    hidden_grad = {key: grads[key] for key in ("W1", "b1")}
    start_loss = loss
    yield _fit_step(0, "iterate", "start (output solved)", net, data, loss, gradient_norm(hidden_grad))
    for k in range(1, max_iter + 1):
        opt.step(net.params, hidden_grad)
        solved, _ = _solve_into(net, data, method)
        if not solved.ok:
            return _failed(name, solved, k)
        loss, grads = net.loss_and_gradients(data.x_train, data.y_train)
        if not math.isfinite(loss) or loss > BLOW_UP * max(start_loss, 1e-300):
            return _diverged(name, net, k, start_loss, loss, lr)
        hidden_grad = {key: grads[key] for key in ("W1", "b1")}
        if k % record_every == 0 or k == max_iter:
            yield _fit_step(k, "iterate", f"hidden step {k}, output re-solved", net, data, loss,
                            gradient_norm(hidden_grad))
    return _result(name, net, data, max_iter, started,
                   message=f"{max_iter} hidden-layer {optimizer} steps, output re-solved by {method} each time.")


FITS = {"trained": run_trained, "solved": run_solved, "hybrid": run_hybrid}


def fit(data: CurveData, how: str = "solved", **options) -> Result:
    """Run one of the three fits to the end and return its Result (network_from_result rebuilds the net)."""
    if how not in FITS:
        raise InputError(f"fit {how!r} is unknown; choose one of {', '.join(FITS)}")
    return run_to_end(FITS[how](data, **options))

"""Stochastic methods: mini-batch SGD and simulated annealing, one step per iteration.

Both are random, so both take a seed: the same inputs and seed give the same trace. Each
step shows the FULL-batch loss and gradient norm (O(p²) from the cached Gram matrix), so
the noise of the method is visible against the true descent. Both compute in the problem's
precision: the rows, θ and every step are held in it, each result rounded.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..precision import PRECISION_NAMES
from ..problem import Problem
from ..registry import SOLVERS, Hyperparameter, SolverSpec
from ..steps import Result
from .iterative import (
    L2,
    MAX_ITER,
    SEED,
    TOL,
    Quadratic,
    diverged,
    diverging_step,
    finish,
    iteration_step,
    runaway,
    stalled,
    start_point,
)
from .stagnation import StallWatch

SGD_LR = Hyperparameter("lr", "float-or-auto", "auto",
                        "Initial learning rate η, or auto = 0.5/L_b, where L_b = L + (L_max − L)/batch blends "
                        "L = λmax of the loss's Hessian with the largest one-row curvature L_max: a single "
                        "noisy row must not throw the iterate out (for large batches L_b ≈ L).",
                        low=0.0, high=1e12, log_scale=True)
BATCH = Hyperparameter("batch_size", "int", 16, "Rows drawn (with replacement) for each gradient estimate.",
                       low=1, high=10**6, log_scale=True)
AVERAGE = Hyperparameter("average", "bool", True,
                         "Answer with the mean of the iterates of the last half of the run (Polyak–Ruppert "
                         "averaging): it cancels most of the gradient noise that the last iterate still carries.")
DECAY = Hyperparameter("decay", "float", 100.0,
                       "Learning-rate schedule ηₖ = η/(1 + (k−1)/decay): after `decay` iterations the step "
                       "has halved, so the gradient noise averages out.", low=1.0, high=1e12, log_scale=True)
SGD_MAX_ITER = Hyperparameter("max_iter", "int", 10_000, MAX_ITER.help, low=1, high=10**7)
STEP = Hyperparameter("step", "float-or-auto", "auto",
                      "Initial proposal scale σ₀ (per coordinate of the working θ), or auto = √(2·L(θ₀)/L)/p: "
                      "the distance over which the steepest curvature L alone would add the start loss, "
                      "shared among the p coordinates. The scale shrinks with the temperature, σₖ = σ₀·√(Tₖ/T₀).",
                      low=0.0, high=1e100, log_scale=True)
T0 = Hyperparameter("t0", "float-or-auto", "auto",
                    "Start temperature T₀ in loss units, or auto = the loss at the start point: at first "
                    "a move that doubles the loss is accepted with probability 1/e.",
                    low=0.0, high=1e300, log_scale=True)
COOLING = Hyperparameter("cooling", "float", 0.995, "Geometric cooling Tₖ = T₀·coolingᵏ.",
                         low=0.5, high=0.999999)
ANNEAL_MAX_ITER = Hyperparameter("max_iter", "int", 20_000, MAX_ITER.help, low=1, high=10**7)


def canonical(problem: Problem, vector: np.ndarray) -> np.ndarray:
    """A working-coordinate vector in the canonical column order (as the steps show gradients)."""
    out = np.empty(problem.p)
    out[problem.order] = vector
    return out


def sgd_smoothness(problem: Problem, quadratic: Quadratic, batch: int) -> float:
    """L_b = L + (L_max − L)/b: the expected smoothness of a b-row estimate (Gower et al. 2019).

    One O(n·p) pass for the largest row norm, like the Gram matrix's pass.
    """
    a = problem.matrix
    rows = float(np.einsum("ij,ij->i", a, a).max()) * problem.loss_scale * problem.n
    largest = rows + float(quadratic.penalty_mask.max(initial=0.0))
    return quadratic.lipschitz + max(largest - quadratic.lipschitz, 0.0) / batch


def run_sgd(problem: Problem, lr="auto", batch_size: int = 16, decay: float = 100.0, average: bool = True,
            seed: int = 0, max_iter: int = 10_000, tol: float = 1e-10, l2: float = 0.0, start=None):
    """θ ← θ − ηₖ·g_b with g_b the gradient of a random batch of rows: unbiased, O(batch·p) per step."""
    quadratic = Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range("sgd")) is not None:
        return refusal
    ar = quadratic.arithmetic
    fl, watch = ar.fl, StallWatch(ar)
    batch = int(batch_size)
    smooth = sgd_smoothness(problem, quadratic, batch)
    eta = ar.number(0.5 / smooth if lr == "auto" else float(lr))
    rng = np.random.default_rng(seed)
    a, y = quadratic.working_matrix, quadratic.working_y
    penalty = ar.array(quadratic.penalty_mask)
    weight = ar.number(problem.loss_scale * problem.n / batch)  # mean: 1/b; sum: n/b — so E[g_b] = ∇L
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    start_loss = quadratic.loss(w)
    threshold = tol * float(np.linalg.norm(g))
    yield iteration_step(problem, quadratic, 0, w, g, f"start: loss {start_loss:.6g}", loss=start_loss, lr=eta)
    first_averaged = max_iter // 2 + 1 if average else max_iter + 1
    mean = ar.array(np.zeros(problem.p))
    for k in range(1, max_iter + 1):
        rows = rng.integers(0, problem.n, batch)
        ab = a[rows]
        gb = fl(weight * fl(ab.T @ fl(fl(ab @ w) - y[rows])))
        if quadratic.l2:
            gb = fl(gb + fl(penalty * w))
        eta_k = ar.number(eta / (1.0 + (k - 1) / decay))
        previous = w
        w = fl(w - fl(eta_k * gb))
        g = quadratic.gradient(w)
        loss = quadratic.loss(w)
        if runaway(loss, start_loss) or not np.all(np.isfinite(w)):
            yield diverging_step(problem, quadratic, k, w, loss)
            return sgd_diverged(quadratic, eta, smooth, k, start_loss, loss)
        if k >= first_averaged:
            mean = fl(mean + fl(fl(w - mean) / (k - first_averaged + 1))) if not ar.double else \
                mean + (w - mean) / (k - first_averaged + 1)
        which = "row " + ", ".join(str(i + 1) for i in rows) if batch <= 4 else f"{batch} rows"
        yield iteration_step(problem, quadratic, k, w, g, f"iteration {k} ({which}, η {eta_k:.3g}): loss {loss:.6g}",
                             loss=loss, batch=rows, batch_gradient=canonical(problem, gb), lr=eta_k)
        if np.linalg.norm(g) <= threshold:
            return finish(problem, "sgd", w, k, converged=True, quadratic=quadratic, lr=eta)
        if watch.stalled(k, previous, w):
            return stalled(problem, "sgd", mean if average and k >= first_averaged else w, k, quadratic=quadratic,
                           watch=watch, measure="‖∇L‖", value=float(np.linalg.norm(g)), tol=tol, lr=eta)
    answer_w = mean if average else w
    return finish(problem, "sgd", answer_w, max_iter, converged=False, quadratic=quadratic, lr=eta)


def sgd_diverged(quadratic: Quadratic, eta: float, smooth: float, k: int, start_loss: float, loss: float) -> Result:
    """Above 2/L even the full gradient diverges; below it, the batch noise did (L_b > L)."""
    if eta >= 2.0 / quadratic.lipschitz:
        return diverged("sgd", quadratic, eta, k, start_loss, loss)
    return Result(method="sgd", theta=None, status="diverged", iterations=k,
                  message=f"Diverged at iteration {k}: the loss grew from {start_loss:.3g} to {loss:.3g}. "
                          f"The learning rate {eta:.3g} is stable for the full gradient but too large for "
                          f"the noise of small batches (L_b = {smooth:.3g}); try lr ≤ {0.5 / smooth:.3g}, "
                          "lr=auto, or a larger batch_size.")


def run_annealing(problem: Problem, step="auto", t0="auto", cooling: float = 0.995, seed: int = 0,
                  max_iter: int = 20_000, tol: float = 1e-10, l2: float = 0.0, start=None):
    """Metropolis moves θ' = θ + σₖ·z at a falling temperature; the best point seen is the answer.

    Δ = ∇L(θ)·d + ½dᵀHd is exact for the quadratic loss (no cancellation between two losses).
    """
    quadratic = Quadratic(problem, l2)
    if (refusal := quadratic.out_of_range("annealing")) is not None:
        return refusal
    ar = quadratic.arithmetic
    fl, hessian = ar.fl, quadratic.working_hessian
    rng = np.random.default_rng(seed)
    w = start_point(problem, start)
    g = quadratic.gradient(w)
    loss = quadratic.loss(w)
    temperature0 = loss if t0 == "auto" else float(t0)
    scale0 = ar.number(math.sqrt(2.0 * loss / quadratic.lipschitz) / problem.p if step == "auto" else float(step))
    threshold = tol * float(np.linalg.norm(g))
    best_w, best_loss, best_k, accepted_count = w, loss, 0, 0
    yield iteration_step(problem, quadratic, 0, w, g, f"start: loss {loss:.6g}, T {temperature0:.3g}", loss=loss,
                         temperature=temperature0, scale=scale0)
    converged, frozen, k = False, 0, 0
    for k in range(1, max_iter + 1):
        fraction = cooling ** k
        temperature = temperature0 * fraction
        sigma = ar.number(scale0 * math.sqrt(fraction))
        if ar.double:
            d = sigma * rng.standard_normal(problem.p)
            delta = float(g @ d + 0.5 * (d @ hessian @ d))
        else:
            d = fl(sigma * ar.array(rng.standard_normal(problem.p)))
            delta = ar.number(ar.dot(g, d) + ar.number(0.5 * ar.dot(d, ar.product(hessian, d))))
        accepted = delta <= 0.0 or (temperature > 0.0 and rng.random() < math.exp(-min(delta / temperature, 745.0)))
        proposal = fl(w + d)
        if accepted:
            accepted_count += 1
            w = proposal
            g = quadratic.gradient(w)
            loss = quadratic.loss(w)
            if loss < best_loss:
                best_w, best_loss, best_k = w, loss, k
        verdict = "accepted" if accepted else "rejected"
        yield iteration_step(problem, quadratic, k, w, g,
                             f"iteration {k} (T {temperature:.3g}, Δ {delta:.3g} {verdict}): loss {loss:.6g}",
                             loss=loss, proposal=problem.to_original(proposal), accepted=accepted,
                             temperature=temperature, delta=delta, scale=sigma)
        if np.linalg.norm(g) <= threshold:
            converged = True
            best_w, best_k = w, k  # the point that passed the test is the answer (its loss may tie the best's)
            break
        if sigma * math.sqrt(problem.p) <= ar.precision.epsilon * float(np.linalg.norm(w)):
            frozen = k
            break
    result = finish(problem, "annealing", best_w, k, converged=converged, quadratic=quadratic,
                    best_iteration=best_k, acceptance_rate=accepted_count / max(k, 1),
                    temperature=temperature0 * cooling ** k, t0=temperature0, step=scale0)
    if frozen:
        held = "" if ar.double else f" in {ar.name}"
        result = replace(result, message=f"Frozen at iteration {frozen}: the proposals became smaller than the "
                                         f"rounding of θ{held} before the gradient fell below tol. On "
                                         "ill-conditioned data standardize the columns.")
    return result


SOLVERS.add(SolverSpec(
    name="sgd", label="Stochastic gradient descent (mini-batch)", family="Stochastic methods", direct=False,
    summary="θ ← θ − ηₖ·g_b with the gradient of a random batch of rows: cheap noisy steps, a decaying η, and "
            "the average of the last half of the iterates as the answer. It stops at a noise floor, not at the "
            "exact answer: its error is about √(2n/(batch·max_iter)) times the coefficients' statistical standard "
            "error (0.05 of it for n = 200 with the defaults), which on well-conditioned data with a clear signal "
            "is within about 1e-3 relative of lstsq, but can exceed 1e-2 when noise dominates the fit; more "
            "iterations or a larger batch get closer. Ill-conditioned columns (κ(A) ≳ 10) make it crawl: "
            "standardize them.",
    run=run_sgd, hyperparameters=(SGD_LR, BATCH, DECAY, AVERAGE, SEED, SGD_MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

SOLVERS.add(SolverSpec(
    name="annealing", label="Simulated annealing", family="Stochastic methods", direct=False,
    summary="Random moves θ' = θ + σ·z: downhill always accepted, uphill with probability e^(−Δ/T), while T "
            "cools and the proposals shrink with √T; the answer is the best point seen. With the defaults, on "
            "well-conditioned data it reached about 1e-8 relative of lstsq (it stops when ‖∇L‖ ≤ tol × its start "
            "value, after about 9000 iterations). Its isotropic proposals crawl along the valley of "
            "ill-conditioned data (κ(A) ≳ 10) and freeze far from the answer: standardize the columns.",
    run=run_annealing, hyperparameters=(STEP, T0, COOLING, SEED, ANNEAL_MAX_ITER, TOL, L2),
    precisions=PRECISION_NAMES))

"""The update lines of the first-order methods: a₁ = a₀ − η·∂L/∂a = 0 − 0.1·(−13) = 1.3,
the velocity of momentum, the moments of Adam, the soft threshold of ISTA.

Each function takes (board, step, previous step, θ before, gradient before — working
coordinates) and returns the lines of the update. Velocity and moments are stored by the
solvers in working order already; the gradient in canonical order.
"""

from __future__ import annotations

import numpy as np

from engine.steps import Step

from .text import Board, indexed, sub, sup

PER_PARAMETER = 4
THETA_DIGITS = 6


def eta_of(board: Board) -> float | None:
    """η as the solver used it: recorded on the start step, else the parameter (auto = 1/L)."""
    recorded = board.first().detail.get("lr")
    if recorded is not None:
        return float(recorded)
    value = board.params.get("lr")
    if value is None:
        return None
    return 1.0 / board.quadratic.lipschitz if value == "auto" else float(value)


def _n(board: Board, x: float) -> str:
    return board.num(x, decimals=True)


def _t(board: Board, x: float) -> str:
    """A parameter value: six digits, so that a small update stays visible (1.9395 → 1.9404)."""
    return board.num(x, decimals=True, digits=THETA_DIGITS)


def _f(board: Board, x: float) -> str:
    return board.f(x, decimals=True)


def _previous(previous: Step, key: str, p: int) -> np.ndarray:
    return np.asarray(previous.detail.get(key, np.zeros(p)), dtype=float)


def _per_parameter(board: Board) -> bool:
    return board.problem.p <= PER_PARAMETER


def gd(board: Board, step: Step, previous: Step, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    eta, new, k = eta_of(board), board.theta_working(step), step.k
    if not _per_parameter(board) or eta is None:
        return [f"θ{sub(k)} = θ{sub(k - 1)} − η∇L = {board.dvec(new, decimals=True)}"]
    return [f"{indexed(n, k)} = {indexed(n, k - 1)} − η·∂L/∂{n} = {_t(board, theta[j])} − {_n(board, eta)}·"
            f"{_f(board, gradient[j])} = {_t(board, new[j])}"
            for j in board.display for n in [board.names[j]]]


def momentum(board: Board, step: Step, previous: Step, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    eta, new, k = eta_of(board), board.theta_working(step), step.k
    beta = float(board.params.get("beta", 0.9))
    velocity = np.asarray(step.detail["velocity"])
    before = _previous(previous, "velocity", board.problem.p)
    if not _per_parameter(board) or eta is None:
        return [f"v = βv + ∇L = {board.dvec(velocity, decimals=True)}",
                f"θ{sub(k)} = θ{sub(k - 1)} − ηv = {board.dvec(new, decimals=True)}"]
    velocities, updates = [], []
    for j in board.display:
        n = board.names[j]
        if board.method == "momentum":
            velocities.append(f"v[{n}] = β·v[{n}] + ∂L/∂{n} = {_n(board, beta)}·{_f(board, before[j])} + "
                              f"{_f(board, gradient[j])} = {_n(board, velocity[j])}")
        else:  # Nesterov: the gradient at the look-ahead point is v − βv_before
            ahead = velocity[j] - beta * before[j]
            velocities.append(f"v[{n}] = β·v[{n}] + ∂L/∂{n}(θ − ηβv) = {_n(board, beta)}·{_f(board, before[j])} + "
                              f"{_f(board, ahead)} = {_n(board, velocity[j])}")
        updates.append(f"{indexed(n, k)} = {indexed(n, k - 1)} − η·v[{n}] = {_t(board, theta[j])} − "
                       f"{_n(board, eta)}·{_f(board, velocity[j])} = {_t(board, new[j])}")
    return velocities + updates


def adagrad(board: Board, step: Step, previous: Step, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    eta, new, k = eta_of(board), board.theta_working(step), step.k
    history = np.asarray(step.detail["v"])
    before = _previous(previous, "v", board.problem.p)
    if not _per_parameter(board) or eta is None:
        return [f"G = G + g² = {board.dvec(history)}", f"θ{sub(k)} = θ{sub(k - 1)} − η·g/(√G + ε) = {board.dvec(new)}"]
    lines = []
    for j in board.display:
        n = board.names[j]
        lines.append(f"G[{n}] = G[{n}] + (∂L/∂{n})² = {_n(board, before[j])} + {_f(board, gradient[j])}² = "
                     f"{_n(board, history[j])}")
        lines.append(f"{indexed(n, k)} = {indexed(n, k - 1)} − η·(∂L/∂{n})/(√G[{n}] + ε) = {_t(board, theta[j])} − "
                     f"{_n(board, eta)}·{_f(board, gradient[j])}/{_f(board, np.sqrt(history[j]))} = "
                     f"{_t(board, new[j])}")
    return lines


def rmsprop(board: Board, step: Step, previous: Step, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    new, k = board.theta_working(step), step.k
    beta = float(board.params.get("beta2", 0.99))
    average = np.asarray(step.detail["v"])
    before = _previous(previous, "v", board.problem.p)
    eta_k = float(step.detail.get("lr_k", eta_of(board) or 0.0))
    lines = []
    if board.params.get("schedule", "sqrt") == "sqrt" and eta_of(board) is not None:
        lines.append(f"ηₖ = η/√k = {_n(board, eta_of(board))}/√{k} = {_n(board, eta_k)}")
    if not _per_parameter(board):
        return [*lines, f"v = βv + (1 − β)g² = {board.dvec(average)}",
                f"θ{sub(k)} = θ{sub(k - 1)} − ηₖ·g/(√v + ε) = {board.dvec(new)}"]
    for j in board.display:
        n = board.names[j]
        lines.append(f"v[{n}] = β·v[{n}] + (1 − β)·(∂L/∂{n})² = {_n(board, beta)}·{_f(board, before[j])} + "
                     f"{_f(board, 1 - beta)}·{_f(board, gradient[j])}² = {_n(board, average[j])}")
        lines.append(f"{indexed(n, k)} = {indexed(n, k - 1)} − ηₖ·(∂L/∂{n})/(√v[{n}] + ε) = {_t(board, theta[j])} − "
                     f"{_n(board, eta_k)}·{_f(board, gradient[j])}/{_f(board, np.sqrt(average[j]))} = "
                     f"{_t(board, new[j])}")
    return lines


def adam(board: Board, step: Step, previous: Step, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    eta, new, k = eta_of(board), board.theta_working(step), step.k
    beta1, beta2 = float(board.params.get("beta1", 0.9)), float(board.params.get("beta2", 0.999))
    correct = bool(board.params.get("bias_correction", True))
    m, v = np.asarray(step.detail["m"]), np.asarray(step.detail["v"])
    m_hat, v_hat = (m / (1 - beta1 ** k), v / (1 - beta2 ** k)) if correct else (m, v)
    big_m, big_v = ("M", "V") if correct else ("m", "v")  # M, V: m and v corrected for their zero start
    if not _per_parameter(board) or eta is None:
        return [f"m = β₁m + (1 − β₁)g = {board.dvec(m)}", f"v = β₂v + (1 − β₂)g² = {board.dvec(v)}",
                f"θ{sub(k)} = θ{sub(k - 1)} − η·{big_m}/(√{big_v} + ε) = {board.dvec(new)}"]
    lines = []
    for j in board.display:
        n = board.names[j]
        lines.append(f"m[{n}] = β₁·m[{n}] + (1 − β₁)·∂L/∂{n} = {_n(board, m[j])},  "
                     f"v[{n}] = β₂·v[{n}] + (1 − β₂)·(∂L/∂{n})² = {_n(board, v[j])}")
        if correct:
            lines.append(f"M[{n}] = m[{n}]/(1 − β₁{sup(k)}) = {_n(board, m_hat[j])},  "
                         f"V[{n}] = v[{n}]/(1 − β₂{sup(k)}) = {_n(board, v_hat[j])}")
        lines.append(f"{indexed(n, k)} = {indexed(n, k - 1)} − η·{big_m}[{n}]/(√{big_v}[{n}] + ε) = "
                     f"{_t(board, theta[j])} − "
                     f"{_n(board, eta)}·{_f(board, m_hat[j])}/{_f(board, np.sqrt(v_hat[j]))} = {_t(board, new[j])}")
    return lines


def proximal(board: Board, step: Step, previous: Step | None) -> list[str]:
    """z = θ − η∇L, then θⱼ = S(zⱼ, ηλ) = sign(zⱼ)·max(|zⱼ| − ηλ, 0) on the penalised parameters."""
    eta, k = eta_of(board), step.k
    z = np.asarray(step.detail["before_threshold"])
    gradient = board.working(step.detail["gradient"])
    new = board.theta_working(step)
    threshold = float(step.detail["threshold"])
    penalised = board.problem.order != 0 if board.problem.intercept else np.ones(board.problem.p, bool)
    origin = f"θ{sub(k - 1)}" if board.method == "ista" else "the extrapolated point y"
    lines = [f"gradient step from {origin}: z = {'θ' if board.method == 'ista' else 'y'} − η∇L"]
    if not _per_parameter(board) or eta is None:
        return [*lines, f"z = {board.dvec(z)}", f"θ{sub(k)} = S(z, ηλ) = {board.dvec(new)}"]
    point = z + eta * gradient
    for j in board.display:
        n = board.names[j]
        lines.append(f"z[{n}] = {_t(board, point[j])} − {_n(board, eta)}·{_f(board, gradient[j])} = {_t(board, z[j])}")
    for j in board.display:
        n = board.names[j]
        if penalised[j]:
            lines.append(f"{indexed(n, k)} = S({_t(board, z[j])}, {_n(board, threshold)}) = {_t(board, new[j])}")
        else:
            lines.append(f"{indexed(n, k)} = z[{n}] = {_t(board, new[j])}  (the intercept is not thresholded)")
    return lines


GRADIENT_UPDATES = {"gd": gd, "momentum": momentum, "nesterov": momentum}
ADAPTIVE_UPDATES = {"adagrad": adagrad, "rmsprop": rmsprop, "adam": adam}
PROXIMAL_UPDATES = {"ista": proximal, "fista": proximal}

"""The board text of the iterative methods: each iteration's gradient, update and loss, in
the course notes' notation (∂L/∂a, a₁ = a₀ − η·∂L/∂a, S(1.5, 0.3) = 1.2, α₀ = r₀ᵀr₀/p₀ᵀHp₀).

Steps store θ in original units and the gradient at θ in canonical order; the updates are
written in the solver's working coordinates, which are the same numbers unless the
columns are scaled (then the parameters are called w[column]).
"""

from __future__ import annotations

import math

import numpy as np

from engine.steps import Step

from .text import Block, Board, indexed, sub
from .update import ADAPTIVE_UPDATES, GRADIENT_UPDATES, PROXIMAL_UPDATES, eta_of

#: Parameters written one line each up to this many; a vector formula beyond.
PER_PARAMETER = 4


def gradient_lines(board: Board, theta: np.ndarray, gradient: np.ndarray) -> list[str]:
    """'∂L/∂a = (−3)·1 + (−5)·2 = −13', from the residuals, as the course notes write it."""
    problem = board.problem
    if problem.p > PER_PARAMETER:
        return [f"∇L = {board.dvec(gradient, decimals=True)}"]
    a, scale = problem.matrix, problem.loss_scale
    residual = a @ theta - problem.y
    mask = board.quadratic.penalty_mask
    lines = [f"r = Aθ − y = {board.vec(residual, decimals=True)}"] if board.small else []
    for j in board.display:
        name, g = board.names[j], gradient[j]
        text = f"∂L/∂{name} = "
        check = scale * float(residual @ a[:, j]) + mask[j] * theta[j]
        if board.small and math.isclose(check, g, rel_tol=1e-9, abs_tol=1e-12 * (1 + abs(g))):
            terms = " + ".join(f"{board.f(r, decimals=True)}·{board.f(a[i, j], decimals=True)}"
                               for i, r in enumerate(residual))
            if scale != 1:
                terms = f"{board.f(scale)}·[{terms}]"
            if mask[j]:
                terms += f" + λ₂·{name}"
            text += terms + " = "
        lines.append(text + board.num(g, decimals=True))
    return lines


def loss_formula(board: Board) -> list[str]:
    """'L = ½[(a + b − 3)² + (2a + b − 5)²]' and the symbolic gradient, for a small problem."""
    problem = board.problem
    if not board.small:
        return [board.loss_text()]
    half = "½" if problem.loss_kind == "sum" else f"½·(1/{problem.n})"
    rows = [board.row_text(i) for i in range(problem.n)]
    lines = [f"L = {half}[" + " + ".join(f"({row})²" for row in rows) + "]"]
    scale = "" if problem.loss_kind == "sum" else f"(1/{problem.n})·"
    for j in board.display:
        terms = " + ".join(f"({row})·{board.f(problem.matrix[i, j], decimals=True)}" for i, row in enumerate(rows))
        lines.append(f"∂L/∂{board.names[j]} = {scale}[{terms}]" if scale else f"∂L/∂{board.names[j]} = {terms}")
    return lines


def summary(board: Board, step: Step) -> str:
    loss = "" if step.loss is None else f",  L = {board.num(step.loss, decimals=True)}"
    return f"So {board.tuple_text(board.theta_working(step))}{loss}"


def start_block(board: Board, step: Step, extra: list[str]) -> Block:
    w = board.theta_working(step)
    lines = [*loss_formula(board), f"Start: {board.tuple_text(w, 0)}", *extra]
    if step.loss is not None:
        lines.append(f"L at the start = {board.num(step.loss, decimals=True)}")
    return Block("Start", lines)


def descent_family(updates: dict, start_extra) -> dict:
    """The formatter of a family whose iteration k uses the gradient at θₖ₋₁ (gd, momentum, Adam …)."""

    def iterate(board: Board, index: int, step: Step) -> Block:
        update = updates.get(board.method)
        if step.k == 0:
            return start_block(board, step, start_extra(board))
        previous = board.previous(index, step)
        if previous is None or update is None:
            return Block(f"Iteration {step.k}", [step.title, summary(board, step)])
        theta_before = board.theta_working(previous)
        gradient_before = board.working(previous.detail["gradient"])
        if board.method == "nesterov":  # its gradient is taken at the look-ahead point θ − ηβv
            lines = [f"From {board.tuple_text(theta_before, step.k - 1)}, look ahead to θ − ηβv:"]
        else:
            lines = [f"Gradients at {board.tuple_text(theta_before, step.k - 1)}:",
                     *gradient_lines(board, theta_before, gradient_before)]
        lines += [*update(board, step, previous, theta_before, gradient_before), summary(board, step)]
        return Block(f"Iteration {step.k}", lines)

    return {"iterate": iterate}


def _rate_line(board: Board) -> list[str]:
    eta = eta_of(board)
    return [] if eta is None else [f"learning rate η = {board.num(eta, decimals=True)}"]


def _gradient_start(board: Board) -> list[str]:
    lines = _rate_line(board)
    if board.method in ("momentum", "nesterov"):
        lines.append(f"velocity v = 0, β = {board.num(board.params.get('beta', 0.9), decimals=True)}")
    return lines


def _adaptive_start(board: Board) -> list[str]:
    params = board.params
    lines = _rate_line(board)
    if board.method == "adam":
        lines.append(f"m = v = 0, β₁ = {params.get('beta1', 0.9)}, β₂ = {params.get('beta2', 0.999)}, "
                     f"ε = {params.get('eps', 1e-8):g}")
        if params.get("bias_correction", True):
            lines.append("bias correction of the zero start: M = m/(1 − β₁ᵏ), V = v/(1 − β₂ᵏ)")
    elif board.method == "rmsprop":
        lines.append(f"v = 0, β = {params.get('beta2', 0.99)}, ε = {params.get('eps', 1e-8):g}, "
                     f"schedule {params.get('schedule', 'sqrt')}")
    else:
        lines.append(f"G = 0 (sum of squared gradients), ε = {params.get('eps', 1e-8):g}")
    return lines


def _proximal_start(board: Board) -> list[str]:
    lam = float(board.params.get("lam", 0.0) or 0.0)
    eta = eta_of(board)
    lines = [f"objective = L + λ·Σ|θⱼ| (the intercept is not penalised), λ = {board.num(lam, decimals=True)}"]
    if eta is not None:
        lines.append(f"η = {board.num(eta, decimals=True)}, threshold ηλ = {board.num(eta * lam, decimals=True)}")
    return lines


GRADIENT = descent_family(GRADIENT_UPDATES, _gradient_start)
ADAPTIVE = descent_family(ADAPTIVE_UPDATES, _adaptive_start)


def proximal_iterate(board: Board, index: int, step: Step) -> Block:
    """ISTA/FISTA: step k's gradient is taken at the point it starts from (θₖ₋₁, or FISTA's y)."""
    if step.k == 0:
        return start_block(board, step, _proximal_start(board))
    update = PROXIMAL_UPDATES[board.method]
    lines = update(board, step, board.previous(index, step))
    return Block(f"Iteration {step.k}", [*lines, summary(board, step)])


PROXIMAL = {"iterate": proximal_iterate}


# ---- linear-system iterations ----------------------------------------------------------------
def system_lines(board: Board) -> list[str]:
    q = board.quadratic
    return [f"H = {'AᵀA' if board.problem.loss_scale == 1 else '(1/n)·AᵀA'} = {board.mat(q.hessian)},  "
            f"c = {'Aᵀy' if board.problem.loss_scale == 1 else '(1/n)·Aᵀy'} = "
            f"{board.dvec(board.problem.aty * board.problem.loss_scale)}"]


def cg_iterate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    residual = board.working(d["residual"])
    direction = board.working(d["direction"])
    k = step.k
    if k == 0:
        lines = [*system_lines(board), f"Start: {board.tuple_text(board.theta_working(step), 0)}",
                 f"r₀ = c − Hθ₀ = {board.dvec(residual)},  p₀ = r₀",
                 f"r₀ᵀr₀ = {board.num_approx(d['rr'])}"]
        return Block("Start", lines)
    j, i = sub(k - 1), sub(k)
    lines = [f"α{j} = r{j}ᵀr{j} / p{j}ᵀHp{j} = {board.num(d['rr'])}/{board.f(d['pHp'])} = "
             f"{board.num_approx(d['alpha'])}",
             f"θ{i} = θ{j} + α{j}p{j} = {board.dvec(board.theta_working(step))}",
             f"r{i} = r{j} − α{j}Hp{j} = {board.dvec(residual)}",
             f"β{j} = r{i}ᵀr{i} / r{j}ᵀr{j} = {board.num(d['rr_next'])}/{board.f(d['rr'])} = "
             f"{board.num_approx(d['beta'])}",
             f"p{i} = r{i} + β{j}p{j} = {board.dvec(direction)}", summary(board, step)]
    return Block(f"Iteration {k}", lines)


def sweep_iterate(board: Board, index: int, step: Step) -> Block:
    """Jacobi and Gauss-Seidel: each θᵢ from its own row of Hθ = c."""
    if step.k == 0:
        rho = step.detail.get("spectral_radius")
        lines = [*system_lines(board), f"Start: {board.tuple_text(board.theta_working(step), 0)}"]
        if rho is not None:
            lines.append(f"spectral radius ρ = {board.num(rho)}: {'converges' if rho < 1 else 'cannot converge'}")
        return Block("Start", lines)
    previous = board.previous(index, step)
    lines = []
    if previous is not None and board.problem.p <= PER_PARAMETER:
        h, c = board.quadratic.hessian, board.problem.aty * board.problem.loss_scale
        old, new = board.theta_working(previous), board.theta_working(step)
        for i in range(board.problem.p):
            used = [new[j] if (board.method == "gauss-seidel" and j < i) else old[j] for j in range(board.problem.p)]
            terms = "".join(f" − {board.f(h[i, j])}·{board.f(used[j], decimals=True)}"
                            for j in range(board.problem.p) if j != i)
            lines.append(f"{indexed(board.names[i], step.k)} = ({board.num(c[i])}{terms})/{board.f(h[i, i])} = "
                         f"{board.num(new[i], decimals=True)}")
        if board.method == "gauss-seidel":
            lines.append("(Gauss-Seidel uses each new value at once, in the order of A's columns)")
    return Block(f"Sweep {step.k}", [*lines, summary(board, step)])


LINEAR_SYSTEM = {"cg": {"iterate": cg_iterate}, "jacobi": {"iterate": sweep_iterate},
                 "gauss-seidel": {"iterate": sweep_iterate}}


FIRST_ORDER_FORMATTERS = {
    **dict.fromkeys(("gd", "momentum", "nesterov"), GRADIENT),
    **dict.fromkeys(("adagrad", "rmsprop", "adam"), ADAPTIVE),
    **dict.fromkeys(("ista", "fista"), PROXIMAL),
    **LINEAR_SYSTEM,
}

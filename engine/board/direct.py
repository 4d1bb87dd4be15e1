"""The board text of the direct methods: QR (Gram-Schmidt, Householder, Givens), the normal
equations, the SVD, LAPACK and exact arithmetic — in the course notes' words where it has them.

Each family is a dict from a step's `kind` to a function (board, index, step) → Block.
"""

from __future__ import annotations

import numpy as np

from engine.steps import Step

from .gram_schmidt import GRAM_SCHMIDT_PHASES, tidy
from .text import DIGITS, Block, Board, answer_lines, sub


# ---- what every QR method ends with: Qᵀy, back substitution, the answer --------------------
def r_matrix(board: Board, index: int) -> np.ndarray | None:
    """R as the factorisation left it (None if the steps did not keep it: a large Givens run)."""
    p = board.problem.p
    step = board.earlier(index, *GRAM_SCHMIDT_PHASES, "reflect", "rotate")
    if step is None:
        return None
    if step.kind in GRAM_SCHMIDT_PHASES:
        return np.asarray(step.detail["r"])
    matrix = step.detail.get("top") if step.kind == "reflect" else step.detail.get("matrix_after")
    return None if matrix is None or len(matrix) < p else np.triu(np.asarray(matrix)[:p, :p])


def qty(board: Board, index: int, step: Step) -> Block:
    vector = step.detail["vector"]
    lines = []
    if board.method in ("householder", "givens"):
        r = r_matrix(board, index)
        if r is not None:
            lines.append(f"R = {board.mat(r)}")
        lines.append(f"Qᵀy = the last column of [R | Qᵀy] = {board.vec_approx(vector)}")
    else:
        q = step.detail.get("q")
        if board.small and q is not None:
            lines.append(f"y = {board.vec(board.problem.y)}")
            for i in range(board.problem.p):
                lines.append(f"q{sub(i + 1)}·y = {board.dot_text(tidy(q[:, i]), board.problem.y)} = "
                             f"{board.num(vector[i])}")
        lines.append(f"Qᵀy = {board.vec_approx(vector)}")
    lines.append("Now solve Rθ = Qᵀy by back substitution, from the last row up.")
    return Block("Step 3: Qᵀy", lines)


def back_substitute(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    i = d["row"]
    solved = np.asarray(d["solved"])
    name = board.names[i]
    pivot, rhs, known, value = d["pivot"], d["rhs"], d["known"], d["value"]
    r = r_matrix(board, index)
    scale = float(np.abs(r).max()) if r is not None else abs(pivot)
    digits = DIGITS if board.small else 6  # a subtraction can cancel the leading digits

    def num(x: float, size: float = 0.0) -> str:
        return board.num(x, digits=digits, scale=size)

    left = f"{board.f(pivot, digits=digits)}·{name}"
    if r is not None and i + 1 < len(solved):
        left += "".join(f" + {board.f(r[i, j], digits=digits, scale=scale)}·{board.f(solved[j], digits=digits)}"
                        for j in range(i + 1, len(solved)))
    text = f"row {i + 1}: {left} = {num(rhs)}"
    if i + 1 < len(solved):
        size = max(abs(rhs), abs(known))
        text += f"  →  {board.f(pivot, digits=digits)}·{name} = {num(rhs)} − " \
                f"{board.minus_operand(known, digits=digits, scale=size)} = {num(rhs - known, size)}"
    text += f"  →  {name} = {board.num_approx(value, digits=digits)}"
    return Block(f"Back substitution, row {i + 1}", [text])


def solution(board: Board, index: int, step: Step) -> Block:
    return Block("Answer", [step.title.split("  →  ")[0], *answer_lines(board, step)])


COMMON = {"qty": qty, "back-substitute": back_substitute, "solution": solution}


# ---- Gram-Schmidt (engine/board/gram_schmidt.py) ---------------------------------------------
GRAM_SCHMIDT = {**COMMON, **GRAM_SCHMIDT_PHASES}


# ---- Householder and Givens --------------------------------------------------------------------
def reflect(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    k = d["column"]
    kk = sub(k + 1)
    alpha = d["alpha"]
    lines = []
    if board.small and "v" in d:
        v = np.asarray(d["v"])
        x = v.copy()
        x[k] += alpha
        lines.append(f"x = column {k + 1} of [A | y], rows {k + 1}…{board.problem.n}: {board.vec(x[k:])},  "
                     f"‖x‖ = {board.num(abs(alpha))}")
        lines.append(f"α = −sign(x₁)·‖x‖ = {board.num_approx(alpha)}")
        lines.append(f"v = x − α·e₁ = {board.vec_approx(v[k:])}")
        lines.append(f"H{kk} = I − 2vvᵀ/(vᵀv) with vᵀv = {board.num_approx(d['v_norm'] ** 2)} maps x to α·e₁")
        lines.append(f"[A | y] after H{kk}: {board.mat(d['matrix_after'])}")
    else:
        lines.append(f"H{kk} = I − 2vvᵀ/(vᵀv) maps column '{d['label']}', rows {k + 1}…{board.problem.n}, to α·e₁: "
                     f"α = {board.num(alpha)}, ‖v‖ = {board.num(d['v_norm'])}")
        lines.append(f"Top rows of [R | Qᵀy] so far: {board.mat(d['top'])}")
    return Block(f"Householder reflection {k + 1}", lines)


def rotate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    k = d["column"]
    lines = [f"Column {k + 1}, round {d['round']}: {d['rotations']} rotation(s) G = [[c, s], [−s, c]] with "
             "c = a/r, s = b/r, r = √(a² + b²)"]
    if "c" in d:
        rows, c, s = d["rows"], d["c"], d["s"]
        for pair, ci, si in list(zip(rows, c, s))[:4]:
            lines.append(f"rows ({pair[0] + 1}, {pair[1] + 1}): c = {board.num_approx(ci)}, s = {board.num_approx(si)}"
                         f"  → row {pair[1] + 1} of column {k + 1} becomes 0")
        if len(c) > 4:
            lines.append(f"… and {len(c) - 4} more rotations in this round")
    if board.small and "matrix_after" in d:
        lines.append(f"[A | y] after this round: {board.mat(d['matrix_after'])}")
    return Block(f"Givens rotations, column {k + 1}", lines)


HOUSEHOLDER = {**COMMON, "reflect": reflect}
GIVENS = {**COMMON, "rotate": rotate}


# ---- normal equations ---------------------------------------------------------------------
def gram(board: Board, index: int, step: Step) -> Block:
    # exact arithmetic works on the design itself (canonical order, original units)
    a = board.problem.design if board.method == "exact" else board.problem.matrix
    lines = []
    if board.small:
        lines.append(f"A = {board.mat(a)},  Aᵀ = {board.mat(a.T)}")
        for i in range(a.shape[1]):
            for j in range(i, a.shape[1]):
                lines.append(f"(AᵀA){sub(i + 1)}{sub(j + 1)} = {board.dot_text(a[:, i], a[:, j])} = "
                             f"{board.num(step.detail['matrix'][i, j])}")
    lines.append(f"AᵀA = {board.mat(step.detail['matrix'])}")
    if board.method == "exact":
        lines.append(f"Aᵀy = {board.vec(step.detail['vector'])}   (exact fractions, in the order "
                     f"{', '.join(board.canonical_names)})")
    return Block("Step 1: AᵀA", lines)


def moment(board: Board, index: int, step: Step) -> Block:
    a, y = board.problem.matrix, board.problem.y
    vector = step.detail["vector"]
    lines = []
    if board.small:
        for i in range(a.shape[1]):
            lines.append(f"(Aᵀy){sub(i + 1)} = {board.dot_text(a[:, i], y)} = {board.num(vector[i])}")
    lines.append(f"Aᵀy = {board.vec(vector)}")
    return Block("Step 2: Aᵀy", lines)


def inverse(board: Board, index: int, step: Step) -> Block:
    g = board.problem.gram
    det = step.detail["determinant"]
    lines = []
    if g.shape == (2, 2):
        lines.append(f"det(AᵀA) = {board.f(g[0, 0])}·{board.f(g[1, 1])} − {board.f(g[0, 1])}·{board.f(g[1, 0])} = "
                     f"{board.num(det)}")
        lines.append("(AᵀA)⁻¹ = (1/det)·[[d, −b], [−c, a]] for AᵀA = [[a, b], [c, d]]")
    else:
        lines.append(f"det(AᵀA) = {board.num(det)}")
    lines.append(f"(AᵀA)⁻¹ = {board.mat(step.detail['matrix'])}")
    lines.append(f"κ(AᵀA) (columns scaled to length 1) = {board.num(step.detail['cond_gram'])}")
    return Block("Step 3: (AᵀA)⁻¹", lines)


def normal_solution(board: Board, index: int, step: Step) -> Block:
    lines = []
    inv = board.earlier(index, "inverse")
    if inv is not None:
        m, c = np.asarray(inv.detail["matrix"]), board.problem.aty
        lines.append(f"θ = (AᵀA)⁻¹Aᵀy = {board.mat(m)}·{board.vec(c)}")
        if board.small:
            rows = ", ".join(board.dot_text(row, c) for row in m)
            lines.append(f"  = [{rows}]ᵀ = {board.vec(step.detail['theta_working'])}")
    else:
        lines.append(f"Lᵀθ = z, from the last row up: θ = {board.vec(step.detail['theta_working'])}")
    if board.seed_line:
        lines.append(f"(θ is ({', '.join(board.names)}) in the order of A's columns)")
    return Block("Answer", [*lines, *answer_lines(board, step)])


def cholesky(board: Board, index: int, step: Step) -> Block:
    lines = [f"AᵀA = LLᵀ with L = {board.mat(step.detail['matrix'])}"]
    if board.problem.p == 2:
        lines.append("L₁₁ = √(AᵀA)₁₁,  L₂₁ = (AᵀA)₂₁/L₁₁,  L₂₂ = √((AᵀA)₂₂ − L₂₁²)")
    return Block("Step 3: Cholesky factor", lines)


def forward_substitute(board: Board, index: int, step: Step) -> Block:
    return Block("Step 4: forward substitution", [f"Lz = Aᵀy, from the first row down: z = "
                                                  f"{board.vec_approx(step.detail['vector'])}"])


NORMAL = {"gram": gram, "moment": moment, "inverse": inverse, "cholesky": cholesky,
          "forward-substitute": forward_substitute, "solution": normal_solution}


# ---- SVD, LAPACK and exact arithmetic ---------------------------------------------------------
def svd(board: Board, index: int, step: Step) -> Block:
    lines = [f"A = UΣVᵀ,  σ = {board.vec(step.detail['sigma'], column=False)}"]
    lines.append(f"V = {board.mat(step.detail['v'])}")
    return Block("Singular values", lines)


def truncate(board: Board, index: int, step: Step) -> Block:
    d = step.detail
    dropped = board.vec(d["dropped"], column=False) if len(d["dropped"]) else "none"
    return Block("Cut-off", [f"keep σ > rcond·σmax = {board.num(d['cutoff'])}: kept "
                             f"{board.vec(d['kept'], column=False)}, dropped {dropped}"])


def uty(board: Board, index: int, step: Step) -> Block:
    return Block("Uᵀy", [f"Uᵀy = {board.vec_approx(step.detail['vector'])}"])


def svd_solution(board: Board, index: int, step: Step) -> Block:
    lines = []
    factors, projections = board.earlier(index, "svd"), board.earlier(index, "uty")
    if factors is not None and projections is not None:
        sigma, c = np.asarray(factors.detail["sigma"]), np.asarray(projections.detail["vector"])
        kept = board.earlier(index, "truncate")
        count = len(kept.detail["kept"]) if kept is not None else len(sigma)
        coefficients = np.where(np.arange(len(sigma)) < count, c / sigma, 0.0)
        lines.append(f"θ = Σᵢ (uᵢᵀy/σᵢ)·vᵢ with uᵢᵀy/σᵢ = {board.vec(coefficients, column=False)} "
                     f"(0 for a dropped σ)")
    lines.append(f"θ = {board.vec(step.detail['theta_working'])}")
    return Block("Answer", [*lines, *answer_lines(board, step)])


def lapack(board: Board, index: int, step: Step) -> Block:
    return Block("LAPACK", [step.title, "(LAPACK's factorisation is not shown step by step: it is the reference)"])


def eliminate(board: Board, index: int, step: Step) -> Block:
    col = step.detail["column"]
    return Block(f"Eliminate column {col + 1}", [
        f"[AᵀA | Aᵀy] after clearing column {col + 1} above and below its pivot (exact fractions): "
        f"{board.mat(step.detail['matrix'])}"])


def exact_solution(board: Board, index: int, step: Step) -> Block:
    return Block("Answer", ["θ is the last column, each exact fraction rounded once to double",
                            *answer_lines(board, step)])


SVD = {"svd": svd, "truncate": truncate, "uty": uty, "solution": svd_solution}
LSTSQ = {"lapack": lapack, "solution": solution}
EXACT = {"gram": gram, "eliminate": eliminate, "solution": exact_solution}

DIRECT_FORMATTERS = {
    "cgs": GRAM_SCHMIDT, "mgs": GRAM_SCHMIDT, "householder": HOUSEHOLDER, "givens": GIVENS,
    "normal-inverse": NORMAL, "normal-cholesky": NORMAL, "svd": SVD, "lstsq": LSTSQ, "exact": EXACT,
}

"""The board text of the other distances: total least squares (centre, SVD, v_min, the line) and
least absolute deviations (reweighted least squares, then the exchanges of the exact finish)."""

from __future__ import annotations

import numpy as np

from engine.steps import Step

from .text import Block, Board, sub


def tls_centre(board: Board, index: int, step: Step) -> Block:
    means = np.asarray(step.detail["means"])
    if not board.problem.intercept:
        return Block("No centring", ["no intercept: the line passes through the origin, so [X | y] is used as it is"])
    names = [*board.problem.column_labels[1:], "y"]
    lines = [", ".join(f"mean of {name} = {board.num(m, decimals=True)}" for name, m in zip(names, means)),
             "subtract the means: the line nearest the points in perpendicular distance passes through "
             "their centroid"]
    centred = step.detail.get("centred")
    if centred is not None:
        lines.append(f"[X_c | y_c] = {board.mat(centred, decimals=True)}")
    return Block("Centre the data", lines)


def tls_svd(board: Board, index: int, step: Step) -> Block:
    sigma = np.asarray(step.detail["sigma"])
    return Block("SVD of the centred data", [
        f"[X_c | y_c] = UΣVᵀ with σ = {board.vec(sigma, column=False, decimals=True)}",
        "each σ² is the spread of the points along its right singular vector; the best line's normal "
        "is the direction of least spread"])


def tls_v_min(board: Board, index: int, step: Step) -> Block:
    sigma_min = step.detail["sigma_min"]
    return Block("Take v_min", [
        f"v_min = {board.vec(np.asarray(step.detail['v']), column=False, decimals=True)}, the right singular "
        f"vector of σ_min = {board.num(sigma_min, decimals=True)}",
        f"Σ (perpendicular distance)² = σ_min² = {board.num(sigma_min ** 2, decimals=True)}"])


def tls_solution(board: Board, index: int, step: Step) -> Block:
    if board.seed_line:
        rule = "the normal v_min = (v_x, v_y) gives a = −v_x / v_y; through the centroid: b = ȳ − a·x̄"
    else:
        rule = "the normal v_min = (v_x, v_y) gives the slopes −v_x / v_y" + (
            "; through the centroid: B0 = ȳ − x̄·slopes" if board.problem.intercept else "")
    return Block("Read off the line", [rule, f"So {board.tuple_text(board.theta_working(step))}"])


def lad_start(board: Board, index: int, step: Step) -> Block:
    first = "the given start" if "given start" in step.title else "least squares first: every weight wᵢ = 1"
    return Block("Start", [first,
                           f"{board.tuple_text(board.theta_working(step), 0)},  Σ|r| = {_sum(board, step)}"])


def lad_reweight(board: Board, index: int, step: Step) -> Block:
    lines = [f"wᵢ = 1/max(|rᵢ|, δ) from the residuals of θ{sub(step.k - 1)} (a far point gets a small weight)",
             "θ = argmin Σ wᵢ·rᵢ²: one QR of √W·A, √W·y and back substitution"]
    weights = step.detail.get("weights")
    if weights is not None and board.problem.n <= 10:
        lines.append(f"weights (largest = 1) = {board.vec(np.asarray(weights), column=False, decimals=True)}")
    lines.append(f"So {board.tuple_text(board.theta_working(step), step.k)},  Σ|r| = {_sum(board, step)}")
    return Block(f"Iteration {step.k}", lines)


def lad_vertex(board: Board, index: int, step: Step) -> Block:
    rows = ", ".join(str(int(i) + 1) for i in step.detail["rows"])
    return Block(f"Vertex (step {step.k})", [step.title, f"the line goes through points {rows}",
                                             f"So {board.tuple_text(board.theta_working(step))}"])


def _sum(board: Board, step: Step) -> str:
    return board.num(step.loss / board.problem.loss_scale, decimals=True)


OTHER_DISTANCE_FORMATTERS = {
    "tls": {"centre": tls_centre, "svd": tls_svd, "v-min": tls_v_min, "solution": tls_solution},
    "lad": {"start": lad_start, "reweight": lad_reweight, "vertex": lad_vertex},
}

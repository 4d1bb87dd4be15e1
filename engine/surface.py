"""The loss surface of a least-squares problem, from its cached Gram quantities.

A picture of the loss costs O(p³) once and O(1) per pixel, whatever n is: on a plane
θ = c + u·a + v·b the loss is a quadratic in (u, v) whose coefficients come from AᵀA, Aᵀy
and yᵀy. It is written around the plane's own lowest point (vertex form), so no pixel
subtracts two large numbers; the only rounding floor is that of the loss at the minimiser,
about ε·yᵀy (a Gram-based value cannot see below it).

Coordinates: a Step's θ is canonical ([B0, B1, ...], original units); the Gram matrix is
that of the solver's working matrix. The map between them is linear, w = T·θ, with no
offset: shifting a column by its mean is undone by the intercept (B0 absorbs shift·θ).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .problem import Problem
from .trace import Trace

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def working_map(problem: Problem) -> np.ndarray:
    """T with w = T·θ (column i is the working vector of the canonical unit vector eᵢ)."""
    return np.column_stack([problem.to_working(e) for e in np.eye(problem.p)])


def canonical_map(problem: Problem) -> np.ndarray:
    """T⁻¹ with θ = T⁻¹·w (column j is the canonical vector of the working unit vector eⱼ)."""
    return np.column_stack([problem.to_original(e) for e in np.eye(problem.p)])


def canonical_hessian(problem: Problem) -> np.ndarray:
    """∇²L in canonical θ: s·TᵀGT = s·AᵀA of the design in original units (p × p work)."""
    t = working_map(problem)
    h = problem.loss_scale * (t.T @ problem.gram @ t)
    return (h + h.T) / 2


def principal_axes(problem: Problem) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and unit eigenvectors (columns) of the canonical Hessian.

    Column 0 is the valley's long direction (least curvature), the last its short one.
    """
    values, vectors = np.linalg.eigh(canonical_hessian(problem))
    return values, vectors


def minimum(problem: Problem) -> np.ndarray:
    """The least-squares θ (canonical order, original units), by LAPACK's lstsq on the
    working matrix; for dependent columns, the shortest of the equally good θ there."""
    w = np.linalg.lstsq(problem.matrix, problem.y, rcond=None)[0]
    return problem.to_original(w)


def standardized(problem: Problem) -> Problem:
    """The same data rebuilt with standardised columns in canonical order: the same loss as a
    function of θ, seen in coordinates where the columns have comparable lengths."""
    return Problem(problem.design, problem.y, column_labels=problem.column_labels,
                   parameter_names=problem.parameter_names, intercept=problem.intercept,
                   degree=problem.degree, x=problem.x, features=problem.features,
                   basis_order="ascending", scaling="standardize", loss=problem.loss_kind,
                   name=problem.name)


class GramLoss:
    """The exact loss of `problem` as a function of canonical θ, evaluated from AᵀA only."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.scale = problem.loss_scale
        self.gram = np.asarray(problem.gram)
        self.to_working = working_map(problem)
        w_star = np.linalg.lstsq(self.gram, problem.aty, rcond=None)[0]
        self.w_star = w_star
        # L(w) = L(w*) + s/2·(eᵀGe + 2rᵀe) with e = w − w*, r = Gw* − Aᵀy: exact for any w*.
        self.r = self.gram @ w_star - problem.aty
        value = 0.5 * self.scale * (w_star @ self.gram @ w_star - 2.0 * problem.aty @ w_star + problem.yty)
        self.base = max(float(value), 0.0)

    def at(self, thetas) -> np.ndarray:
        """The loss at canonical θ (shape (..., p)) → shape (...)."""
        e = np.asarray(thetas, dtype=float) @ self.to_working.T - self.w_star
        q = np.einsum("...i,ij,...j->...", e, self.gram, e) + 2.0 * (e @ self.r)
        return np.maximum(self.base + 0.5 * self.scale * q, 0.0)

    def plane(self, center, axes, offsets: Sequence[np.ndarray]) -> np.ndarray:
        """The loss at center + Σₖ offsets[k]·axes[k] over the grid of the 1-D `offsets`
        (shape: their lengths, indexing "ij"); k = 1 or 2 axes."""
        axes = np.atleast_2d(np.asarray(axes, dtype=float))
        e_c = self.to_working @ np.asarray(center, dtype=float) - self.w_star
        d = self.to_working @ axes.T  # working directions, p × k
        h2 = d.T @ self.gram @ d
        lam, vec = np.linalg.eigh((h2 + h2.T) / 2)
        lam = np.maximum(lam, 0.0)
        slope = d.T @ (self.gram @ e_c + self.r)
        along = vec.T @ slope
        curved = lam > lam.max(initial=0.0) * 1e-14
        z_star = -vec @ np.where(curved, along / np.where(curved, lam, 1.0), 0.0)
        e_v = e_c + d @ z_star  # the plane's lowest point: q(vertex) with no cancellation
        q_v = float(e_v @ self.gram @ e_v + 2.0 * self.r @ e_v)
        slope_v = d.T @ (self.gram @ e_v + self.r)  # ≈ 0; nonzero only along flat directions
        grids = np.meshgrid(*[np.asarray(o, dtype=float) - z for o, z in zip(offsets, z_star)], indexing="ij")
        delta = np.stack(grids, axis=-1)
        rotated = delta @ vec
        q = q_v + 2.0 * (delta @ slope_v) + (rotated * rotated) @ lam
        return np.maximum(self.base + 0.5 * self.scale * q, 0.0)


def loss_grid(problem: Problem, center, axes, spans, shape=(200, 200)) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact loss on θ = center + u·axes[0] + v·axes[1] (canonical θ, original units).

    u and v run over ±spans[0] and ±spans[1] with shape[0] and shape[1] points; L[i, j] is
    the loss at (u[i], v[j]). O(p³ + grid) from the cached Gram quantities, never the rows.
    """
    u = np.linspace(-spans[0], spans[0], shape[0])
    v = np.linspace(-spans[1], spans[1], shape[1])
    return u, v, GramLoss(problem).plane(center, axes[:2], (u, v))


def log_levels(values, count: int, decades: float = 6.0) -> np.ndarray:
    """`count` contour levels spaced evenly in log(L) inside the range of `values`, at most
    `decades` below the largest (rings of a bowl then sit at evenly growing radii)."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if not finite.size or count < 1:
        return np.empty(0)
    high = float(finite.max())
    low = max(float(finite.min()), high * 10.0 ** -decades)
    if not high > 0 or not low < high:
        return np.empty(0)
    return np.geomspace(low, high, count + 2)[1:-1]


def contour_segments(u, v, values, levels) -> np.ndarray:
    """Marching squares: the contour lines of values[i, j] (at (u[i], v[j])) as segment end
    points, shape (2m, 2), pairs of rows forming a segment (pyqtgraph's connect="pairs")."""
    values = np.asarray(values, dtype=float)
    corner_i = np.array([0, 1, 1, 0])  # corners a, b, c, d around a cell; edge k joins k and k+1
    corner_j = np.array([0, 0, 1, 1])
    pieces = [np.empty((0, 2, 2))]
    for level in np.atleast_1d(levels):
        above = values > level
        code = above[:-1, :-1] * 1 + above[1:, :-1] * 2 + above[1:, 1:] * 4 + above[:-1, 1:] * 8
        ci, cj = np.nonzero((code > 0) & (code < 15))
        if not ci.size:
            continue
        rows = ci[:, None] + corner_i  # cells × 4 corners
        cols = cj[:, None] + corner_j
        value = values[rows, cols]
        nxt = np.roll(np.arange(4), -1)
        crossing = (value > level) != (value[:, nxt] > level)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossing, (level - value) / (value[:, nxt] - value), 0.0)
        points = np.stack([rows + t * (rows[:, nxt] - rows), cols + t * (cols[:, nxt] - cols)], axis=-1)
        count = crossing.sum(axis=1)
        two = count == 2
        first = np.argmax(crossing[two], axis=1)
        second = 3 - np.argmax(crossing[two][:, ::-1], axis=1)
        cells = points[two]
        pieces.append(np.stack([cells[np.arange(len(cells)), first], cells[np.arange(len(cells)), second]], axis=1))
        four = count == 4
        if four.any():  # a saddle: the cell's centre decides which corners the lines cut off
            saddle = points[four]
            joins_ac = (value[four].mean(axis=1) > level) == (value[four, 0] > level)
            cut_bd = saddle[:, [0, 1, 2, 3]]
            cut_ac = saddle[:, [3, 0, 1, 2]]
            pieces.append(np.where(joins_ac[:, None, None], cut_bd, cut_ac).reshape(-1, 2, 2))
    segments = np.concatenate(pieces).reshape(-1, 2)
    return np.column_stack([np.interp(segments[:, 0], np.arange(len(u)), u),
                            np.interp(segments[:, 1], np.arange(len(v)), v)])


# ---- the coordinates of a picture ------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Frame:
    """A picture's coordinates: a θ is drawn at P = K·(θ − origin), and the plane drawn through
    an anchor θₐ is θ = θₐ + Bᵀ·(P − Pₐ) (K·Bᵀ = I). k = 1 or 2 rows."""

    origin: np.ndarray
    coords: np.ndarray
    axes: np.ndarray
    labels: tuple[str, ...]

    @property
    def k(self) -> int:
        return self.coords.shape[0]

    def project(self, thetas) -> np.ndarray:
        return (np.asarray(thetas, dtype=float) - self.origin) @ self.coords.T

    def direction(self, vectors) -> np.ndarray:
        """A displacement of θ as a displacement in the picture."""
        return np.asarray(vectors, dtype=float) @ self.coords.T

    def lift(self, points, anchor) -> np.ndarray:
        """The θ drawn at `points` on the plane through `anchor` (the whole θ when k = p)."""
        anchor = np.asarray(anchor, dtype=float)
        return anchor + (np.asarray(points, dtype=float) - self.project(anchor)) @ self.axes


def standardized_label(problem: Problem, j: int) -> str:
    """What working coordinate j of the standardised problem is, in terms of the B's."""
    name = problem.parameter_names[j]
    if problem.intercept and j == 0:
        if problem.p == 1:
            return name
        rest = "x̄·B1" if problem.p == 2 else "Σ x̄ⱼ·Bⱼ"
        return f"{name} + {rest}  (standardised)"
    return f"σ{str(j).translate(_SUBSCRIPTS)}·{name}  (standardised)"


def make_frame(problem: Problem, *, principal: bool = False, indices: Sequence[int] = (0, 1),
               space: Problem | None = None, origin=None) -> Frame:
    """The frame of a picture of `problem`'s loss.

    `space` is the problem whose working coordinates are drawn (None: canonical θ, original
    units; `standardized(problem)` for the standardised picture). With `principal`, the axes
    are the long and short eigen-directions of the Hessian in that space, measured from
    `origin` (the minimum); otherwise the coefficients `indices` (one index when p = 1).
    """
    p = problem.p
    t = np.eye(p) if space is None else working_map(space)
    t_inv = np.eye(p) if space is None else canonical_map(space)
    if principal:
        hessian = t_inv.T @ canonical_hessian(problem) @ t_inv
        values, vectors = np.linalg.eigh((hessian + hessian.T) / 2)
        chosen = [0] if p == 1 else [0, p - 1]
        u = vectors[:, chosen]
        names = ["valley's long axis", "valley's short axis"][: len(chosen)]
        labels = tuple(f"{name} (λ = {values[c]:.3g})" for name, c in zip(names, chosen))
        start = np.zeros(p) if origin is None else np.asarray(origin, dtype=float)
        return Frame(start, u.T @ t, (t_inv @ u).T, labels)
    chosen = [0] if p == 1 else list(indices)[:2]
    if space is None:
        labels = tuple(problem.parameter_names[j] for j in chosen)
    else:
        labels = tuple(standardized_label(space, j) for j in chosen)
    return Frame(np.zeros(p), t[chosen], t_inv[:, chosen].T, labels)


# ---- the recorded paths -------------------------------------------------------------------------
class PathRecord:
    """One solver's recorded θ as growing arrays, synced incrementally with its Trace.

    Only the settled part of a trace is kept (every step but its last, which a longer run may
    still replace); a new trace or a thinning (larger stride) starts the record afresh.
    `rejected` marks annealing's refused proposals, `proposals` holds them (NaN elsewhere).
    """

    def __init__(self, p: int):
        self.p = p
        self._reset(None)

    def _reset(self, trace: Trace | None) -> None:
        self._trace = trace
        self._stride = trace.stride if trace is not None else 1
        self._scanned = 0
        self.count = 0
        self._index = np.empty(64, dtype=int)
        self._theta = np.empty((64, self.p))
        self._proposal = np.full((64, self.p), np.nan)
        self._projected: dict[int, tuple[Frame, np.ndarray, int]] = {}

    def sync(self, trace: Trace) -> int:
        """Take the new settled steps of `trace`; the number of rows added (all, after a reset)."""
        if trace is not self._trace or trace.stride != self._stride:
            self._reset(trace)
        before = self.count
        settled = len(trace) - 1
        for i in range(self._scanned, settled):
            step = trace[i]
            if step.theta is not None:
                proposal = step.detail.get("proposal") if step.detail.get("accepted") is False else None
                self._append(i, step.theta, proposal)
        self._scanned = max(self._scanned, settled)
        return self.count - before

    def _append(self, index: int, theta, proposal) -> None:
        if self.count == len(self._index):
            grow = len(self._index)
            self._index = np.concatenate([self._index, np.empty(grow, dtype=int)])
            self._theta = np.concatenate([self._theta, np.empty((grow, self.p))])
            self._proposal = np.concatenate([self._proposal, np.full((grow, self.p), np.nan)])
        self._index[self.count] = index
        self._theta[self.count] = theta
        if proposal is not None:
            self._proposal[self.count] = proposal
        self.count += 1

    @property
    def indices(self) -> np.ndarray:
        return self._index[: self.count]

    @property
    def thetas(self) -> np.ndarray:
        return self._theta[: self.count]

    @property
    def proposals(self) -> np.ndarray:
        return self._proposal[: self.count]

    def upto(self, position: int) -> int:
        """How many recorded rows belong to trace positions ≤ `position`."""
        return int(np.searchsorted(self.indices, position, side="right"))

    def projected(self, frame: Frame) -> np.ndarray:
        """All recorded θ in `frame`'s coordinates; only new rows are projected on each call."""
        cached = self._projected.get(id(frame))
        if cached is None or cached[0] is not frame:
            cached = (frame, np.empty((len(self._index), frame.k)), 0)
        _, points, done = cached
        if len(points) < len(self._index):
            points = np.concatenate([points, np.empty((len(self._index) - len(points), frame.k))])
        if done < self.count:
            points[done: self.count] = frame.project(self._theta[done: self.count])
        if len(self._projected) > 4:
            self._projected.clear()
        self._projected[id(frame)] = (frame, points, self.count)
        return points[: self.count]

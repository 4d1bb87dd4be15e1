"""The canvas points as the data of a network fit: x mapped onto [−1, 1], y standardised, a
validation split; or, with too few points, the engine's noisy curve (and a note saying so).

The engine's random hidden units put their transitions at random points of [−1, 1] and its
learning rates assume y of order 1, so the view fits in those units and maps the curves back.
No Qt here: the tests and the worker use it as plain numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.errors import InputError

from .data import CurveData, make_curve

#: Fewer canvas points than this and the view fits the engine's noisy curve instead.
MIN_POINTS = 5
#: Points on the grid the fitted curves are drawn on.
GRID = 200
#: One canvas point in this many is held out for validation (at least one).
VALIDATION_EVERY = 5
#: The generated curve when the canvas has too few points.
GENERATED = {"curve": "wiggle", "n_train": 100, "n_val": 100, "noise": 0.1, "seed": 0}


@dataclass(frozen=True)
class FitData:
    """The data in the network's units and the affine maps back to the canvas's."""

    data: CurveData
    x_shift: float = 0.0
    x_scale: float = 1.0
    y_shift: float = 0.0
    y_scale: float = 1.0
    generated: bool = False
    note: str = ""

    def canvas_x(self, u: np.ndarray) -> np.ndarray:
        return self.x_shift + self.x_scale * np.asarray(u, dtype=float)

    def canvas_y(self, v: np.ndarray) -> np.ndarray:
        return self.y_shift + self.y_scale * np.asarray(v, dtype=float)

    @property
    def grid_x(self) -> np.ndarray:
        """The grid of the fitted curves, in canvas units."""
        return self.canvas_x(self.data.x_grid[:, 0])

    def canvas_train(self) -> tuple[np.ndarray, np.ndarray]:
        return self.canvas_x(self.data.x_train[:, 0]), self.canvas_y(self.data.y_train)

    def canvas_val(self) -> tuple[np.ndarray, np.ndarray]:
        return self.canvas_x(self.data.x_val[:, 0]), self.canvas_y(self.data.y_val)


def validation_mask(n: int) -> np.ndarray:
    """True for the held-out points: every VALIDATION_EVERY-th of a fixed shuffle, so the same
    points give the same split and the held-out ones are spread over the whole range."""
    order = np.random.default_rng(0).permutation(n)
    mask = np.zeros(n, dtype=bool)
    mask[order[:max(1, n // VALIDATION_EVERY)]] = True
    return mask


def generated_data() -> FitData:
    g = GENERATED
    data = make_curve(g["curve"], n_train=g["n_train"], n_val=g["n_val"], noise=g["noise"], seed=g["seed"],
                      grid=GRID)
    note = (f"Fewer than {MIN_POINTS} points on the canvas, so this fits the engine's noisy "
            f"'{g['curve']}' curve ({g['n_train']} training and {g['n_val']} validation points, noise "
            f"σ = {g['noise']}); put {MIN_POINTS} or more points on the canvas to fit yours.")
    return FitData(data, generated=True, note=note)


def canvas_data(x, y) -> FitData:
    """The canvas points (x, y) as a FitData; the generated curve when there are too few."""
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if len(x) < MIN_POINTS:
        return generated_data()
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise InputError("the canvas has a point whose x or y is not a finite number")
    lo, hi = float(x.min()), float(x.max())
    if not hi > lo:
        raise InputError(f"all {len(x)} points have x = {lo:g}: a curve y(x) needs points at different x")
    x_shift, x_scale = (hi + lo) / 2, (hi - lo) / 2
    y_shift = float(y.mean())
    y_scale = float(y.std()) or 1.0
    u = (x - x_shift) / x_scale
    v = (y - y_shift) / y_scale
    val = validation_mask(len(x))
    grid = np.linspace(-1.0, 1.0, GRID)[:, None]
    data = CurveData("canvas", u[~val, None], v[~val], u[val, None], v[val], grid, np.full(GRID, np.nan), 0.0, 0)
    note = (f"Your {len(x)} points: {int((~val).sum())} to train on, {int(val.sum())} held out for validation "
            "(hollow); losses are in units of y's standard deviation.")
    return FitData(data, x_shift, x_scale, y_shift, y_scale, note=note)

"""Where the nonlinear surface and the basin map look (gui/nonlinear/surface_box.py): the box holds
the start and the answer with room around them, never has zero width, and a grid's local minima are
those of the function sampled (two wells of a known function, found at their grid points)."""

from __future__ import annotations

import numpy as np

from gui.nonlinear.surface_box import box_around, capped, contains, distinct, grid_axes, grid_minima
from gui.nonlinear.surface_worker import grid_for


def test_the_box_holds_its_points_with_room_and_never_has_zero_width():
    start, answer = np.array([500.0, 1e-4]), np.array([238.94, 5.5e-4])
    low, high = box_around([start, answer])
    assert contains((low, high), [start, answer])
    assert np.all(low < np.minimum(start, answer)) and np.all(high > np.maximum(start, answer))
    low, high = box_around([[3.0, 0.0]])  # one point, a coordinate 0: still a box
    assert np.all(high - low > 0)
    low, high = box_around([[3.0, 2.0], [3.0, np.nan]])  # a non-finite row is left out
    assert np.all(np.isfinite(low)) and np.all(high - low > 0)


def test_a_diverging_point_stretches_the_box_only_so_far():
    box = (np.array([0.0, 0.0]), np.array([2.0, 2.0]))
    clipped = capped([[1e300, 1.0], [1.0, 1.0]], box, cap=4.0)
    np.testing.assert_array_equal(clipped, [[1.0 + 4.0, 1.0], [1.0, 1.0]])


def test_the_grid_minima_are_the_wells_of_the_function():
    b1, b2 = grid_axes((np.array([-2.0, -1.0]), np.array([2.0, 1.0])), 81, 41)
    u, v = np.meshgrid(b1, b2)  # values[i, j] at (b1[j], b2[i])
    values = (u**2 - 1) ** 2 + v**2 + 0.1 * u  # wells near u = ±1, v = 0; the one at u = -1 lower
    minima = grid_minima(values)
    assert [(b2[i], b1[j]) for i, j in minima] == [(0.0, -1.0), (0.0, 1.0)]
    values[20, 60] = np.inf  # an undefined value counts as high, and is no minimum
    assert all((i, j) != (20, 60) for i, j in grid_minima(values))


def test_distinct_points_are_those_apart_by_more_than_the_tolerance():
    kept = distinct([[1.0, 1.0], [1.0 + 1e-6, 1.0], [2.0, 1.0]], scale=np.array([1.0, 1.0]))
    np.testing.assert_array_equal(np.array(kept), [[1.0, 1.0], [2.0, 1.0]])


def test_a_large_data_set_gets_a_coarser_grid():
    assert grid_for(14) == (120, 120)
    side = grid_for(10_000)[0]
    assert 40 < side < 120 and side**2 * 10_000 <= 2e7 < (side + 1) ** 2 * 10_000  # within the budget
    assert grid_for(100_000) == (40, 40)  # never coarser than 40 × 40

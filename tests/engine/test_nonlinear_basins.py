"""The loss surface and the basin map (issue 17): the grid's losses, a map that finds two minima of a
two-peak fit with the gradient ≈ 0 at each, row by row, cancellable, and fast enough to watch."""

import time

import numpy as np
import pytest

from engine.errors import InputError
from engine.nonlinear import NonlinearProblem, basin_map, loss_grid, nist_problem
from engine.nonlinear.formula import parse_formula

from .nist_nonlinear_reference import dat_files, read_case

X = np.linspace(0.0, 8.0, 60)
Y = 2.0 * np.exp(-(X - 2.0) ** 2) + 1.5 * np.exp(-(X - 6.0) ** 2)  # two peaks, one model peak: two minima


def peak_problem():
    return NonlinearProblem(parse_formula("b1*exp(-(x-b2)^2)"), X, Y, start=[1.0, 1.0], name="two peaks")


def peak_residual_and_jacobian(b):
    """r and J of b1·exp(−(x − b2)²), written out here."""
    bump = np.exp(-(X - b[1]) ** 2)
    return b[0] * bump - Y, np.column_stack([bump, b[0] * bump * 2 * (X - b[1])])


def test_loss_grid_is_half_the_sum_of_squares_at_every_point():
    b1, b2 = np.linspace(0.5, 3, 7), np.linspace(0, 8, 5)
    grid = loss_grid(peak_problem(), b1, b2)
    assert grid.shape == (5, 7)
    for i, v in enumerate(b2):
        for j, u in enumerate(b1):
            r, _ = peak_residual_and_jacobian([u, v])
            assert grid[i, j] == pytest.approx(0.5 * float(r @ r), rel=1e-13)


@pytest.mark.parametrize("method", ["lm", "gauss-newton"])
def test_the_basin_map_finds_two_minima_each_with_zero_gradient(method):
    b1, b2 = np.linspace(0.5, 3.0, 12), np.linspace(0.5, 7.5, 15)
    rows = list(basin_map(peak_problem(), method, b1, b2))
    assert [row.index for row in rows] == list(range(15))
    labels = np.array([row.minimum for row in rows])
    ends = np.array([row.ends for row in rows])
    assert labels.shape == (15, 12) and ends.shape == (15, 12, 2)
    found = sorted(set(labels.ravel()) - {-1})
    assert len(found) >= 2
    for label in found:
        for end in ends[labels == label]:
            r, jac = peak_residual_and_jacobian(end)
            cosines = np.abs(jac.T @ r) / (np.linalg.norm(jac, axis=0) * np.linalg.norm(r))
            assert cosines.max() < 1e-6, (label, end)
    peaks = {round(float(ends[labels == label][0][1])) for label in found}
    assert {2, 6} <= peaks


def test_a_start_that_does_not_converge_is_labelled_minus_one():
    # With the peak put at b2 = 60, far right of the data (x ≤ 8), exp(−(x − 60)²) is 0 at every x: the
    # loss is flat there (J = 0), a plateau and not a minimum. From b2 = 2.1 the run reaches the first peak.
    rows = list(basin_map(peak_problem(), "lm", np.array([2.0]), np.array([60.0, 2.1])))
    assert rows[0].minimum[0] == -1 and rows[1].minimum[0] >= 0


def test_the_map_comes_row_by_row_and_stops_when_closed():
    rows = basin_map(peak_problem(), "lm", np.linspace(0.5, 3, 5), np.linspace(0.5, 7.5, 50))
    first = next(rows)
    assert first.index == 0 and first.minimum.shape == (5,)
    rows.close()
    with pytest.raises(StopIteration):
        next(rows)


def test_a_40_by_40_map_of_misra1a_takes_seconds_and_finds_the_certified_minimum():
    case = read_case(next(path for path in dat_files() if path.stem == "Misra1a"))
    problem = nist_problem("nist-misra1a", 2)
    started = time.perf_counter()
    rows = list(basin_map(problem, "lm", np.linspace(100, 500, 40), np.linspace(1e-4, 1.5e-3, 40)))
    assert time.perf_counter() - started < 10
    labels = np.array([row.minimum for row in rows])
    assert (labels == 0).mean() > 0.9
    np.testing.assert_allclose(rows[-1].minima[0], case.certified, rtol=1e-6)


def test_the_map_needs_two_parameters():
    with pytest.raises(InputError, match="two parameters"):
        next(basin_map(nist_problem("nist-chwirut1", 1), "lm", [1.0], [1.0]))
    with pytest.raises(InputError, match="two parameters"):
        loss_grid(nist_problem("nist-chwirut1", 1), [1.0], [1.0])

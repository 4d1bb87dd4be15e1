"""The loss surface from the Gram matrix against the loss evaluated from the rows."""

from __future__ import annotations

import numpy as np
import pytest

from engine import Problem, iterate, run_to_end
from engine.steps import Step
from engine.surface import (
    GramLoss,
    PathRecord,
    contour_segments,
    log_levels,
    loss_grid,
    make_frame,
    minimum,
    principal_axes,
    standardized,
    working_map,
)
from engine.trace import Trace

RNG = np.random.default_rng(11)
X = RNG.uniform(1950, 2000, 40)  # raw years: a narrow valley (κ(A) ≈ 1e5 for a line)
Y = 3.0 + 0.2 * X + RNG.normal(size=X.size)

MODELS = [dict(scaling=s, basis_order=b, loss=loss) for s in ("none", "standardize")
          for b in ("ascending", "descending") for loss in ("mean", "sum")]


def model_id(model: dict) -> str:
    return "-".join(model.values())


@pytest.mark.parametrize("degree", [1, 2])
@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_grid_is_the_loss_of_the_rows_at_sampled_points(model, degree):
    problem = Problem.from_points(X, Y, degree, **model)
    rng = np.random.default_rng(degree)
    center = np.polyfit(X, Y, degree)[::-1] + rng.normal(size=problem.p) * 1e-3
    axes = rng.normal(size=(2, problem.p))
    axes /= np.linalg.norm(axes, axis=1, keepdims=True)
    u, v, grid = loss_grid(problem, center, axes, (0.05, 0.02), shape=(31, 23))
    assert grid.shape == (31, 23)
    np.testing.assert_allclose(u[[0, -1]], [-0.05, 0.05])
    np.testing.assert_allclose(v[[0, -1]], [-0.02, 0.02])
    for i, j in [(0, 0), (30, 22), (15, 11), (7, 19), (22, 3)]:
        theta = center + u[i] * axes[0] + v[j] * axes[1]
        np.testing.assert_allclose(grid[i, j], problem.loss(theta), rtol=1e-9)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_loss_at_any_theta_is_the_loss_of_the_rows(model):
    problem = Problem.from_table(RNG.normal(size=(50, 3)), RNG.normal(size=50), **model)
    thetas = RNG.normal(size=(6, problem.p)) * 3
    expected = [problem.loss(theta) for theta in thetas]
    np.testing.assert_allclose(GramLoss(problem).at(thetas), expected, rtol=1e-12)


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_working_map_takes_theta_to_the_solvers_coordinates(model):
    problem = Problem.from_points(X, Y, 2, **model)
    t = working_map(problem)
    # The working matrix times Tθ is the design times θ: the map has no offset.
    np.testing.assert_allclose(problem.matrix @ t, problem.design, rtol=1e-9, atol=1e-9 * np.abs(problem.design).max())


@pytest.mark.parametrize("model", MODELS[::3], ids=model_id)
def test_the_grid_centred_on_the_least_squares_answer_is_lowest_in_its_middle(model):
    problem = Problem.from_points(X, Y, 1, **model)
    theta = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
    np.testing.assert_allclose(minimum(problem), theta, rtol=1e-9)
    _, vectors = principal_axes(problem)
    for axes, spans in [(np.eye(2), (0.5, 0.01)), (vectors.T, (1.0, 1e-4))]:  # long axis, short axis
        _, _, grid = loss_grid(problem, theta, axes, spans, shape=(101, 75))
        assert np.unravel_index(np.argmin(grid), grid.shape) == (50, 37)
        np.testing.assert_allclose(grid[50, 37], problem.loss(theta), rtol=1e-9)


def test_principal_axes_are_the_eigenvectors_of_the_hessian_in_original_units():
    problem = Problem.from_points(X, Y, 1, scaling="standardize", basis_order="descending")
    values, vectors = principal_axes(problem)
    hessian = problem.design.T @ problem.design / problem.n
    np.testing.assert_allclose(values, np.linalg.eigvalsh(hessian), rtol=1e-8)
    np.testing.assert_allclose(hessian @ vectors, vectors * values, rtol=1e-6, atol=1e-9 * values[-1])
    assert values[-1] / values[0] > 1e8  # raw years: the valley is long and narrow


def test_standardised_coordinates_turn_the_narrow_valley_into_a_round_bowl():
    x = np.arange(1.0, 11.0)
    problem = Problem.from_points(x, 2 * x + 1, 1)
    raw = make_frame(problem, principal=True)
    # The standardised columns are 1 and (x − x̄)/σ: orthogonal, both of squared length n,
    # so the Hessian of ½·mean(r²) is the identity there.
    std = make_frame(problem, principal=True, space=standardized(problem))
    assert "λ = 1)" in std.labels[0] and "λ = 1)" in std.labels[1]
    assert raw.labels[0] != raw.labels[1]
    frame = make_frame(problem, space=standardized(problem))
    theta = np.array([1.0, 2.0])
    np.testing.assert_allclose(frame.project(theta), [1 + 2 * x.mean(), 2 * x.std()])
    np.testing.assert_allclose(frame.lift(frame.project(theta), np.zeros(2)), theta)


def test_a_slice_through_an_anchor_keeps_the_other_coefficients():
    problem = Problem.from_points(X, Y, 3)
    frame = make_frame(problem, indices=(1, 3))
    anchor = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(frame.project(anchor), [2.0, 4.0])
    np.testing.assert_allclose(frame.lift([5.0, 6.0], anchor), [1.0, 5.0, 3.0, 6.0])
    assert frame.labels == ("B1", "B3")


def test_dependent_columns_give_a_flat_valley_not_an_error():
    problem = Problem.from_points(np.full(5, 2.0), np.arange(5.0), 1)  # columns 1 and x = 2·1
    center = minimum(problem)
    flat = np.array([2.0, -1.0]) / np.sqrt(5)  # design @ flat = 0
    u, v, grid = loss_grid(problem, center, [flat, np.array([1.0, 2.0]) / np.sqrt(5)], (3.0, 1.0), (7, 9))
    np.testing.assert_allclose(grid, grid[:1, :].repeat(7, axis=0), rtol=1e-12)
    for i, j in [(0, 0), (6, 8), (3, 2)]:
        theta = center + u[i] * flat + v[j] * np.array([1.0, 2.0]) / np.sqrt(5)
        np.testing.assert_allclose(grid[i, j], problem.loss(theta), rtol=1e-9)


def test_log_levels_are_geometric_inside_the_range():
    values = np.array([[1e-3, 2.0], [5.0, 10.0]])
    levels = log_levels(values, 4)
    assert levels.size == 4
    assert 1e-3 < levels[0] and levels[-1] < 10.0
    np.testing.assert_allclose(levels[1:] / levels[:-1], (1e4) ** (1 / 5))
    assert log_levels(np.ones((3, 3)), 5).size == 0
    capped = log_levels(np.array([0.0, 1.0]), 2, decades=3)
    np.testing.assert_allclose(capped, [0.01, 0.1])


def test_contours_of_a_round_bowl_are_circles():
    u = np.linspace(-1, 1, 201)
    bowl = u[:, None] ** 2 + u[None, :] ** 2
    segments = contour_segments(u, u, bowl, [0.25])
    radius = np.hypot(segments[:, 0], segments[:, 1])
    np.testing.assert_allclose(radius, 0.5, atol=1e-4)  # linear interpolation between grid points
    assert len(segments) % 2 == 0 and len(segments) > 100


def test_contours_through_a_saddle_follow_the_axes():
    u = np.linspace(-1, 1, 50)  # an even count: the saddle point is the centre of a cell
    segments = contour_segments(u, u, u[:, None] * u[None, :], [0.0])
    assert len(segments)
    np.testing.assert_allclose(np.minimum(np.abs(segments[:, 0]), np.abs(segments[:, 1])), 0.0, atol=1e-12)


def test_a_path_record_follows_its_trace_through_thinning():
    trace = Trace(capacity=8)
    record = PathRecord(2)
    steps = [Step(k=i, kind="iterate", title="", theta=np.array([i, -i], dtype=float)) for i in range(30)]
    for step in steps[:5]:
        trace.append(step)
    assert record.sync(trace) == 4  # the last step is not settled yet
    np.testing.assert_array_equal(record.thetas[:, 0], [0, 1, 2, 3])
    for step in steps[5:]:
        trace.append(step)
    record.sync(trace)
    kept = [s.k for s in trace.steps[:-1]]
    np.testing.assert_array_equal(record.thetas[:, 0], kept)
    assert record.upto(2) == 3
    frame = make_frame(Problem.from_points([1.0, 2.0], [3.0, 5.0], 1), indices=(1, 0))
    np.testing.assert_array_equal(record.projected(frame), record.thetas[:, ::-1])


def test_a_path_record_keeps_annealings_rejected_proposals():
    problem = Problem.from_points(np.arange(6.0), np.arange(6.0) * 2 + 1, 1)
    trace = Trace()
    run_to_end(iterate(problem, "annealing", max_iter=200), trace.append)
    record = PathRecord(2)
    record.sync(trace)
    rejected = [i for i, s in enumerate(trace.steps[:-1]) if s.detail.get("accepted") is False]
    assert rejected
    shown = np.flatnonzero(~np.isnan(record.proposals[:, 0]))
    np.testing.assert_array_equal(record.indices[shown], rejected)
    np.testing.assert_array_equal(record.proposals[shown[0]], trace[rejected[0]].detail["proposal"])

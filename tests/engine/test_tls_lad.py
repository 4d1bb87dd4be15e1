"""Total least squares and least absolute deviations against independent references computed here:
the SVD written out, scipy.odr, scipy.optimize.linprog and statsmodels' QuantReg."""

import warnings

import numpy as np
import pytest
import scipy.sparse
from scipy.optimize import linprog

from engine import Problem, iterate, run_to_end, solve
from engine.datasets import get_dataset

SEEDS = [0, 1, 2, 3, 4]


def steps_and_result(problem, method, **params):
    steps = []
    result = run_to_end(iterate(problem, method, **params), steps.append)
    return steps, result


# ---- total least squares -----------------------------------------------------------------------
def tls_by_svd(columns, y, intercept=True):
    """TLS as the textbook writes it: the right singular vector of the smallest σ of [X_c | y_c]."""
    data = np.column_stack([columns, y])
    means = data.mean(axis=0) if intercept else np.zeros(data.shape[1])
    v = np.linalg.svd(data - means)[2][-1]
    slopes = -v[:-1] / v[-1]
    return np.concatenate([[means[-1] - means[:-1] @ slopes] if intercept else [], slopes])


def noisy_line(seed, n=40):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 7, n)
    return x + 0.3 * rng.standard_normal(n), 1.5 - 0.8 * x + 0.3 * rng.standard_normal(n)


@pytest.mark.parametrize("seed", SEEDS)
def test_tls_line_matches_the_svd_written_out(seed):
    x, y = noisy_line(seed)
    result = solve(Problem.from_points(x, y, 1), "tls")
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, tls_by_svd(x[:, None], y), rtol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_tls_line_matches_scipy_odr_orthogonal_regression(seed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # scipy.odr: deprecated, still the classic reference
        from scipy import odr
    x, y = noisy_line(seed)
    fit = odr.ODR(odr.RealData(x, y), odr.unilinear, beta0=[-1.0, 1.0], sstol=1e-15, partol=1e-15,
                  maxit=1000).run()
    slope, intercept = fit.beta
    result = solve(Problem.from_points(x, y, 1), "tls")
    np.testing.assert_allclose(result.theta, [intercept, slope], rtol=1e-7)


def test_tls_without_intercept_uses_the_uncentred_svd():
    x, y = noisy_line(7)
    result = solve(Problem.from_points(x, y, 1, intercept=False), "tls")
    np.testing.assert_allclose(result.theta, tls_by_svd(x[:, None], y, intercept=False), rtol=1e-12)


def test_tls_on_nist_longley_matches_the_svd_written_out():
    problem = get_dataset("nist-longley").problem()
    columns = np.array(problem.design[:, 1:])
    result = solve(problem, "tls")
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, tls_by_svd(columns, np.array(problem.y)), rtol=1e-8)


def test_tls_steps_centre_svd_v_min_then_the_line():
    x, y = noisy_line(0, n=8)
    steps, result = steps_and_result(Problem.from_points(x, y, 1), "tls")
    assert [s.kind for s in steps] == ["centre", "svd", "v-min", "solution"]
    sigma = np.linalg.svd(np.column_stack([x - x.mean(), y - y.mean()]), compute_uv=False)
    np.testing.assert_allclose(steps[1].detail["sigma"], sigma, rtol=1e-12)
    np.testing.assert_allclose(steps[-1].theta, result.theta)
    # its loss: ½·mean of the squared perpendicular distances to the line
    b0, b1 = result.theta
    distances = (y - b0 - b1 * x) / np.sqrt(1 + b1 ** 2)
    assert result.loss == pytest.approx(0.5 * np.mean(distances ** 2), rel=1e-10)


def test_tls_with_all_x_equal_fails_with_the_vertical_line_sentence():
    result = solve(Problem.from_points([2.0, 2.0, 2.0], [1.0, 2.0, 4.0], 1), "tls")
    assert result.status == "failed" and result.theta is None
    assert "vertical line x = 2" in result.message and "no y = a + b·x" in result.message


def test_tls_of_a_nearly_vertical_cloud_says_vertical():
    x = np.array([0.0, 1e-17, 0.0, 1e-17]) + 5.0  # equal to rounding, but not all equal
    y = np.array([0.0, 1.0, 2.0, 3.0])
    result = solve(Problem.from_points(x + np.array([0, 1e-15, 0, -1e-15]), y, 1), "tls")
    assert result.status == "failed" and "vertical" in result.message


def test_tls_of_points_on_a_circle_is_not_unique_and_says_so():
    result = solve(Problem.from_points([1.0, 0.0, -1.0, 0.0], [0.0, 1.0, 0.0, -1.0], 1), "tls")
    assert result.status == "failed" and "Not unique" in result.message


# ---- least absolute deviations ----------------------------------------------------------------------
def lp_lad(design, y):
    """min Σ|y − Aθ| as a linear program: θ free, u⁺, u⁻ ≥ 0 with Aθ + u⁺ − u⁻ = y."""
    n, p = design.shape
    equalities = scipy.sparse.hstack([scipy.sparse.csr_matrix(design), scipy.sparse.eye(n), -scipy.sparse.eye(n)])
    costs = np.concatenate([np.zeros(p), np.ones(2 * n)])
    bounds = [(None, None)] * p + [(0, None)] * (2 * n)
    solution = linprog(costs, A_eq=equalities, b_eq=y, bounds=bounds, method="highs")
    assert solution.status == 0
    theta = solution.x[:p]
    return theta, float(np.abs(y - design @ theta).sum()), (costs, equalities, bounds)


def lp_unique(design, y, optimum, lp):
    """True when every θⱼ has the same min and max over the LP's optimal face (then θ is unique)."""
    costs, equalities, bounds = lp
    p = design.shape[1]
    for j in range(p):
        for sign in (1.0, -1.0):
            objective = np.zeros_like(costs)
            objective[j] = sign
            bound = optimum * (1 + 1e-9)
            solution = linprog(objective, A_ub=costs[None, :], b_ub=[bound], A_eq=equalities, b_eq=y,
                               bounds=bounds, method="highs")
            if abs(solution.x[j] - lp_lad(design, y)[0][j]) > 1e-6 * (1 + abs(solution.x[j])):
                return False
    return True


def line_with_outliers(seed, n=60):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    y = 2.0 + 0.5 * x + rng.standard_normal(n)
    y[rng.choice(n, n // 10, replace=False)] += rng.choice([-1, 1], n // 10) * rng.uniform(20, 60, n // 10)
    return x, y


@pytest.mark.parametrize("seed", SEEDS)
def test_lad_reaches_the_linear_programs_optimum(seed):
    x, y = line_with_outliers(seed)
    problem = Problem.from_points(x, y, 1)
    result = solve(problem, "lad")
    assert result.status == "converged", result.message
    theta_lp, optimum, lp = lp_lad(np.array(problem.design), y)
    ours = float(np.abs(y - problem.design @ result.theta).sum())
    assert ours == pytest.approx(optimum, rel=1e-8)
    if lp_unique(np.array(problem.design), y, optimum, lp):
        np.testing.assert_allclose(result.theta, theta_lp, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_lad_objective_matches_statsmodels_quantreg_median(seed):
    import statsmodels.api as sm

    x, y = line_with_outliers(seed, n=200)
    problem = Problem.from_points(x, y, 1)
    quantreg = sm.QuantReg(y, sm.add_constant(x)).fit(q=0.5, max_iter=5000, p_tol=1e-12)
    theirs = float(np.abs(y - problem.design @ quantreg.params).sum())
    ours = float(np.abs(y - problem.design @ solve(problem, "lad").theta).sum())
    assert ours <= theirs * (1 + 1e-9)  # never worse than QuantReg's IRLS
    assert ours == pytest.approx(theirs, rel=1e-6)


def test_lad_on_nist_longley_matches_quantreg_and_the_lp():
    import statsmodels.api as sm

    problem = get_dataset("nist-longley").problem()
    design, y = np.array(problem.design), np.array(problem.y)
    result = solve(problem, "lad")
    assert result.status == "converged", result.message
    ours = float(np.abs(y - design @ result.theta).sum())
    _, optimum, _ = lp_lad(design, y)
    assert ours == pytest.approx(optimum, rel=1e-8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # QuantReg warns of Longley's near-collinear columns
        quantreg = sm.QuantReg(y, design).fit(q=0.5, max_iter=5000, p_tol=1e-12)
    assert ours <= float(np.abs(y - design @ quantreg.params).sum()) * (1 + 1e-9)


def test_lad_steps_carry_weights_scaled_to_one_and_loss_is_mean_absolute_residual():
    x, y = line_with_outliers(0, n=30)
    problem = Problem.from_points(x, y, 1)
    steps, result = steps_and_result(problem, "lad")
    reweights = [s for s in steps if s.kind == "reweight"]
    assert reweights and all(s.theta is not None for s in steps)
    for step in reweights:
        weights = step.detail["weights"]
        assert weights.shape == (30,) and weights.max() == 1.0 and weights.min() > 0
        assert step.loss == pytest.approx(np.mean(np.abs(y - problem.design @ step.theta)), rel=1e-12)
    assert result.loss == pytest.approx(np.mean(np.abs(y - problem.design @ result.theta)), rel=1e-12)
    summed = solve(problem, "lad", loss="sum")
    assert summed.loss == pytest.approx(np.sum(np.abs(y - problem.design @ summed.theta)), rel=1e-12)
    # the outliers (largest |r| at the end) carry the smallest weights
    last = reweights[-1]
    r = np.abs(y - problem.design @ last.theta)
    assert np.argmin(last.detail["weights"]) in np.argsort(r)[-3:]


def test_lad_weights_are_left_off_above_ten_thousand_points():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, 10_001)
    steps, _ = steps_and_result(Problem.from_points(x, 1 + x + rng.laplace(size=x.size), 1), "lad", max_iter=3)
    assert all("weights" not in s.detail for s in steps)


def test_lad_of_an_even_number_of_values_is_the_median_and_not_unique():
    values = [1.0, 2.0, 4.0, 10.0]
    result = solve(Problem.from_points([0.0, 1.0, 2.0, 3.0], values, 0), "lad")
    assert 2.0 <= result.theta[0] <= 4.0
    assert any("Not unique" in w for w in result.warnings)
    odd = solve(Problem.from_points([0.0, 1.0, 2.0], [1.0, 2.0, 10.0], 0), "lad")
    assert odd.theta[0] == pytest.approx(2.0, rel=1e-12)
    assert not any("Not unique" in w for w in odd.warnings)


# ---- honesty: each against its own reference, never lstsq -------------------------------------------------
@pytest.mark.parametrize("method", ["tls", "lad"])
def test_a_correct_answer_is_checked_against_its_own_reference_not_lstsq(method):
    x, y = line_with_outliers(1)
    problem = Problem.from_points(x, y, 1)
    lstsq = np.linalg.lstsq(problem.design, y, rcond=None)[0]
    result = solve(problem, method)
    assert np.linalg.norm(result.theta - lstsq) > 0.01 * np.linalg.norm(lstsq)  # truly another answer
    assert result.status == "converged", result.message
    assert result.diagnostics["digits_vs_own_reference"] >= 8
    assert "digits_vs_reference" not in result.diagnostics
    assert any("own reference" in w for w in result.warnings)


@pytest.mark.parametrize("method", ["tls", "lad"])
def test_a_wrong_answer_is_still_called_wrong(method):
    from dataclasses import replace

    from engine import SOLVERS
    from engine.honesty import assess

    x, y = line_with_outliers(2)
    problem = Problem.from_points(x, y, 1)
    good = solve(problem, method, reference=False)
    bad = replace(good, theta=np.asarray(good.theta) * np.array([1.0, 1.01]))
    judged = assess(problem, SOLVERS.get(method), bad, None)
    assert judged.status == "failed" and judged.message.startswith("Wrong answer")


@pytest.mark.parametrize("method", ["tls", "lad"])
@pytest.mark.parametrize("degree", [1, 2])
def test_every_step_has_its_board_text(method, degree):
    from engine.board.page import has_formatter, step_block
    from engine.board.text import Board

    x, y = line_with_outliers(3, n=8)
    problem = Problem.from_points(x, y, degree)
    steps, _ = steps_and_result(problem, method)
    board = Board(problem, method, steps)
    assert has_formatter(method)
    for index in range(len(steps)):
        block = step_block(board, index, strict=True)  # strict: a formatter that raises fails here
        assert block.lines


def test_lad_from_a_given_start_reaches_the_same_optimum():
    x, y = line_with_outliers(4)
    problem = Problem.from_points(x, y, 1)
    steps, result = steps_and_result(problem, "lad", start=[-50.0, 10.0])
    np.testing.assert_allclose(steps[0].theta, [-50.0, 10.0])
    _, optimum, _ = lp_lad(np.array(problem.design), y)
    assert result.status == "converged"
    assert np.abs(y - problem.design @ result.theta).sum() == pytest.approx(optimum, rel=1e-8)

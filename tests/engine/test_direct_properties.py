"""Every direct method agrees with numpy.linalg.lstsq on well-conditioned problems, and
rank-deficient input ends in a clear status, never NaN or an exception."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SOLVERS, Problem, solve
from engine.own_references import OWN_REFERENCE_METHODS

DIRECT = [spec.name for spec in SOLVERS if spec.direct and spec.name not in OWN_REFERENCE_METHODS]


@st.composite
def well_conditioned(draw):
    n = draw(st.integers(4, 40))
    p = draw(st.integers(1, min(6, n - 1)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    features = rng.standard_normal((n, p)) * draw(st.sampled_from([1e-3, 1.0, 1e3]))
    y = rng.standard_normal(n) * 10
    return features, y


@settings(max_examples=30, deadline=None)
@given(well_conditioned(), st.sampled_from(DIRECT),
       st.sampled_from(["none", "unit-norm", "standardize"]), st.sampled_from(["ascending", "descending"]))
def test_direct_methods_agree_with_numpy_lstsq(data, method, scaling, order):
    features, y = data
    problem = Problem.from_table(features, y, scaling=scaling, basis_order=order)
    design = np.column_stack([np.ones(len(y)), features])
    expected = np.linalg.lstsq(design, y, rcond=None)[0]
    result = solve(problem, method)
    assert result.status == "converged", result.message
    np.testing.assert_allclose(result.theta, expected, rtol=1e-9, atol=1e-9 * np.abs(expected).max())


RANK_DEFICIENT = {
    "all x equal": lambda: Problem.from_points([2.0, 2.0, 2.0, 2.0], [1.0, 2.0, 3.0, 4.0], degree=1),
    "duplicated column": lambda: Problem.from_table(
        np.column_stack([np.arange(6.0), np.arange(6.0)]), np.array([1.0, 3, 2, 5, 4, 6])),
}


@pytest.mark.parametrize("case", sorted(RANK_DEFICIENT))
@pytest.mark.parametrize("method", DIRECT)
def test_rank_deficient_input_gets_a_clear_status(case, method):
    problem = RANK_DEFICIENT[case]()
    result = solve(problem, method)
    if result.status == "failed":
        assert result.message and ("dependent" in result.message or "singular" in result.message
                                   or "Wrong answer" in result.message)
    elif method == "qr-pivoted":  # the basic solution: another θ that fits exactly as well
        assert any(w.startswith("Rank 1 of 2") or w.startswith("Rank 2 of 3") for w in result.warnings)
        expected = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
        np.testing.assert_allclose(problem.design @ result.theta, problem.design @ expected, rtol=1e-9)
        assert np.count_nonzero(result.theta) <= np.linalg.matrix_rank(problem.design)
    else:
        assert method in ("svd", "lstsq", "svd-truncated")
        assert any("Truncated" in w or "Rank" in w for w in result.warnings)
        assert np.all(np.isfinite(result.theta))
        # the minimum-norm least-squares solution, as numpy's SVD-based lstsq gives it
        expected = np.linalg.lstsq(problem.design, problem.y, rcond=None)[0]
        np.testing.assert_allclose(result.theta, expected, rtol=1e-9)

"""Accuracy on NIST StRD linear regression, against NIST's certified values.

LRE = min over parameters of −log10(|estimate − certified| / |certified|). The thresholds
for householder and mgs are those LAPACK's Householder QR reaches on raw columns.
"""

import numpy as np
import pytest

from engine import lre, solve
from engine.datasets import get_dataset

from .nist_reference import certified

QR_THRESHOLDS = {
    "Norris": 12, "Pontius": 11, "NoInt1": 14, "NoInt2": 14, "Filip": 7, "Longley": 10,
    "Wampler1": 9, "Wampler2": 12, "Wampler3": 9, "Wampler4": 7, "Wampler5": 5.5,
}


def problem_and_truth(key):
    truth = [float(v) for v in certified()[key]["certified_parameters"].values()]
    return get_dataset(f"nist-{key.lower()}").problem(), truth


@pytest.mark.parametrize("key", sorted(QR_THRESHOLDS))
def test_exact_arithmetic_reaches_14_digits(key):
    problem, truth = problem_and_truth(key)
    result = solve(problem, "exact")
    assert result.status == "converged", result.message
    assert lre(result.theta, truth) >= 14


@pytest.mark.parametrize("method", ["householder", "mgs"])
@pytest.mark.parametrize("key", sorted(QR_THRESHOLDS))
def test_orthogonal_methods_match_lapack_qr_on_raw_columns(method, key):
    problem, truth = problem_and_truth(key)
    assert problem.scaling == "none"
    result = solve(problem, method)
    assert result.status == "converged", result.message
    assert lre(result.theta, truth) >= QR_THRESHOLDS[key]


@pytest.mark.parametrize("method", ["normal-inverse", "normal-cholesky", "cgs"])
def test_filip_is_never_presented_as_good_by_squaring_methods(method):
    """Failed with the reason, or a warning that names κ and the digits expected to be lost."""
    problem, truth = problem_and_truth("Filip")
    result = solve(problem, method)
    if result.status == "failed":
        assert "κ" in result.message
    else:
        assert any("κ" in w and "digits" in w for w in result.warnings), result.warnings
    if result.theta is not None and lre(result.theta, truth) < 1:
        assert result.status == "failed"


def test_svd_default_keeps_filips_full_rank_where_numpys_cutoff_drops_it():
    problem, truth = problem_and_truth("Filip")
    result = solve(problem, "svd")
    assert result.diagnostics["rank"] == 11
    assert not any("Truncated" in w for w in result.warnings)
    assert lre(result.theta, truth) >= 5
    numpy_default = np.linalg.lstsq(problem.matrix, problem.y, rcond=None)
    assert numpy_default[2] == 10 and lre(numpy_default[0], truth) < 1


def test_svd_warns_whenever_it_truncates():
    problem, _ = problem_and_truth("Filip")
    result = solve(problem, "svd", rcond=1e-12)
    assert result.diagnostics["rank"] < 11
    assert any("Truncated" in w and "minimum-norm" in w for w in result.warnings)


def test_lstsq_reference_keeps_filip_full_rank():
    problem, truth = problem_and_truth("Filip")
    result = solve(problem, "lstsq")
    assert result.diagnostics["rank"] == 11
    assert lre(result.theta, truth) >= 7

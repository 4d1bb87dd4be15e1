"""Gaussian and orthogonal random features: orthogonality exact, each row still Gaussian (scipy.stats)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from engine import InputError
from engine.neural import feature_spread, haar_orthogonal, random_directions, solved_vs_trained


def test_haar_orthogonal_is_orthogonal_and_unbiased_in_sign():
    rng = np.random.default_rng(0)
    q = haar_orthogonal(8, rng)
    assert np.allclose(q.T @ q, np.eye(8), atol=1e-14)
    # Haar: each entry has mean 0 (plain Q of numpy's QR is sign-biased on the diagonal)
    diagonal = np.array([haar_orthogonal(3, rng)[0, 0] for _ in range(4000)])
    assert abs(diagonal.mean()) < 0.05


def test_orthogonal_directions_are_orthogonal_in_blocks_with_chi_lengths():
    rng = np.random.default_rng(1)
    w = random_directions(4000, 4, "orthogonal", rng)
    block = w[:4] / np.linalg.norm(w[:4], axis=1, keepdims=True)
    assert np.allclose(block @ block.T, np.eye(4), atol=1e-12)
    lengths = np.linalg.norm(w, axis=1)
    assert scipy.stats.kstest(lengths, scipy.stats.chi(4).cdf).pvalue > 1e-3  # same as ‖N(0, I₄)‖
    first = w[:, 0]
    assert scipy.stats.kstest(first, "norm").pvalue > 1e-3  # each coordinate is N(0, 1)


def test_feature_spread_reports_both_kinds_over_the_seeds():
    out = feature_spread(seeds=5, width=20, n_train=100)
    for kind in ("gaussian", "orthogonal"):
        s = out[kind]
        assert s["count"] + s["failures"] == 5
        assert s["min"] <= s["mean"] <= s["max"] and s["min"] > 0


def test_solved_vs_trained_measures_both_and_says_whether_the_targets_are_met():
    out = solved_vs_trained(n_train=200, n_val=200, max_iter=50)  # tiny: the shape of the answer only
    assert out["ok"]
    assert out["val_ratio"] == pytest.approx(out["solved_val_loss"] / out["trained_val_loss"])
    assert out["time_ratio"] == pytest.approx(out["solved_s"] / out["trained_s"])
    assert out["val_met"] == (out["val_ratio"] <= 1.1)


def test_unknown_feature_kind_is_an_input_error():
    with pytest.raises(InputError, match="feature kind"):
        random_directions(3, 2, "uniform", np.random.default_rng(0))

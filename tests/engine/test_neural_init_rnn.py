"""Deep stacks at init and a linear RNN through time, against numpy.linalg.svd and matrix powers."""

from __future__ import annotations

import numpy as np
import pytest

from engine import InputError
from engine.neural import init_study, init_weights, recurrent_matrix, rnn_gradients, rnn_study, study_stack


def _product(weights):
    """W_L ⋯ W_1, multiplied here (independently of the code under test)."""
    jac = np.eye(weights[0].shape[0])
    for w in weights:
        jac = w @ jac
    return jac


def test_orthogonal_linear_stack_has_every_singular_value_1():
    weights = init_weights(32, 16, "orthogonal", seed=0)
    study = study_stack(weights, "linear")
    assert np.max(np.abs(np.linalg.svd(_product(weights), compute_uv=False) - 1)) <= 1e-10
    assert np.max(np.abs(study.singular_values - 1)) <= 1e-10
    assert np.allclose(study.gradient_norms, 1.0, atol=1e-10)  # ‖Wᵀg‖ = ‖g‖ at every layer


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gaussian_linear_stack_is_beyond_1e10_conditioned(seed):
    weights = init_weights(32, 16, "gaussian", seed=seed)
    assert np.allclose(np.var(np.concatenate([w.ravel() for w in weights])), 1 / 16, rtol=0.1)  # variance 1/fan-in
    assert np.linalg.cond(_product(weights)) > 1e10
    study = study_stack(weights, "linear")
    assert study.condition_number > 1e10
    assert not study.resolved  # honest: σmin is below rounding, so κ is only a lower bound


def test_tanh_stacks_lose_gradient_norm_either_way_but_orthogonal_spreads_less():
    """What orthogonality does and does not fix with tanh at gain 1."""
    for seed in range(3):
        ortho = init_study(32, 16, "tanh", "orthogonal", seed=seed)
        gauss = init_study(32, 16, "tanh", "gaussian", seed=seed)
        for study in (ortho, gauss):
            assert study.gradient_norms[0] < 0.5 * study.gradient_norms[-1]  # vanishing towards the input
            assert study.activation_norms[-1] < study.activation_norms[0]
        assert ortho.log_spread < 0.5 * gauss.log_spread
        assert ortho.singular_values[0] <= 1 + 1e-12  # tanh' ≤ 1 and ‖W‖ = 1: nothing can grow


def test_jacobian_with_tanh_matches_central_differences():
    weights = init_weights(5, 6, "orthogonal", seed=4)
    x0 = np.random.default_rng(5).standard_normal(6)  # study_stack's first input, drawn the same way

    def forward(x):
        for w in weights:
            x = np.tanh(w @ x)
        return x

    h = 1e-6
    numeric = np.column_stack([(forward(x0 + h * e) - forward(x0 - h * e)) / (2 * h) for e in np.eye(6)])
    study = study_stack(weights, "tanh", seed=4)
    assert np.allclose(study.singular_values, np.linalg.svd(numeric, compute_uv=False), rtol=1e-6)


def test_orthogonal_rnn_keeps_the_gradient_norm_at_1_over_100_steps():
    result = rnn_study(32, 100, "orthogonal", seed=0)
    assert result.gradient_norms.size == 101
    assert np.max(np.abs(result.gradient_norms - 1)) <= 1e-8


def test_gaussian_rnn_leaves_the_factor_2_band_for_most_seeds():
    """Not for every seed: a draw whose spectral radius is close to 1 can stay near 1 for 100 steps."""
    outside = [rnn_study(32, 100, "gaussian", seed=seed).worst_ratio > 2 for seed in range(20)]
    assert sum(outside) >= 16


def test_rnn_gradient_norms_are_norms_of_matrix_powers():
    w = recurrent_matrix(8, "gaussian", seed=3)
    result = rnn_gradients(w, 30, seed=3)
    rng = np.random.default_rng(3 + 7)
    rng.standard_normal((8, 8))
    for _ in range(30):
        rng.standard_normal(8)
    g = rng.standard_normal(8)
    g /= np.linalg.norm(g)
    expected = [np.linalg.norm(np.linalg.matrix_power(w.T, 30 - t) @ g) for t in range(31)]
    assert np.allclose(result.gradient_norms, expected, rtol=1e-10)


def test_bad_stack_and_rnn_options_are_input_errors():
    with pytest.raises(InputError, match="init"):
        init_study(init="xavier")
    with pytest.raises(InputError, match="depth"):
        init_study(depth=0)
    with pytest.raises(InputError, match="recurrence"):
        rnn_study(kind="identity")

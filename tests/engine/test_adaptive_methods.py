"""AdaGrad, RMSProp and Adam: the update formulas of the seed, step by step."""

import numpy as np

from engine import iterate, run_to_end
from engine.datasets import get_dataset

SEED = get_dataset("seed-2pt").problem(loss="sum", basis_order="ascending")  # [B0, B1]: gradient (−8, −13)


def first_steps(method, **params):
    steps = []
    run_to_end(iterate(SEED, method, start=[0, 0], max_iter=2, **params), steps.append)
    return steps


def test_adam_first_step_moves_each_coordinate_by_lr():
    """With bias correction m̂₁ = g and v̂₁ = g², so the first step is −η·sign(g) (up to ε)."""
    steps = first_steps("adam", lr=0.1)
    np.testing.assert_allclose(steps[1].theta, [0.1, 0.1], rtol=1e-6)  # gradients (−8, −13) are negative


def test_adam_without_bias_correction_takes_the_raw_ratio():
    """m₁ = 0.1·g, v₁ = 0.001·g²: the step is η·0.1/√0.001 ≈ 3.16·η per coordinate."""
    steps = first_steps("adam", lr=0.1, bias_correction=False)
    np.testing.assert_allclose(steps[1].theta, [0.1 * 0.1 / np.sqrt(0.001)] * 2, rtol=1e-6)


def test_adagrad_first_step_is_lr_times_sign():
    steps = first_steps("adagrad", lr=0.5)
    np.testing.assert_allclose(steps[1].theta, [0.5, 0.5], rtol=1e-6)
    np.testing.assert_allclose(steps[1].detail["v"], [64.0, 169.0])


def test_rmsprop_first_step_uses_the_faded_average():
    steps = first_steps("rmsprop", lr=0.01, beta2=0.9, schedule="constant")
    np.testing.assert_allclose(steps[1].detail["v"], [6.4, 16.9])
    np.testing.assert_allclose(steps[1].theta, [0.01 / np.sqrt(0.1)] * 2, rtol=1e-6)


def test_rmsprop_sqrt_schedule_halves_the_step_at_iteration_4():
    steps = first_steps("rmsprop", lr=0.01)
    assert steps[1].detail["lr_k"] == 0.01
    steps = []
    run_to_end(iterate(SEED, "rmsprop", start=[0, 0], max_iter=4, lr=0.01), steps.append)
    assert steps[4].detail["lr_k"] == 0.005

"""Backpropagation through QR and the orthogonal layers, against central finite differences and scipy."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import InputError
from engine.neural import (
    LAYER_KINDS,
    layer_loss,
    make_layer,
    orthogonality_error,
    qr_backward,
    qr_positive,
    regression_task,
    run_layer_training,
)
from engine.run import run_to_end


def central_difference(f, a: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """∂f/∂a entry by entry, (f(a + h) − f(a − h)) / 2h: written here, independent of the code under test."""
    grad = np.zeros_like(a)
    for index in np.ndindex(a.shape):
        e = np.zeros_like(a)
        e[index] = h
        grad[index] = (f(a + e) - f(a - e)) / (2 * h)
    return grad


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 5), extra=st.integers(0, 4), seed=st.integers(0, 2**31 - 1))
def test_qr_backward_matches_central_differences(n, extra, seed):
    rng = np.random.default_rng(seed)
    m = n + extra
    a = rng.standard_normal((m, n)) + 2 * np.eye(m, n)  # keep R well away from singular
    q_bar, r_bar = rng.standard_normal((m, n)), np.triu(rng.standard_normal((n, n)))

    def f(x):
        q, r = qr_positive(x)
        return float(np.sum(q_bar * q) + np.sum(r_bar * r))

    q, r = qr_positive(a)
    assert _relative(qr_backward(q, r, q_bar, r_bar), central_difference(f, a)) <= 1e-6


def test_qr_positive_is_numpys_qr_with_a_positive_diagonal():
    a = np.random.default_rng(1).standard_normal((7, 4))
    q, r = qr_positive(a)
    assert np.all(np.diag(r) > 0) and np.allclose(q @ r, a, atol=1e-14)
    q_np, r_np = np.linalg.qr(a)
    assert np.allclose(np.abs(q), np.abs(q_np), atol=1e-14)  # the same factors up to the signs of the columns


@pytest.mark.parametrize("kind", LAYER_KINDS)
def test_every_layer_gradient_matches_central_differences(kind):
    """The whole chain: parameters → W → regression loss (+ penalty), by the layer's backward pass."""
    x, y, _ = regression_task(4, samples=20, seed=2)
    layer = make_layer(kind, 4, seed=3, **({"power_steps": 200} if kind == "spectral" else {}))

    def total(params):
        saved = layer.params
        layer.params = params
        if kind == "spectral":  # σ exactly: start the power iteration afresh each time
            layer.u = np.ones(4) / 2.0
        value = layer_loss(layer.forward(), x, y)[0] + layer.regulariser()[0]
        layer.params = saved
        return value

    name = next(iter(layer.params))
    if kind == "spectral":
        layer.u = np.ones(4) / 2.0
    w = layer.forward()
    _, w_bar = layer_loss(w, x, y)
    grads = layer.backward(w_bar)
    for key, g in layer.regulariser()[1].items():
        grads[key] = grads[key] + g
    numeric = central_difference(lambda p: total({name: p}), layer.params[name])
    assert _relative(grads[name], numeric) <= 1e-6


@pytest.mark.parametrize("kind", ["qr", "cayley", "householder"])
def test_constrained_layers_stay_orthogonal_through_1000_steps(kind):
    result = run_to_end(run_layer_training(kind, n=16, steps=1000, record_every=1000))
    assert result.diagnostics["orth_error_max"] <= 1e-10
    w = result.diagnostics["weight"]
    assert np.allclose(np.linalg.svd(w, compute_uv=False), 1.0, atol=1e-12)


def test_free_penalty_and_spectral_layers_leave_orthogonality_and_spectral_keeps_sigma_max_near_1():
    free = run_to_end(run_layer_training("free", steps=1000, record_every=1000))
    penalty = run_to_end(run_layer_training("penalty", steps=1000, record_every=1000))
    spectral = run_to_end(run_layer_training("spectral", steps=1000, record_every=1000))
    assert free.diagnostics["orth_error"] > 1.0  # it fits the non-orthogonal target instead
    assert 1e-3 < penalty.diagnostics["orth_error"] < free.diagnostics["orth_error"]
    w = spectral.diagnostics["weight"]
    sigma = np.linalg.svd(w, compute_uv=False)
    assert abs(sigma[0] - 1) < 0.1 and sigma[-1] < 0.5  # only σmax is controlled, one power step per update


def test_no_orthogonal_layer_beats_procrustes_and_householder_reaches_its_special_optimum():
    """The best orthogonal W is the Procrustes answer (scipy); in the det = +1 component, Kabsch's."""
    x, y, _ = regression_task(16)
    rotation, _ = scipy.linalg.orthogonal_procrustes(x, y)  # minimises ‖x R − y‖ over orthogonal R = Wᵀ
    best = layer_loss(rotation.T, x, y)[0]
    u, _, vt = np.linalg.svd(y.T @ x)
    d = np.eye(16)
    d[-1, -1] = np.sign(np.linalg.det(u @ vt))
    best_special = layer_loss(u @ d @ vt, x, y)[0]  # the best with det W = +1
    results = {kind: run_to_end(run_layer_training(kind, steps=1000, record_every=1000))
               for kind in ("qr", "cayley", "householder")}
    for result in results.values():
        assert result.loss >= best - 1e-9
        assert np.linalg.det(result.diagnostics["weight"]) == pytest.approx(1.0)  # a flow cannot change det
    assert best_special > best + 0.1  # here the global optimum has det −1: out of their reach
    assert results["householder"].loss == pytest.approx(best_special, rel=1e-4)


def test_training_steps_report_orthogonality_and_sigma():
    steps = []
    run_to_end(run_layer_training("cayley", n=6, steps=20, record_every=5), steps.append)
    assert [s.k for s in steps] == [0, 5, 10, 15, 20]
    for s in steps:
        w = s.theta.reshape(6, 6)
        assert s.detail["orth_error"] == pytest.approx(orthogonality_error(w))
        assert s.detail["sigma_max"] == pytest.approx(np.linalg.norm(w, 2))


def test_bad_layer_options_are_input_errors():
    with pytest.raises(InputError, match="layer kind"):
        make_layer("givens", 4)
    with pytest.raises(InputError, match="target"):
        run_to_end(run_layer_training("qr", target="identity"))
    with pytest.raises(InputError, match="power-iteration"):
        make_layer("spectral", 4, power_steps=0)

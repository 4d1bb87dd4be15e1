"""`main.py neural` as a subprocess: the seed's claims about QR inside networks, checked against
the singular values and gradient norms it prints, against what the mathematics says they must be."""

import json

import numpy as np

from .test_cli import run


def test_init_orthogonal_layers_keep_every_singular_value_at_one_and_gaussian_ones_do_not():
    done = run("neural", "init", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    orthogonal = np.array(report["orthogonal"]["singular_values"])
    gaussian = np.array(report["gaussian"]["singular_values"])
    np.testing.assert_allclose(orthogonal, 1.0, atol=1e-10)
    assert gaussian.max() / max(gaussian.min(), np.finfo(float).tiny) > 1e10


def test_rnn_orthogonal_gradient_norm_stays_at_one():
    done = run("neural", "rnn", "--json")
    assert done.returncode == 0, done.stderr
    norms = np.array(json.loads(done.stdout)["orthogonal"]["gradient_norms"])
    np.testing.assert_allclose(norms, 1.0, atol=1e-8)


def test_a_bad_option_is_one_line_and_exit_code_2():
    done = run("neural", "fit", "--width", "3")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--width" in done.stderr

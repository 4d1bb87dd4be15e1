"""`main.py neural EXPERIMENT`, through cli.neural_cmd's own entry point (same parser, same exit codes)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from cli.neural_cmd import neural_main


def _json(capsys, argv):
    code = neural_main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_init_json_says_orthogonal_is_an_isometry(capsys):
    code, out = _json(capsys, ["init", "--depth", "8", "--width", "6"])
    assert code == 0 and out["experiment"] == "init"
    assert np.allclose(out["orthogonal"]["singular_values"], 1.0, atol=1e-12)
    assert len(out["gaussian"]["gradient_norms"]) == 8


def test_fit_json_lists_each_fit(capsys):
    code, out = _json(capsys, ["fit", "--how", "solved,trained", "--width", "10", "--n", "40",
                               "--max-iter", "20"])
    assert code == 0
    assert [r["fit"] for r in out["fits"]] == ["solved", "trained"]
    assert all(r["val_loss"] > 0 for r in out["fits"])


def test_rnn_and_layers_tables(capsys):
    assert neural_main(["rnn", "--n", "8", "--steps", "20"]) == 0
    assert "orthogonal" in capsys.readouterr().out
    assert neural_main(["layers", "--kinds", "qr,free", "--n", "4", "--steps", "10"]) == 0
    table = capsys.readouterr().out
    assert "qr" in table and "free" in table


def test_a_failed_fit_exits_3(capsys):
    code, out = _json(capsys, ["fit", "--how", "solved", "--width", "300", "--n", "40"])
    assert code == 3 and out["fits"][0]["status"] == "failed"


@pytest.mark.parametrize("argv, word", [(["fit", "--width", "3"], "--width"), (["rnn", "--steps", "5"], "--steps"),
                                        (["layers", "--kinds", "qr,foo"], "foo"), (["init", "--depth", "x"], "--depth"),
                                        (["bogus"], "bogus"), ([], "EXPERIMENT")])
def test_bad_options_exit_2_with_one_line(capsys, argv, word):
    assert neural_main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and word in captured.err

"""File > Open of NIST's Filip.dat gives NIST's certified model, as `main.py solve Filip.dat` does.

It swapped x and y and fitted a line (a two-column file was read as x then y, and NIST's files put
y first). The certified values come from NIST's certified.json through the test helper.
"""

import math

import numpy as np

from engine.readers import read_nist
from gui.persist.file_actions import load_file
from tests.engine.nist_reference import certified, nist_file

from .driving import run_to_end


def _lre(estimate, truth) -> float:
    """NIST's log relative error, the fewest correct digits over the parameters."""
    estimate, truth = np.asarray(estimate, dtype=float), np.asarray(truth, dtype=float)
    relative = np.abs(estimate - truth) / np.abs(truth)
    return float(min(15.0, -math.log10(max(relative.max(), 1e-300))))


def test_file_open_of_filip_gives_the_certified_model_and_householder_agrees(window, qtbot):
    path = nist_file("Filip.dat")
    entry = certified()["Filip"]
    data = read_nist(path).table  # y first, then x, as NIST writes them

    assert load_file(window, str(path))

    np.testing.assert_array_equal(window.points.x, data.column("x"))
    np.testing.assert_array_equal(window.points.y, data.column("y"))  # y is the response
    options = window.model_controls.options()
    assert options["degree"] == entry["polynomial_degree_in_x"] == 10
    assert options["intercept"] is True
    problem = window.build_problem()
    assert problem.p == len(entry["certified_parameters"]) == 11

    run_to_end(qtbot, window, ["householder"])
    result = window.race.results["householder"]
    truth = [float(value) for value in entry["certified_parameters"].values()]
    assert _lre(result.theta, truth) >= 7

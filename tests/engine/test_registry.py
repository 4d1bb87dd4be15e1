"""The registry: every solver described, hyperparameters validated before any work."""

import pytest

from engine import SOLVERS, InputError, Problem, iterate


def test_every_solver_is_described_for_the_gui_and_cli():
    for spec in SOLVERS:
        described = spec.describe()
        assert described["name"] and described["label"] and described["family"] and described["summary"]
        for h in described["hyperparameters"]:
            assert h["help"] and h["type"] in ("float", "int", "bool", "choice", "float-or-auto")


@pytest.mark.parametrize("params, fragment", [
    ({"tolerance": "1"}, "no hyperparameter 'tolerance'"),
    ({"rcond": "abc"}, "expected a number"),
    ({"rcond": "2"}, "outside the range"),
    ({"rcond": "nan"}, "finite"),
])
def test_bad_hyperparameters_are_refused_before_running(params, fragment):
    problem = Problem.from_points([1, 2, 3], [1, 2, 2])
    with pytest.raises(InputError, match=fragment):
        iterate(problem, "svd", **params)


def test_hyperparameter_text_is_parsed_to_its_type():
    spec = SOLVERS.get("lstsq")
    assert spec.parse_params({"rcond": "1e-10", "driver": "gelsd"}) == {"rcond": 1e-10, "driver": "gelsd",
                                                                          "precision": "float64"}
    with pytest.raises(InputError, match="one of gelsy, gelsd, gelss"):
        spec.parse_params({"driver": "magic"})


def test_unknown_method_lists_the_known_ones():
    with pytest.raises(InputError, match="known methods: lstsq"):
        SOLVERS.get("qr-magic")


def test_direct_methods_take_no_start_point():
    with pytest.raises(InputError, match="direct method"):
        iterate(Problem.from_points([1, 2], [3, 5]), "householder", start=[0, 0])

"""One file → one model (engine/file_model.py): CSV, NIST .dat, session and the ambiguous table.

Expected models come from the files themselves and from NIST's certified.json (read by the test
helper), and fits are checked against numpy.linalg.lstsq, never against the code under test.
"""

import json

import numpy as np
import pytest

from engine import InputError
from engine.file_model import ColumnsNeeded, read_file_model

from .nist_reference import certified, nist_file


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_two_columns_are_x_then_y_and_a_line(tmp_path):
    path = _write(tmp_path / "two.csv", "t,v\n1,3\n2,5\n4,8\n")
    model = read_file_model(path)
    assert model.kind == "csv"
    assert (model.selection.target, model.selection.features) == ("v", ("t",))
    assert (model.selection.degree, model.selection.intercept) == (1, True)
    problem = model.problem()
    expected = np.linalg.lstsq(np.column_stack([np.ones(3), [1, 2, 4]]), [3, 5, 8], rcond=None)[0]
    np.testing.assert_allclose(np.linalg.lstsq(problem.design, problem.y, rcond=None)[0], expected)


def test_the_degree_and_intercept_asked_override_the_files(tmp_path):
    path = _write(tmp_path / "two.csv", "x,y\n0,1\n1,2\n2,5\n3,10\n")
    model = read_file_model(path, degree=2, intercept=False)
    assert (model.selection.degree, model.selection.intercept) == (2, False)
    problem = model.problem()
    assert problem.design.shape == (4, 2)  # x and x², no column of ones
    np.testing.assert_array_equal(problem.design[:, 1], [0, 1, 4, 9])


def test_a_wider_csv_without_columns_asked_is_ambiguous_and_names_them(tmp_path):
    path = _write(tmp_path / "three.csv", "a,b,c\n1,2,3\n2,1,5\n3,4,8\n4,3,9\n")
    with pytest.raises(ColumnsNeeded) as raised:
        read_file_model(path)
    message = str(raised.value)
    assert message.startswith("three.csv has 3 columns (a, b, c)")
    assert "--target" in message and "--features" in message
    assert raised.value.table.names == ("a", "b", "c")  # the window's column dialog asks with it
    assert isinstance(raised.value, InputError)  # a command exits 2 with it


def test_a_wider_csv_with_the_columns_asked_is_a_linear_model_in_them(tmp_path):
    path = _write(tmp_path / "three.csv", "a,b,c\n1,2,3\n2,1,5\n3,4,8\n4,3,9\n5,7,13\n")
    for features in ("a,b", ["a", "b"], ["1", "2"]):  # by name or 1-based number, a list or as typed
        model = read_file_model(path, target="c", features=features)
        assert (model.selection.target, model.selection.features) == ("c", ("a", "b"))
    problem = model.problem()
    design = np.column_stack([np.ones(5), [1, 2, 3, 4, 5], [2, 1, 4, 3, 7]])
    np.testing.assert_allclose(np.linalg.lstsq(problem.design, problem.y, rcond=None)[0],
                               np.linalg.lstsq(design, [3, 5, 8, 9, 13], rcond=None)[0])


def test_columns_plainly_named_x_and_y_need_no_question(tmp_path):
    path = _write(tmp_path / "xy.csv", "id,x,y\n1,0,1\n2,1,3\n3,2,5\n")
    model = read_file_model(path)
    assert (model.selection.target, model.selection.features, model.selection.degree) == ("y", ("x",), 1)


def test_a_target_alone_takes_every_other_column_as_a_feature(tmp_path):
    path = _write(tmp_path / "three.csv", "a,b,c\n1,2,3\n2,1,5\n3,4,8\n4,3,9\n")
    model = read_file_model(path, target="a")
    assert model.selection.features == ("b", "c")
    with pytest.raises(InputError, match="both the target and a feature"):
        read_file_model(path, target="a", features="a,b")


def test_filip_dat_is_nists_certified_model():
    """NIST's Filip: y the response, a degree-10 polynomial in x with an intercept (certified.json)."""
    entry = certified()["Filip"]
    model = read_file_model(nist_file("Filip.dat"))
    assert model.kind == "nist"
    columns = entry["data_columns"].split()
    assert (model.selection.target, model.selection.features) == (columns[0], tuple(columns[1:]))
    assert model.selection.degree == entry["polynomial_degree_in_x"] == 10
    assert model.selection.intercept is entry["intercept"] is True
    problem = model.problem()
    assert problem.p == 11
    assert model.certified.values_for(problem) == tuple(entry["certified_parameters"].values())


@pytest.mark.parametrize("key", ["Longley", "NoInt1", "Norris"])
def test_other_nist_files_are_their_certified_models(key):
    entry = certified()[key]
    model = read_file_model(nist_file(entry["file"]))
    problem = model.problem()
    assert problem.p == len(entry["certified_parameters"])
    assert model.selection.intercept is entry["intercept"]
    assert model.certified.values_for(problem) is not None  # the certified model, so it gets an LRE


def test_another_model_of_a_nist_file_is_fitted_but_not_certified():
    model = read_file_model(nist_file("Norris.dat"), degree=2)
    problem = model.problem()
    assert problem.p == 3 and model.certified.values_for(problem) is None


def test_a_session_is_recognised_by_its_content(tmp_path):
    session = {"format": "least-squares-lab-session", "version": 1,
               "data": {"kind": "points", "x": [0, 1, 2, 3], "y": [1, 3, 5, 7.5]}, "model": {"degree": 1}}
    path = _write(tmp_path / "lesson.txt", json.dumps(session))  # not named .json: the content decides
    model = read_file_model(path)
    assert model.kind == "session"
    problem = model.problem()
    expected = np.linalg.lstsq(np.column_stack([np.ones(4), [0, 1, 2, 3]]), [1, 3, 5, 7.5], rcond=None)[0]
    np.testing.assert_allclose(np.linalg.lstsq(problem.design, problem.y, rcond=None)[0], expected)
    assert read_file_model(path, degree=2).problem().p == 3  # the degree asked overrides the session's
    with pytest.raises(InputError, match="a session names its own"):
        read_file_model(path, target="y")


def test_a_lecture_is_no_data_and_says_how_to_open_it(tmp_path):
    lecture = {"format": "least-squares-lab-lecture", "version": 1, "scenes": []}
    path = _write(tmp_path / "course.json", json.dumps(lecture))
    with pytest.raises(InputError, match="lecture"):
        read_file_model(path)

"""Sessions: saved to a real file and opened in a second real window, everything comes back
(the points bit for bit); a bad or newer file is refused with its name and leaves the window alone."""

import copy
import json

import numpy as np
import pytest

from engine.datasets import get_dataset
from gui.persist.file_actions import load_file
from gui.persist.session import apply_session, capture_session, load_session, save_session, shown

from .driving import open_window


@pytest.fixture
def window(qtbot):
    win = open_window(qtbot, (1200, 800))
    yield win
    win.close()


@pytest.fixture
def second(qtbot):
    win = open_window(qtbot, (1200, 800))
    yield win
    win.close()


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.array_equal(a, b) and np.array_equal(a.view(np.uint64), b.view(np.uint64))


HARD_X = [0.1, 1 / 3, 1e-300, -0.0, 5e-324, 2.0**-1074 * 3, 123456.789, 2 / 3]


def hard_points():
    rng = np.random.default_rng(20240611)
    x = np.concatenate([HARD_X, rng.standard_normal(40)])
    y = np.concatenate([[-0.0, 0.0, 0.1 + 0.2, -1e-300, 1 / 7, 1 / 9, -2.5, 1e10], rng.standard_normal(40)])
    return x, y


def set_up(qtbot, window):
    """A lecturer's set-up touching every part of a session."""
    x, y = hard_points()
    window.points.set_points(x, y)
    window.model_controls.set_options(degree=3, intercept=False, scaling="standardize", basis_order="descending",
                                      loss="sum")
    panel = window.solver_panel
    panel.set_checked(["householder", "gd", "adam"])
    panel.form("gd").set_values({"lr": 1 / 3, "max_iter": 77, "tol": 1e-300, "l2": 0.1, "precision": "bfloat16"})
    panel.form("adam").set_values({"beta1": 0.85, "bias_correction": False})
    panel.set_current_method("adam")
    panel.set_start_point([0.1, -0.0, 1 / 3])
    window.run_controls.set_speed(300)
    window.side_dock.hide()
    window.show_view("convergence")
    window.canvas.getViewBox().setRange(xRange=(-1.25, 3.5), yRange=(0.1, 7.3), padding=0)
    qtbot.wait(20)


def test_a_session_saved_and_opened_in_another_window_gives_everything_back(qtbot, window, second, tmp_path):
    set_up(qtbot, window)
    path = tmp_path / "lesson.json"
    save_session(path, capture_session(window))
    json.loads(path.read_text(), parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))

    apply_session(second, load_session(path), source=path.name)
    qtbot.wait(20)
    x, y = hard_points()
    assert same_bits(second.points.x, x) and same_bits(second.points.y, y)
    assert np.signbit(second.points.x[3]) and second.points.x[4] == 5e-324
    assert second.model_controls.options() == {"degree": 3, "intercept": False, "scaling": "standardize",
                                               "basis_order": "descending", "loss": "sum"}
    panel = second.solver_panel
    assert panel.checked_methods() == ["householder", "gd", "adam"]
    assert panel.params("gd") == {"lr": 1 / 3, "max_iter": 77, "tol": 1e-300, "l2": 0.1, "precision": "bfloat16"}
    adam = panel.params("adam")
    assert adam["beta1"] == 0.85 and adam["bias_correction"] is False and adam["lr"] == "auto"
    assert panel.current_method() == "adam"
    assert same_bits(panel.start_point(), [0.1, -0.0, 1 / 3])
    assert second.player.speed == 300
    assert second.run_controls.speed_box.currentData() == 300
    (x0, x1), (y0, y1) = second.canvas.getViewBox().viewRange()
    np.testing.assert_allclose([x0, x1, y0, y1], [-1.25, 3.5, 0.1, 7.3], rtol=1e-12)
    assert not second.side_dock.isVisible()
    assert shown(second.view("convergence"))
    problem = second.build_problem()
    assert problem.degree == 3 and not problem.intercept


def test_a_multi_feature_table_comes_back_with_its_columns_and_choice(qtbot, window, second, tmp_path):
    csv = tmp_path / "three.csv"
    rows = [(0.1, -0.0, 1 / 3), (1e-300, 2.5, -1.0), (3.0, 0.7, 2.0), (4.0, 1.1, 5.5)]
    csv.write_text("a,b,target\n" + "".join(f"{a!r},{b!r},{t!r}\n" for a, b, t in rows))
    from gui.data.data_source import Selection
    assert load_file(window, str(csv), choose_columns=lambda win, table: Selection(table, "target", ("a", "b"), None))
    path = tmp_path / "table.json"
    save_session(path, capture_session(window))

    apply_session(second, load_session(path), source=path.name)
    selection = second.selection
    assert selection is not None and selection.target == "target" and selection.features == ("a", "b")
    assert selection.table.names == ("a", "b", "target")
    assert same_bits(selection.table.data, np.array(rows))
    assert not second.model_controls._degree.isEnabled()
    first, again = window.build_problem(), second.build_problem()
    assert same_bits(again.design, first.design) and again.parameter_names == first.parameter_names


def test_a_hand_written_scene_may_name_a_data_set_and_give_floats_as_hex(window):
    apply_session(window, {"format": "least-squares-lab-session", "version": 1,
                           "data": {"kind": "points", "x": [(0.1).hex(), "-0x0p+0", 2], "y": [1, 1 / 3, "0x1p-1074"]}})
    assert same_bits(window.points.x, [0.1, -0.0, 2.0]) and same_bits(window.points.y, [1.0, 1 / 3, 5e-324])
    apply_session(window, {"format": "least-squares-lab-session", "version": 1,
                           "data": {"kind": "dataset", "name": "seed-4pt"}, "solvers": {"checked": ["gd"]}})
    expected = get_dataset("seed-4pt").problem()
    assert same_bits(window.points.y, expected.y)
    assert window.solver_panel.checked_methods() == ["gd"]


def _newer(data):
    data["version"] = 2


BAD = {
    "newer version": (_newer, "newer"),
    "unknown solver": (lambda d: d["solvers"]["checked"].append("telepathy"), "telepathy"),
    "bad learning rate": (lambda d: d["solvers"]["params"]["gd"].update(lr=-1), "lr of gd"),
    "y too short": (lambda d: d["data"]["y"].pop(), "data"),
    "a point that is text": (lambda d: d["data"]["x"].__setitem__(2, "three"), "data.x[2]"),
    "unknown model option": (lambda d: d["model"].update(colour="red"), "colour"),
    "a speed not offered": (lambda d: d.update(speed=7), "speed"),
    "a misspelt key": (lambda d: d.update(poinst=[]), "poinst"),
    "an unknown view": (lambda d: d.update(front_views=["crystal-ball"]), "crystal-ball"),
    "another format": (lambda d: d.update(format="something-else"), "not a session"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_or_newer_file_is_refused_with_its_name_and_the_window_is_left_as_it_was(qtbot, window, second,
                                                                                      tmp_path, case):
    set_up(qtbot, window)
    data = capture_session(window)
    second.load_dataset("seed-4pt")
    second.solver_panel.set_checked(["svd"])
    before = capture_session(second)
    change, words = BAD[case]
    broken = copy.deepcopy(data)
    change(broken)
    path = tmp_path / "broken-lesson.json"
    path.write_text(json.dumps(broken))
    with pytest.raises(ValueError, match="broken-lesson.json") as error:
        apply_session(second, load_session(path), source=path.name)
    assert words in str(error.value)
    with pytest.raises(ValueError, match="broken-lesson.json"):
        apply_session(second, broken, source=path.name)
    assert capture_session(second) == before
    assert same_bits(second.points.y, get_dataset("seed-4pt").problem().y)


def test_a_file_that_is_not_json_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "scribble.json"
    path.write_text('{"format": "least-squares-lab-session",\n "version": 1,\n oops}\n')
    with pytest.raises(ValueError, match=r"scribble.json: line 3"):
        load_session(path)
    with pytest.raises(ValueError, match=r"missing.json: file not found"):
        load_session(tmp_path / "missing.json")

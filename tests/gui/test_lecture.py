"""Lectures: a file of scenes or a folder of sessions; Page Down/Up (a presenter's clicker) go
from scene to scene while a lecture is open, and step the player when none is."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt

from gui.persist.autosave import install_sessions
from gui.persist.lecture import load_lecture

from .driving import open_window, run_to_end

SCENES = [  # (title, x, y, solvers)
    ("Two points", [1.0, 2.0], [3.0, 5.0], ["cgs"]),
    ("A third point", [1.0, 2.0, 0.1], [3.0, 5.0, -0.0], ["householder", "gd"]),
    ("Tiny numbers", [1e-300, 2e-300, 1 / 3], [1 / 3, 2 / 3, 0.1], ["svd"]),
]


def scene(x, y, solvers) -> dict:
    return {"format": "least-squares-lab-session", "version": 1, "data": {"kind": "points", "x": x, "y": y},
            "solvers": {"checked": solvers}}


@pytest.fixture
def window(qtbot, tmp_path):
    win = open_window(qtbot, (1200, 800), active=True)  # Page Down/Up are shortcuts
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    manager = install_sessions(win, settings, tmp_path / "autosave")
    manager.ask_unsaved = lambda: "discard"  # never a modal dialog in a test
    yield win
    win.close()


@pytest.fixture
def lecture_file(tmp_path):
    path = tmp_path / "course.json"
    path.write_text(json.dumps({"format": "least-squares-lab-lecture", "version": 1,
                                "scenes": [scene(x, y, s) for _, x, y, s in SCENES],
                                "titles": [title for title, *_ in SCENES]}))
    return path


def shows_scene(window, index) -> bool:
    title, x, y, solvers = SCENES[index]
    same = all(np.array_equal(np.asarray(got).view(np.uint64), np.asarray(want).view(np.uint64))
               for got, want in ((window.points.x, x), (window.points.y, y)))
    return (same and window.solver_panel.checked_methods() == solvers
            and window.windowTitle().endswith(f"scene {index + 1} of 3: {title}"))


def test_page_down_and_up_go_from_scene_to_scene(qtbot, window, lecture_file):
    assert window.sessions.open_path(lecture_file)
    lecture = window.sessions.holder.lecture
    assert lecture.current_index == 0 and shows_scene(window, 0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert lecture.current_index == 1 and shows_scene(window, 1)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert lecture.current_index == 2 and shows_scene(window, 2)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # the last scene: nothing further
    assert lecture.current_index == 2 and shows_scene(window, 2)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert lecture.current_index == 1 and shows_scene(window, 1)
    assert window.player.position == 0


def test_a_folder_of_sessions_is_a_lecture_in_name_order(qtbot, window, tmp_path):
    folder = tmp_path / "week 3"
    folder.mkdir()
    for name, (_, x, y, solvers) in zip(["scene1.json", "scene2.json", "scene10.json"], SCENES):
        (folder / name).write_text(json.dumps(scene(x, y, solvers)))
    (folder / "notes.txt").write_text("not a scene")
    lecture = load_lecture(folder)
    assert lecture.titles == ["scene1", "scene2", "scene10"]
    assert window.sessions.open_path(folder)
    assert np.array_equal(window.points.y, SCENES[0][2])
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.sessions.holder.lecture.current_index == 2
    assert np.array_equal(window.points.y, SCENES[2][2])
    assert window.windowTitle().endswith("scene 3 of 3: scene10")


def test_without_a_lecture_page_down_steps_the_player(qtbot, window, lecture_file, tmp_path):
    window.load_dataset("seed-2pt")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 20, "tol": 0.0})
    window.player.seek(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.player.position == 2
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.player.position == 1

    # a lecture takes the keys; opening a plain session gives them back to the player
    session = tmp_path / "plain.json"
    session.write_text(json.dumps(scene([1.0, 2.0], [3.0, 5.0], ["gd"])))
    assert window.sessions.open_path(lecture_file)
    assert not any(k.toString() == "PgDown" for k in window.run_controls.step_action.shortcuts())
    assert window.sessions.open_path(session)
    assert window.sessions.holder.lecture is None
    assert window.windowTitle() == "Least Squares Lab"
    assert [k.toString() for k in window.run_controls.step_action.shortcuts()] == ["Right", "PgDown"]
    assert [k.toString() for k in window.run_controls.back_action.shortcuts()] == ["Left", "PgUp"]
    assert not window.sessions.navigation.next_action.isEnabled()


def test_a_lecture_with_a_bad_scene_is_refused_naming_the_scene(window, tmp_path):
    window.load_dataset("seed-4pt")
    before = window.points.y.copy()
    bad = [scene(x, y, s) for _, x, y, s in SCENES]
    bad[1]["solvers"]["checked"] = ["no-such-solver"]
    path = tmp_path / "broken-course.json"
    path.write_text(json.dumps({"format": "least-squares-lab-lecture", "version": 1, "scenes": bad}))
    assert not window.sessions.open_path(path)
    assert "broken-course.json, scene 2" in window.banner.text() and "no-such-solver" in window.banner.text()
    assert window.sessions.holder.lecture is None
    assert np.array_equal(window.points.y, before)

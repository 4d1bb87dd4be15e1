"""`main.py export`: films opened by independent readers (Pillow for the GIF, ffmpeg through
imageio for the MP4), traces compared number by number with engine.iterate, bad input refused
in one line. The last tests drive gui.persist.export in process with a real window."""

import csv
import json

import numpy as np
import pytest
from PIL import Image, ImageSequence

from engine import iterate
from engine.datasets import get_dataset

from .test_cli import run

RACE = ["--dataset", "seed-4pt", "--method", "gd,adam"]


def assert_one_line_error(done, *words):
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("view", ["window", "surface"])
def test_gif_has_the_frames_and_size_asked_for_and_loops(tmp_path, view):
    out = tmp_path / "race.gif"
    done = run("export", str(out), *RACE, "--size", "320x240", "--frames", "12", "--fps", "20", "--view", view)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    with Image.open(out) as gif:
        assert gif.format == "GIF" and gif.size == (320, 240)
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
        assert gif.info["loop"] == 0  # forever
    if view == "window":  # the step counter changes every frame: none is merged with the one before
        assert len(durations) == 12 and set(durations) == {50}
    else:  # Pillow shows an unchanged frame longer instead of storing it again: the film lasts as long
        assert 2 <= len(durations) <= 12
    assert sum(durations) == 12 * 50


def test_mp4_has_the_frames_size_and_rate_asked_for(tmp_path):
    import imageio.v2 as iio

    out = tmp_path / "race.mp4"
    done = run("export", str(out), *RACE, "--size", "320x240", "--frames", "12", "--fps", "10", "--view", "canvas")
    assert done.returncode == 0, done.stderr
    with iio.get_reader(out) as reader:  # ffmpeg decodes it: a standard player opens it
        meta = reader.get_meta_data()
        assert meta["codec"] == "h264" and meta["fps"] == 10 and meta["size"] == (320, 240)
        assert reader.count_frames() == 12
        frames = [reader.get_data(i) for i in (0, 11)]
    assert all(frame.shape == (240, 320, 3) for frame in frames)
    assert frames[0].std() > 10  # a picture, not a blank frame


@pytest.mark.parametrize("args, words", [
    (["out.txt", *RACE], ["out.txt", ".gif", ".mp4", ".csv", ".json"]),
    (["noext", *RACE], ["noext", "extension"]),
    (["race.mp4", *RACE, "--size", "321x240"], ["321x240", "even"]),
    (["race.gif", *RACE, "--fps", "0"], ["fps"]),
    (["race.gif", *RACE, "--view", "nowhere"], ["nowhere", "canvas"]),
    (["race.csv", "--dataset", "seed-4pt", "--method", "gd", "--param", "nope=1"], ["nope"]),
    (["race.csv", "--dataset", "seed-4pt", "--method", "gd,adam", "--param", "cg.max_iter=3"], ["cg"]),
    (["race.csv", "--dataset", "seed-4pt", "--method", "gd", "--start", "1,2,3"], ["--start", "2 numbers"]),
    (["race.csv", "--dataset", "seed-4pt", "--method", "nosuch"], ["nosuch"]),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, words):
    out = tmp_path / args[0]
    done = run("export", str(out), *args[1:])
    assert_one_line_error(done, *words)
    assert not out.exists()


def test_a_missing_folder_is_named(tmp_path):
    out = tmp_path / "missing" / "race.gif"
    assert_one_line_error(run("export", str(out), *RACE), "missing", "does not exist")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.reader(stream))


def cell(text):
    return None if text == "" else float(text)


def test_race_csv_is_the_engines_trace_exactly(tmp_path):
    out = tmp_path / "race.csv"
    done = run("export", str(out), *RACE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    header, *rows = read_rows(out)
    assert header == ["solver", "iteration", "B0", "B1", "loss", "grad_norm"]
    problem = get_dataset("seed-4pt").problem()
    expected = [("gd", s) for s in iterate(problem, "gd")] + [("adam", s) for s in iterate(problem, "adam")]
    assert len(rows) == len(expected)
    for row, (solver, step) in zip(rows, expected):
        assert row[0] == solver and int(row[1]) == step.k
        assert [cell(c) for c in row[2:4]] == [float(v) for v in step.theta]
        assert cell(row[4]) == step.loss and cell(row[5]) == step.grad_norm
    np.testing.assert_allclose([cell(c) for c in rows[-1][2:4]], [1, 1], rtol=1e-6)  # y = x + 1


def test_params_start_and_a_direct_method_in_one_csv(tmp_path):
    """--param gd.max_iter goes to gd only, --start to the iterative methods, and Householder's
    steps without θ keep their rows with empty cells."""
    out = tmp_path / "mixed.csv"
    done = run("export", str(out), "--dataset", "seed-4pt", "--method", "gd,householder",
               "--param", "gd.max_iter=4", "--start", "0.5,0.25")
    assert done.returncode == 0, done.stderr
    rows = read_rows(out)[1:]
    problem = get_dataset("seed-4pt").problem()
    gd = list(iterate(problem, "gd", max_iter=4, start=[0.5, 0.25]))
    hh = list(iterate(problem, "householder"))
    assert [r[0] for r in rows] == ["gd"] * len(gd) + ["householder"] * len(hh)
    assert [cell(c) for c in rows[0][2:4]] == [0.5, 0.25]
    for row, step in zip(rows, gd + hh):
        assert [cell(c) for c in row[2:4]] == ([None, None] if step.theta is None else list(step.theta))


def test_single_solver_json_is_what_solve_trace_prints(tmp_path):
    out = tmp_path / "gd.json"
    done = run("export", str(out), "--points", "1,3;2,5", "--method", "gd", "--loss", "sum",
               "--start", "0,0", "--param", "lr=0.1", "--param", "max_iter=3")
    assert done.returncode == 0, done.stderr
    exported = json.loads(out.read_text(encoding="utf-8"))
    solved = run("solve", "--points", "1,3;2,5", "--method", "gd", "--loss", "sum", "--start", "0,0",
                 "--param", "lr=0.1", "--param", "max_iter=3", "--trace", "--json")
    assert exported == json.loads(solved.stdout)["trace"]
    # the seed's hand calculation (README): θ₁ = (0.8, 1.3), θ₂ = (1.05, 1.71), θ₃ = (1.127, 1.84)
    np.testing.assert_allclose([o["theta"] for o in exported[1:]], [[0.8, 1.3], [1.05, 1.71], [1.127, 1.84]],
                               rtol=1e-12)


def test_race_json_is_keyed_by_solver(tmp_path):
    out = tmp_path / "race.json"
    assert run("export", str(out), *RACE, "--param", "max_iter=5").returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    problem = get_dataset("seed-4pt").problem()
    assert list(exported) == ["gd", "adam"]
    for method in ("gd", "adam"):
        steps = list(iterate(problem, method, max_iter=5))
        assert [o["theta"] for o in exported[method]] == [list(s.theta) for s in steps]
        assert [o["loss"] for o in exported[method]] == [s.loss for s in steps]


def test_a_diverging_solver_still_writes_its_trace_and_exits_3(tmp_path):
    out = tmp_path / "diverged.csv"
    done = run("export", str(out), "--dataset", "seed-4pt", "--method", "gd", "--param", "lr=50")
    assert done.returncode == 3 and "diverged" in done.stderr
    assert len(read_rows(out)) == 1 + len(list(iterate(get_dataset("seed-4pt").problem(), "gd", lr=50.0)))


# ---- in process: gui.persist.export on a real window -----------------------------------------------------

@pytest.fixture
def raced_window(qtbot):
    from gui.app import build_window
    from gui.run.threads import running_threads

    window = build_window(dataset="seed-4pt", methods=["gd", "adam"])
    qtbot.addWidget(window)
    window.show()
    assert window.run()
    qtbot.waitUntil(lambda: not window.race.running, timeout=60_000)
    yield window
    window.shutdown()
    window.close()
    assert not running_threads()


def test_export_animation_reports_progress_stops_when_cancelled_and_restores_the_window(tmp_path, raced_window):
    import imageio.v2 as iio

    from gui.persist.export import export_animation

    window = raced_window
    window.player.pause()
    window.player.seek(7)
    size_before = window.size()
    calls = []
    written = export_animation(window, tmp_path / "part.mp4", size=(200, 150), frames=10, target="convergence",
                               progress=lambda i, n: calls.append((i, n)), cancelled=lambda: len(calls) >= 4)
    assert written == 4 and calls == [(1, 10), (2, 10), (3, 10), (4, 10)]
    with iio.get_reader(tmp_path / "part.mp4") as reader:
        assert reader.count_frames() == 4 and reader.get_data(0).shape == (150, 200, 3)
    assert window.player.position == 7 and window.size() == size_before
    assert not window.view_docks["convergence"].isFloating()  # filmed on its own, docked again after


def test_the_dialogs_cancel_leaves_no_file(tmp_path, raced_window, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    from gui.persist.export import export_animation_with_dialog

    window = raced_window
    QTimer.singleShot(0, lambda: window.findChild(QProgressDialog).cancel())  # pressed as the export begins
    out = tmp_path / "cancelled.gif"
    assert export_animation_with_dialog(window, out, size=(200, 150), frames=50) == 0
    assert not out.exists()
    assert export_animation_with_dialog(window, out, size=(200, 150), frames=3) == 3
    with Image.open(out) as gif:
        assert gif.size == (200, 150)


def test_export_animation_refuses_a_bad_path_before_writing(tmp_path, raced_window):
    from gui.persist.export import export_animation

    with pytest.raises(ValueError, match=r"\.gif or \.mp4"):
        export_animation(raced_window, tmp_path / "race.avi")
    assert not (tmp_path / "race.avi").exists()


def test_views_export_as_png_at_the_chosen_scale_and_as_svg(tmp_path, raced_window):
    import xml.etree.ElementTree as ElementTree

    from gui.persist.export import export_view_png, export_view_svg

    window = raced_window
    window.resize(1600, 1000)
    window.show_view("table")
    table = window.view("table")
    png = export_view_png(table, tmp_path / "table.png", scale=2)
    with Image.open(png) as image:
        assert image.size == (2 * table.width(), 2 * table.height())
    canvas_png = export_view_png(window.canvas, tmp_path / "canvas.png", scale=1.5)
    with Image.open(canvas_png) as image:
        assert image.size[0] == round(1.5 * window.canvas.width())
    svg = export_view_svg(window.canvas, tmp_path / "canvas.svg")
    root = ElementTree.parse(svg).getroot()
    tags = [element.tag.rpartition("}")[2] for element in root.iter()]
    assert root.tag.endswith("svg") and tags.count("text") >= 8  # tick labels and the legend, as text
    assert tags.count("path") + tags.count("polyline") >= 3  # axes and curves, as vectors
    with pytest.raises(ValueError, match="svg"):
        export_view_svg(window.canvas, tmp_path / "canvas.png")

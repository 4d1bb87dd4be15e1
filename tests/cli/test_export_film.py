"""`main.py export OUT.gif`: exactly the frames asked for, at the size asked for, with the solvers'
legend in the frame (issue 14, point 6). Read back with Pillow; the solvers' colours come from
gui/look/solver_look.py (the same everywhere), the frame positions from arithmetic."""

import numpy as np
import pytest
from PIL import Image, ImageSequence

from gui.look.solver_look import solver_look

from .test_cli import run

RACE = ["--dataset", "seed-4pt", "--method", "gd,adam"]
#: The legend strip is the bottom of the frame, under the pictures.
STRIP_ROWS = 40


def rgb(name):
    value = name.lstrip("#")
    return np.array([int(value[i:i + 2], 16) for i in (0, 2, 4)])


def pixels_of(image, color, tolerance=12):
    """How many pixels of `image` (an RGB array) are within `tolerance` of `color` in every channel."""
    return int(np.all(np.abs(image.astype(int) - rgb(color)) <= tolerance, axis=2).sum())


def last_frame(path):
    with Image.open(path) as gif:
        gif.seek(gif.n_frames - 1)
        return np.asarray(gif.convert("RGB"))


@pytest.fixture(scope="module")
def films(tmp_path_factory):
    """The issue's command, and the same without the legend."""
    folder = tmp_path_factory.mktemp("films")
    made = {}
    for name, extra in (("legend", []), ("bare", ["--no-legend"])):
        out = folder / f"{name}.gif"
        done = run("export", str(out), *RACE, "--view", "surface", "--frames", "60", "--size", "960x540", *extra)
        assert done.returncode == 0, done.stderr
        made[name] = out
    return made


def test_the_gif_has_exactly_60_frames_of_960_by_540(films):
    with Image.open(films["legend"]) as gif:
        assert gif.format == "GIF" and gif.size == (960, 540) and gif.n_frames == 60
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(gif)]
        assert gif.info["loop"] == 0
    assert len(durations) == 60 and sum(durations) == 60 * 50  # 20 frames per second: 3 s


def test_the_legend_names_the_solvers_in_their_colours_under_the_picture(films):
    with_legend, bare = last_frame(films["legend"]), last_frame(films["bare"])
    strip, bare_strip = with_legend[-STRIP_ROWS:], bare[-STRIP_ROWS:]
    for key in ("gd", "adam"):
        color = solver_look(key).color_name
        assert pixels_of(strip, color) >= 30, f"no {key} sample in the legend strip"
        assert pixels_of(bare_strip, color) < 5, f"{key}'s colour under the picture without a legend"
    assert with_legend.shape == bare.shape == (540, 960, 3)


def test_more_frames_than_steps_repeats_steps_and_keeps_every_frame(tmp_path):
    """Six steps in 25 frames: equal frames are frames too (Pillow used to merge them)."""
    out = tmp_path / "slow.gif"
    done = run("export", str(out), *RACE, "--from", "2", "--to", "7", "--frames", "25", "--fps", "10",
               "--size", "480x270", "--view", "canvas+convergence")
    assert done.returncode == 0, done.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 25 and gif.size == (480, 270)
        assert sum(frame.info["duration"] for frame in ImageSequence.Iterator(gif)) == 2500


def test_without_a_count_there_is_one_frame_per_step_of_the_range(tmp_path):
    out = tmp_path / "range.gif"
    done = run("export", str(out), *RACE, "--from", "3", "--to", "12", "--size", "320x200")
    assert done.returncode == 0, done.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == 10


@pytest.mark.parametrize("args, words", [
    (["--size", "960by540"], ["960by540", "WIDTHxHEIGHT"]),
    (["--size", "10x10"], ["10x10"]),
    (["--from", "5", "--to", "2"], ["5", "2", "steps"]),
    (["--view", "canvas+nowhere"], ["nowhere", "canvas"]),
])
def test_bad_film_options_exit_2_with_one_line(tmp_path, args, words):
    out = tmp_path / "bad.gif"
    done = run("export", str(out), *RACE, *args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert all(word in lines[0] for word in words), lines[0]
    assert not out.exists()


def test_frame_positions_spread_the_steps_evenly():
    from gui.persist.film import frame_positions

    assert frame_positions(0, 9, 4) == [0, 3, 6, 9]
    assert frame_positions(0, 2, 7) == [0, 0, 1, 1, 1, 2, 2]  # each step shown about 7/3 frames
    assert frame_positions(3, 12) == list(range(3, 13))
    assert frame_positions(0, 99, 1) == [99]
    assert frame_positions(0, 1000, 60)[::59] == [0, 1000] and len(frame_positions(0, 1000, 60)) == 60

"""`main.py screenshot --residuals/--guess/--reveal`: the classroom pictures, as the keys make them."""

import os

from PySide6.QtGui import QImage

from gui.views.guess.look import MY_LINE_COLOR

from .test_cli import run
from .test_screenshot import colours_present

POINTS = "1,2.2;2,2.8;3,4.6;4,4.4;5,6.1;6,5.6;7,7.9;8,7.6"


def test_a_guess_and_the_squares_are_pictured_in_my_lines_colour(tmp_path):
    out = tmp_path / "round.png"
    done = run("screenshot", str(out), "--points", POINTS, "--method", "householder", "--residuals",
               "segments,squares,bars", "--guess", "3,0.4", "--guess", "1.5,0.65", "--view", "surface",
               "--layout", "canvas-and-view", "--size", "1280x720")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    # My line, its handles, its dot on the surface and its bar: hundreds of pixels of its colour
    assert colours_present(image, [MY_LINE_COLOR])[MY_LINE_COLOR] > 200


def test_classroom_options_that_cannot_be_pictured_are_refused_with_one_line(tmp_path):
    cases = [(["--residuals", "circles"], "--residuals"),
             (["--guess", "1,2,3"], "2 coefficients"),
             (["--guess", "1,x"], "--guess"),
             (["--reveal"], "--reveal")]
    for extra, said in cases:
        out = tmp_path / "x.png"
        done = run("screenshot", str(out), "--points", POINTS, *extra)
        assert done.returncode == 2, (extra, done.stderr)
        assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert not os.path.exists(out)

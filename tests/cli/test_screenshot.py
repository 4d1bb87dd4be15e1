"""`main.py screenshot`: a real window rendered off screen, saved, and looked at pixel by pixel."""

import os

import pytest
from PySide6.QtGui import QColor, QImage

from gui.look.solver_look import solver_look

from .test_cli import run


def colours_present(image: QImage, colours: list[str], step: int = 2) -> dict[str, int]:
    """How many pixels (sampled) are within a small distance of each colour."""
    targets = {c: QColor(c) for c in colours}
    counts = dict.fromkeys(colours, 0)
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            pixel = image.pixelColor(x, y)
            for name, colour in targets.items():
                if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                        + abs(pixel.blue() - colour.blue())) < 30:
                    counts[name] += 1
    return counts


@pytest.mark.parametrize("args", [
    ["--dataset", "seed-4pt", "--method", "householder,gd,adam", "--steps", "30"],
    ["--dataset", "nist-filip", "--degree", "10", "--method", "householder,gd,adam", "--steps", "30"],
])
def test_screenshot_shows_three_solver_curves(tmp_path, args):
    out = tmp_path / "window.png"
    done = run("screenshot", str(out), *args, "--size", "1600x1000")
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    counts = colours_present(image, [solver_look(name).color_name for name in ("householder", "gd", "adam")])
    # each of the three solvers' colours is drawn (curve, legend line, table swatch)
    assert all(count > 20 for count in counts.values()), counts


def test_screenshot_refuses_bad_sizes_with_one_line(tmp_path):
    done = run("screenshot", str(tmp_path / "x.png"), "--dataset", "seed-2pt", "--size", "huge")
    assert done.returncode == 2 and "--size" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "x.png")


def test_a_presenter_layout_pictures_one_view_full_at_a_projectors_size(tmp_path):
    """--layout one-view pictures the window at the projector's size with one view in it; an
    unknown layout is bad input (exit 2, naming the option)."""
    out = tmp_path / "one-view.png"
    done = run("screenshot", str(out), "--dataset", "seed-4pt", "--method", "cgs", "--presentation",
               "--size", "1280x720", "--view", "hand", "--layout", "one-view")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    bad = run("screenshot", str(tmp_path / "x.png"), "--dataset", "seed-4pt", "--layout", "sideways")
    assert bad.returncode == 2 and "--layout" in bad.stderr

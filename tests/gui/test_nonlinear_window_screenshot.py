"""`main.py screenshot --nonlinear KEY`: the nonlinear window rendered off screen by the real command,
with the asked methods' colours in the picture; an unknown problem exits 2 and says which exist."""

from PySide6.QtGui import QImage

from gui.look.solver_look import solver_look

from ..cli.test_cli import run
from ..cli.test_screenshot import colours_present


def test_screenshot_of_the_nonlinear_window(tmp_path):
    out = tmp_path / "nonlinear.png"
    done = run("screenshot", str(out), "--nonlinear", "nist-misra1a", "--methods", "gauss-newton,lm",
               "--nonlinear-view", "convergence", "--size", "1280x720")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    counts = colours_present(image, [solver_look(name).color_name for name in ("gauss-newton", "lm")])
    assert all(count > 20 for count in counts.values()), counts


def test_an_unknown_nonlinear_problem_exits_2_naming_the_known_ones(tmp_path):
    done = run("screenshot", str(tmp_path / "x.png"), "--nonlinear", "nist-nothing")
    assert done.returncode == 2
    assert "nist-nothing" in done.stderr and "nist-bennett5" in done.stderr and "Traceback" not in done.stderr


def test_a_param_no_raced_solver_takes_exits_2(tmp_path):
    done = run("screenshot", str(tmp_path / "x.png"), "--nonlinear", "nist-misra1a", "--methods", "lm",
               "--param", "lr=3")
    assert done.returncode == 2
    assert "lr" in done.stderr and "Traceback" not in done.stderr

"""A headless command never opens a dialog: the columns of a wider CSV come from --target and
--features, and without them the command exits 2 naming the columns, both well within 30 s.

`main.py screenshot out.png three.csv --target c --features a,b` never returned: the columns
were dropped on the way to the window, which opened its modal column dialog off screen.
"""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
#: The issue's limit: a command that takes longer is a hang, not a slow machine.
LIMIT_S = 30


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=LIMIT_S)


def three_columns(folder: Path) -> Path:
    """c = 1 + a + 2b + noise: a real three-column CSV with a header."""
    path = folder / "three.csv"
    rows = [(a, b, 1 + a + 2 * b + 0.1 * (-1) ** a) for a, b in [(1, 2), (2, 1), (3, 4), (4, 3), (5, 7), (6, 5)]]
    path.write_text("a,b,c\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8")
    return path


def assert_refused_naming_the_columns(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "three.csv has 3 columns (a, b, c)" in lines[0]
    assert "--target" in lines[0] and "--features" in lines[0]


def test_screenshot_of_a_three_column_csv_uses_the_columns_asked(tmp_path):
    data = three_columns(tmp_path)
    out = tmp_path / "out.png"
    done = run("screenshot", str(out), str(data), "--target", "c", "--features", "a,b", "--method", "householder",
               "--size", "1200x800")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 1200 and image.height() >= 800
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7)}
    assert len(colours) > 10  # a window was drawn, not an empty picture

    assert_refused_naming_the_columns(run("screenshot", str(tmp_path / "no.png"), str(data),
                                          "--method", "householder"))
    assert not (tmp_path / "no.png").exists()


def test_export_of_a_three_column_csv_uses_the_columns_asked(tmp_path):
    data = three_columns(tmp_path)
    out = tmp_path / "race.gif"
    done = run("export", str(out), str(data), "--target", "c", "--features", "a,b", "--method", "householder",
               "--size", "320x200", "--frames", "3")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:6] in (b"GIF87a", b"GIF89a")

    assert_refused_naming_the_columns(run("export", str(tmp_path / "no.gif"), str(data), "--method", "householder"))

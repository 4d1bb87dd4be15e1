"""The scale part of `main.py bench`: data of millions of points (issue 6).

Each figure is a ratio of two measurements made in the same run: reading a CSV of 10⁶ rows
against pandas.read_csv on the same file, the peak memory of reading 10⁷ rows against the size of
their array, the canvas's frame time with 10⁶ points against the 33 ms of a 30 Hz frame, moving a
point of a 10⁵-point problem (rank-one update) against building it afresh, and the start-up of
the window against a bare PySide6 + pyqtgraph script. Files go to a temporary folder, deleted.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

SCALE = int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000)) / 1_000_000
CSV_ROWS = max(int(1_000_000 * SCALE), 1_000)
MEMORY_ROWS = max(int(10_000_000 * SCALE), 10_000)
CANVAS_POINTS = max(int(1_000_000 * SCALE), 1_000)
UPDATE_ROWS = max(int(100_000 * SCALE), 1_000)
ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"csv": 1.5, "memory": 3.0, "frame": 1.0, "update": 0.1, "startup": 1.5}
FRAME_MS = 33.0


def _label(text: str, n: int) -> str:
    return text.format(n=f"{n:.0e}".replace("e+0", "e"))


def _csv_text(rows: int, seed: int = 0) -> bytes:
    """x,y rows as a script writes them (17 significant digits), built from one block repeated."""
    rng = np.random.default_rng(seed)
    block_rows = min(rows, 100_000)
    x = rng.uniform(0, 10, block_rows)
    y = 2 * x + 1 + rng.standard_normal(block_rows)
    lines = "\n".join(f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist()))
    repeats, rest = divmod(rows, block_rows)
    body = (lines + "\n").encode()
    tail = "".join(line + "\n" for line in lines.split("\n")[:rest]).encode()
    return b"x,y\n" + body * repeats + tail


def csv_figure(figure_type, folder: Path, repeats: int = 3):
    from engine.readers import read_csv

    path = folder / "rows.csv"
    path.write_bytes(_csv_text(CSV_ROWS))
    name = _label("CSV of {n} rows: read_csv / pandas.read_csv", CSV_ROWS)
    try:
        import pandas
    except ImportError:
        return figure_type(name, math.nan, TARGETS["csv"], False,
                           "not measured: pandas is not installed (pip install -e '.[bench]')")
    ours, theirs = [], []
    read_csv(path), pandas.read_csv(path)  # warm: the file in the page cache, first-call costs paid
    for _ in range(repeats):  # interleaved, so a busy moment of the machine hits both
        started = time.perf_counter()
        table = read_csv(path)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        frame = pandas.read_csv(path)
        theirs.append(time.perf_counter() - started)
    assert table.data.shape == frame.shape == (CSV_ROWS, 2)
    ratio = min(ours) / min(theirs)
    return figure_type(name, ratio, TARGETS["csv"], ratio <= TARGETS["csv"],
                       f"{min(ours) * 1e3:.0f} ms vs {min(theirs) * 1e3:.0f} ms, "
                       f"{path.stat().st_size / 1e6:.0f} MB")


# The high-water mark of this address space (VmHWM; ru_maxrss would carry the parent's over exec).
_MEMORY_SCRIPT = """
import resource, sys, time
from engine.readers import read_csv
def peak_kib():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before = peak_kib()
started = time.perf_counter()
table = read_csv(sys.argv[1])
elapsed = time.perf_counter() - started
print(table.data.nbytes, (peak_kib() - before) * 1024, elapsed)
"""


def memory_figure(figure_type, folder: Path):
    """Peak resident memory while reading (in a fresh process, so the high-water mark is its own)."""
    path = folder / "many.csv"
    path.write_bytes(_csv_text(MEMORY_ROWS, seed=1))
    size = path.stat().st_size
    out = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT, str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, check=True).stdout.split()
    path.unlink()
    nbytes, peak, elapsed = int(out[0]), int(out[1]), float(out[2])
    ratio = peak / nbytes
    return figure_type(_label("peak memory reading {n} rows / their array", MEMORY_ROWS), ratio,
                       TARGETS["memory"], ratio <= TARGETS["memory"],
                       f"{peak / 2**20:.0f} MiB peak for a {nbytes / 2**20:.0f} MiB array "
                       f"from a {size / 2**20:.0f} MiB file in {elapsed:.1f} s")


def update_figure(figure_type, blocks: int = 3, moves: int = 15):
    """A drag of one point of n = 10⁵ (degree 3): what each move needs (AᵀA, Aᵀy, yᵀy, R, θ) by
    rank-one updates from the previous move's problem, against a Problem built afresh for each
    move, both ending in the same Cholesky solve. Blocks of moves alternate between the two, so
    each side is timed in its own steady state (as in a real drag) and drift hits both alike."""
    import scipy.linalg

    from engine import Problem

    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, UPDATE_ROWS)
    y = 1 + x - x**3 + 0.1 * rng.standard_normal(UPDATE_ROWS)
    path = [(0.25 + 0.01 * k, 2.0 - 0.02 * k) for k in range(moves)]

    def refit(problem) -> None:
        _ = (problem.yty, problem.cond)
        scipy.linalg.cho_solve(scipy.linalg.cho_factor(problem.gram), problem.aty)

    full, update = [], []
    for _ in range(blocks):
        problem = Problem.from_points(x.copy(), y.copy(), 3)
        refit(problem)
        for px, py in path:
            started = time.perf_counter()
            problem = problem.with_point_moved(17, px, py)
            refit(problem)
            update.append(time.perf_counter() - started)
        moved_x, moved_y = x.copy(), y.copy()
        for px, py in path:
            moved_x[17], moved_y[17] = px, py
            started = time.perf_counter()
            refit(Problem.from_points(moved_x.copy(), moved_y.copy(), 3))
            full.append(time.perf_counter() - started)
    big, small = float(np.median(full)), float(np.median(update))
    ratio = small / big
    return figure_type(_label("moving a point, n={n}, p=4: rank-one update / full refit", UPDATE_ROWS), ratio,
                       TARGETS["update"], ratio <= TARGETS["update"],
                       f"{small * 1e3:.2f} ms vs {big * 1e3:.2f} ms per move (AᵀA, Aᵀy, yᵀy, R, Cholesky solve)")


def frame_figure(figure_type):
    """The canvas's median paint time while gd plays on 10⁶ points (density shading)."""
    from .bench_gui import _PaintTimer, gd_window

    # 100 steps per second: a frame at every tick of the player
    app, window = gd_window(CANVAS_POINTS, max_iter=20_000, lr=1e-3, speed=100)
    from PySide6.QtCore import QEventLoop, QTimer

    window.canvas.auto_range()
    frames: list[float] = []
    paint_timer = _PaintTimer(window.canvas, frames)
    try:
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)  # the debounced density of the auto-ranged view
        loop.exec()
        window.grab()
        density = window.canvas.density_mode
        window.canvas.viewport().installEventFilter(paint_timer)
        window.race.finished.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.run()
        if window.race.running:
            loop.exec()
        end = QEventLoop()
        QTimer.singleShot(3_000, end.quit)  # the playback goes on after the last batch
        end.exec()
    finally:
        window.canvas.viewport().removeEventFilter(paint_timer)
        window.shutdown()
        window.close()
        app.processEvents()
    frame = float(np.median(frames)) * 1e3 if frames else math.inf
    ratio = frame / FRAME_MS
    return figure_type(_label("median frame time / 33 ms, canvas with {n} points during playback", CANVAS_POINTS),
                       ratio, TARGETS["frame"], ratio <= TARGETS["frame"],
                       f"{frame:.2f} ms median over {len(frames)} frames"
                       f"{' (density image)' if density else ' (symbols)'}")


_PAINTED = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
            self.seen = True
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
"""
_BARE = _PAINTED + """
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication
app = QApplication([])
widget = pg.PlotWidget()
spy = FirstPaint()
widget.viewport().installEventFilter(spy)
widget.show()
app.exec()
"""
_APP = _PAINTED + """
from gui.app import application, build_window
app = application()
window = build_window()
spy = FirstPaint()
window.canvas.viewport().installEventFilter(spy)
window.show()
app.exec()
"""


def _until_painted(script: str, pycache: str) -> float:
    """Seconds from starting a fresh interpreter to the first paint of its window. Bytecode is
    cached under `pycache`, for both scripts alike: Python compiles the app's modules on its first
    start and reuses them after, as it does for PySide6 and pyqtgraph (a PYTHONDONTWRITEBYTECODE
    in the environment would otherwise recompile only our modules, on every start)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), PYTHONPYCACHEPREFIX=pycache)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if not line.startswith("painted"):
        raise RuntimeError("the window never painted")
    return elapsed


def startup_figure(figure_type, repeats: int = 3):
    app, bare = [], []
    with tempfile.TemporaryDirectory(prefix="lsqlab-pycache-") as pycache:
        _until_painted(_BARE, pycache)  # the libraries' bytecode, as pip leaves it after installing
        first = _until_painted(_APP, pycache)  # the app's first start compiles its modules
        for _ in range(repeats):  # alternately, so both see the same state of the disk cache
            bare.append(_until_painted(_BARE, pycache))
            app.append(_until_painted(_APP, pycache))
    ratio = min(app) / min(bare)
    return figure_type("start-up to first paint: main window / bare PySide6 + pyqtgraph PlotWidget", ratio,
                       TARGETS["startup"], ratio <= TARGETS["startup"],
                       f"{min(app) * 1e3:.0f} ms vs {min(bare) * 1e3:.0f} ms, fresh processes "
                       f"(the very first start, compiling the app: {first * 1e3:.0f} ms)")


def scale_figures(figure_type, *, quick: bool = False) -> list:
    """All the scale figures; with quick, only the cheap ones (the update and the CSV read)."""
    figures = [update_figure(figure_type)]
    with tempfile.TemporaryDirectory(prefix="lsqlab-bench-") as folder:
        figures.append(csv_figure(figure_type, Path(folder)))
        if not quick:
            figures.append(memory_figure(figure_type, Path(folder)))
    if not quick:
        figures.append(frame_figure(figure_type))
        figures.append(startup_figure(figure_type))
    return figures

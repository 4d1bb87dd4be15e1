"""The GUI's part of `main.py bench`: responsiveness while a long run streams in, and the size
of an exported GIF (cli/bench_export.py).

Both figures are measured against the budget they must fit in: the heartbeat's longest gap
over its 5 ms period (target 10, i.e. 50 ms: no visible freeze), and the median frame
time over the 16 ms of one frame at 60 Hz (target 1).
"""

from __future__ import annotations

import gc
import math
import os
import time

import numpy as np

HEARTBEAT_MS = 5
FRAME_BUDGET_MS = 16.0
SCALE = int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000)) / 1_000_000
POINTS = max(int(100_000 * SCALE), 100)
ITERATIONS = max(int(1_000_000 * SCALE), 1_000)


def _paint_timer_class():
    from PySide6.QtCore import QEvent, QObject

    class PaintTimer(QObject):
        """Times the canvas's own paint events as they happen (no extra paint is forced)."""

        def __init__(self, view, frames: list[float]):
            super().__init__()
            self.view = view
            self.frames = frames

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
            if event.type() != QEvent.Type.Paint:
                return False
            started = time.perf_counter()
            self.view.viewportEvent(event)
            self.frames.append(time.perf_counter() - started)
            return True

    return PaintTimer


def _PaintTimer(view, frames):  # noqa: N802 (a class made on first use, once Qt is imported)
    return _paint_timer_class()(view, frames)


def gd_window(points: int, *, max_iter: int, lr: float, speed: float):
    """(app, window): the main window shown at 1400 × 900 with `points` noisy points on a line and
    gd checked with these settings, ready to run (the benchmarks' common scene, gui/headless/scene.py)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import application
    from gui.headless.scene import SceneData, build_scene

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, points)
    data = SceneData(points=(x, 2 * x + 1 + rng.standard_normal(points)))
    window = build_scene(data, methods=["gd"], params={"gd": {"max_iter": max_iter, "tol": 0.0, "lr": lr}},
                         speed=speed, size=(1400, 900))
    return application(), window


def gui_figures(figure_type) -> list:
    app, window = gd_window(POINTS, max_iter=ITERATIONS, lr=1e-9, speed=math.inf)
    from PySide6.QtCore import QTimer

    from gui.headless.scene import close_scene, run_scene

    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    frames: list[float] = []
    paint_timer = _PaintTimer(window.canvas, frames)
    window.canvas.viewport().installEventFilter(paint_timer)
    app.processEvents()
    window.grab()  # the first paint (fonts, layouts) happens once at start-up, not during a run
    gc.freeze()  # as run_app does
    try:
        heartbeat.start()
        started = time.perf_counter()
        run_scene(window, step=None, timeout_s=600)  # Qt sleeps until a timer or a batch is due, as in the app
        streamed = time.perf_counter() - started
        heartbeat.stop()
        app.processEvents()
        steps = window.race.traces["gd"].seen
    finally:
        window.canvas.viewport().removeEventFilter(paint_timer)
        close_scene(window)
    gap = max(np.diff(beats)) * 1000 if len(beats) > 1 else math.inf
    if os.environ.get("LSQLAB_BENCH_DEBUG"):  # where the longest gaps fell, for whoever tunes this
        diffs = np.diff(beats)
        worst = np.argsort(diffs)[-5:]
        print("gaps (ms) at (s after start):", [(round(diffs[i] * 1000), round(beats[i] - started, 2)) for i in worst])
    frame = float(np.median(frames)) * 1000 if frames else math.inf
    from .bench_export import gif_figures

    return gif_figures(figure_type) + [
        figure_type(f"longest heartbeat gap / {HEARTBEAT_MS} ms while gd streams {ITERATIONS:.0e} iterations "
                    f"on {POINTS:.0e} points", gap / HEARTBEAT_MS, 10.0, gap / HEARTBEAT_MS <= 10.0,
                    f"{gap:.1f} ms longest gap; {steps} steps streamed in {streamed:.1f} s"),
        figure_type(f"median frame time / {FRAME_BUDGET_MS:g} ms, canvas with {POINTS:.0e} points during playback",
                    frame / FRAME_BUDGET_MS, 1.0, frame <= FRAME_BUDGET_MS,
                    f"{frame:.2f} ms median over {len(frames)} frames"),
    ]

"""The film's part of `main.py bench`: is the app's GIF small enough for a slide deck?

A 10 s GIF of the canvas at 960×540 (20 frames per second), exported by the app as File > Export
does, against the plain way made in the same run: a pyqtgraph PlotWidget with the same points and
the same fitted line, grabbed frame by frame and written by imageio (Pillow). The figure is the
ratio of their bytes per frame (target ≤ 1.5): the app's frames hold more (axes' labels, the
reference line, the legend strip), but it should not cost much more to carry them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

SIZE = (960, 540)
FPS = 20
#: A shorter film when LSQLAB_BENCH_ROWS shrinks the suite for the smoke test of the command.
SECONDS = 10 if int(os.environ.get("LSQLAB_BENCH_ROWS", 1_000_000)) >= 1_000_000 else 2
FRAMES = FPS * SECONDS
POINTS = 60
GIF_TARGET = 1.5


def _scene():
    """The window with POINTS noisy points on y = 1 + 2x and gd run to the end (400 steps)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.headless.scene import SceneData, build_scene, run_scene

    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, POINTS)
    data = SceneData(points=(x, 1 + 2 * x + rng.standard_normal(POINTS)))
    window = build_scene(data, methods=["gd"], params={"gd": {"max_iter": 400, "tol": 0.0, "lr": 0.01}},
                         size=(1600, 1000))
    run_scene(window)
    return window


def _plain_gif(path: Path, x, y, lines: list[tuple[np.ndarray, np.ndarray]]) -> None:
    """The baseline: a bare PlotWidget, points and one line, grabbed and written with imageio."""
    import imageio.v3 as iio
    import pyqtgraph as pg
    from PySide6.QtCore import QCoreApplication

    from gui.persist.film import image_to_rgb

    plot = pg.PlotWidget()
    plot.resize(*SIZE)
    plot.plot(x, y, pen=None, symbol="o")
    line = plot.plot([], [], pen=pg.mkPen("g", width=2))
    plot.show()
    try:
        with iio.imopen(path, "w", plugin="pillow", extension=".gif") as film:
            for line_x, line_y in lines:
                line.setData(line_x, line_y)
                QCoreApplication.processEvents()
                film.write(image_to_rgb(plot.grab().toImage()), is_batch=False, duration=1000 // FPS, loop=0)
    finally:
        plot.close()
        plot.deleteLater()


def gif_figures(figure_type) -> list:
    from gui.headless.scene import close_scene
    from gui.persist.export import export_animation
    from gui.persist.film import frame_positions

    window = _scene()
    with tempfile.TemporaryDirectory() as folder:
        app_gif, plain_gif = Path(folder) / "app.gif", Path(folder) / "plain.gif"
        try:
            export_animation(window, app_gif, fps=FPS, size=SIZE, frames=FRAMES, target="canvas")
            x, y = window.points.x, window.points.y
            ends = np.array([x.min(), x.max()])
            lines = []
            for position in frame_positions(0, window.player.length - 1, FRAMES):
                theta = window.lab.current_thetas(position)["gd"]
                lines.append((ends, theta[0] + theta[1] * ends))
            _plain_gif(plain_gif, x, y, lines)
        finally:
            close_scene(window)
        app_bytes, plain_bytes = app_gif.stat().st_size / FRAMES, plain_gif.stat().st_size / FRAMES
    ratio = app_bytes / plain_bytes
    return [figure_type(f"GIF bytes per frame, app's canvas export / plain pyqtgraph + imageio, "
                        f"{SECONDS} s at {SIZE[0]}x{SIZE[1]}", ratio, GIF_TARGET, ratio <= GIF_TARGET,
                        f"{app_bytes / 1e3:.1f} kB vs {plain_bytes / 1e3:.1f} kB per frame, {FRAMES} frames")]

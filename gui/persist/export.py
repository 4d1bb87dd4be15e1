"""Exporting what the window shows: a recorded run as a GIF or MP4, a view as PNG or SVG.

The film replays the window's recorded run frame by frame (the player paused, so every filmed
view redraws each frame) and composes each frame from what the user sees (gui/persist/film.py):
the canvas, a view, both side by side, or the window, with the solvers' legend below. The file
has exactly the frames asked for: a GIF through gui/persist/gif_writer.py (one shared palette,
only what changed stored), an MP4 through the ffmpeg that imageio-ffmpeg ships.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsView, QProgressDialog, QWidget

from engine.outputs import check_output_path

from ..look.solver_look import COLORS
from .film import FilmOptions, Stage, frame_positions, target_parts

FORMATS = (".gif", ".mp4")
#: Size presets of the export dialog (16:9, a projector's and a slide's shape); the first is the default.
SIZE_PRESETS = ((960, 540), (1280, 720), (1920, 1080))
#: Browsers show a GIF frame shorter than 2/100 s for 1/10 s: faster GIFs would play slower.
GIF_MAX_FPS = 50


def mp4_available() -> bool:
    """True when imageio can reach an ffmpeg binary (imageio-ffmpeg ships one)."""
    try:
        import imageio_ffmpeg

        return bool(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return False


def check_animation_args(path: str | os.PathLike, *, fps: float = 20, size: tuple[int, int] = (960, 540),
                         frames: int | None = None) -> Path:
    """The output path, once the format, folder, size, rate and frame count are known to be usable;
    else ValueError naming what is wrong."""
    path = check_output_path(path, FORMATS, formats=".gif or .mp4 (an animation)")
    suffix = path.suffix.lower()
    width, height = size
    if not (16 <= width <= 8000 and 16 <= height <= 8000):
        raise ValueError(f"size {width}x{height}: each side must be from 16 to 8000 pixels")
    if suffix == ".mp4" and not mp4_available():
        raise ValueError(f"{path.name}: no MP4 writer here (install imageio-ffmpeg), or give a .gif")
    if suffix == ".mp4" and (width % 2 or height % 2):
        raise ValueError(f"size {width}x{height}: an MP4 (H.264, 4:2:0 colour) needs an even width and height")
    if not 0.1 <= fps <= 100:
        raise ValueError(f"fps {fps}: give a frame rate from 0.1 to 100")
    if suffix == ".gif" and fps > GIF_MAX_FPS:
        raise ValueError(f"fps {fps}: a GIF plays at most {GIF_MAX_FPS} frames per second")
    if frames is not None and not 1 <= frames <= 100_000:
        raise ValueError(f"frames {frames}: give from 1 to 100000 frames")
    return path


def step_range(length: int, first: int | None, last: int | None) -> tuple[int, int]:
    """(first, last) player positions of the film, checked against the run's `length` steps."""
    first = 0 if first is None else first
    last = length - 1 if last is None else last
    if not 0 <= first <= last <= length - 1:
        raise ValueError(f"steps {first} to {last}: the run has steps 0 to {length - 1}; "
                         "give a range within them, the first not after the last")
    return first, last


class _Mp4Writer:
    def __init__(self, path: Path, fps: float):
        import imageio.v2 as iio2

        self._file = iio2.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                                     pixelformat="yuv420p", macro_block_size=1, quality=8,
                                     ffmpeg_log_level="error")

    def append(self, frame) -> None:
        self._file.append_data(frame)

    def close(self) -> None:
        self._file.close()


def export_animation(window, path, *, fps: float = 20, size: tuple[int, int] = (960, 540), frames: int | None = None,
                     target: str = "canvas", first: int | None = None, last: int | None = None,
                     legend: bool = True, progress=None, cancelled=None) -> int:
    """Replay the window's recorded run into a GIF or MP4 of exactly `size` pixels and exactly
    `frames` frames (None: one per step from `first` to `last`); returns the frames written (fewer
    when `cancelled()` said stop: the partial file is kept)."""
    path = check_animation_args(path, fps=fps, size=size, frames=frames)
    player = window.player
    if window.race.running:
        raise ValueError("the solvers are still running: export when the run has finished")
    if player.length <= 0:
        raise ValueError("nothing to export: run at least one solver first")
    target_parts(target, [view.name for view in window.views])
    positions = frame_positions(*step_range(player.length, first, last), frames)
    options = FilmOptions(size=size, fps=fps, frames=frames, target=target, first=first, last=last, legend=legend)
    was_at = player.position
    player.pause()
    written, writer, finished = 0, None, False
    try:
        with Stage(window, options) as stage:
            if path.suffix.lower() == ".gif":  # the palette sees the film's end too: paths drawn, points moved
                from .gif_writer import GifWriter, hex_rgb  # here: Pillow costs the app's start-up 16 ms

                writer = GifWriter(path, fps, samples=[stage.frame(positions[-1])],
                                   exact_colors=[hex_rgb(c) for c in COLORS])
            else:
                writer = _Mp4Writer(path, fps)
            for index, position in enumerate(positions):
                if cancelled is not None and cancelled():
                    break
                writer.append(stage.frame(position))
                written += 1
                if progress is not None:
                    progress(index + 1, len(positions))
        finished = True
    finally:
        if writer is not None:
            writer.close()
        if not finished:  # an error half way: no broken file is left behind
            path.unlink(missing_ok=True)
        player.seek(was_at)
        window.show_frame(player.position)
    return written


def export_animation_with_dialog(window, path, **options) -> int:
    """export_animation behind a progress dialog with Cancel; a cancelled export leaves no file."""
    dialog = QProgressDialog("Exporting the animation…", "Cancel", 0, 1, window)
    dialog.setWindowTitle("Export animation")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        QCoreApplication.processEvents()

    try:
        written = export_animation(window, path, progress=progress, cancelled=dialog.wasCanceled, **options)
        if dialog.wasCanceled():
            Path(path).unlink(missing_ok=True)
            return 0
        return written
    finally:
        dialog.close()
        dialog.deleteLater()


def _render(widget: QWidget, painter: QPainter) -> None:
    """The widget with its frame and children (QGraphicsView.render would draw only its scene)."""
    if isinstance(widget, QGraphicsView) and hasattr(widget.scene(), "prepareForPaint"):
        widget.scene().prepareForPaint()  # pyqtgraph updates its items just before they are painted
    QWidget.render(widget, painter, QPoint(0, 0))


def export_view_png(widget: QWidget, path, scale: float = 2.0) -> str:
    """The widget as a PNG `scale` times its size on screen, drawn at that resolution (not enlarged
    pixels): a pyqtgraph plot through its ImageExporter, any other widget rendered by Qt."""
    path = Path(path)
    if path.suffix.lower() != ".png" or not path.parent.is_dir():
        raise ValueError(f"{path}: give a .png file in an existing folder")
    if not 0.1 <= scale <= 16:
        raise ValueError(f"scale {scale}: give a factor from 0.1 to 16")
    import pyqtgraph as pg
    import pyqtgraph.exporters

    if isinstance(widget, pg.GraphicsView):
        exporter = pyqtgraph.exporters.ImageExporter(widget.scene())
        exporter.parameters()["width"] = max(1, round(widget.width() * scale))
        if not exporter.export(str(path)):  # pyqtgraph returns QImage.save's answer: no reason given
            raise ValueError(f"{path}: could not be written (check the folder and the free space)")
        return str(path)
    image = QImage(max(1, round(widget.width() * scale)), max(1, round(widget.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        _render(widget, painter)
    finally:
        painter.end()
    if not image.save(str(path)):
        raise ValueError(f"{path}: could not be written")
    return str(path)


def export_view_svg(widget: QWidget, path) -> str:
    """The widget as SVG, drawn by Qt's own SVG generator: plots, labels and tables stay vectors
    and text. (pyqtgraph's SVGExporter fails on the path data
    Qt 6.11 writes: pyqtgraph #3485.)"""
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    if path.suffix.lower() != ".svg" or not path.parent.is_dir():
        raise ValueError(f"{path}: give a .svg file in an existing folder")
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(widget.size())
    generator.setViewBox(widget.rect())
    generator.setTitle(widget.windowTitle() or widget.objectName() or "Least Squares Lab")
    painter = QPainter(generator)
    try:
        _render(widget, painter)
    finally:
        painter.end()
    if not path.exists():
        raise ValueError(f"{path}: could not be written")
    return str(path)

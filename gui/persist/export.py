"""Exporting what the window shows: a recorded run as a GIF or MP4, a view as PNG or SVG.

The animation replays the window's recorded traces frame by frame (the player paused, so every
visible view redraws each frame), grabs the chosen widget and hands the pixels to imageio:
GIF through Pillow, MP4 through the ffmpeg that imageio-ffmpeg ships. The window is laid out
at least at its minimum size with the requested aspect ratio and the picture is scaled down to
the exact size asked for, so a small animation is the window a user sees, only smaller.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsView, QProgressDialog, QWidget

from engine.outputs import check_output_path

#: Without `frames`, every recorded step is a frame, up to this many (spread evenly).
MAX_DEFAULT_FRAMES = 300
FORMATS = (".gif", ".mp4")
#: Attempts at sizing the widget: each one corrects for the minimum sizes of the rest of the window.
LAYOUT_ATTEMPTS = 4


def check_animation_args(path: str | os.PathLike, *, fps: float = 20, size: tuple[int, int] = (960, 600),
                         frames: int | None = None) -> Path:
    """The output path, once the format, folder, size, rate and frame count are known to be usable;
    else ValueError naming what is wrong."""
    path = check_output_path(path, FORMATS, formats=".gif or .mp4 (an animation)")
    suffix = path.suffix.lower()
    width, height = size
    if not (16 <= width <= 8000 and 16 <= height <= 8000):
        raise ValueError(f"size {width}x{height}: each side must be from 16 to 8000 pixels")
    if suffix == ".mp4" and (width % 2 or height % 2):
        raise ValueError(f"size {width}x{height}: an MP4 (H.264, 4:2:0 colour) needs an even width and height")
    if not 0.1 <= fps <= 100:
        raise ValueError(f"fps {fps}: give a frame rate from 0.1 to 100")
    if frames is not None and not 1 <= frames <= 100_000:
        raise ValueError(f"frames {frames}: give from 1 to 100000 frames")
    return path


def frame_positions(length: int, frames: int | None = None) -> list[int]:
    """`frames` player positions spread evenly from the first to the last recorded step."""
    if length <= 0:
        return []
    count = min(length, MAX_DEFAULT_FRAMES) if frames is None else frames
    if count == 1:
        return [length - 1]
    return [int(round(v)) for v in np.linspace(0, length - 1, count)]


def image_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as a (height, width, 3) uint8 array (a copy: Qt may reuse the buffer)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width * 3].reshape(height, width, 3).copy()


def fit_image(image: QImage, size: tuple[int, int]) -> QImage:
    """Exactly `size`: scaled smoothly keeping the aspect ratio, centred on white if it differs."""
    width, height = size
    if (image.width(), image.height()) == (width, height):
        return image
    scaled = image.scaled(width, height, Qt.AspectRatioMode.KeepAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)
    if (scaled.width(), scaled.height()) == (width, height):
        return scaled
    canvas = QImage(width, height, QImage.Format.Format_RGB888)
    canvas.fill(QColor("white"))
    painter = QPainter(canvas)
    painter.drawImage((width - scaled.width()) // 2, (height - scaled.height()) // 2, scaled)
    painter.end()
    return canvas


def lay_out(top: QWidget, widget: QWidget, size: tuple[int, int]) -> None:
    """Resize `top` (a window or a floating dock) so that `widget` inside it has the aspect ratio
    of `size`, at least `size` and at least what the minimum sizes around it allow."""
    width, height = size
    scale = 1.0
    for _ in range(LAYOUT_ATTEMPTS):
        wanted = QSize(math.ceil(width * scale), math.ceil(height * scale))
        now = widget.size()
        top.resize(top.width() + wanted.width() - now.width(), top.height() + wanted.height() - now.height())
        QCoreApplication.processEvents()
        got = widget.size()
        if got == wanted:
            return
        scale = max(scale, got.width() / width, got.height() / height)


def _target(window, target: str) -> tuple[QWidget, QWidget]:
    """(what to resize, what to grab) for "window", "canvas" or a view's name."""
    if target == "window":
        return window, window
    if target == "canvas":
        return window, window.canvas
    window.show_view(target)
    dock = window.view_docks[target]
    dock.setFloating(True)  # on its own, so it can take any size whatever the docks around it need
    dock.show()
    QCoreApplication.processEvents()
    return dock, window.view(target)


class _Writer:
    """GIF frames go to Pillow (one palette per frame, looping forever); MP4 frames to ffmpeg."""

    def __init__(self, path: Path, fps: float):
        import imageio.v2 as iio2
        import imageio.v3 as iio3

        self.path = path
        self.gif = path.suffix.lower() == ".gif"
        self.duration_ms = int(round(1000 / fps))
        if self.gif:  # encoded in memory and written by Python: a failed write raises once, with its reason
            self._encoded = io.BytesIO()
            self._file = iio3.imopen(self._encoded, "w", plugin="pillow", extension=".gif")
        else:
            self._file = iio2.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                                         pixelformat="yuv420p", macro_block_size=1, quality=8,
                                         ffmpeg_log_level="error")

    def append(self, frame: np.ndarray) -> None:
        if self.gif:  # quantised at once (bits=8): a third of the memory until the file is written
            self._file.write(frame, is_batch=False, duration=self.duration_ms, loop=0, bits=8)
        else:
            self._file.append_data(frame)

    def close(self) -> None:
        self._file.close()
        if self.gif:
            self.path.write_bytes(self._encoded.getvalue())


def export_animation(window, path, *, fps: float = 20, size: tuple[int, int] = (960, 600), frames: int | None = None,
                     target: str = "window", progress=None, cancelled=None) -> int:
    """Replay the window's recorded run into a GIF or MP4 of exactly `size` pixels; returns the
    frames written (fewer than asked when `cancelled()` said stop: the partial file is kept).

    A GIF stores a frame identical to the one before as a longer display of it (Pillow), so
    its frame count can be lower when nothing on screen moved; an MP4 has every frame.
    """
    path = check_animation_args(path, fps=fps, size=size, frames=frames)
    player = window.player
    if window.race.running:
        raise ValueError("the solvers are still running: export when the run has finished")
    positions = frame_positions(player.length, frames)
    if not positions:
        raise ValueError("nothing to export: run at least one solver first")
    if target not in ("window", "canvas") and target not in [view.name for view in window.views]:
        names = ", ".join(view.name for view in window.views)
        raise ValueError(f"view {target!r}: unknown; choose window, canvas or one of {names}")
    was_at, saved_state, saved_size = player.position, window.saveState(), window.size()
    player.pause()
    written, writer, finished = 0, None, False
    try:
        top, widget = _target(window, target)
        lay_out(top, widget, size)
        writer = _Writer(path, fps)
        for index, position in enumerate(positions):
            if cancelled is not None and cancelled():
                break
            if position != player.position:
                player.seek(position)  # the window redraws on position_changed
            else:
                window.show_frame(position)
            if widget in window.views:
                widget.refresh(position)
            QCoreApplication.processEvents()
            writer.append(image_to_rgb(fit_image(widget.grab().toImage(), size)))
            written += 1
            if progress is not None:
                progress(index + 1, len(positions))
        finished = True
    finally:
        if writer is not None:
            writer.close()
        if not finished:  # an error half way: no broken file is left behind
            path.unlink(missing_ok=True)
        window.restoreState(saved_state)
        window.resize(saved_size)
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

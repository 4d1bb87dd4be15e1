"""What an exported film shows, frame by frame: the canvas, one view, both side by side (the
presenter layout) or the whole window, at exactly the size asked, with the legend strip below.

A `Stage` lays the window out for the film (a view filmed on its own floats in its own dock, so it
can take any size; the canvas is sized through the window), grabs each picture the user would see,
scales it into its place and draws the legend; leaving the stage puts the window back as it was.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from .film_legend import LegendEntry, draw_legend, legend_height

#: Attempts at sizing a widget: each one corrects for the minimum sizes of the rest of the window.
LAYOUT_ATTEMPTS = 4
#: "canvas+surface": the presenter layout, the canvas and the view side by side.
PRESENTER_JOIN = "+"


@dataclass(frozen=True)
class FilmOptions:
    """What to film and how: `target` "canvas", "window", a view's name or "canvas+<view>";
    `first`/`last` player positions (None: the run's first/last); `frames` None for one per step."""

    size: tuple[int, int] = (960, 540)
    fps: float = 20
    frames: int | None = None
    target: str = "canvas"
    first: int | None = None
    last: int | None = None
    legend: bool = True


def frame_positions(first: int, last: int, count: int | None = None) -> list[int]:
    """The player position of every frame: each step from `first` to `last` once, or `count`
    frames spread evenly over them (steps repeated or skipped evenly), the last frame the last step."""
    if last < first:
        return []
    if count is None:
        return list(range(first, last + 1))
    if count == 1:
        return [last]
    return [int(v) for v in np.floor(np.linspace(first, last, count) + 0.5)]


def target_parts(target: str, view_names) -> list[str]:
    """The pictures side by side for `target` ("canvas+surface" → ["canvas", "surface"]);
    ValueError naming the choices when one is unknown."""
    parts = target.split(PRESENTER_JOIN) if target else [""]
    known = ("window", "canvas", *view_names)
    for part in parts:
        if part not in known:
            raise ValueError(f"view {part!r}: unknown; choose window, canvas, one of {', '.join(view_names)}, "
                             f"or canvas{PRESENTER_JOIN}<view> for both side by side")
    if len(parts) > 2 or len(set(parts)) != len(parts) or (len(parts) == 2 and "window" in parts):
        raise ValueError(f"view {target!r}: side by side takes two different pictures, e.g. canvas+surface")
    return parts


def image_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as a (height, width, 3) uint8 array (a copy: Qt may reuse the buffer)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width * 3].reshape(height, width, 3).copy()


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


def _draw_fitted(painter: QPainter, picture: QImage, rect: QRect) -> None:
    """`picture` scaled smoothly into `rect` keeping its aspect ratio, centred."""
    if picture.size() != rect.size():
        picture = picture.scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
    painter.drawImage(rect.left() + (rect.width() - picture.width()) // 2,
                      rect.top() + (rect.height() - picture.height()) // 2, picture)


class Stage:
    """`with Stage(window, options) as stage:` the window laid out for the film; `stage.frame(p)`
    the frame at player position p as an RGB array. On leaving, the window is as it was."""

    def __init__(self, window, options: FilmOptions):
        self.window = window
        self.options = options
        self.parts = target_parts(options.target, [view.name for view in window.views])
        self._keys = [r.key for r in window.race.requests] if options.legend else []

    def _legend_rows(self, position: int | None = None) -> list[LegendEntry]:
        """Each solver's row; failed ones marked once the film reaches their end (None: at the end)."""
        lab = self.window.lab
        rows = []
        for key in self._keys:
            result = lab.results.get(key)
            failed = result is not None and not result.ok and (position is None or lab.at_end(key, position))
            rows.append(LegendEntry(lab.solver_label(key), lab.solver_look(key), failed))
        return rows

    def _caption(self, position: int) -> str:
        return f"step {position} of {max(self.window.player.length - 1, 0)}" if self.options.legend else ""

    def _rects(self) -> list[QRect]:
        width, height = self.options.size
        strip = legend_height(self._legend_rows(), width, height, self._caption(self.window.player.length))
        content = height - strip if self.options.legend else height
        count = len(self.parts)
        return [QRect(i * width // count, 0, (i + 1) * width // count - i * width // count, content)
                for i in range(count)]

    def __enter__(self) -> Stage:
        window = self.window
        self._saved = (window.saveState(), window.size())
        legend = getattr(window.canvas, "legend", None)  # the film's strip replaces the one over the data
        self._canvas_legend = legend if legend is not None and legend.isVisible() else None
        self.rects = self._rects()
        self.widgets = []
        for part, rect in zip(self.parts, self.rects, strict=True):  # views first: they leave the window
            if part not in ("window", "canvas"):
                window.show_view(part)
                dock = window.view_docks[part]
                dock.setFloating(True)  # on its own, so it can take any size whatever the docks around need
                dock.show()
                QCoreApplication.processEvents()
                lay_out(dock, window.view(part), (rect.width(), rect.height()))
        for part, rect in zip(self.parts, self.rects, strict=True):
            if part in ("window", "canvas"):
                lay_out(window, window if part == "window" else window.canvas, (rect.width(), rect.height()))
            self.widgets.append(window if part == "window" else window.canvas if part == "canvas"
                                else window.view(part))
        return self

    def __exit__(self, *exc) -> None:
        window = self.window
        if self._canvas_legend is not None:
            self._canvas_legend.setVisible(True)
        window.restoreState(self._saved[0])
        window.resize(self._saved[1])

    def frame(self, position: int) -> np.ndarray:
        """Show `position` everywhere, grab the pictures and compose the frame."""
        window, player = self.window, self.window.player
        if position != player.position:
            player.seek(position)  # the window redraws on position_changed
        else:
            window.show_frame(position)
        for widget in self.widgets:
            if widget in window.built_views():
                widget.refresh(position)
        if self._canvas_legend is not None:
            self._canvas_legend.setVisible(False)
        QCoreApplication.processEvents()
        width, height = self.options.size
        image = QImage(width, height, QImage.Format.Format_RGB888)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            for widget, rect in zip(self.widgets, self.rects, strict=True):
                _draw_fitted(painter, widget.grab().toImage(), rect)
            if self.options.legend:
                strip = QRect(0, self.rects[0].height(), width, height - self.rects[0].height())
                draw_legend(painter, strip, self._legend_rows(position), self._caption(position), height)
        finally:
            painter.end()
        return image_to_rgb(image)

"""A GIF that has exactly the frames it was given, and is small enough for a slide deck.

imageio hands frames to Pillow, which gives every frame its own palette (the same pixel gets a
different index from frame to frame, so nothing compresses) and silently merges a frame with the
one before when they are equal (a film of 60 frames came out with 17). Here every frame is
written, all of them share one palette (built once from sample frames, plus the colours that
must stay exact, such as the solvers'), colours are mapped to it without dithering (dithering
is noise that changes every frame), and each frame stores only the rectangle that changed, with
its unchanged pixels transparent, so the encoder sees long runs of one index. Pillow's LZW
encoder (`GifImagePlugin.getdata`) writes the pixels.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from PIL import GifImagePlugin, Image

#: Palette index 255 is "unchanged since the last frame" (transparent); 255 real colours remain.
TRANSPARENT = 255
PALETTE_COLORS = 255
#: Disposal 1: a frame stays on screen under the next one (which draws only what changed).
KEEP = 1
#: Colours every frame needs exactly: white, black and a grey ramp for text and axes.
GREYS = tuple((v, v, v) for v in range(0, 256, 17))


def hex_rgb(color: str) -> tuple[int, int, int]:
    """"#D55E00" as (213, 94, 0)."""
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def shared_palette(samples: Sequence[np.ndarray], exact: Iterable[tuple[int, int, int]] = ()) -> list[tuple]:
    """At most PALETTE_COLORS colours: `exact` ones and the greys first, the rest chosen by
    Pillow's median cut over the sample frames (stacked, so every sample has its say)."""
    fixed = list(dict.fromkeys([*exact, *GREYS]))[:PALETTE_COLORS]
    stacked = Image.fromarray(np.concatenate([np.ascontiguousarray(s, dtype=np.uint8) for s in samples]))
    room = PALETTE_COLORS - len(fixed)
    chosen = stacked.quantize(colors=room, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = chosen.getpalette()[: 3 * room]
    adaptive = [tuple(flat[i: i + 3]) for i in range(0, len(flat), 3)]
    return list(dict.fromkeys([*fixed, *adaptive]))[:PALETTE_COLORS]


def _palette_image(colors: Sequence[tuple]) -> Image.Image:
    """A "P" image whose palette is `colors`, padded with copies of the first (never nearer than it)."""
    padded = [*colors, *([colors[0]] * (256 - len(colors)))]
    image = Image.new("P", (1, 1))
    image.putpalette([channel for color in padded for channel in color])
    return image


class GifWriter:
    """`append(rgb)` for each frame, then `close()`; the file is written only then, whole (a
    failed write raises once, with its reason). Frame i lasts so that frames 0..i end at
    round((i + 1) · 100 / fps) hundredths of a second: the film's length is exact at any rate."""

    def __init__(self, path: str | Path, fps: float, *, samples: Sequence[np.ndarray] = (),
                 exact_colors: Iterable[tuple[int, int, int]] = ()):
        self.path = Path(path)
        self.fps = fps
        self.frames = 0
        self._samples = list(samples)
        self._exact = list(exact_colors)
        self._palette: Image.Image | None = None
        self._previous: np.ndarray | None = None
        self._body = io.BytesIO()
        self._size: tuple[int, int] | None = None

    def _duration_cs(self, index: int) -> int:
        return round((index + 1) * 100 / self.fps) - round(index * 100 / self.fps)

    def _indices(self, rgb: np.ndarray) -> np.ndarray:
        if self._palette is None:
            colors = shared_palette([rgb, *self._samples], self._exact)
            self._palette = _palette_image(colors)
            self._colors = colors
        indices = np.asarray(Image.fromarray(rgb).quantize(palette=self._palette, dither=Image.Dither.NONE))
        return np.where(indices < len(self._colors), indices, 0).astype(np.uint8)  # padding = colour 0

    def append(self, rgb: np.ndarray) -> None:
        """One frame, a (height, width, 3) uint8 array of the film's size."""
        rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
        height, width = rgb.shape[:2]
        if self._size is None:
            self._size = (width, height)
        elif self._size != (width, height):
            raise ValueError(f"frame {self.frames}: {width}x{height}, the film is {self._size[0]}x{self._size[1]}")
        indices = self._indices(rgb)
        offset, patch = (0, 0), indices
        if self._previous is not None:
            changed = indices != self._previous
            rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
            if rows.size == 0:  # nothing moved: one transparent pixel keeps the frame (and its time)
                offset, patch = (0, 0), np.full((1, 1), TRANSPARENT, dtype=np.uint8)
            else:
                top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
                patch = indices[top:bottom, left:right].copy()
                patch[~changed[top:bottom, left:right]] = TRANSPARENT
                offset = (int(left), int(top))
        self._previous = indices
        frame = Image.fromarray(np.ascontiguousarray(patch))  # indices into the global table ("L" raw bytes)
        options = {"duration": 10 * self._duration_cs(self.frames), "disposal": KEEP}
        if self.frames:
            options["transparency"] = TRANSPARENT
        for chunk in GifImagePlugin.getdata(frame, offset=offset, **options):
            self._body.write(chunk)
        self.frames += 1

    def _header(self) -> bytes:
        width, height = self._size
        palette = bytes(channel for color in [*self._colors, *([(0, 0, 0)] * (256 - len(self._colors)))]
                        for channel in color)
        screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0)  # global table of 256 colours
        loop = b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00"  # loop forever
        return screen + palette + loop

    def close(self) -> None:
        """Write the file (nothing when no frame was appended)."""
        if self._size is None:
            return
        self.path.write_bytes(self._header() + self._body.getvalue() + b";")

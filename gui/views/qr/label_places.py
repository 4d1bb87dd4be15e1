"""Where a vector's label goes: beside its arrow, never on an arrow, an arrow head, the right-angle
mark or another label (issue 14: "labels never sit on arrows or on the right-angle mark").

Labels keep their size in pixels while the arrows scale with the view, so places are chosen in
scene (pixel) coordinates: each label tries the places its arrow prefers, then the other sides
of its tip and of its shaft, a little further out each round, and takes the first that touches
nothing (else the one that touches least). The chosen gap is written into the label's anchor
(pixels divided by the label's size), so a later change of range keeps it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF

#: Clearance kept around a label (pixels).
MARGIN = 3.0
#: How far from the arrow a label may go, nearest first (pixels).
GAPS = (6.0, 16.0, 32.0, 56.0)
#: Turns tried around the tip (degrees from "straight ahead", counter-clockwise on screen).
TIP_TURNS = (0, 45, -45, 90, -90, 135, -135)
#: Places along the shaft tried on either side (fraction of the way from tail to head).
SHAFT_PLACES = (0.5, 0.75, 0.25)
#: A direction this close to an axis anchors the label at the middle of its side.
_SIDE = math.sin(math.radians(22.5))


@dataclass(frozen=True)
class Obstacles:
    """What labels must keep off, in scene coordinates: line segments and rectangles."""

    segments: Sequence[tuple[np.ndarray, np.ndarray]]
    rects: Sequence[QRectF]


@dataclass(frozen=True)
class Place:
    """A label's place: the point on its arrow (fraction `at` from tail to head), the direction to
    move off it (turn from the arrow's direction) and how far (pixels)."""

    at: float
    turn: float
    gap: float


def candidate_places(at: float, turn: float) -> list[Place]:
    """The arrow's own preference first, then around the tip, then beside the shaft, nearest first."""
    places = []
    for gap in GAPS:
        places.append(Place(at, turn, gap))
        places += [Place(1.0, t, gap) for t in TIP_TURNS]
        places += [Place(f, t, gap) for f in SHAFT_PLACES for t in (90, -90)]
    return list(dict.fromkeys(places))


def anchor_for(direction: np.ndarray) -> tuple[float, float]:
    """The label's anchor (0…1 each way) that puts the whole label on the `direction` side of its
    point: (0, 0.5) to the right, (1, 1) up and to the left (scene y grows downwards)."""
    def side(component: float) -> float:
        return 0.5 if abs(component) < _SIDE else (0.0 if component > 0 else 1.0)

    return side(float(direction[0])), side(float(direction[1]))


def label_rect(point: np.ndarray, direction: np.ndarray, gap: float, size: tuple[float, float]) -> QRectF:
    """The rectangle a label of `size` takes when put `gap` pixels from `point` towards `direction`."""
    ax, ay = anchor_for(direction)
    corner = point + gap * direction - np.array([ax * size[0], ay * size[1]])
    return QRectF(float(corner[0]), float(corner[1]), size[0], size[1])


def segment_hits_rect(p0: np.ndarray, p1: np.ndarray, rect: QRectF) -> bool:
    """Does the segment p0–p1 cross or touch the rectangle? (Liang–Barsky clipping.)"""
    d = p1 - p0
    t0, t1 = 0.0, 1.0
    for p, q in ((-d[0], p0[0] - rect.left()), (d[0], rect.right() - p0[0]),
                 (-d[1], p0[1] - rect.top()), (d[1], rect.bottom() - p0[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def hits(rect: QRectF, obstacles: Obstacles) -> int:
    """How many obstacles the rectangle (with its margin) touches."""
    grown = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return (sum(segment_hits_rect(a, b, grown) for a, b in obstacles.segments)
            + sum(grown.intersects(other) for other in obstacles.rects))


def choose_place(tail: np.ndarray, head: np.ndarray, preferred: Place, size: tuple[float, float],
                 obstacles: Obstacles, inside: QRectF | None = None) -> tuple[Place, np.ndarray, QRectF]:
    """The first candidate place touching no obstacle (within `inside` if it can), else the least bad.

    `tail`, `head` are the arrow's ends in scene coordinates; returns the place, the unit direction
    the label moves off in (scene coordinates) and the label's rectangle there.
    """
    shaft = head - tail
    length = float(np.hypot(*shaft))
    forward = shaft / length if length > 0 else np.array([1.0, 0.0])
    best = None
    for index, place in enumerate(candidate_places(preferred.at, preferred.turn)):
        angle = math.radians(place.turn)
        # counter-clockwise on screen, where y grows downwards
        direction = np.array([forward[0] * math.cos(angle) + forward[1] * math.sin(angle),
                              -forward[0] * math.sin(angle) + forward[1] * math.cos(angle)])
        rect = label_rect(tail + place.at * shaft, direction, place.gap, size)
        outside = inside is not None and not inside.contains(rect)
        score = (hits(rect, obstacles), outside, index)
        if best is None or score < best[0]:
            best = (score, place, direction, rect)
        if score[:2] == (0, False):
            break
    return best[1], best[2], best[3]


def rect_of_points(points: Iterable[QPointF]) -> QRectF:
    xs, ys = zip(*((p.x(), p.y()) for p in points))
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

"""The canvas at scale: zoomed out, a density image of the view in which every point's pixel is
shaded; zoomed in, the points themselves, which can be dragged and the drag undone."""

from __future__ import annotations

import numpy as np
import pytest

from gui.data.canvas import PointCanvas
from gui.data.canvas_density import DENSITY_PIXELS, DENSITY_THRESHOLD
from gui.data.points import PointsModel
from tests.gui.test_points_and_canvas import click, drag

N = 200_000


def cloud() -> tuple[np.ndarray, np.ndarray]:
    """A dense blob, a thin line of points and three lone outliers."""
    rng = np.random.default_rng(7)
    x = np.r_[rng.normal(5, 1, N - 2_003), np.linspace(0, 10, 2_000), [-3.0, 14.0, 6.5]]
    y = np.r_[rng.normal(3, 0.5, N - 2_003), np.linspace(8, 9, 2_000), [-2.0, 12.0, -4.0]]
    return x, y


@pytest.fixture
def canvas(qtbot):
    widget = PointCanvas(PointsModel())
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    x, y = cloud()
    widget.model.set_points(x, y)
    widget.auto_range()
    return widget


def showing_everything(canvas: PointCanvas) -> bool:
    rect, _ = canvas.density_grid()
    x, y = canvas.model.x, canvas.model.y
    return canvas.density_mode and np.allclose([rect.left(), rect.right(), rect.top(), rect.bottom()],
                                               [x.min(), x.max(), y.min(), y.max()])


def test_zoomed_out_every_point_is_in_a_shaded_bin(qtbot, canvas):
    qtbot.waitUntil(lambda: showing_everything(canvas))
    assert canvas.density_item.isVisible() and canvas.points_item.data.size == 0
    rect, (nx, ny) = canvas.density_grid()
    px, py = (abs(v) for v in canvas.plotItem.vb.viewPixelSize())
    assert abs(nx - rect.width() / (px * DENSITY_PIXELS)) <= 1  # screen resolution, not a fixed grid
    assert abs(ny - rect.height() / (py * DENSITY_PIXELS)) <= 1
    x, y = canvas.model.x, canvas.model.y
    counts, _, _ = np.histogram2d(x, y, bins=(nx, ny), range=[[rect.left(), rect.right()],
                                                               [rect.top(), rect.bottom()]])
    image = canvas.density_item.image
    assert image.shape == counts.shape
    assert counts.sum() == N
    assert np.all(image[counts > 0] > 0), "a bin holding points is drawn empty"
    assert np.all(image[counts == 0] == 0), "an empty bin is shaded"
    lut = canvas.density_item.lut
    assert np.all(lut[1:, 3] == 255) and lut[0, 3] == 0  # every non-empty bin opaque, empty ones clear
    # denser bins are darker: the blob's centre against a lone outlier's bin
    centre = np.unravel_index(np.argmax(counts), counts.shape)
    assert image[centre] == 255 and image[-1, -1] < image[centre]


def test_zoomed_in_the_points_are_drawn_and_can_be_dragged(qtbot, canvas):
    vb = canvas.plotItem.vb
    vb.setRange(xRange=(0.5, 2.5), yRange=(7.5, 9.5), padding=0)  # a stretch of the line, no blob
    qtbot.waitUntil(lambda: not canvas.density_mode)
    assert not canvas.density_item.isVisible()
    x, y = canvas.model.x, canvas.model.y
    in_view = (x >= 0.5) & (x <= 2.5) & (y >= 7.5) & (y <= 9.5)
    assert 0 < np.count_nonzero(in_view) <= DENSITY_THRESHOLD
    drawn = {(float(a), float(b)) for a, b in zip(canvas.points_item.data["x"], canvas.points_item.data["y"])}
    assert {(float(a), float(b)) for a, b in zip(x[in_view], y[in_view])} <= drawn

    i = int(np.flatnonzero(in_view)[len(np.flatnonzero(in_view)) // 2])
    before_x, before_y = float(x[i]), float(y[i])
    vb.setRange(xRange=(before_x - 0.02, before_x + 0.02), yRange=(before_y - 0.5, before_y + 0.5), padding=0)
    qtbot.waitUntil(lambda: not canvas.density_mode and canvas.points_item.data.size > 0)
    drag(qtbot, canvas, (before_x, before_y), (before_x, before_y + 0.3))
    assert canvas.model.count == N
    moved = np.flatnonzero((canvas.model.x != x) | (canvas.model.y != y))
    assert moved.tolist() == [i]
    assert canvas.model.y[i] == pytest.approx(before_y + 0.3, abs=0.05)
    canvas.model.undo_stack.undo()
    assert canvas.model.x[i] == before_x and canvas.model.y[i] == before_y


def test_zooming_out_again_brings_the_density_back(qtbot, canvas):
    vb = canvas.plotItem.vb
    vb.setRange(xRange=(0.5, 2.5), yRange=(7.5, 9.5), padding=0)
    qtbot.waitUntil(lambda: not canvas.density_mode)
    canvas.auto_range()
    qtbot.waitUntil(lambda: showing_everything(canvas))
    assert canvas.density_item.isVisible() and not canvas.interaction.points_grabbable


def test_a_click_in_density_mode_adds_a_point_and_keeps_the_density(qtbot, canvas):
    qtbot.waitUntil(lambda: showing_everything(canvas))

    click(canvas, 12.0, 10.0)
    assert canvas.model.count == N + 1 and canvas.density_mode
    rect, _ = canvas.density_grid()
    assert rect.contains(12.0, 10.0)

"""The geometry view in front of a class (issue 14, point 5 and point 1): Gram-Schmidt drawn one
idea per step, every label off every arrow, arrow head, right-angle mark and other label, and at
presentation ×2 in a dock of about 640 × 560 nothing cut: no title, no tick, no caption.

The two points (1, 3), (2, 5) with y = a + b·x: A = [1 x], v₁ = [1, 1], q₁ = [1, 1]/√2,
r₁₂ = 3/√2, the projection r₁₂q₁ = [3/2, 3/2], v₂⊥ = [1, 2] − [3/2, 3/2] = [−1/2, 1/2], q₂ = [−1, 1]/√2.
"""

import math

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, QRectF, QSettings
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel

from gui.presentation import install_presentation
from gui.views.qr.geometry import PICK_A_QR_SOLVER

from .driving import run_to_end
from .text_fit import SLACK, clipped_texts

R2 = math.sqrt(2)
#: What each position of the player adds to the picture of the two points (cgs and mgs alike).
PHASE_PICTURES = [({"v1", "q1"}, "normalise"), ({"v1", "q1", "v2", "proj2"}, "project"),
                  ({"v1", "q1", "v2", "proj2", "perp2"}, "subtract"),
                  ({"v1", "q1", "v2", "proj2", "perp2", "q2"}, "normalise")]


def geometry(window):
    window.show_view("geometry")
    return window.view("geometry")


def show(window, view, position):
    window.player.seek(position)
    view.refresh(window.player.position)
    view.grab()  # paint once: pyqtgraph places its text items when it paints
    return view.drawn_vectors()


def present_in_small_dock(qtbot, window, tmp_path, scale=2.0):
    """Presentation mode at `scale` with the geometry view alone in a floating dock of 640 × 560."""
    window.presentation = install_presentation(window, QSettings(str(tmp_path / "settings.ini"),
                                                                 QSettings.Format.IniFormat))
    window.presentation.enter(scale)
    dock = window.view_docks["geometry"]
    dock.setFloating(True)
    dock.resize(640, 560)
    qtbot.waitUntil(lambda: dock.width() == 640 and dock.height() == 560)
    qtbot.wait(100)  # the plots restyle on their scenes' next change (fonts ×2), then lay out again
    return dock


def squeezed_plots(root) -> list[str]:
    """Plots whose contents ask for more room than the plot has (a title or legend forcing it wider):
    pyqtgraph then squeezes the whole picture, and text runs into text."""
    found = []
    for plot in root.findChildren(pg.GraphicsView):
        central = plot.centralWidget
        if not plot.isVisible() or central is None:
            continue
        need = central.minimumSize()
        room = plot.viewport().size()
        if need.width() > room.width() + SLACK or need.height() > room.height() + SLACK:
            found.append(f"{type(plot).__name__} needs {need.width():.0f}×{need.height():.0f}, "
                         f"has {room.width()}×{room.height()}")
    return found


def _segment_touches(a: np.ndarray, b: np.ndarray, rect: QRectF) -> bool:
    """Sampled every half pixel: independent of the view's own clipping arithmetic."""
    steps = max(2, int(np.hypot(*(b - a)) * 2))
    return any(rect.contains(QPointF(*(a + t * (b - a)))) for t in np.linspace(0, 1, steps))


def drawn_rect(view, item) -> QRectF:
    """Where an item is drawn on the view, in scene coordinates (as the labels' sceneBoundingRect): through
    its device transform, which honours ItemIgnoresTransformations (an arrow head keeps its size in pixels)."""
    device = item.deviceTransform(view.viewportTransform()).mapRect(item.boundingRect())
    return view.mapToScene(device.toAlignedRect()).boundingRect()


def label_collisions(plane) -> list[str]:
    """Every label that touches an arrow (shaft or head), the right-angle mark or another label."""
    labels = {name: drawn_rect(plane, arrow.label) for name, arrow in plane.arrows.items()
              if arrow.visible and arrow.label.isVisible()}
    found = []
    for name, rect in labels.items():
        for other, arrow in plane.arrows.items():
            if not arrow.visible:
                continue
            x, y = arrow.line.getData()
            a, b = (np.array([p.x(), p.y()]) for p in (arrow.line.mapToScene(QPointF(x[i], y[i])) for i in (0, 1)))
            if _segment_touches(a, b, rect):
                found.append(f"label {name} on the arrow {other}")
            if arrow.head.isVisible() and rect.intersects(drawn_rect(plane, arrow.head)):
                found.append(f"label {name} on the head of {other}")
        if plane.corner.isVisible() and rect.intersects(drawn_rect(plane, plane.corner)):
            found.append(f"label {name} on the right-angle mark")
        found += [f"label {name} on the label {other}" for other, rect2 in labels.items()
                  if other > name and rect.intersects(rect2)]
    return found


@pytest.mark.parametrize("method", ["cgs", "mgs"])
def test_two_points_are_drawn_one_idea_per_step_from_the_steps_numbers(qtbot, window, method):
    view = geometry(window)
    window.points.set_points([1.0, 2.0], [3.0, 5.0])
    window.model_controls.set_options(basis_order="ascending")
    run_to_end(qtbot, window, [method])
    expected = {"v1": [1, 1], "q1": [1 / R2, 1 / R2], "v2": [1, 2], "proj2": [3 / 2, 3 / 2],
                "perp2": [-1 / 2, 1 / 2], "q2": [-1 / R2, 1 / R2]}
    for position, (names, phase) in enumerate(PHASE_PICTURES):
        drawn = show(window, view, position)
        assert set(drawn) == names, position
        assert f", {phase}:" in view.caption.text()
        for name in names:
            np.testing.assert_allclose(drawn[name], expected[name], atol=1e-12)
    show(window, view, 1)
    assert "r₁₂ = q₁·v₂ = 2.121" in view.caption.text()  # 3/√2 = 2.1213…


@pytest.mark.parametrize("order", ["ascending", "descending"])
@pytest.mark.parametrize("presenting", [False, True])
def test_labels_never_sit_on_arrows_on_the_right_angle_or_on_each_other(qtbot, window, tmp_path, order, presenting):
    view = geometry(window)
    window.points.set_points([1.0, 2.0], [3.0, 5.0])
    window.model_controls.set_options(basis_order=order)
    run_to_end(qtbot, window, ["cgs"])
    if presenting:
        present_in_small_dock(qtbot, window, tmp_path)
    plane = view.column_plane
    for position in range(len(PHASE_PICTURES)):
        show(window, view, position)
        assert label_collisions(plane) == [], (position, order, presenting)
        inside = plane.plot.getViewBox().sceneBoundingRect()
        for name, arrow in plane.arrows.items():
            if arrow.visible:
                assert inside.contains(drawn_rect(plane, arrow.label)), name  # and none is cut by the plot's edge


def _last_tick_outside(plot_widget, p: int) -> list[str]:
    """The tick label of the last column where it is not drawn whole inside the plot widget (or missing)."""
    axis = plot_widget.getPlotItem().getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        texts = axis.generateDrawSpecs(painter)[2]
    finally:
        painter.end()
    shown = plot_widget.mapToScene(plot_widget.viewport().rect()).boundingRect()
    rects = [axis.mapRectToScene(QRectF(rect)) for rect, _flags, text in texts if text == str(p)]
    if not rects:
        return [f"no tick {p} among {[text for _rect, _flags, text in texts]}"]
    return [f"tick {p} at {rect} outside {shown}" for rect in rects if not shown.contains(rect)]


def test_at_presentation_twice_the_size_in_a_small_dock_nothing_is_cut(qtbot, window, tmp_path):
    view = geometry(window)
    window.load_dataset("nist-pontius")  # 40 points, p = 3: the projection, R and the orthogonality curves
    run_to_end(qtbot, window, ["cgs"])
    dock = present_in_small_dock(qtbot, window, tmp_path)
    show(window, view, 0)
    assert squeezed_plots(dock) == [] and clipped_texts(dock) == []  # as it first shows
    pictures = view.pictures
    for position in (0, 1, window.player.length - 1):
        show(window, view, position)
        for picture in (view.projection_picture, *view.factor_pictures):
            if pictures.compact:
                pictures.tabs.setCurrentWidget(picture)
            view.grab()
            qtbot.wait(50)
            assert pictures.is_shown(picture)
            assert clipped_texts(dock) == [], (position, picture.tab_text)
            assert squeezed_plots(dock) == [], (position, picture.tab_text)
            assert QLabel.text(view.caption) == view.caption.text()  # shown whole, not cut with "…"
    orthogonality = view.factor_pictures[1]
    assert "orthogonality lost" in orthogonality.title.text()
    view.grab()
    qtbot.wait(50)  # pyqtgraph grows an axis for a bigger tick font after its first paint
    view.grab()
    assert _last_tick_outside(view.orthogonality_plot, 3) == []


@pytest.mark.parametrize("points", [[(1.0, 3.0), (2.0, 5.0)], [(0.0, 1.0), (1.0, 2.0), (2.0, 2.0), (3.0, 4.0)]])
def test_the_pick_a_qr_solver_caption_is_whole_at_presentation_sizes(qtbot, window, tmp_path, points):
    view = geometry(window)
    window.points.set_points([x for x, _ in points], [y for _, y in points])
    run_to_end(qtbot, window, ["gd"], gd={"max_iter": 5})
    dock = present_in_small_dock(qtbot, window, tmp_path)
    show(window, view, 0)
    assert PICK_A_QR_SOLVER in view.caption.text()
    assert QLabel.text(view.caption) == view.caption.text()
    assert clipped_texts(dock) == [] and squeezed_plots(dock) == []

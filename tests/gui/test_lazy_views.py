"""The teaching views are built when first shown: the window opens with only the one in front,
and a view built later shows the same run as one that was there from the start."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gui.views import VIEWS

from .driving import run_to_end

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", VIEWS, ids=[spec.name for spec in VIEWS])
def test_each_listed_view_names_its_own_class(spec):
    view_class = spec.load()
    assert (view_class.name, view_class.title) == (spec.name, spec.title)


def test_the_window_opens_with_only_the_view_in_front_built(window):
    in_front = {name for name, dock in window.view_docks.items()
                if dock.isVisible() and not dock.visibleRegion().isEmpty()}
    assert in_front == {"geometry"}  # the left tab group shows it; the table of solvers hides the rest
    assert [view.name for view in window.built_views()] == ["geometry"]
    window.show_view("convergence")
    assert [view.name for view in window.built_views()] == ["geometry", "convergence"]
    assert window.view_docks["convergence"].widget() is window.view("convergence")


def test_a_view_first_shown_after_a_run_draws_that_run(qtbot, window):
    window.load_dataset("seed-2pt")  # (1, 3), (2, 5): L(θ) = ½‖Aθ − y‖² with A = [[1, 1], [1, 2]]
    window.model_controls.set_options(loss="sum")
    run_to_end(qtbot, window, ["gd"], gd={"lr": 0.1, "max_iter": 50, "tol": 0.0})
    assert "convergence" not in [view.name for view in window.built_views()]
    window.show_view("convergence")
    slot = window.view("convergence").items("gd")
    a, y = np.array([[1.0, 1.0], [1.0, 2.0]]), np.array([3.0, 5.0])
    theta = np.zeros(2)
    expected = []
    for _ in range(51):  # gradient descent written out: θ ← θ − 0.1·Aᵀ(Aθ − y)
        residual = a @ theta - y
        expected.append(0.5 * residual @ residual)
        theta = theta - 0.1 * a.T @ residual
    np.testing.assert_allclose(slot.curves[0].yData, expected, rtol=1e-9)  # the engine sums in another order


def test_opening_the_window_imports_neither_scipy_linalg_nor_the_hidden_views():
    """What keeps start-up short, checked in a fresh interpreter (timings live in `main.py bench`)."""
    script = (
        "import sys\n"
        "from gui.app import application, build_window\n"
        "app = application()\n"
        "window = build_window()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(' '.join(sorted(name for name in sys.modules if name.startswith(('scipy', 'gui.views.')))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert not [name for name in out if name.startswith("scipy")]
    hidden = {f"gui.views.{spec.module}" for spec in VIEWS if spec.name != "geometry"}
    assert not hidden & set(out)
    assert "gui.views.qr.geometry" in out


def test_the_left_views_open_at_their_share_of_the_width(window):
    """Built only when shown, the views cannot size their dock: the window gives it its share,
    what the canvas (half the width first) and the settings leave, at most LEFT_SHARE."""
    from gui.docking import CANVAS_SHARE, LEFT_SHARE

    width = window.width()
    dock = window.view_docks["geometry"]
    share = min(LEFT_SHARE * width, width - window.side_dock.width() - CANVAS_SHARE * width)
    assert abs(dock.width() - share) <= 0.02 * width
    assert window.canvas.width() >= 0.45 * width

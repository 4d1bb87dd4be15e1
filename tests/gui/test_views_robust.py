"""Every teaching view follows the player on awkward data and says why instead of failing."""

import numpy as np
import pytest

from gui.views import VIEWS

from .driving import open_window, run_to_end

AWKWARD = {
    "one parameter": dict(x=[1.0, 2.0, 3.0], y=[2.0, 4.1, 5.9], model={"intercept": False}),
    "all x equal": dict(x=[2.0, 2.0, 2.0, 2.0], y=[1.0, 2.0, 3.0, 4.0], model={}),
    "three parameters": dict(x=[0.0, 1.0, 2.0, 3.0, 4.0], y=[1.0, 0.5, 2.0, 4.5, 9.0], model={"degree": 2}),
}


@pytest.mark.parametrize("case", sorted(AWKWARD))
def test_every_view_follows_the_player_on_awkward_data(qtbot, case):
    data = AWKWARD[case]
    window = open_window(qtbot, (1400, 900))
    window.points.set_points(np.array(data["x"]), np.array(data["y"]))
    window.model_controls.set_options(**data["model"])
    run_to_end(qtbot, window, ["cgs", "householder", "gd", "newton"])
    assert {view.name for view in window.views} == {spec.name for spec in VIEWS}
    for view in window.views:
        window.show_view(view.name)
        for position in (0, 1, window.player.length - 1, 0):
            window.player.seek(position)
            view.refresh(position)  # must not raise
    window.close()


def test_huge_values_give_words_not_a_traceback(qtbot, window):
    """y near 1e200: lengths square past floating point; the geometry view still draws and writes."""
    window.show_view("geometry")
    window.points.set_points(np.array([1.0, 2.0, 3.0]), np.array([1e200, 3e200, 2e200]))
    view = window.view("geometry")
    assert "Pythagoras" in view.facts.text() and "inf" in view.facts.text()

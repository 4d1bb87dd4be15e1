"""The constrained fit in the window: Alt+click pins the curve through a point, the constrained
line drawn passes through it, the free fit is drawn dashed and named, undo takes the pin back,
and the Fit menu's dialog adds equations by keyboard. Expected lines from numpy, computed here."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from .driving import FINISH_MS, open_presentation_window, open_window, run_to_end
from .text_fit import clipped_texts

X = np.array([0.0, 1, 2, 3, 4, 5])
Y = np.array([1.0, 3, 5.5, 6.9, 9.2, 10.8])
LEFT, NONE, ALT = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.AltModifier


def alt_click(canvas, x, y) -> None:
    pos = canvas.mapFromScene(canvas.plotItem.vb.mapViewToScene(QPointF(x, y)))
    viewport = canvas.viewport()
    for kind, buttons in ((QEvent.Type.MouseButtonPress, LEFT), (QEvent.Type.MouseButtonRelease, NONE)):
        event = QMouseEvent(kind, QPointF(pos), QPointF(viewport.mapToGlobal(pos)), LEFT, buttons, ALT)
        QApplication.sendEvent(viewport, event)


def wait_for_run(qtbot, window, method) -> None:
    qtbot.waitUntil(lambda: not window.race.running and method in window.lab.results, timeout=FINISH_MS)
    window.player.seek(window.player.length - 1)
    window.show_frame(window.player.position)


def drawn_value(item, x) -> float:
    xs, ys = item.getData()
    return float(np.interp(x, xs, ys))


def constrained_line(x0, y0):
    """min Σ(y − B0 − B1·x)² with B0 + B1·x0 = y0, by the bordered KKT system."""
    a = np.column_stack([np.ones_like(X), X])
    c = np.array([[1.0, x0]])
    kkt = np.block([[a.T @ a, c.T], [c, np.zeros((1, 1))]])
    return np.linalg.solve(kkt, np.concatenate([a.T @ Y, [y0]]))[:2]


def test_alt_click_pins_the_line_through_the_point_and_the_free_fit_stays_drawn(qtbot):
    window = open_window(qtbot)
    try:
        window.points.set_points(X, Y)
        run_to_end(qtbot, window, ["householder"])
        canvas = window.canvas
        alt_click(canvas, 2.0, 3.0)
        model = window.lab.constraints
        assert window.points.count == len(X)  # the click pinned; it added no point
        [(x0, y0)] = model.pinned_points()
        px, py = (abs(v) for v in canvas.plotItem.vb.viewPixelSize())
        assert abs(x0 - 2.0) <= 2 * px and abs(y0 - 3.0) <= 2 * py
        wait_for_run(qtbot, window, "nullspace")  # a constrained method was checked for the class
        line = canvas.curve_item("nullspace")
        assert drawn_value(line, x0) == pytest.approx(y0, abs=1e-9 * max(1.0, abs(y0)))
        b0, b1 = constrained_line(x0, y0)
        np.testing.assert_allclose(window.lab.results["nullspace"].theta, [b0, b1], rtol=1e-12)
        assert drawn_value(line, 4.0) == pytest.approx(b0 + 4 * b1, rel=1e-9)
        # the free fit: drawn, named, and not through the pin
        free = np.polyfit(X, Y, 1)[::-1]
        reference = canvas.reference_item
        assert reference.isVisible() and reference.name() == "free fit (no constraint)"
        assert drawn_value(reference, 4.0) == pytest.approx(free[0] + 4 * free[1], rel=1e-9)
        assert abs(drawn_value(reference, x0) - y0) > 1.0
        assert any("free fit (no constraint)" in text for _, text in canvas.legend_rows())
        assert drawn_value(canvas.curve_item("householder"), 4.0) == pytest.approx(free[0] + 4 * free[1], rel=1e-9)
        # the pin is drawn where it is
        pins = window.constraint_controls.pins.getData()
        assert list(pins[0]) == [x0] and list(pins[1]) == [y0]
        # Edit > Undo takes the pin back, and the fit is free again
        window.points.undo_stack.undo()
        assert model.texts == () and len(window.constraint_controls.pins.getData()[0]) == 0
        qtbot.waitUntil(lambda: not window.race.running, timeout=FINISH_MS)
        wait_for_run(qtbot, window, "nullspace")
        np.testing.assert_allclose(window.lab.results["nullspace"].theta, free, rtol=1e-10)
        assert reference.name() == "lstsq (reference)"
    finally:
        window.close()


def test_the_fit_menu_dialog_adds_a_sum_to_one_by_keyboard_and_names_a_mistake(qtbot):
    window = open_window(qtbot)
    try:
        window.points.set_points(X, Y)
        window.constraint_controls.constraints_action.trigger()
        dialog = window.constraint_controls.dialog
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.edit, "B0 + B7 = 1")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
        assert "position 6" in dialog.error.text() and dialog.error.isVisible()
        assert window.lab.constraints.texts == ()
        dialog.edit.clear()
        qtbot.mouseClick(dialog.sum_button, LEFT)
        assert window.lab.constraints.texts == ("B0 + B1 = 1",)
        wait_for_run(qtbot, window, "nullspace")
        theta = window.lab.results["nullspace"].theta
        assert theta[0] + theta[1] == pytest.approx(1.0, abs=1e-12)
        assert window.lab.problem.constraints.count == 1
        dialog.close()
    finally:
        window.close()


def test_bounds_from_the_dialog_run_bvls_against_lsq_linear(qtbot):
    from scipy.optimize import lsq_linear

    window = open_window(qtbot)
    try:
        window.points.set_points(X, Y)
        dialog = window.constraint_controls.open_dialog()
        qtbot.keyClicks(dialog.edit, "0 <= B1 <= 1.5")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
        wait_for_run(qtbot, window, "bvls")
        a = np.column_stack([np.ones_like(X), X])
        expected = lsq_linear(a, Y, bounds=([-np.inf, 0.0], [np.inf, 1.5]), method="bvls", tol=1e-15).x
        np.testing.assert_allclose(window.lab.results["bvls"].theta, expected, rtol=1e-10)
        dialog.close()
    finally:
        window.close()


@pytest.mark.parametrize("scale", [None, 2.0])
def test_nothing_of_the_constraints_is_clipped_at_1280x720(qtbot, tmp_path, qapp, scale):
    font = qapp.font()
    settings = QSettings(str(tmp_path / "lsqlab.ini"), QSettings.Format.IniFormat)
    window = open_presentation_window(qtbot, settings, (1280, 720))
    try:
        window.points.set_points(X, Y)
        if scale is not None:
            window.presentation.enter(scale)
        window.lab.constraints.pin(2.0, 3.0)
        wait_for_run(qtbot, window, "nullspace")
        dialog = window.constraint_controls.open_dialog("through ")  # made now: in the presentation font
        if scale is not None:
            assert dialog.font().pointSizeF() >= scale * font.pointSizeF() * 0.9
        qtbot.waitExposed(dialog)
        qtbot.wait(100)
        assert [t for t in clipped_texts(dialog) if "&" not in t] == []
        assert clipped_texts(window.canvas) == []
        dialog.close()
    finally:
        window.close()
        qapp.setFont(font)


def test_a_scene_with_constraints_draws_the_pinned_fit(qtbot):
    """What `main.py screenshot --constraint` and `export` build: the constraint read before the run."""
    from gui.headless.scene import SceneData, build_scene, close_scene, run_scene

    window = build_scene(SceneData(points=(X, Y), constraints=("through 1, 4",)), methods=["householder"],
                         size=(1280, 720))
    try:
        assert run_scene(window), window.banner.text()
        assert set(window.lab.results) == {"householder", "nullspace"}
        assert drawn_value(window.canvas.curve_item("nullspace"), 1.0) == pytest.approx(4.0, abs=1e-9)
        np.testing.assert_allclose(window.lab.results["nullspace"].theta, constrained_line(1.0, 4.0), rtol=1e-12)
    finally:
        close_scene(window)


def test_the_comparison_table_measures_a_constrained_answer_against_the_constrained_one(qtbot):
    """Not against θref of the free fit: a pinned line is far from it and right."""
    window = open_window(qtbot)
    try:
        window.show_view("table")
        view = next(v for v in window.views if v.name == "table")
        window.points.set_points(X, Y)
        run_to_end(qtbot, window, ["householder", "kkt", "nullspace"])
        window.lab.constraints.pin(2.0, 3.0)
        wait_for_run(qtbot, window, "nullspace")
        qtbot.waitUntil(lambda: view.exact_note and not view.exact_note.startswith("computing"), timeout=FINISH_MS)
        view.refresh(window.player.length - 1)
        expected = constrained_line(2.0, 3.0)
        free = np.polyfit(X, Y, 1)[::-1]
        for key in ("kkt", "nullspace"):
            theta = window.lab.results[key].theta
            np.testing.assert_allclose(theta, expected, rtol=1e-12)
            assert np.linalg.norm(theta - free) > 0.1 * np.linalg.norm(free)  # truly another answer
            assert view.badge_of(key) == "✔", view.cell(key, "warnings / message")
            assert view.digits(key) >= 12
        assert view.badge_of("householder") == "✔"
    finally:
        window.close()


def test_a_session_keeps_its_constraints_and_the_command_line_fits_with_them(qtbot, tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from gui.persist.session import apply_session, capture_session, load_session, save_session

    first, second = open_window(qtbot), open_window(qtbot)
    try:
        first.points.set_points(X, Y)
        first.lab.constraints.pin(2.0, 3.0)
        path = tmp_path / "pinned.json"
        save_session(path, capture_session(first))
        assert json.loads(path.read_text())["constraints"] == ["through 2, 3"]
        apply_session(second, load_session(path), source=path.name)
        assert second.lab.constraints.texts == ("through 2, 3",)
        assert second.data_problem.constraints.count == 1
        assert second.constraint_controls.pins.getData()[0].tolist() == [2.0]
        second.points.undo_stack.undo()  # the session's constraints are one undo step
        assert second.lab.constraints.texts == ()
        main = Path(__file__).resolve().parents[2] / "main.py"
        done = subprocess.run([sys.executable, str(main), "solve", str(path), "--method", "nullspace", "--json"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        np.testing.assert_allclose(json.loads(done.stdout)["theta"], constrained_line(2.0, 3.0), rtol=1e-12)
    finally:
        first.close()
        second.close()

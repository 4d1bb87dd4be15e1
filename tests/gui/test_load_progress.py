"""Loading in a worker thread: quick loads show no dialog, slow ones do, Cancel stops the reader,
and the reader's own errors reach the caller. Real threads, a real dialog, a real CSV file."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from engine import InputError
from engine.readers import read_csv
from gui.run.load_progress import SHOW_AFTER_MS, LoadCancelled, load_with_progress


def slow_read(seconds: float, seen: list[float]):
    def read(progress):
        for k in range(1, 21):
            time.sleep(seconds / 20)
            progress(k / 20)
            seen.append(k / 20)
        return "done"
    return read


def visible_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_real_file_loads_through_the_worker(parent, tmp_path):
    path = tmp_path / "points.csv"
    data = np.random.default_rng(0).standard_normal((50_000, 2))
    np.savetxt(path, data, delimiter=",", fmt="%.17g", header="x,y", comments="")
    table = load_with_progress(parent, lambda progress: read_csv(path, progress))
    np.testing.assert_array_equal(table.data, data)


def test_a_quick_load_shows_no_dialog(parent):
    seen_dialogs = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen_dialogs.extend(visible_dialogs()))
    timer.start(20)
    seen: list[float] = []
    assert load_with_progress(parent, slow_read(0.1, seen)) == "done"
    timer.stop()
    assert not seen_dialogs and seen[-1] == 1.0


def test_a_slow_load_shows_the_dialog_and_cancel_stops_it(parent):
    shown: list[int] = []

    def press_cancel():
        dialogs = visible_dialogs()
        if dialogs:
            shown.append(dialogs[0].value())
            QTest.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(press_cancel)
    timer.start(SHOW_AFTER_MS + 200)
    seen: list[float] = []
    started = time.perf_counter()
    with pytest.raises(LoadCancelled):
        load_with_progress(parent, slow_read(4.0, seen))
    timer.stop()
    assert shown, "a load longer than SHOW_AFTER_MS showed no dialog"
    assert shown[0] > 0  # the progress reached the bar
    assert seen[-1] < 1.0 and time.perf_counter() - started < 4.0  # the reader stopped early


def test_the_readers_error_reaches_the_caller(parent, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x,y\n1,2\n3,abc\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^bad\.csv, line 3: 'abc'"):
        load_with_progress(parent, lambda progress: read_csv(path, progress))

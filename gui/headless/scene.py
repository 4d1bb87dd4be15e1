"""One scene driver: a window over data + solvers (+ their settings) + a step, run and waited for.

`main.py screenshot`, `main.py export`, the GUI benchmark and the tests build their windows here
instead of each repeating build → set points → run → wait → close. A scene never asks anything:
a file whose columns the file does not decide raises ColumnsNeeded (an InputError naming the
columns), so a headless command exits 2 where the window would have opened the column dialog.

Only the main window's public methods are used (apply_selection, solver_panel, run, race,
player, shutdown), so the window can change inside without the drivers noticing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from engine.datasets import get_dataset
from engine.errors import ComputationError, InputError
from engine.file_model import file_kind, read_file_model

from ..app import application
from ..data.data_source import selection_for_dataset

#: Give up waiting for the solvers after this long (seconds).
RUN_TIMEOUT_S = 120
#: `run_scene(step=LAST)` shows the last recorded step; `step=None` leaves the player where it is.
LAST = -1


class SceneTimeout(InputError):
    """The solvers did not finish in time: the run goes on, what exists can still be shown."""


@dataclass(frozen=True)
class SceneData:
    """What a scene shows: one of a file (with the columns asked), a built-in data set or points;
    `model` holds the model options asked (degree, intercept, scaling, basis_order, loss)."""

    file: str | None = None
    target: str | None = None
    features: Sequence[str] | str | None = None
    dataset: str | None = None
    points: tuple[Sequence[float], Sequence[float]] | None = None
    model: dict = field(default_factory=dict)
    constraints: Sequence[str] = ()  # "through 2, 3", "B0 + B1 = 1", "0 <= B1 <= 2" (gui/data/constraints.py)


def build_scene(data: SceneData | None = None, *, methods: Sequence[str] | None = None,
                params: dict[str, dict] | None = None, start: Sequence[float] | None = None,
                size: tuple[int, int] = (1600, 1000), speed: float | None = None, show: bool = True):
    """The main window with this data shown and these solvers checked, each with its settings
    (`params={"gd": {"lr": 0.1}}`) and the start point; nothing is run yet.

    Raises InputError when the data cannot be shown (ColumnsNeeded for undecided columns); the
    window is closed first, so a caller has nothing to clean up.
    """
    from ..main_window import MainWindow

    application()
    window = MainWindow()
    try:
        _show_data(window, data or SceneData())
        if methods:
            window.solver_panel.set_checked(list(methods))
        for method, values in (params or {}).items():
            if values:
                window.solver_panel.form(method).set_values(values)
        if start is not None:
            window.solver_panel.set_start_point(list(start))
        for text in (data or SceneData()).constraints:
            window.lab.constraints.add(text, window.data_problem)
        if speed is not None:
            window.run_controls.set_speed(speed)
        window.resize(*size)
        if show:
            window.show()
            QCoreApplication.processEvents()
    except BaseException:
        close_scene(window)
        raise
    return window


def _show_data(window, data: SceneData) -> None:
    model = dict(data.model)
    if data.file:
        kind = file_kind(data.file)
        if kind in ("lecture-folder", "json"):  # a session or lecture: opened as the window opens one
            from ..persist.file_actions import open_session_file

            if not open_session_file(window, data.file):
                raise InputError(window.banner.text() or f"{data.file}: could not be opened")
        else:
            chosen = read_file_model(data.file, target=data.target, features=data.features,
                                     degree=model.pop("degree", None), intercept=model.pop("intercept", None))
            window.apply_selection(chosen.selection, confirm=False)
    elif data.dataset:
        window.apply_selection(selection_for_dataset(get_dataset(data.dataset)), confirm=False)
    elif data.points is not None:
        window.points.set_points(*data.points, text="Points")
    if model:
        window.model_controls.set_options(**model)


def run_scene(window, *, step: int | None = LAST, timeout_s: float = RUN_TIMEOUT_S) -> bool:
    """Run the checked solvers and wait (Qt sleeps until the race says it finished); then pause and
    show `step` (LAST: the last one; None: where the playback is). False, with the window's message
    in its banner, when nothing could be run; SceneTimeout when the run outlasted `timeout_s`;
    ComputationError when a solver or the reference solve stopped on an internal error."""
    race = window.race
    loop = QEventLoop()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    race.finished.connect(loop.quit)
    try:
        if not window.run():
            return False
        if race.running:
            deadline.start(int(timeout_s * 1000))
            while race.running and deadline.isActive():  # a refit may restart the run: wait for that one
                loop.exec()
    finally:
        deadline.stop()
        race.finished.disconnect(loop.quit)
    QCoreApplication.processEvents()  # what the race's end queued (the last batch, the final redraw)
    player = window.player
    player.pause()
    if race.running:
        raise SceneTimeout(f"the solvers did not finish within {timeout_s:g} s; limit them with --param max_iter=...")
    if race.errors:  # what the window's banner says: never a silent end
        raise ComputationError("; ".join(race.errors))
    if step is not None:
        player.seek(player.length - 1 if step == LAST else min(step, player.length - 1))
    QCoreApplication.processEvents()
    return True


def close_scene(window) -> None:
    """Stop the run and the timers, wait for the workers, and let the window go."""
    window.shutdown()
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()


@contextmanager
def scene(data: SceneData | None = None, *, step: int | None = LAST, run: bool = True,
          timeout_s: float = RUN_TIMEOUT_S, **options) -> Iterator:
    """`with scene(SceneData(dataset="seed-4pt"), methods=["gd"]) as window:` a built window whose
    solvers ran to the end (InputError when they could not run), closed on leaving."""
    window = build_scene(data, **options)
    try:
        if run and not run_scene(window, step=step, timeout_s=timeout_s):
            raise InputError(window.banner.text() or "the solvers could not be run on this data")
        yield window
    finally:
        close_scene(window)


def settle(seconds: float = 0.5) -> None:
    """Process events for `seconds`: the legends and the sum-of-squares bars find their corner on
    short timers after the view changes (gui/look/legend_place.py)."""
    wait_for(lambda: False, seconds)


def wait_for(condition, timeout_s: float) -> bool:
    """Process events until `condition()` holds or the time is up (for work that has no signal)."""
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return True

"""Threads end before anything lets go of them, and a worker's error reaches the user.

Real windows, real worker threads, real solvers: the extra solvers below are registered in the
engine's registry for a test and removed after it, exactly as a solver module adds itself.
"""

import gc
import logging
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from engine import SOLVERS, InputError
from engine.registry import SolverSpec
from engine.solvers.common import answer, solution_step
from gui.run.load_progress import load_with_progress
from gui.run.threads import WorkerThreads, running_threads
from gui.views.neural.worker import NeuralRunner

from .driving import FINISH_MS, open_window

#: Each step of the slow solver takes this long: far less than a wait, far more than nothing.
SLOW_STEP_S = 0.2
#: Set once the slow solver is a few steps into its run.
slow_solver_busy = threading.Event()


def run_slow_steps(problem, steps: int = 100_000):
    """A solver whose every step takes SLOW_STEP_S (like one step on a very large problem)."""
    theta = np.zeros(problem.p)
    for k in range(steps):
        time.sleep(SLOW_STEP_S)
        if k == 2:
            slow_solver_busy.set()
        yield solution_step(problem, k, theta, "θ = 0, still thinking")
    return answer(problem, "slow-steps", theta, iterations=steps)


def run_raises_midway(problem):
    """A solver with a bug: one good step, then an exception no solver should raise."""
    yield solution_step(problem, 0, np.zeros(problem.p), "θ = 0")
    raise RuntimeError("boom")


def run_broken_reference(problem, rcond=None, driver=None):
    """A reference solver with a bug: it raises before its first step."""
    raise RuntimeError("reference broke")
    yield  # a generator function, as every solver is


def spec(name: str, run) -> SolverSpec:
    return SolverSpec(name=name, label=name, family="Test solvers", summary=f"{name}: for the tests only",
                      run=run)


@pytest.fixture
def test_solvers():
    """slow-steps and raises-midway in the registry for one test (the window built after sees them)."""
    added = [SOLVERS.add(spec("slow-steps", run_slow_steps)), SOLVERS.add(spec("raises-midway", run_raises_midway))]
    slow_solver_busy.clear()
    yield added
    for solver in added:
        del SOLVERS.solvers[solver.name]


@pytest.fixture
def broken_reference():
    """The reference method (lstsq) replaced by one that raises, for one test."""
    original = SOLVERS.solvers["lstsq"]
    SOLVERS.solvers["lstsq"] = SolverSpec(
        name="lstsq", label=original.label, family=original.family, summary=original.summary,
        run=run_broken_reference, hyperparameters=original.hyperparameters)
    yield
    SOLVERS.solvers["lstsq"] = original


@pytest.fixture
def lab(qtbot, test_solvers):
    """The main window, built once the test solvers are registered."""
    window = open_window(qtbot, (1400, 900))
    yield window
    window.close()


def line_points(n: int):
    rng = np.random.default_rng(7)
    x = np.linspace(0.0, 10.0, n)
    return x, 1.0 + 2.0 * x + rng.normal(0.0, 0.5, n)


def test_closing_the_window_mid_run_waits_for_every_thread(qtbot, qtlog, lab):
    lab.points.set_points(*line_points(200), text="Points")
    lab.solver_panel.set_checked(["gd", "slow-steps"])
    lab.solver_panel.form("gd").set_values({"max_iter": 1_000_000, "tol": 0.0, "lr": 1e-9})
    assert lab.run()
    qtbot.waitUntil(lambda: len(lab.race.traces["gd"]) > 0 and slow_solver_busy.is_set(), timeout=FINISH_MS)
    assert lab.race.running
    started = time.perf_counter()
    lab.close()
    assert not running_threads()
    assert time.perf_counter() - started < 5.0  # cancelled within a step, not at the end of a chunk
    destroyed = [record.message for record in qtlog.records if "Destroyed while thread" in record.message]
    assert not destroyed


def test_a_solver_that_raises_fails_alone_and_the_window_hears_why(qtbot, lab):
    x, y = line_points(30)
    lab.points.set_points(x, y, text="Points")
    heard: list[str] = []
    lab.race.run_failed.connect(heard.append)
    lab.solver_panel.set_checked(["householder", "raises-midway"])
    with qtbot.waitSignal(lab.race.finished, timeout=FINISH_MS):
        assert lab.run()
    lab.player.pause()
    householder = lab.race.results["householder"]
    expected = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]
    assert householder.ok
    np.testing.assert_allclose(householder.theta, expected, rtol=1e-10)
    broken = lab.race.results["raises-midway"]
    assert broken.status == "failed" and broken.theta is None
    assert "RuntimeError" in broken.message and "boom" in broken.message
    assert len(heard) == 1, heard
    assert "raises-midway" in heard[0] and "RuntimeError: boom" in heard[0]
    assert lab.race.errors == heard  # what a headless driver reads to exit 1 with the message
    assert lab.banner.isVisible() and "raises-midway" in lab.banner.text()  # where the class looks


def test_a_reference_solve_that_raises_leaves_the_run_without_a_reference_and_says_so(
        qtbot, broken_reference, lab):
    x, y = line_points(30)
    lab.points.set_points(x, y, text="Points")
    heard: list[str] = []
    lab.race.run_failed.connect(heard.append)
    lab.solver_panel.set_checked(["householder"])
    with qtbot.waitSignal(lab.race.finished, timeout=FINISH_MS):
        assert lab.run()
    lab.player.pause()
    assert lab.race.reference is None
    householder = lab.race.results["householder"]
    assert householder.ok
    expected = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)[0]
    np.testing.assert_allclose(householder.theta, expected, rtol=1e-10)
    assert len(heard) == 1, heard
    assert "reference" in heard[0] and "RuntimeError: reference broke" in heard[0]


class StubbornWorker(QObject):
    """A worker in the middle of a step that cannot be interrupted (it has no cancel)."""

    finished = Signal(int)

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds

    @Slot()
    def run(self) -> None:
        time.sleep(self.seconds)
        self.finished.emit(1)


def test_shutdown_waits_past_its_patience_and_says_why_rather_than_drop_a_running_thread(qtbot, qtlog, caplog):
    owner = WorkerThreads()
    owner.start(1, StubbornWorker(1.0))
    qtbot.waitUntil(lambda: owner.live_threads == 1, timeout=FINISH_MS)
    with caplog.at_level(logging.WARNING, logger="gui.run.threads"):
        owner.shutdown(timeout_ms=200)
    assert not running_threads()
    assert not owner
    assert any("still waiting" in record.getMessage() for record in caplog.records)
    assert not [record.message for record in qtlog.records if "Destroyed while thread" in record.message]


def test_a_thread_outlives_its_deleted_owner_until_it_has_finished(qtbot, qtlog):
    owner = WorkerThreads()
    owner.start(1, StubbornWorker(0.5))
    qtbot.waitUntil(lambda: len(running_threads()) == 1, timeout=FINISH_MS)
    del owner  # its C++ object and its list of threads go with it
    gc.collect()
    assert running_threads()  # still running, and still held
    qtbot.waitUntil(lambda: not running_threads() and gc.isenabled(), timeout=FINISH_MS)  # and let go of
    assert not [record.message for record in qtlog.records if "Destroyed while thread" in record.message]


def counting(n: int):
    yield from range(n)
    return n


def breaking():
    yield 0
    raise RuntimeError("boom")


def test_a_neural_job_that_raises_is_said_and_the_other_job_ends(qtbot):
    runner = NeuralRunner()
    heard: list[str] = []
    ended = []
    runner.run_failed.connect(heard.append)
    runner.job_done.connect(ended.append)
    with qtbot.waitSignal(runner.finished, timeout=FINISH_MS):
        runner.start({"counting": counting(100), "breaking": breaking()})
    runner.shutdown()
    by_key = {done.key: done for done in ended}
    assert by_key["counting"].value == 100 and not by_key["counting"].error
    assert "RuntimeError: boom" in by_key["breaking"].error
    assert len(heard) == 1 and "breaking" in heard[0] and "RuntimeError: boom" in heard[0]


def test_a_reader_that_raises_comes_home_as_a_message(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def read(progress):
        progress(0.5)
        raise RuntimeError("disk on fire")

    with pytest.raises(InputError, match="RuntimeError: disk on fire"):
        load_with_progress(parent, read)
    assert not running_threads()


def test_headless_a_solver_that_raises_is_exit_1_with_its_name(qtbot, tmp_path, capsys, test_solvers):
    """The screenshot command (in this process, so that the test solver is registered) says which
    solver stopped and exits 1 (a bug, by the README's exit codes), instead of a silent picture."""
    from cli.main import main

    code = main(["screenshot", str(tmp_path / "out.png"), "--dataset", "seed-4pt",
                 "--method", "householder,raises-midway"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "raises-midway" in err and "boom" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.png").exists()


def test_the_neural_views_internal_error_reaches_the_banner(qtbot, lab):
    view = lab.view("neural")
    with qtbot.waitSignal(lab.lab.message, timeout=5_000) as said:
        view.runner.run_failed.emit("the feature study stopped with an internal error: RuntimeError: x")
    assert said.args[0].startswith("the feature study stopped")
    assert "the feature study stopped" in lab.banner.text()

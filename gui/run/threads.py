"""The app's worker threads, started, tracked, waited for and let go of in one way.

Every computation that runs off the GUI thread (a race of solvers, exact arithmetic, the
neural experiments, loading a big file) goes through here, so the rules live in one place:
the cyclic garbage collector waits while a worker runs (`hold_collector`), tests can prove no
thread is left (`running_threads`), and a worker stays in its finished thread until the GUI
thread lets go of it (it is never moved back: see `WorkerThreads.start`).

A running QThread is never let go of: Qt aborts the process when one is destroyed while it runs
("QThread: Destroyed while thread is still running"). Every thread is held here from its start
until it has finished (`keep`, `let_go`), even if its owner is deleted first. Shutdown asks every
worker to stop and then waits until each thread has finished, however long it takes, saying in
the log why it still waits (`wait_until_finished`); the workers check for cancellation after
every step, so the wait is one step long.
"""

from __future__ import annotations

import gc
import logging
import weakref

from PySide6.QtCore import QObject, QThread, Signal, Slot

#: Every worker thread ever started, so tests can prove none is left running.
_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
#: Every worker thread with its worker, held from its start until it has finished: whatever
#: becomes of their owner, Python never deletes a running QThread (`keep`, `let_go`).
_KEPT: dict[QThread, QObject] = {}

_collector_holds = 0


def hold_collector() -> None:
    """No cyclic garbage collection while a worker runs.

    The collector runs in whichever thread happens to allocate; in a worker thread it could
    free Qt objects that belong to the GUI thread, which deadlocks or crashes PySide. The
    solvers make no reference cycles (their steps are freed by reference counting), so the
    collector waits until the last worker has ended and then runs in the GUI thread.
    """
    global _collector_holds
    if _collector_holds == 0:
        gc.disable()
    _collector_holds += 1


def release_collector() -> None:
    global _collector_holds
    _collector_holds = max(_collector_holds - 1, 0)
    if _collector_holds == 0:
        gc.enable()
        gc.collect()


def track(thread: QThread) -> None:
    """Register a worker thread of the app, so tests can prove it ends (running_threads)."""
    _THREADS.add(thread)


def running_threads() -> list[QThread]:
    return [thread for thread in list(_THREADS) if thread.isRunning()]


#: How long to wait for a thread before saying in the log that we still wait (ms).
PATIENCE_MS = 10_000

_log = logging.getLogger(__name__)


def wait_until_finished(thread: QThread, what: str, patience_ms: int | None = PATIENCE_MS) -> None:
    """Block until `thread` has finished; every `patience_ms` without an end, log why we go on
    waiting rather than let go of a running thread (None: wait silently)."""
    if patience_ms is None:
        thread.wait()
        return
    waited_ms = 0
    while not thread.wait(patience_ms):
        waited_ms += patience_ms
        _log.warning("still waiting for %s to finish after %.0f s: a step in progress cannot be "
                     "interrupted, and a running thread is never let go of", what, waited_ms / 1000)


class _Keeper(QObject):
    """Lives in the GUI thread and hears every worker thread end, owner or not."""

    @Slot()
    def on_thread_finished(self) -> None:
        _let_go_finished()


_keeper: _Keeper | None = None


def keep(thread: QThread, worker: QObject) -> None:
    """Hold a worker thread and its worker until the thread has finished (and no cyclic garbage
    collection meanwhile): call in the GUI thread before `thread.start()`."""
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _let_go_finished()
    track(thread)
    hold_collector()
    _KEPT[thread] = worker
    thread.finished.connect(_keeper.on_thread_finished)


def let_go(thread: QThread) -> None:
    """Drop the app's hold on a thread that has finished (twice is harmless), in the GUI thread."""
    if _KEPT.pop(thread, None) is not None:
        release_collector()


def _let_go_finished() -> None:
    """Let go of finished threads whose owner is gone before it could (a window deleted early)."""
    for thread in list(_KEPT):
        if thread.isFinished():
            let_go(thread)


def _cancel(worker: QObject) -> None:
    if callable(getattr(worker, "cancel", None)):
        worker.cancel()


def shutdown_all() -> None:
    """Cancel every worker of the app and wait until every thread has finished: connected to
    QApplication.aboutToQuit (gui/app.py), the last chance before Python tears Qt down."""
    for worker in list(_KEPT.values()):
        _cancel(worker)
    for thread, worker in list(_KEPT.items()):
        thread.quit()
        wait_until_finished(thread, f"the {type(worker).__name__}")
        let_go(thread)


class WorkerThreads(QObject):
    """One owner's workers, each in a thread of its own, keyed by run id until the thread ends."""

    # ---- Signals
    ended = Signal()
    """A worker's thread has finished and was let go of."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pairs: dict[int, tuple[QThread, QObject]] = {}

    def start(self, key: int, worker: QObject) -> None:
        """Run `worker.run()` in a new thread; its `finished` signal ends the thread.

        Connect the worker's other signals before calling this. The worker is not moved back
        to the GUI thread at its end: moveToThread takes Qt's event-queue locks while holding
        the GIL, and the GUI thread, destroying a queued event that carries a Python object,
        holds such a lock while it waits for the GIL (a deadlock seen in the tests).
        """
        thread = QThread()
        keep(thread, worker)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self._pairs[key] = (thread, worker)
        thread.start()

    def workers(self) -> list[QObject]:
        return [worker for _, worker in self._pairs.values()]

    def __bool__(self) -> bool:
        """True while some worker's thread has not been let go of."""
        return bool(self._pairs)

    @property
    def live_threads(self) -> int:
        return sum(1 for thread, _ in self._pairs.values() if thread.isRunning())

    def shutdown(self, timeout_ms: int | None = PATIENCE_MS) -> None:
        """Ask every worker to stop (those with a `cancel()`), wait until every thread has finished,
        and only then let go of them. `timeout_ms` is how often to log that we still wait (None:
        never); the wait itself has no limit, because a running thread must not be dropped."""
        for _, worker in self._pairs.values():
            _cancel(worker)
        for key, (thread, worker) in list(self._pairs.items()):
            thread.quit()  # ends the thread's event loop once the worker's run() has returned
            wait_until_finished(thread, f"the {type(worker).__name__} of run {key}", timeout_ms)
            del self._pairs[key]  # finished: safe to delete, here in the GUI thread
            let_go(thread)

    @Slot()
    def _on_thread_finished(self) -> None:
        for key, (thread, _) in list(self._pairs.items()):
            if thread.isFinished():
                del self._pairs[key]  # the last references: Python deletes both, here in the GUI thread
                let_go(thread)
        self.ended.emit()


class Runner(QObject):
    """The GUI side of a computation run in worker threads, one run at a time. Each run gets a
    new id; a subclass drops whatever an older run, still winding down, sends (compare `run_id`).
    Race (the solvers) and the Neural view's runner are such runners."""

    # ---- Signals
    finished = Signal()
    """The current run ended (on its own, or cancelled)."""
    run_failed = Signal(str)
    """An internal error stopped part of the current run (a solver, the reference, a check): one
    line for the user that names what stopped. The rest of the run goes on; the window shows it."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.run_id = 0
        self.running = False
        self.completed = False  # the last run ended on its own (not cancelled)
        self._threads = WorkerThreads(self)

    def _begin_run(self) -> int:
        """Cancel what runs and count a new run; its id."""
        self.cancel()
        self.run_id += 1
        self.running = True
        self.completed = False
        return self.run_id

    def _launch(self, worker: QObject) -> None:
        """Run the current run's worker (its other signals connected already) in a thread."""
        worker.finished.connect(self._on_worker_finished)
        self._threads.start(self.run_id, worker)

    def cancel(self) -> None:
        """Ask every live worker to stop (cooperative; returns at once)."""
        for worker in self._threads.workers():
            worker.cancel()
        if self.running:
            self.running = False
            self.finished.emit()

    def shutdown(self, timeout_ms: int | None = PATIENCE_MS) -> None:
        """Cancel and wait until every thread has finished: call before the window closes.
        `timeout_ms` is how often to log that we still wait; the wait has no limit."""
        self.cancel()
        self._threads.shutdown(timeout_ms)

    @property
    def live_threads(self) -> int:
        return self._threads.live_threads

    @Slot(int)
    def _on_worker_finished(self, run_id: int) -> None:
        if run_id == self.run_id and self.running:
            self.running = False
            self.completed = True
            self.finished.emit()

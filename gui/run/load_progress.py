"""Loading a big file with a progress bar: the reader runs in a worker thread, the window waits.

Why a thread rather than processEvents between chunks: the reader's blocks take 0.1–0.3 s each
(and a file that is not clean takes the careful path, which reports nothing until it ends), so
calling processEvents from the progress callback would leave the window frozen that long; in a
thread the GUI thread stays free to paint and to hear Cancel. The reader's `progress(fraction)`
callback crosses back as a queued signal, and raises LoadCancelled in the worker once Cancel is
pressed, which unwinds the reader cleanly. Loads under SHOW_AFTER_MS never show the dialog; while
it is hidden the waiting loop ignores user input, so no click can start a second load meanwhile.
Errors come home: the reader's exception is raised again in the GUI thread, an unexpected one
as a LoadFailed (an InputError, which the caller already shows as a message) naming it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from engine import InputError
from engine.run import error_text

from .threads import keep, let_go, wait_until_finished

#: The dialog appears only for loads that take longer than this.
SHOW_AFTER_MS = 500
_STEPS = 1000


class LoadCancelled(Exception):
    """The user pressed Cancel while a file was loading."""


class LoadFailed(InputError):
    """The reader stopped with an internal error (not bad input): one line that names it."""


class _Loader(QObject):
    """Runs read(progress) once in its thread and keeps what came out (a value or an exception)."""

    progressed = Signal(int)
    finished = Signal()

    def __init__(self, read: Callable[[Callable[[float], None]], Any]):
        super().__init__()
        self._read = read
        self.cancel = threading.Event()
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def _progress(self, fraction: float) -> None:
        if self.cancel.is_set():
            raise LoadCancelled
        self.progressed.emit(int(max(0.0, min(1.0, fraction)) * _STEPS))

    @Slot()
    def run(self) -> None:
        try:
            self.result = self._read(self._progress)
        except Exception as error:  # handed to the GUI thread, which raises it there
            self.error = error
        finally:
            self.done.set()  # whatever happened: the GUI thread waits for this
            self.finished.emit()


def load_with_progress(parent: QWidget | None, read: Callable[[Callable[[float], None]], Any],
                       label: str = "Reading the file…") -> Any:
    """read(progress) run in a worker thread, with a modal progress dialog if it takes longer
    than SHOW_AFTER_MS; returns its value, raises its exception, or LoadCancelled on Cancel."""
    dialog = QProgressDialog(label, "Cancel", 0, _STEPS, parent)
    dialog.setWindowTitle("Loading")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(24 * 3600 * 1000)  # shown by our timer below, never by Qt's guess
    dialog.hide()
    worker = _Loader(read)
    thread = QThread()
    thread.setObjectName("file-loader")
    keep(thread, worker)  # as for every worker: held until it ends, no garbage collection meanwhile
    worker.moveToThread(thread)
    loop = QEventLoop()
    worker.progressed.connect(dialog.setValue)
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(worker.cancel.set)
    thread.started.connect(worker.run)
    show_timer = QTimer()
    show_timer.setSingleShot(True)
    show_timer.timeout.connect(loop.quit)
    show_timer.start(SHOW_AFTER_MS)
    thread.start()
    try:
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        if not worker.done.is_set():
            dialog.show()
            loop.exec()  # the modal dialog takes the clicks now: only Cancel can be pressed
    finally:
        show_timer.stop()
        worker.cancel.set()  # an exception here (e.g. KeyboardInterrupt) must not leave the reader running
        worker.done.wait()
        thread.quit()
        wait_until_finished(thread, "the file reader")
        let_go(thread)
        dialog.close()
        dialog.deleteLater()
    if isinstance(worker.error, (InputError, LoadCancelled)):
        raise worker.error
    if worker.error is not None:
        raise LoadFailed(f"reading stopped with an internal error: {error_text(worker.error)}") from worker.error
    return worker.result

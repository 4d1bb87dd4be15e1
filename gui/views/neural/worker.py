"""The Neural view's worker thread: runs an experiment's generators round robin and sends what
they yield in batches, at most about 30 times a second, like gui/run/worker.py does for a race.

A job is a generator: it yields items (engine Steps, or the result of one random seed) and returns its final
value (a Result, or a study). Each item travels with the seconds the job had computed when it
was yielded, so the losses can be drawn against time as well as iterations. Cancellation is
cooperative, checked between items; a thread is never terminated. A job that raises ends with
its `error` (the page shows it) and the other jobs go on; an internal error (not bad input) is
also sent as `failed`, which the runner passes on as `run_failed`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from engine import InputError
from engine.run import breakdown, error_text

from ...run.threads import Runner
from ...run.worker import BATCH_INTERVAL

#: Items pulled from one job before the next one gets its turn.
CHUNK = 16


@dataclass(frozen=True)
class ItemBatch:
    run_id: int
    key: str
    items: tuple
    seconds: tuple[float, ...]


@dataclass(frozen=True)
class JobDone:
    """A job ended: `value` is what its generator returned, or `error` says why it stopped."""

    run_id: int
    key: str
    value: Any = None
    error: str = ""
    seconds: float = 0.0


class NeuralWorker(QObject):
    """Pulls every job of one run; lives in the worker thread and touches no widget."""

    items_ready = Signal(object)
    """An ItemBatch."""
    job_done = Signal(object)
    """A JobDone."""
    failed = Signal(int, str, str)
    """(run id, job key, text): an internal error stopped a job (or the run); one line for the user."""
    finished = Signal(int)
    """(run id): every job ended, or the run was cancelled."""

    def __init__(self, run_id: int, jobs: dict[str, Any]):
        super().__init__()
        self.run_id = run_id
        self.jobs = dict(jobs)
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @Slot()
    def run(self) -> None:
        try:
            self._run()
        except Exception as error:  # a bug outside any one job: said, never a silent end
            self.failed.emit(self.run_id, "", f"The experiment stopped with an internal error: {error_text(error)}")
        finally:
            self.finished.emit(self.run_id)  # no moveToThread back: see gui/run/worker.py

    def _run(self) -> None:
        active = dict(self.jobs)
        spent = dict.fromkeys(active, 0.0)
        pending: dict[str, tuple[list, list]] = {key: ([], []) for key in active}
        last_sent = time.perf_counter()
        while active and not self._cancelled.is_set():
            for key in list(active):
                done = self._pull(key, active[key], pending[key], spent)
                if done is not None:
                    del active[key]
                    self._flush(key, pending)
                    self.job_done.emit(done)
                if self._cancelled.is_set():
                    break
            time.sleep(0)  # let the GUI thread take the GIL between rounds
            if time.perf_counter() - last_sent >= BATCH_INTERVAL:
                for key in pending:
                    self._flush(key, pending)
                last_sent = time.perf_counter()
        for key in pending:
            self._flush(key, pending)

    def _pull(self, key: str, job, into: tuple[list, list], spent: dict[str, float]) -> JobDone | None:
        items, seconds = into
        started = time.perf_counter()
        try:
            for _ in range(CHUNK):
                item = next(job)
                spent[key] += time.perf_counter() - started
                started = time.perf_counter()
                items.append(item)
                seconds.append(spent[key])
                if self._cancelled.is_set():
                    return None
        except StopIteration as stop:
            spent[key] += time.perf_counter() - started
            return JobDone(self.run_id, key, value=stop.value, seconds=spent[key])
        except InputError as error:
            return JobDone(self.run_id, key, error=str(error))
        except Exception as error:  # shown as this job's failure, not a traceback
            if (failure := breakdown(error, key)) is not None:  # LAPACK, overflow: the job's own failure
                return JobDone(self.run_id, key, error=failure.message)
            text = f"{key} stopped with an internal error: {error_text(error)}"  # a bug: also said
            self.failed.emit(self.run_id, key, text)
            return JobDone(self.run_id, key, error=text)
        spent[key] += time.perf_counter() - started
        return None

    def _flush(self, key: str, pending: dict[str, tuple[list, list]]) -> None:
        items, seconds = pending[key]
        if items:
            self.items_ready.emit(ItemBatch(self.run_id, key, tuple(items), tuple(seconds)))
            pending[key] = ([], [])


class NeuralRunner(Runner):
    """Starts, cancels and waits for the view's worker threads; drops batches of older runs."""

    items_ready = Signal(object)
    """An ItemBatch of the current run."""
    job_done = Signal(object)
    """A JobDone of the current run."""
    # finished and completed (from Runner): the run ended; on its own, rather than cancelled.
    # run_failed (from Runner, str): an internal error stopped a job; one line naming it.

    def start(self, jobs: dict[str, Any]) -> int:
        """Cancel what runs, then run these jobs; returns the new run's id."""
        self._begin_run()
        worker = NeuralWorker(self.run_id, jobs)
        worker.items_ready.connect(self._on_items)
        worker.job_done.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        self._launch(worker)
        return self.run_id

    @Slot(object)
    def _on_items(self, batch: ItemBatch) -> None:
        if batch.run_id == self.run_id:
            self.items_ready.emit(batch)

    @Slot(object)
    def _on_done(self, done: JobDone) -> None:
        if done.run_id == self.run_id:
            self.job_done.emit(done)

    @Slot(int, str, str)
    def _on_failed(self, run_id: int, key: str, text: str) -> None:
        if run_id == self.run_id:
            self.run_failed.emit(text)

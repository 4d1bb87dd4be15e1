"""Sessions in the File menu: open and save, recent files, unsaved edits, autosave and recovery.

A lecturer's set-up must survive a crash in front of a class: every 30 s, if anything changed
since the last save, the session goes to the window's own `autosave-<id>.json` in the app's data
folder. A clean exit (or a save) removes it. While the window lives it holds a lock beside the
file (`autosave-<id>.json.lock`, a QLockFile), so a second window or a second copy of the app
never mistakes a live window's autosave for a crash: at start-up a window offers only autosaves
whose lock is stale (its owner process is gone). Every question is a method of
`SessionManager`, so tests answer it.
"""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QLockFile, QObject, QSettings, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from .lecture import LectureHolder, install_scene_navigation, is_lecture, lecture_from_data, load_lecture
from .session import SessionError, apply_session, capture_session, load_session, read_json, save_session

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: A window's autosave is "autosave-<id>.json"; "autosave.json" is the one older versions wrote.
AUTOSAVE_PATTERN = "autosave*.json"
AUTOSAVE_INTERVAL_MS = 30_000
RECENT_KEY = "sessions/recent"
RECENT_LIMIT = 8
FILTER = "Sessions and lectures (*.json);;All files (*)"


def default_autosave_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def new_autosave_path(directory) -> Path:
    """A name no other window uses: each window writes, and locks, its own file."""
    return Path(directory) / f"autosave-{uuid.uuid4().hex[:12]}.json"


def lock_file(path: Path) -> QLockFile:
    """The lock that says "the window writing `path` is alive". A stale time of 0: only a dead
    owner makes it stale (Qt's default, 30 s, would hand a live window's lock to the next one)."""
    lock = QLockFile(f"{path}.lock")
    lock.setStaleLockTime(0)
    return lock


class _Held:
    """The lock of one window's autosave, taken at its first write and given back when the file
    is removed or the window is gone. A plain object, so `Autosaver.destroyed` can still reach it
    when the Qt object is already gone."""

    def __init__(self, path: Path):
        self.path, self.lock = path, None

    def take(self) -> bool:
        if self.lock is None:
            lock = lock_file(self.path)
            if not lock.tryLock(0):
                return False
            self.lock = lock
        return True

    def release(self) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


def _remove(path: Path) -> None:
    """Remove a file if it is there; a folder we cannot write to is no reason to fail a close."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


# ---- recent files -------------------------------------------------------------------------------
def recent_files(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY)
    if isinstance(value, str):  # an INI file gives a one-element list back as a string
        value = [value]
    return [str(v) for v in value or []][:RECENT_LIMIT]


def add_recent(settings: QSettings, path) -> list[str]:
    """Put `path` first (once), keep the last RECENT_LIMIT."""
    path = str(Path(path).resolve())
    paths = [path] + [p for p in recent_files(settings) if p != path]
    settings.setValue(RECENT_KEY, paths[:RECENT_LIMIT])
    settings.sync()
    return paths[:RECENT_LIMIT]


def remove_recent(settings: QSettings, path: str) -> None:
    settings.setValue(RECENT_KEY, [p for p in recent_files(settings) if p != path])
    settings.sync()


# ---- what changed -------------------------------------------------------------------------------
class SessionTracker(QObject):
    """Knows whether the window changed since the last save or load."""

    cleaned = Signal()
    """The state was just saved or loaded: nothing is unsaved."""

    def __init__(self, window: MainWindow, parent: QObject | None = None):
        super().__init__(parent)
        self.dirty = False
        self.generation = 0  # counts edits, so the autosave knows whether it is up to date
        panel = window.solver_panel
        for signal in (window.points.changed, window.model_controls.changed, panel.selection_changed,
                       panel.start_point_changed):
            signal.connect(self.mark_dirty)
        panel.params_changed.connect(lambda _name: self.mark_dirty())

    def mark_dirty(self) -> None:
        self.generation += 1
        self.dirty = True

    def mark_clean(self) -> None:
        self.dirty = False
        self.cleaned.emit()


class Autosaver(QObject):
    """Writes the session every `interval_ms` while there are unsaved edits it has not written."""

    def __init__(self, window: MainWindow, tracker: SessionTracker, directory, interval_ms: int):
        super().__init__(window)
        self.window, self.tracker, self.directory = window, tracker, Path(directory)
        self.path = new_autosave_path(self.directory)
        self._held = _Held(self.path)
        # A window gone without a clean exit (as in a crash; its children, this one too, go with it)
        # leaves its autosave to be offered.
        self.destroyed.connect(self._held.release)
        self._written: int | None = None
        self.timer = QTimer(window)
        self.timer.setObjectName("autosave-timer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        tracker.cleaned.connect(self.remove)

    def save_now(self, *, force: bool = False) -> bool:
        """Write the session if it changed since the last write (or `force`); True if written.
        The lock is taken before the file is first written, so no one sees it unlocked."""
        if not force and (not self.tracker.dirty or self.tracker.generation == self._written):
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not self._held.take():
                raise OSError(f"its lock {self.path.name}.lock is held by another window")
            save_session(self.path, capture_session(self.window))
        except OSError as error:
            self.window.statusBar().showMessage(f"Autosave to {self.path} failed: {error.strerror or error}", 10_000)
            return False
        self._written = self.tracker.generation
        return True

    def remove(self) -> None:
        _remove(self.path)
        self._held.release()
        self._written = None

    def stop(self) -> None:
        self.timer.stop()


# ---- the manager --------------------------------------------------------------------------------
class SessionManager(QObject):
    """File menu sessions and lectures for one window; it also watches the window's close."""

    def __init__(self, window: MainWindow, settings: QSettings, autosave_dir, interval_ms: int):
        super().__init__(window)
        self.window, self.settings = window, settings
        self.current_path: Path | None = None  # where Save writes (None: ask)
        self.tracker = SessionTracker(window, self)
        self.autosaver = Autosaver(window, self.tracker, autosave_dir, interval_ms)
        self.holder = LectureHolder(self)
        self.navigation = install_scene_navigation(window, self.holder)
        self.holder.scene_shown.connect(lambda _index: self.tracker.mark_clean())
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self.update_recent_menu)
        self._shut_down = False
        window.installEventFilter(self)

    # ---- the questions (tests replace these) ----------------------------------------------
    def ask_recovery(self, path: Path) -> bool:
        return ask_recovery(self.window, path)

    def ask_unsaved(self) -> str:
        """"save", "discard" or "cancel"."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self.window, "Save the session?",
                                      "The points, model or solvers changed since the session was last saved. "
                                      "Save them?", buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def ask_save_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session as", "session.json", FILTER)
        return path or None

    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open session or lecture", "", FILTER)
        return path or None

    def ask_open_folder(self) -> str | None:
        return QFileDialog.getExistingDirectory(self.window, "Open a folder of scenes as a lecture") or None

    # ---- actions ----------------------------------------------------------------------------
    def open_path(self, path) -> bool:
        """Open a session, a lecture file or a folder of scenes; a bad one changes nothing and says why."""
        path = Path(path)
        if not self.settle_unsaved():
            return False
        try:
            data = None if path.is_dir() else read_json(path)
            if data is None or is_lecture(data):
                lecture = load_lecture(path) if data is None else lecture_from_data(data, path.name)
                self.holder.set_lecture(lecture)
                self.navigation.show_scene(0)
                self.current_path = None  # Save never writes a scene over the lecture
            else:
                apply_session(self.window, data, source=path.name)
                self.holder.set_lecture(None)
                self.current_path = path
        except SessionError as error:
            self.window.show_message(f"Could not open: {error}")
            return False
        self.tracker.mark_clean()
        add_recent(self.settings, path)
        self.update_recent_menu()
        return True

    def save_as(self, path) -> bool:
        path = Path(path)
        try:
            save_session(path, capture_session(self.window))
        except OSError as error:
            self.window.show_message(f"Could not save the session to {path}: {error.strerror or error}")
            return False
        self.current_path = path
        self.tracker.mark_clean()
        add_recent(self.settings, path)
        self.update_recent_menu()
        self.window.statusBar().showMessage(f"Saved the session to {path}", 5000)
        return True

    def save(self) -> bool:
        """Save where the session came from, or ask where (False if the user cancelled)."""
        path = self.current_path or self.ask_save_path()
        return path is not None and self.save_as(path)

    def settle_unsaved(self) -> bool:
        """Before the state is lost: ask Save / Discard / Cancel if it changed; True to go on."""
        if self._shut_down or not self.tracker.dirty:  # asked already when the close began
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_path(path)

    def open_folder_dialog(self) -> None:
        path = self.ask_open_folder()
        if path:
            self.open_path(path)

    def save_dialog(self) -> None:
        path = self.ask_save_path()
        if path:
            self.save_as(path)

    def open_recent(self, path: str) -> None:
        if not Path(path).exists():
            remove_recent(self.settings, path)
            self.update_recent_menu()
            self.window.show_message(f"Could not open: {path} no longer exists (removed from Open Recent)")
            return
        self.open_path(path)

    def update_recent_menu(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(recent_files(self.settings), start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(path).name}")
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(partial(self.open_recent, path))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    # ---- closing ------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """The clean exit: no more autosaves, and the autosave file goes (nothing to recover)."""
        if not self._shut_down:
            self._shut_down = True
            self.autosaver.stop()
            self.autosaver.remove()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if isinstance(event, QCloseEvent) and watched is self.window and not self._shut_down:
            if not self.settle_unsaved():
                event.ignore()
                return True  # the window stays open, as it was
            self.shutdown()
            self.window.removeEventFilter(self)
        return False


def ask_recovery(window: MainWindow, path: Path) -> bool:
    answer = QMessageBox.question(window, "Recover the last session?",
                                  "Least Squares Lab did not close properly last time. "
                                  f"Bring back the session saved automatically in {path}?")
    return answer == QMessageBox.StandardButton.Yes


def left_over(directory, own: Path | None = None) -> list[Path]:
    """The autosaves in `directory` whose window is gone (its lock is stale or missing), newest
    first; a live window's autosave, in this process or another, is never among them."""
    def written(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # removed meanwhile by its window's clean exit
            return 0.0

    return sorted((p for p in Path(directory).glob(AUTOSAVE_PATTERN) if p != own), key=written, reverse=True)


def _offer_one(window: MainWindow, path: Path, ask) -> bool | None:
    """Offer one left-over autosave, holding its lock meanwhile so no other window offers it too:
    True restored, False declined or unreadable (then removed), None its window is alive."""
    lock = lock_file(path)
    if not lock.tryLock(0):  # a live owner (or a lock we may not touch): not ours to offer
        return None
    try:
        if not path.is_file():  # its window closed cleanly between the look and the lock
            return None
        if not ask(path):
            _remove(path)
            return False
        try:
            apply_session(window, load_session(path), source="the autosaved session")
        except SessionError as error:
            window.show_message(f"Could not recover: {error}")
            _remove(path)
            return False
        manager = getattr(window, "sessions", None)
        if manager is not None:  # the points now live in this window's own autosave, then the old one goes
            manager.autosaver.save_now(force=True)
        _remove(path)
        return True
    finally:
        lock.unlock()


def offer_recovery(window: MainWindow, directory) -> bool:
    """At start-up: offer the autosaves that crashed windows left, newest first, until one is
    restored; True if one was. A declined or unreadable one is removed (it would otherwise be
    offered at every start); a live window's autosave is neither offered nor touched."""
    manager = getattr(window, "sessions", None)
    ask = manager.ask_recovery if manager is not None else partial(ask_recovery, window)
    own = manager.autosaver.path if manager is not None else None
    for path in left_over(directory, own):
        if _offer_one(window, path, ask):
            window.statusBar().showMessage("Recovered the autosaved session: save it to keep it "
                                           "(File > Save Session As)", 10_000)
            return True
    return False


def install_sessions(window: MainWindow, settings: QSettings, autosave_dir=None, *,
                     interval_ms: int = AUTOSAVE_INTERVAL_MS) -> SessionManager:
    """Add the session actions to the File menu, start the autosave, watch the window's close."""
    manager = SessionManager(window, settings, autosave_dir or default_autosave_dir(), interval_ms)
    window.sessions = manager
    bar = window.menuBar()
    file_menu = next((a.menu() for a in bar.actions() if a.menu() and a.text().replace("&", "") == "File"), None)
    file_menu = file_menu or bar.addMenu("&File")
    separators = [a for a in file_menu.actions() if a.isSeparator()]
    before = separators[-1] if separators else None  # the separator above Quit
    file_menu.insertSeparator(before)

    def add(text: str, shortcut: str | None, slot) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        file_menu.insertAction(before, action)
        return action

    manager.open_action = add("Open Session or &Lecture…", "Ctrl+Shift+O", manager.open_dialog)
    manager.open_folder_action = add("Open Lecture &Folder…", None, manager.open_folder_dialog)
    file_menu.insertMenu(before, manager.recent_menu)
    manager.save_action = add("Save Session &As…", "Ctrl+Shift+S", manager.save_dialog)
    file_menu.insertSeparator(before)
    file_menu.insertAction(before, manager.navigation.next_action)
    file_menu.insertAction(before, manager.navigation.previous_action)
    manager.update_recent_menu()
    return manager

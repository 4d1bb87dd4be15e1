"""Sessions in the File menu: open and save, recent files, unsaved edits, autosave and recovery.

A lecturer's set-up must survive a crash in front of a class: every 30 s, if anything changed
since the last save, the session goes to `autosave.json` in the app's data folder. A clean exit
(or a save) removes it, so a file found at start-up means the last run ended badly, and the
app offers to bring it back. Every question is a method of `SessionManager`, so tests answer it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from .lecture import LectureHolder, install_scene_navigation, is_lecture, lecture_from_data, load_lecture
from .session import SessionError, apply_session, capture_session, load_session, read_json, save_session

if TYPE_CHECKING:
    from .main_window import MainWindow

AUTOSAVE_NAME = "autosave.json"
AUTOSAVE_INTERVAL_MS = 30_000
RECENT_KEY = "sessions/recent"
RECENT_LIMIT = 8
FILTER = "Sessions and lectures (*.json);;All files (*)"


def default_autosave_dir() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def autosave_path(directory) -> Path:
    return Path(directory) / AUTOSAVE_NAME


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
        self._written: int | None = None
        self.timer = QTimer(window)
        self.timer.setObjectName("autosave-timer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        tracker.cleaned.connect(self.remove)

    @property
    def path(self) -> Path:
        return autosave_path(self.directory)

    def save_now(self) -> bool:
        """Write the session if it changed since the last write; True if written."""
        if not self.tracker.dirty or self.tracker.generation == self._written:
            return False
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            save_session(self.path, capture_session(self.window))
        except OSError as error:
            self.window.statusBar().showMessage(f"Autosave to {self.path} failed: {error.strerror or error}", 10_000)
            return False
        self._written = self.tracker.generation
        return True

    def remove(self) -> None:
        _remove(self.path)
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


def confirm_close(window: MainWindow) -> bool:
    """Save / Discard / Cancel if the window has unsaved edits; True if it may close."""
    manager = getattr(window, "sessions", None)
    return manager is None or manager.settle_unsaved()


def ask_recovery(window: MainWindow, path: Path) -> bool:
    answer = QMessageBox.question(window, "Recover the last session?",
                                  "Least Squares Lab did not close properly last time. "
                                  f"Bring back the session saved automatically in {path}?")
    return answer == QMessageBox.StandardButton.Yes


def offer_recovery(window: MainWindow, directory) -> bool:
    """At start-up: if an autosave is left over, offer it; True if it was restored. Declined or
    unreadable, it is removed (it would otherwise be offered at every start)."""
    path = autosave_path(directory)
    if not path.is_file():
        return False
    manager = getattr(window, "sessions", None)
    ask = manager.ask_recovery if manager is not None else partial(ask_recovery, window)
    if not ask(path):
        _remove(path)
        return False
    try:
        apply_session(window, load_session(path), source="the autosaved session")
    except SessionError as error:
        window.show_message(f"Could not recover: {error}")
        _remove(path)
        return False
    window.statusBar().showMessage("Recovered the autosaved session: save it to keep it (File > Save Session As)",
                                   10_000)
    return True


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

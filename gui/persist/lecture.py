"""A lecture: scenes (sessions) shown one after the other, driven by a presenter's clicker.

A lecture is one JSON file `{"format": "least-squares-lab-lecture", "version": 1, "scenes":
[session, ...], "titles": [...]}`, or a folder of session files taken in name order (scene10
after scene9). While a lecture is open, Page Down/Page Up (what a clicker sends) go to the
next/previous scene; with none open they keep stepping the player. In a folder, an entry named
*.json that is not a file (a link that loops, a named pipe, a folder) is left out and named
with the reason, in `Lecture.dropped` and in a message in the window: never a silent drop.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from engine.errors import clip_line
from engine.files import why_not_a_file

from .session import SessionError, apply_session, check_session, read_json

if TYPE_CHECKING:
    from ..main_window import MainWindow

FORMAT = "least-squares-lab-lecture"
VERSION = 1
APP_TITLE = "Least Squares Lab"
NEXT_KEY, PREVIOUS_KEY = QKeySequence("PgDown"), QKeySequence("PgUp")


def _natural(name: str) -> list:
    """scene2 before scene10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


class Lecture:
    """The scenes and where we are; `next()`/`previous()` move and say whether they could."""

    def __init__(self, scenes: list[dict], titles: list[str], source: str = "lecture",
                 dropped: list[tuple[str, str]] | None = None):
        if not scenes:
            raise SessionError(f"{source}: the lecture has no scenes")
        self.scenes, self.source = scenes, source
        self.titles = list(titles) + [f"scene {i + 1}" for i in range(len(titles), len(scenes))]
        self.current_index = 0
        self.dropped = list(dropped or [])  # (name, reason): entries of a folder that are not files
        self.dropped_told = False  # the window said so (once, with the first scene shown)

    def dropped_message(self) -> str:
        """One line naming every entry left out, with its reason ('' when none was)."""
        if not self.dropped:
            return ""
        entries = "; ".join(f"{name} {reason}" for name, reason in self.dropped)
        count = len(self.dropped)
        return clip_line(f"{self.source}: left out {count} file{'s' * (count != 1)} that "
                         f"{'are' if count != 1 else 'is'} not a scene: {entries}", 600)

    def __len__(self) -> int:
        return len(self.scenes)

    @property
    def current(self) -> dict:
        return self.scenes[self.current_index]

    @property
    def title(self) -> str:
        return self.titles[self.current_index]

    def next(self) -> bool:
        if self.current_index + 1 >= len(self.scenes):
            return False
        self.current_index += 1
        return True

    def previous(self) -> bool:
        if self.current_index == 0:
            return False
        self.current_index -= 1
        return True

    def scene_source(self, index: int | None = None) -> str:
        """Where a scene came from, for messages: "course.json, scene 3"."""
        index = self.current_index if index is None else index
        return f"{self.source}, scene {index + 1}"


def is_lecture(data) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def lecture_from_data(data, source: str) -> Lecture:
    """A lecture from parsed JSON; every scene is checked now, so a bad one is found on opening."""
    if not is_lecture(data):
        raise SessionError(f"{source}: not a lecture file (format {FORMAT!r} expected)")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise SessionError(f"{source}: lecture version {version!r} is not one this app reads (up to {VERSION})")
    scenes, titles = data.get("scenes"), data.get("titles", [])
    if not isinstance(scenes, list) or not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
        raise SessionError(f"{source}: expected \"scenes\": [session, ...] and \"titles\": [text, ...]")
    lecture = Lecture(scenes, titles, source)
    for index, scene in enumerate(scenes):
        try:
            check_session(scene)
        except SessionError as error:
            raise SessionError(f"{lecture.scene_source(index)}: {error}") from None
    return lecture


def load_lecture(path) -> Lecture:
    """A lecture file, or a folder of session files (their names, without .json, are the titles)."""
    path = Path(path)
    if not path.is_dir():
        return lecture_from_data(read_json(path), path.name)
    entries = sorted((p for p in path.iterdir() if p.suffix.lower() == ".json"), key=lambda p: _natural(p.name))
    problems = {p: why_not_a_file(p) for p in entries}  # a link that loops, a named pipe, a folder
    files = [p for p in entries if problems[p] is None]
    dropped = [(p.name, problems[p]) for p in entries if problems[p] is not None]
    if not files:
        reasons = "; ".join(f"{name} {reason}" for name, reason in dropped)
        raise SessionError(clip_line(f"{path.name}: the folder has no session files (*.json)"
                                     + (f": {reasons}" if reasons else ""), 600))
    scenes = []
    for file in files:
        scene = read_json(file)
        try:
            check_session(scene)
        except SessionError as error:
            raise SessionError(f"{path.name}/{file.name}: {error}") from None
        scenes.append(scene)
    return Lecture(scenes, [file.stem for file in files], path.name, dropped)


class LectureHolder(QObject):
    """The open lecture (or None); the scene navigation follows it."""

    lecture_changed = Signal()
    """A lecture was opened or closed."""
    scene_shown = Signal(int)
    """A scene was put in the window (its index)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.lecture: Lecture | None = None

    def set_lecture(self, lecture: Lecture | None) -> None:
        self.lecture = lecture
        self.lecture_changed.emit()


class SceneNavigation(QObject):
    """Next/Previous Scene actions; they own Page Down/Up only while a lecture is open."""

    def __init__(self, window: MainWindow, holder: LectureHolder):
        super().__init__(window)
        self.window, self.holder = window, holder
        self.next_action = QAction("&Next Scene", window)
        self.previous_action = QAction("&Previous Scene", window)
        self.next_action.triggered.connect(self.next)
        self.previous_action.triggered.connect(self.previous)
        for action in (self.next_action, self.previous_action):
            window.addAction(action)
        holder.lecture_changed.connect(self._on_lecture_changed)
        self._on_lecture_changed()

    def show_scene(self, index: int | None = None) -> bool:
        """Put a scene (the current one by default) in the window; a broken scene gives a message."""
        lecture = self.holder.lecture
        if lecture is None:
            return False
        if index is not None:
            lecture.current_index = index
        try:
            apply_session(self.window, lecture.current, source=lecture.scene_source())
        except SessionError as error:
            self.window.show_message(f"Could not show the scene: {error}")
            return False
        self._update_title()
        if lecture.dropped and not lecture.dropped_told:  # after the scene: showing one hides the banner
            lecture.dropped_told = True
            self.window.show_message(lecture.dropped_message())
        self.holder.scene_shown.emit(lecture.current_index)
        return True

    def next(self) -> bool:
        lecture = self.holder.lecture
        return lecture is not None and lecture.next() and self.show_scene()

    def previous(self) -> bool:
        lecture = self.holder.lecture
        return lecture is not None and lecture.previous() and self.show_scene()

    def _on_lecture_changed(self) -> None:
        open_ = self.holder.lecture is not None
        self.next_action.setEnabled(open_)
        self.previous_action.setEnabled(open_)
        self.next_action.setShortcut(NEXT_KEY if open_ else QKeySequence())
        self.previous_action.setShortcut(PREVIOUS_KEY if open_ else QKeySequence())
        controls = getattr(self.window, "run_controls", None)
        if controls is not None:
            _give_page_keys(controls.step_action, NEXT_KEY, keep=not open_)
            _give_page_keys(controls.back_action, PREVIOUS_KEY, keep=not open_)
        self._update_title()

    def _update_title(self) -> None:
        lecture = self.holder.lecture
        if lecture is None:
            self.window.setWindowTitle(APP_TITLE)
        else:
            self.window.setWindowTitle(f"{APP_TITLE} — scene {lecture.current_index + 1} of {len(lecture)}: "
                                       f"{lecture.title}")


def _give_page_keys(action: QAction, key: QKeySequence, *, keep: bool) -> None:
    """Add `key` to the player's action, or take it away (two actions on one key would be an
    ambiguous shortcut, and neither would fire)."""
    keys = [k for k in action.shortcuts() if k != key]
    action.setShortcuts(keys + [key] if keep else keys)


def install_scene_navigation(window: MainWindow, lecture_holder: LectureHolder) -> SceneNavigation:
    """Bind Page Down/Up to the next/previous scene while `lecture_holder` has a lecture."""
    return SceneNavigation(window, lecture_holder)

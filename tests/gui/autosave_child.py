"""The real app (gui.app.run_app) in a process of its own, for test_autosave_instances.py.

    python tests/gui/autosave_child.py ANSWER [POINTS_JSON]

Its data folder and settings are wherever XDG_DATA_HOME and XDG_CONFIG_HOME point. The question
"Recover the last session?" is answered ANSWER ("yes" or "no"), the one thing replaced, since a
modal dialog would wait for a click. Once the window is up it prints one JSON line: the
autosaves it was asked about and the points it shows. Given POINTS_JSON ([x, y]), it puts them
on the canvas, writes its autosave (what the 30 s timer does) and prints {"autosave": path}.
Then it waits, as a user's window does, until it is killed.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import gui.persist.autosave as autosave  # noqa: E402
from gui.app import run_app  # noqa: E402


def say(obj) -> None:
    print(json.dumps(obj), flush=True)


def main(answer: str, points: str | None) -> int:
    asked: list[str] = []

    def ask_recovery(window, path) -> bool:
        asked.append(str(path))
        return answer == "yes"

    autosave.ask_recovery = ask_recovery

    def started() -> None:
        from gui.main_window import MainWindow

        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        say({"asked": asked, "x": list(map(float, window.points.x)), "y": list(map(float, window.points.y)),
             "folder": str(autosave.default_autosave_dir())})
        if points:
            window.confirm_replace = lambda source: True
            window.points.set_points(*json.loads(points))
            assert window.sessions.autosaver.save_now()
            say({"autosave": str(window.sessions.autosaver.path)})

    QTimer.singleShot(0, started)  # runs once the app's event loop has started, after the offer
    return run_app()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))

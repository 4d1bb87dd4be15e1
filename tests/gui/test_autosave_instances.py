"""One autosave per window: a window never offers, nor deletes, the autosave of a window that is
still open (in this process or another), and a window that was killed has its points offered at
the next start. The real app runs in processes of its own (autosave_child.py) and is killed with
SIGKILL, as a crash or the task manager would."""

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from gui.persist.session import load_session

from .test_autosave import Answers, autosaves, open_window, same_bits

CHILD = Path(__file__).with_name("autosave_child.py")
#: A real process start (imports, a window) takes seconds on a busy machine.
START_TIMEOUT_S = 120

XA, YA = [0.1, 1 / 3, -2.5, 1e-300], [1 / 7, -0.0, 3.0, 2.0 ** -40]
XB, YB = [10.0, 20.0, 30.0], [1.0, 2.0, 4.0]


# ---- two windows in this process -------------------------------------------------------------
def test_two_windows_in_one_process_never_offer_or_delete_each_others_autosave(qtbot, tmp_path):
    a_answers, b_answers = Answers(), Answers()
    a = open_window(qtbot, tmp_path, a_answers)
    a.points.set_points(np.array(XA), np.array(YA))
    assert a.sessions.autosaver.save_now()

    b_answers.recovery = False  # B would answer No: that must not cost A its autosave
    b = open_window(qtbot, tmp_path, b_answers)
    assert not autosave_offered(b, tmp_path) and b_answers.asked == []
    b.points.set_points(np.array(XB), np.array(YB))
    assert b.sessions.autosaver.save_now()
    assert not autosave_offered(a, tmp_path) and a_answers.asked == []
    assert autosaves(tmp_path) == sorted([a.sessions.autosaver.path, b.sessions.autosaver.path])
    assert same_bits(load_session(a.sessions.autosaver.path)["data"]["x"], XA)
    assert same_bits(load_session(b.sessions.autosaver.path)["data"]["x"], XB)

    kept = b.sessions.autosaver.path
    a.close()  # A's clean exit removes A's autosave only
    assert autosaves(tmp_path) == [kept]
    b.close()
    assert autosaves(tmp_path) == []


def autosave_offered(window, tmp_path) -> bool:
    from gui.persist.autosave import offer_recovery

    return offer_recovery(window, tmp_path / "appdata")


# ---- real processes ------------------------------------------------------------------------------
def start(tmp_path, answer: str, points=None) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    args = [sys.executable, str(CHILD), answer] + ([json.dumps(points)] if points else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)


def report(process: subprocess.Popen) -> dict:
    """The next JSON line the window prints; fails (not hangs) if none comes."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if selector.select(timeout=1):
            line = process.stdout.readline()
            assert line, f"the window's process ended (exit {process.wait()}) without a word"
            return json.loads(line)
        assert process.poll() is None, f"the window's process ended (exit {process.returncode})"
    raise AssertionError(f"no word from the window in {START_TIMEOUT_S} s")


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()


def test_a_second_window_leaves_a_live_ones_autosave_and_a_killed_ones_points_come_back(tmp_path):
    """The issue's case: A is open; B starts and must neither offer A's autosave ("did not close
    properly") nor delete it on No; then A is killed (SIGKILL), and the next start offers exactly
    A's points and brings them back, while B, still open, keeps its own."""
    processes = []
    try:
        a = start(tmp_path, "no", [XA, YA])
        processes.append(a)
        assert report(a)["asked"] == []
        a_file = Path(report(a)["autosave"])

        b = start(tmp_path, "no", [XB, YB])
        processes.append(b)
        assert report(b)["asked"] == []  # A is alive: not "did not close properly"
        b_file = Path(report(b)["autosave"])
        assert a_file.is_file() and b_file.is_file() and a_file != b_file
        assert same_bits(load_session(a_file)["data"]["x"], XA)

        kill(a)  # no clean exit: the autosave and its (now stale) lock stay behind
        assert a_file.is_file()

        c = start(tmp_path, "yes")
        processes.append(c)
        shown = report(c)
        assert shown["asked"] == [str(a_file)]  # only the killed window's, not B's live one
        assert same_bits(shown["x"], XA) and same_bits(shown["y"], YA)
        assert not a_file.exists() and b_file.is_file()
        left = sorted(Path(shown["folder"]).glob("autosave*.json"))
        assert len(left) == 2 and b_file in left  # B's, and C's own holding A's points now
        c_file = next(p for p in left if p != b_file)
        assert same_bits(load_session(c_file)["data"]["x"], XA)
    finally:
        for process in processes:
            kill(process)

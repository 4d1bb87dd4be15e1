"""Outputs a user names (`screenshot OUT`, `export OUT`) that cannot be written: exit 2 and one
line naming the path and the problem (DESIGN.md), never a traceback or "internal error". The
bad names are found before the data is read; a write that fails anyway says why.

We run as root in CI, so permissions do not stop a write: an unwritable place is a "folder"
that is a regular file, /proc (no new files there) or a name linked to /dev/full (every write
fails with "No space left on device")."""

from pathlib import Path

import pytest

from .test_cli import run

SHOT = ["--dataset", "seed-4pt", "--method", "householder"]
TRACE = ["--dataset", "seed-4pt", "--method", "gd"]


def assert_one_line_naming(done, path, *words):
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(path) in lines[0] and "internal error" not in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def under_a_file(tmp_path, name):
    """A path whose folder is an existing regular file."""
    afile = tmp_path / "notes.txt"
    afile.write_text("a file, not a folder\n")
    return afile / name, ["notes.txt", "is a file, not a folder"]


def full_disk(tmp_path, name):
    """A name whose every write fails: a link to /dev/full."""
    link = tmp_path / name
    link.symlink_to("/dev/full")
    return link


BAD_PICTURES = {
    "folder is a file": lambda tmp: under_a_file(tmp, "out.png"),
    "/proc": lambda tmp: (Path("/proc/out.png"), ["cannot be created"]),
    "missing folder": lambda tmp: (tmp / "no" / "such" / "dir" / "out.png", ["does not exist"]),
    "unknown extension": lambda tmp: (tmp / "out.xyz", [".xyz", ".png"]),
    "a folder": lambda tmp: (tmp, ["is a folder"]),
}


@pytest.mark.parametrize("case", BAD_PICTURES)
def test_screenshot_to_a_place_it_cannot_write_exits_2_naming_it(tmp_path, case):
    out, words = BAD_PICTURES[case](tmp_path)
    assert_one_line_naming(run("screenshot", str(out), *SHOT), out, *words)


def test_screenshot_checks_its_output_before_reading_the_data(tmp_path):
    """The folder is missing *and* the data set unknown: the output is what is named, since it
    is checked first (before a possibly long load and run)."""
    out = tmp_path / "missing" / "out.png"
    assert_one_line_naming(run("screenshot", str(out), "--dataset", "no-such-set"), out, "does not exist")


def test_a_screenshot_whose_write_fails_says_why_and_exits_2(tmp_path):
    out = full_disk(tmp_path, "out.png")
    assert_one_line_naming(run("screenshot", str(out), *SHOT), out, "No space left on device")


def test_export_film_to_a_place_it_cannot_write_exits_2_naming_it(tmp_path):
    for out, words in [under_a_file(tmp_path, "race.gif"), (Path("/proc/race.gif"), ["cannot be created"])]:
        assert_one_line_naming(run("export", str(out), *TRACE, "--frames", "3"), out, *words)


def test_an_export_film_whose_write_fails_says_why_and_exits_2(tmp_path):
    out = full_disk(tmp_path, "race.gif")
    done = run("export", str(out), *TRACE, "--frames", "3", "--size", "320x240")
    assert_one_line_naming(done, out, "No space left on device")


def test_export_trace_under_a_file_says_the_folder_is_a_file(tmp_path):
    """It used to say "the folder … does not exist" of a folder that was there, as a file."""
    out, words = under_a_file(tmp_path, "trace.csv")
    assert_one_line_naming(run("export", str(out), *TRACE), out, *words)

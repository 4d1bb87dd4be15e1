"""Files at the edges, given on the command line: a named pipe, a header of 10⁵ columns, a field of
a megabyte, a session, a lecture, JSON nested 10⁵ deep. Each gives a result or exit 2 with one
short line that names the file and says what it is; none hangs, none prints a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
#: The longest error line the contract allows (DESIGN.md: one line naming the file and the problem).
LINE_LIMIT = 220


def run(*args, timeout=120):
    """main.py as a user runs it; a hang becomes subprocess.TimeoutExpired, which fails the test."""
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def one_short_line(done) -> str:
    """The single error line of an exit 2, checked to be short and free of a traceback."""
    assert done.returncode == 2, (done.returncode, done.stderr[:500])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[:500]
    assert len(lines[0]) <= LINE_LIMIT, lines[0][:500]
    return lines[0]


def session(x, y, **parts) -> dict:
    return {"format": "least-squares-lab-session", "version": 1, "data": {"kind": "points", "x": x, "y": y},
            **parts}


# ---- not a file ---------------------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "points.csv"
    os.mkfifo(fifo)
    line = one_short_line(run("solve", str(fifo), "--method", "householder", timeout=60))
    assert "points.csv" in line and "named pipe (FIFO)" in line


def test_a_folder_or_a_device_is_named_for_what_it_is(tmp_path):
    assert "is a folder, not a file" in one_short_line(run("solve", str(tmp_path), "--method", "householder"))
    if Path("/dev/null").exists():
        assert "is a device, not a file" in one_short_line(run("solve", "/dev/null", "--method", "householder"))


# ---- wide and long --------------------------------------------------------------------------------
COLUMNS = 100_000


@pytest.fixture(scope="module")
def wide_csv(tmp_path_factory):
    """A header of 10⁵ names and three rows of numbers (about 2 MB)."""
    path = tmp_path_factory.mktemp("wide") / "wide.csv"
    rows = np.arange(3 * COLUMNS, dtype=float).reshape(3, COLUMNS) ** 0.5
    with path.open("w") as handle:
        handle.write(",".join(f"c{j + 1}" for j in range(COLUMNS)) + "\n")
        np.savetxt(handle, rows, delimiter=",", fmt="%.17g")
    return path, rows


def test_a_header_of_a_hundred_thousand_columns_is_read_in_linear_time(wide_csv):
    """The reader's cost grows with the number of columns, not with its square: 60 s is hundreds of
    times what the linear reader needs, and a small part of what a quadratic one takes."""
    path, rows = wide_csv
    done = run("solve", str(path), "--method", "householder", "--target", "c7", "--features", "c99999",
               "--degree", "1", "--json", timeout=60)
    assert done.returncode == 0, done.stderr[:500]
    theta = json.loads(done.stdout)["theta"]
    np.testing.assert_allclose(theta, np.polyfit(rows[:, 99998], rows[:, 6], 1)[::-1], rtol=1e-6)
    line = one_short_line(run("solve", str(path), "--method", "householder", timeout=60))
    assert "wide.csv has 100000 columns" in line and "--target" in line


@pytest.mark.parametrize("mark", ["", '"'])  # quoted, it is beyond the csv module's own limit (128 kB)
def test_a_megabyte_field_is_quoted_by_its_start(tmp_path, mark):
    path = tmp_path / "huge-field.csv"
    path.write_text(f"x,y\n1,2\n2,{mark}" + "7" * 10 + "z" * 1_000_000 + f"{mark}\n3,4\n")
    line = one_short_line(run("solve", str(path), "--method", "householder"))
    assert line.startswith("error: huge-field.csv, line 3: '7777777777zzz") and "1000010 characters" in line


def test_a_megabyte_column_name_is_quoted_by_its_start(tmp_path):
    path = tmp_path / "huge-name.csv"
    name = "n" * 500_000
    path.write_text(f"x,{name},{name}\n1,2,3\n2,3,4\n")
    line = one_short_line(run("solve", str(path), "--method", "householder"))
    assert "huge-name.csv, line 1" in line and "appears twice" in line


@pytest.mark.parametrize("args, words", [
    (("--points", "1,3;2," + "5" * 100_000 + "x"), "--points, pair 2"),
    (("--points", "1,3;2,5", "--param", "lr=" + "9" * 100_000), "lr"),
    (("--points", "1,3;2,5", "--start", "1," + "2" * 100_000 + "x"), "--start"),
    (("--system", "4,1;1," + "3" * 100_000 + "x=1,2"), "--system"),
])
def test_a_huge_argument_gives_a_short_line(args, words):
    line = one_short_line(run("solve", *args, "--method", "gd"))
    assert words in line


# ---- sessions and lectures ------------------------------------------------------------------------
def test_solve_fits_the_points_and_model_of_a_session_file(tmp_path):
    path = tmp_path / "lesson.json"  # what the window saves, read by its content: the name says nothing
    path.write_text(json.dumps(session([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 5.0, 10.0], model={"degree": 2})))
    renamed = tmp_path / "lesson.data"
    renamed.write_text(path.read_text())
    for given in (path, renamed):
        done = run("solve", str(given), "--method", "householder", "--json")
        assert done.returncode == 0, done.stderr
        np.testing.assert_allclose(json.loads(done.stdout)["theta"], [1, 0, 1], atol=1e-12)
    done = run("solve", str(path), "--method", "householder", "--degree", "1", "--json")
    assert done.returncode == 0 and len(json.loads(done.stdout)["theta"]) == 2


def test_a_session_naming_a_data_set_fits_that_data_set(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"format": "least-squares-lab-session", "version": 1,
                                "data": {"kind": "dataset", "name": "seed-2pt"}}))
    done = run("solve", str(path), "--method", "householder", "--json")
    assert done.returncode == 0, done.stderr
    np.testing.assert_allclose(json.loads(done.stdout)["theta"], [1, 2], rtol=1e-12)


def test_a_bad_session_is_refused_naming_the_file_and_the_part(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(session([1, 2], [3, "three" * 100_000])))
    line = one_short_line(run("solve", str(path), "--method", "householder"))
    assert "broken.json" in line and "data.y[1]" in line


def test_a_lecture_file_or_folder_says_how_to_open_it(tmp_path):
    lecture = tmp_path / "course.json"
    lecture.write_text(json.dumps({"format": "least-squares-lab-lecture", "version": 1,
                                   "scenes": [session([1, 2], [3, 5])]}))
    line = one_short_line(run("solve", str(lecture), "--method", "householder"))
    assert "course.json" in line and "lecture" in line and "python main.py" in line
    folder = tmp_path / "week 3"
    folder.mkdir()
    (folder / "01-start.json").write_text(json.dumps(session([1, 2], [3, 5])))
    line = one_short_line(run("solve", str(folder), "--method", "householder"))
    assert "week 3" in line and "lecture" in line and "python main.py" in line


def test_json_nested_a_hundred_thousand_deep_is_refused_with_a_message(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    line = one_short_line(run("solve", str(path), "--method", "householder"))
    assert "deep.json" in line and "nested too deeply" in line

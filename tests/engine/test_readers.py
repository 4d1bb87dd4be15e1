"""Reading CSV and NIST files: good files give the right table, bad ones a one-line InputError."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from engine.errors import InputError
from engine.readers import read_csv, read_nist
from engine.table import Table, table_to_problem

from . import nist_reference
from .nist_reference import NIST_DIR


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---- good CSV files ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "x,y\n1,3\n2,5\n3,7.5\n",
    "x;y\n1;3\n2;5\n3;7.5\n",
    "x\ty\n1\t3\n2\t5\n3\t7.5\n",
    "x y\n1 3\n2   5\n 3\t7.5 \n",
    "x, y\r\n1, 3\r\n2, 5\r\n3, 7.5\r\n",
    '"x","y"\n1,3\n2,5\n3,7.5\n',
])
def test_delimiters_and_header(tmp_path, text):
    table = read_csv(write(tmp_path, text))
    assert table.names == ("x", "y")
    np.testing.assert_array_equal(table.data, [[1, 3], [2, 5], [3, 7.5]])
    assert table.lines == (2, 3, 4)
    assert table.source == "data.csv"


def test_no_header_two_columns_are_x_and_y(tmp_path):
    table = read_csv(write(tmp_path, "1;3\n2;5\n"))
    assert table.names == ("x", "y")
    assert table.lines == (1, 2)
    np.testing.assert_array_equal(table.column("y"), [3, 5])


def test_no_header_more_columns_are_numbered(tmp_path):
    table = read_csv(write(tmp_path, "1\t2\t3\n4\t5\t6\n"))
    assert table.names == ("c1", "c2", "c3")
    np.testing.assert_array_equal(table.column("c3"), [3, 6])


def test_comments_and_blank_lines_are_skipped_but_counted(tmp_path):
    text = "# measured on Monday\n\nx,y\n\n1,2e0\n# a note\n-2.5E-1,+4\n\n"
    table = read_csv(write(tmp_path, text))
    assert table.names == ("x", "y")
    assert table.lines == (5, 7)
    np.testing.assert_array_equal(table.data, [[1, 2], [-0.25, 4]])


def test_table_is_read_only_and_column_checks_names(tmp_path):
    table = read_csv(write(tmp_path, "a,b\n1,2\n3,4\n"))
    with pytest.raises(ValueError):
        table.data[0, 0] = 9
    with pytest.raises(InputError, match=r"no column 'z'; the columns are a, b"):
        table.column("z")


# ---- bad CSV files -----------------------------------------------------------------------------
BAD = [
    ("x,y\n1,2\n2,3\n3,abc\n", 4, "'abc' in column 'y' is not a number"),
    ("x,y\n1,2\n2,nan\n3,4\n", 3, "'nan' in column 'y' is not a finite number"),
    ("x,y\n1,2\ninf,3\n3,4\n", 3, "'inf' in column 'x' is not a finite number"),
    ("x,y\n1,2\n2,-Infinity\n", 3, "is not a finite number"),
    ("x,y\n1,2\n2,1e400\n", 3, "'1e400' in column 'y' is not a finite number"),
    ("x,y\n1,2\n2,3,4\n", 3, "3 fields, but the header has 2 (x, y)"),
    ("1,2\n3\n", 2, "1 fields, but the first row has 2"),
    ("x,y\n1,\n2,3\n", 2, "empty value in column 'y'"),
    ("x;y\n1;2,5\n2;3\n", 2, "'2,5' in column 'y' is not a number (use '.' for the decimal point)"),
    ("x,y\n1,2\n", 2, "a fit needs at least two points"),
    ("# one point\n\n5 6\n", 3, "a fit needs at least two points"),
    ("y\n1\n2\n", 1, "only one column"),
    ("x,y\n", 1, "no data rows"),
    ("x,x\n1,2\n3,4\n", 1, "the column name 'x' appears twice"),
    ("x,y\n1,2\n1_0,3\n", 3, "'1_0' in column 'x' is not a number"),
]


@pytest.mark.parametrize(("text", "line", "problem"), BAD)
def test_bad_csv_names_file_line_and_problem(tmp_path, text, line, problem):
    with pytest.raises(InputError) as caught:
        read_csv(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"data.csv, line {line}: ")
    assert problem in message
    assert caught.value.line == line


@pytest.mark.parametrize(("content", "line"), [
    (b"x,y\n1,2\n\x00\x01\x02\x03", 3),
    (b"x,y\n1,2\n3,4\n\xff\xfe\x80 5,6\n", 4),
])
def test_binary_file(tmp_path, content, line):
    with pytest.raises(InputError, match=rf"^data\.xlsx, line {line}: is not a text file"):
        read_csv(write(tmp_path, content, "data.xlsx"))


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    with pytest.raises(InputError, match=r"^data\.csv: the file is empty: no data rows$"):
        read_csv(write(tmp_path, text))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match=r"^nothing\.csv: file not found$"):
        read_csv(tmp_path / "nothing.csv")
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(InputError, match=r"^folder\.csv: "):
        read_csv(tmp_path / "folder.csv")


def test_utf8_bom_and_non_ascii_header(tmp_path):
    table = read_csv(write(tmp_path, "\ufefftemperature °C,length\n1,2\n3,4\n"))
    assert table.names == ("temperature °C", "length")


def test_junk_never_escapes_as_another_exception(tmp_path):
    """Random bytes and random text only ever give a table or an InputError."""
    rng = np.random.RandomState(0)
    alphabet = list("0123456789.,;\t -+eE#\nnaifxy\"'") + ["\r\n", "1e999", "nan"]
    for trial in range(300):
        if trial % 3 == 0:
            content = rng.bytes(int(rng.randint(0, 60)))
        else:
            content = "".join(rng.choice(alphabet, int(rng.randint(0, 40)))).encode()
        path = write(tmp_path, content, f"junk{trial}.csv")
        try:
            table = read_csv(path)
        except InputError as error:
            assert str(error).startswith(f"junk{trial}.csv")
        else:
            assert table.data.shape[0] >= 2 and table.data.shape[1] >= 2
            assert np.all(np.isfinite(table.data))


# ---- NIST files --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def certified() -> dict:
    return nist_reference.certified()


def test_every_nist_file_parses_with_its_certified_values(certified):
    assert len(certified) == 11
    for key, entry in certified.items():
        nist = read_nist(NIST_DIR / entry["file"])
        assert nist.certified == tuple(entry["certified_parameters"].values()), key
        assert nist.parameter_names == tuple(entry["certified_parameters"]), key
        assert nist.residual_sd == entry["certified_residual_sd"], key
        assert nist.model == entry["model"], key
        assert nist.intercept is entry["intercept"], key
        assert nist.degree == entry["polynomial_degree_in_x"], key
        assert nist.table.names == tuple(entry["data_columns"].split()), key
        assert nist.table.data.shape == (entry["n_observations_stated"], len(nist.table.names)), key
        assert nist.table.source == entry["file"]


def test_nist_data_rows_and_lines(certified):
    table = read_nist(NIST_DIR / "Norris.dat").table
    np.testing.assert_array_equal(table.data[0], [0.1, 0.2])
    np.testing.assert_array_equal(table.data[-1], [0.2, 0.5])
    assert table.lines[0] == 61 and table.lines[-1] == 96
    longley = read_nist(NIST_DIR / "Longley.dat").table
    np.testing.assert_array_equal(longley.data[0], [60323, 83.0, 234289, 2356, 1590, 107608, 1947])


@pytest.mark.parametrize(("edit", "line", "problem"), [
    (lambda s: s.replace("Data:       y          x", "Data:"), 60, "must name the columns"),
    (lambda s: s.replace("         9.2       10.1", "         9.2       ten"), 65,
     "'ten' in column 'x' is not a number"),
    (lambda s: s.replace("         9.2       10.1", "         9.2"), 65,
     "1 fields, but the 'Data:' line names 2 (y x)"),
    (lambda s: s.replace("-0.262323073774029", "-0.26232307377402g"), 31,
     "in column 'B0' is not a number"),
    (lambda s: s.replace("36 Observations", "37 Observations"), 96,
     "states 37 observations but has 36 data rows"),
])
def test_malformed_nist_file(certified, tmp_path, edit, line, problem):
    text = (NIST_DIR / "Norris.dat").read_text(encoding="ascii")
    changed = edit(text)
    assert changed != text
    with pytest.raises(InputError) as caught:
        read_nist(write(tmp_path, changed, "Norris.dat"))
    assert str(caught.value).startswith(f"Norris.dat, line {line}: ")
    assert problem in str(caught.value)


def test_not_a_nist_file(tmp_path):
    with pytest.raises(InputError, match=r"^points\.dat: no 'Data:' line"):
        read_nist(write(tmp_path, "x y\n1 2\n3 4\n", "points.dat"))
    with pytest.raises(InputError, match=r"^gone\.dat: file not found"):
        read_nist(tmp_path / "gone.dat")


def norris_cut(tmp_path: Path, last: int) -> Path:
    """Norris.dat cut after line `last`, as `head -n last` leaves it."""
    lines = (NIST_DIR / "Norris.dat").read_text(encoding="ascii").splitlines(keepends=True)
    return write(tmp_path, "".join(lines[:last]), "Norris.dat")


@pytest.mark.parametrize("last", [25, 31, 40, 59])
def test_a_nist_file_cut_before_its_data_says_the_data_is_missing(tmp_path, last):
    """`head -40 Norris.dat` keeps the certified values: what is missing is the data section
    (lines 61 to 96, as the file's header says), not the certified parameter estimates."""
    with pytest.raises(InputError) as caught:
        read_nist(norris_cut(tmp_path, last))
    message = str(caught.value)
    assert message.startswith(f"Norris.dat, line {last}: the data section is missing; the file ends at line {last}")
    assert "its header (line 6) puts the data at lines 61 to 96: is the file cut short?" in message
    assert "certified" not in message


@pytest.mark.parametrize(("last", "rows"), [(60, 0), (80, 20), (95, 35)])
def test_a_nist_file_cut_inside_its_data_says_how_many_rows_are_left(tmp_path, last, rows):
    with pytest.raises(InputError) as caught:
        read_nist(norris_cut(tmp_path, last))
    assert str(caught.value) == (f"Norris.dat, line {last}: the file states 36 observations but has {rows} "
                                 f"data rows; the file ends at line {last}, but its header (line 6) puts the "
                                 "data at lines 61 to 96: is the file cut short?")


def test_a_nist_file_without_its_certified_values_says_where_they_belong(tmp_path):
    lines = (NIST_DIR / "Norris.dat").read_text(encoding="ascii").splitlines(keepends=True)
    del lines[30:32]  # the B0 and B1 lines 31 and 32
    with pytest.raises(InputError) as caught:
        read_nist(write(tmp_path, "".join(lines), "Norris.dat"))
    assert str(caught.value) == ("Norris.dat: no certified parameter estimates (lines such as 'B1  2.07...'); "
                                 "its header (line 5) puts the certified values at lines 31 to 46")


# ---- choosing columns ----------------------------------------------------------------------------
def table_of(names: str, rows: int = 5, source: str = "data.csv") -> Table:
    names = tuple(names.split())
    data = np.arange(rows * len(names), dtype=float).reshape(rows, len(names)) ** 1.5
    return Table(names, data, source, tuple(range(2, rows + 2)))


def test_two_columns_are_x_then_y():
    table = table_of("t v")
    problem = table_to_problem(table)
    assert (problem.n, problem.p, problem.degree, problem.name) == (5, 2, 1, "data.csv")
    np.testing.assert_array_equal(problem.y, table.column("v"))
    np.testing.assert_array_equal(problem.x, table.column("t"))
    cubic = table_to_problem(table, degree=3, intercept=False, name="mine")
    assert (cubic.p, cubic.parameter_names, cubic.name) == (3, ("B1", "B2", "B3"), "mine")


def test_many_columns_need_a_choice():
    message = "data.csv has 4 columns (a, b, c, d): choose them with --target and --features"
    with pytest.raises(InputError, match=re.escape(message)):
        table_to_problem(table_of("a b c d"))


def test_columns_by_name_or_number():
    table = table_of("a b c d")
    by_name = table_to_problem(table, target="d", features=["a", "c"])
    by_number = table_to_problem(table, target="4", features="1,3")
    assert by_name.p == 3 and by_name.column_labels == ("1", "a", "c")
    np.testing.assert_array_equal(by_name.design, by_number.design)
    np.testing.assert_array_equal(by_name.y, table.column("d"))
    rest = table_to_problem(table, target="b")
    assert rest.column_labels == ("1", "a", "c", "d")
    single = table_to_problem(table, target="a", features=["2"], degree=2)
    assert single.degree == 2 and single.p == 3
    np.testing.assert_array_equal(single.x, table.column("b"))


def test_target_follows_from_features_when_one_column_is_left():
    problem = table_to_problem(table_of("x1 x2 y"), features=["x1", "x2"])
    assert problem.column_labels == ("1", "x1", "x2")


@pytest.mark.parametrize(("kwargs", "problem"), [
    ({"target": "z", "features": ["a"]}, "no column 'z'; the columns are a, b, c, d"),
    ({"target": "9"}, "no column '9'"),
    ({"target": "a", "features": ["b", "c"], "degree": 2}, "degree 2 needs a single feature"),
    ({"target": "a", "features": ["a", "b"]}, "column 'a' is both the target and a feature"),
    ({"features": ["a", "b"]}, "choose the target with --target"),
])
def test_bad_column_choices(kwargs, problem):
    with pytest.raises(InputError) as caught:
        table_to_problem(table_of("a b c d"), **kwargs)
    assert str(caught.value).startswith("data.csv")
    assert problem in str(caught.value)


def test_quoted_names_may_hold_the_delimiter(tmp_path):
    table = read_csv(write(tmp_path, '"temp, °C","length"\n1,2\n3,4\n'))
    assert table.names == ("temp, °C", "length")
    np.testing.assert_array_equal(table.column("length"), [2, 4])


def test_line_numbers_count_only_real_line_breaks(tmp_path):
    table = read_csv(write(tmp_path, "x,y\r1,2\r\n3,4\n\n5,6\f\n"))
    assert table.lines == (2, 3, 5)
    with pytest.raises(InputError, match=r"^data\.csv, line 3: 'q' in column 'y'"):
        read_csv(write(tmp_path, "x y\n1 2 \x85\n3 q\n"))

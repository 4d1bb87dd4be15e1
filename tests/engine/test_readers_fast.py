"""The fast CSV path: the same numbers as numpy.loadtxt / float() bit for bit, the careful path's
messages for anything that is not plain numbers, progress reports, and no second copy of big data."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import csv_fast
from engine.errors import InputError
from engine.readers import _read_csv_fast, read_csv
from engine.table import LineNumbers


@pytest.fixture(params=["whole", "streamed"])
def mode(request, monkeypatch):
    """Read each file both ways: in one call on every core, and streamed in blocks of 4 KB."""
    if request.param == "streamed":
        monkeypatch.setattr(csv_fast, "WHOLE_FILE_BYTES", 0)
        monkeypatch.setattr(csv_fast, "BLOCK_BYTES", 4096)
    return request.param


class Cancelled(Exception):
    """What a progress dialog's Cancel raises through the reader's progress callback."""


def cancel_past_a_third(fraction: float) -> None:
    if fraction > 0.3:
        raise Cancelled


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


def formatted(rng: np.random.Generator, n: int) -> list[str]:
    """Numbers as spreadsheets and scripts write them: short and long, signs, exponents, zeros."""
    values = rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)
    styles = ["%.17g", "%.6f", "%g", "%.3e", "%.15E", "%d", "%.0f", "%.10g"]
    out = [styles[i % len(styles)] % v for i, v in enumerate(values)]
    specials = ["-0", "-0.0e5", ".5", "5.", "-.25", "1e-320", "-2.5e-310", "0001.100", "1E+5",
                "12345678901234567890123"]
    for j, token in enumerate(specials):
        out[j::89] = [token] * len(out[j::89])
    return out


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_values_equal_loadtxt_bit_for_bit(tmp_path, delimiter, newline, mode):
    rng = np.random.default_rng(1)
    fields = formatted(rng, 3 * 20_000)
    rows = [delimiter.join(fields[i:i + 3]) for i in range(0, len(fields), 3)]
    path = tmp_path / "big.csv"
    path.write_bytes((newline.join([delimiter.join(["a", "b", "c"]), *rows]) + newline).encode())
    assert _read_csv_fast(path, None) is not None  # the fast path itself, not the careful one
    table = read_csv(path)
    expected = np.loadtxt(path, delimiter=delimiter, skiprows=1)
    assert same_bits(table.data, expected)
    assert table.names == ("a", "b", "c")
    assert table.lines == tuple(range(2, 20_002))


def test_small_blocks_meet_at_line_boundaries(tmp_path, monkeypatch):
    """Blocks of 4 KB cut lines apart; the halves join again, and the array grows past its estimate."""
    monkeypatch.setattr(csv_fast, "WHOLE_FILE_BYTES", 0)
    monkeypatch.setattr(csv_fast, "BLOCK_BYTES", 4096)
    rng = np.random.default_rng(2)
    data = rng.standard_normal((5_000, 2)) * 1e3
    data[1_000:] = np.round(data[1_000:])  # long lines first: the row count guessed from them is too small
    path = tmp_path / "blocks.csv"
    np.savetxt(path, data, delimiter=",", fmt="%.17g")
    table = read_csv(path)
    assert same_bits(table.data, data)
    assert table.names == ("x", "y") and table.lines[0] == 1 and table.lines[-1] == 5_000


_DIGITS = st.text("0123456789", min_size=1, max_size=25)
NUMBERS = st.builds(lambda sign, whole, frac, exp: sign + whole + frac + exp,
                    st.sampled_from(["", "-"]),
                    st.one_of(_DIGITS, st.just("")),
                    st.one_of(st.just(""), st.just("."), _DIGITS.map(lambda d: "." + d)),
                    st.one_of(st.just(""), st.builds(lambda e, s, d: e + s + d, st.sampled_from("eE"),
                                                     st.sampled_from(["", "-", "+"]),
                                                     st.text("0123456789", min_size=1, max_size=3))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(NUMBERS, NUMBERS), min_size=2, max_size=20))
def test_any_decimal_text_reads_as_float_does(rows):
    """Each field either reads as float() reads it (bit for bit), or the file is refused (None)."""
    text = "".join(f"{a},{b}\n" for a, b in rows).encode()
    try:
        expected = np.array([[float(a), float(b)] for a, b in rows])
    except ValueError:
        expected = None  # text float() refuses, such as '.' or '-e5'
    if expected is not None and not np.all(np.isfinite(expected)):
        expected = None  # overflow: the careful path says which value is not finite
    with tempfile.TemporaryDirectory() as folder:  # not tmp_path: hypothesis runs many examples per test
        path = Path(folder) / "numbers.csv"
        path.write_bytes(text)
        got = csv_fast.parse_stream(path, 0, ",", 2)
    if expected is None:
        assert got is None
    else:
        assert got is not None and same_bits(got, expected)


@pytest.mark.parametrize(("bad", "message"), [
    ("3,abc", "'abc' in column 'y' is not a number"),
    ("3,1.2.3", "'1.2.3' in column 'y' is not a number"),
    ("3,", "empty value in column 'y'"),
    ("3,4,5", "3 fields, but the header has 2 (x, y)"),
    ("3,1e400", "'1e400' in column 'y' is not a finite number"),
    ("0x10,4", "'0x10' in column 'x' is not a number"),
    ("", None),  # a blank line inside the data is allowed: it is skipped, and counted
])
def test_a_bad_line_deep_in_a_big_file_is_named(tmp_path, bad, message, mode):
    rows = [f"{i},{2 * i + 1}" for i in range(30_000)]
    rows[20_000] = bad
    path = tmp_path / "deep.csv"
    path.write_text("x,y\n" + "\n".join(rows) + "\n", encoding="utf-8")
    if message is None:
        table = read_csv(path)
        assert table.data.shape == (29_999, 2) and table.lines[20_000] == 20_003
        return
    with pytest.raises(InputError) as caught:
        read_csv(path)
    assert str(caught.value).startswith("deep.csv, line 20002: ") and message in str(caught.value)


def test_negative_zero_keeps_its_sign(tmp_path):
    path = tmp_path / "zeros.csv"
    path.write_text("x,y\n-0,0\n-0.0e3,-1e-400\n1,-0.\n", encoding="utf-8")
    data = read_csv(path).data
    assert same_bits(data, np.array([[-0.0, 0.0], [-0.0, -0.0], [1.0, -0.0]]))


def test_progress_rises_to_one_and_a_raise_cancels(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_fast, "WHOLE_FILE_BYTES", 0)
    monkeypatch.setattr(csv_fast, "BLOCK_BYTES", 1 << 14)
    path = tmp_path / "p.csv"
    np.savetxt(path, np.arange(40_000.0).reshape(-1, 2), delimiter=",", fmt="%.6f", header="x,y", comments="")
    seen: list[float] = []
    read_csv(path, progress=seen.append)
    assert len(seen) > 5 and seen == sorted(seen) and seen[-1] == 1.0 and 0.0 <= seen[0]

    with pytest.raises(Cancelled):
        read_csv(path, progress=cancel_past_a_third)


def test_big_table_holds_no_python_objects_per_row(tmp_path):
    """The data is the parser's own array (no copy) and the line numbers a range, not 10⁵ ints."""
    path = tmp_path / "many.csv"
    np.savetxt(path, np.ones((100_000, 2)), delimiter=",", fmt="%g", header="x,y", comments="")
    table = read_csv(path)
    assert isinstance(table.lines, LineNumbers) and table.lines == LineNumbers(range(2, 100_002))
    assert table.data.flags.owndata and not table.data.flags.writeable


def test_spaces_around_fields_quotes_and_whitespace_columns_read_as_numbers(tmp_path):
    path = Path(tmp_path / "ws.csv")
    path.write_text('"x","y"\n 1, 2\n3 ,4\n', encoding="utf-8")
    np.testing.assert_array_equal(read_csv(path).data, [[1, 2], [3, 4]])
    path.write_text("x y\n1 2\n3   4\n", encoding="utf-8")
    np.testing.assert_array_equal(read_csv(path).data, [[1, 2], [3, 4]])


def test_quoted_numbers_and_blank_lines_at_the_end_keep_the_fast_path(tmp_path, mode):
    """A spreadsheet's quotes and an editor's extra newlines are no reason to read 10⁶ rows slowly."""
    rng = np.random.default_rng(5)
    data = rng.standard_normal((3_000, 2))
    path = tmp_path / "quoted.csv"
    body = "".join(f'"{a!r}","{b!r}"\n' for a, b in data.tolist())
    path.write_text('"x","y"\n' + body + "\n\n  \n", encoding="utf-8")
    assert _read_csv_fast(path, None) is not None
    table = read_csv(path)
    assert same_bits(table.data, data)  # repr() round-trips: these are the numbers written
    assert table.names == ("x", "y") and table.lines == tuple(range(2, 3_002))


def test_the_careful_path_reports_progress_and_hears_a_cancel(tmp_path):
    """Whitespace-separated columns take the careful path; a big file still moves the bar and stops."""
    path = tmp_path / "spaces.txt"
    np.savetxt(path, np.arange(400_000.0).reshape(-1, 2), fmt="%.1f", header="x y", comments="")
    assert _read_csv_fast(path, None) is None
    seen: list[float] = []
    table = read_csv(path, progress=seen.append)
    np.testing.assert_array_equal(table.data, np.arange(400_000.0).reshape(-1, 2))
    assert len(seen) > 3 and seen == sorted(seen) and seen[-1] == 1.0

    with pytest.raises(Cancelled):
        read_csv(path, progress=cancel_past_a_third)

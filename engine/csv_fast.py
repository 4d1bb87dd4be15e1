"""The fast path of `read_csv`: the body of a clean numeric CSV, parsed in blocks of complete lines.

Python's float() (and so numpy.loadtxt) spends ~300 ns on each number; scipy's Matrix Market
reader (fast_matrix_market: C++, correctly rounded like strtod, threaded) reads the same numbers
several times faster. It is lenient, though: it reads '1.2.3' as 1.2 and skips blank lines. So
every block is first checked against the grammar of a decimal number, field by field and line by
line, with vectorised numpy over the block's non-digit bytes, and only then handed to it. Any
block that is not plain numbers gives None, and `read_csv` falls back to its careful parse, which
explains what is wrong and where. Values are bit for bit those of float() on the same text.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np

#: Bytes read at a time: large enough for numpy's per-call cost to vanish, small enough that the
#: block, its translation and its arrays stay a few tens of MB whatever the file's size.
CHUNK_BYTES = 16 << 20
_MM_HEADER = "%%MatrixMarket matrix array real general\n{k} {rows}\n"
#: The bytes a plain decimal number may hold besides digits (the delimiter is added per file).
_ALLOWED = np.zeros(256, dtype=bool)
_ALLOWED[list(b".+-eE\n")] = True
_MINUS, _PLUS, _DOT, _NEWLINE = ord("-"), ord("+"), ord("."), ord("\n")


def _shift(values: np.ndarray, first) -> np.ndarray:
    """values moved one place right, `first` in front: what the previous special byte was."""
    out = np.empty_like(values)
    out[0] = first
    out[1:] = values[:-1]
    return out


def parse_block(block: bytes, delimiter: str, k: int) -> np.ndarray | None:
    """The rows of `block` (complete lines, each ending in '\\n', no header), or None unless every
    line holds exactly k plain decimal numbers ([-]digits[.digits][e[±]digits], as float() reads)."""
    if b"\r" in block:
        block = block.replace(b"\r\n", b"\n")
    d = ord(delimiter)
    c = np.frombuffer(block, dtype=np.uint8)
    at = np.flatnonzero(np.subtract(c, 48, dtype=np.uint8) > 9)  # every byte that is not a digit
    if at.size == 0:
        return None
    kind = c[at]
    allowed = _ALLOWED.copy()
    allowed[d] = True
    if not allowed[kind].all():
        return None  # any other byte (spaces, quotes, letters, '#', a lone '\r')
    sep = (kind == d) | (kind == _NEWLINE)
    sign = (kind == _MINUS) | (kind == _PLUS)
    dot = kind == _DOT
    exp = ~(sep | sign | dot)
    gap = np.diff(at, prepend=-1) > 1  # digits between the previous special byte and this one
    p_sep, p_sign, p_dot, p_exp = _shift(sep, True), _shift(sign, False), _shift(dot, False), _shift(exp, False)
    p_gap, pp_sep = _shift(gap, False), _shift(p_sep, True)
    mantissa_sign = p_sign & pp_sep  # a sign at the start of its field, not after an 'e'
    mantissa_digits = p_dot & (gap | p_gap)  # '5.', '.5', '5.5' but not '.'
    ok_sep = (gap & (p_sep | p_sign | p_exp)) | mantissa_digits
    ok_sign = ~gap & (p_sep | p_exp)
    ok_dot = p_sep | mantissa_sign
    ok_exp = (gap & (p_sep | mantissa_sign)) | mantissa_digits
    bad = (sep & ~ok_sep) | (sign & ~ok_sign) | (dot & ~ok_dot) | (exp & ~ok_exp)
    if bad.any() or np.any((kind == _PLUS) & p_sep):  # the reader below refuses a leading '+'
        return None
    ends = kind[sep]
    if ends.size % k:
        return None
    ends = ends.reshape(-1, k)
    if not (np.all(ends[:, -1] == _NEWLINE) and np.all(ends[:, :-1] == d)):
        return None
    rows = ends.shape[0]
    import scipy.io  # here, not at the top: 30 ms of the app's start-up for a file that may never come

    text = _MM_HEADER.format(k=k, rows=rows).encode() + block.translate(bytes.maketrans(bytes([d]), b"\n"))
    try:
        values = scipy.io.mmread(io.BytesIO(text)).T  # a k × rows column-major matrix is our rows
    except ValueError:
        return None
    if values.shape != (rows, k) or not np.all(np.isfinite(values)):
        return None
    row, column = np.nonzero(values == 0)
    if row.size:  # the reader drops the sign of '-0'; float() keeps it
        field = row * k + column
        starts = np.where(field > 0, at[sep][field - 1] + 1, 0)
        minus = c[starts] == _MINUS
        values[row[minus], column[minus]] = -0.0
    return values


def parse_stream(handle, offset: int, delimiter: str, k: int,
                 progress: Callable[[float], object] | None = None) -> np.ndarray | None:
    """All rows from byte `offset` of an open binary file to its end, read CHUNK_BYTES at a time
    into one preallocated array (no second copy of the data); None as soon as a block is not plain
    numbers. `progress(fraction)` is called after each block (an exception it raises propagates)."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(offset)
    out: np.ndarray | None = None
    rows = 0
    carry = b""
    while True:
        chunk = handle.read(CHUNK_BYTES)
        data = carry + chunk
        if chunk:
            cut = data.rfind(b"\n") + 1
            data, carry = data[:cut], data[cut:]
        else:
            data = data.rstrip(b"\r\n")
            data = data + b"\n" if data else b""
        if data:
            block = parse_block(data, delimiter, k)
            if block is None:
                return None
            if out is None:  # the rows to come, from the size of the first block's rows
                out = np.empty((int(block.shape[0] * (size - offset) / len(data) * 1.02) + 16, k))
            if rows + block.shape[0] > out.shape[0]:
                out = np.concatenate([out[:rows], np.empty((max(out.shape[0] // 4, block.shape[0]), k))])
            out[rows:rows + block.shape[0]] = block
            rows += block.shape[0]
        if progress is not None:
            progress(min(handle.tell() / size, 1.0) if size else 1.0)
        if not chunk:
            break
    if out is None:
        return None
    out.resize((rows, k), refcheck=False)  # shrinks in place
    return out

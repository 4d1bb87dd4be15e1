"""What a path is, asked before it is opened: only a regular file is read.

Opening a named pipe (FIFO) for reading waits until some other program writes to it, which
may be never, and a device can stream without end; a reader that opened either would hang
with no way to cancel. So every reader (CSV, NIST, session, lecture) asks `require_file`
first, which only looks at the path (os.stat) and says in one line what it is instead.
"""

from __future__ import annotations

import errno
import os
import stat

from .errors import InputError


def source_name(path) -> str:
    """The name a message gives a file: its base name (the folders say nothing to the problem)."""
    text = os.fspath(path)
    return os.path.basename(text.rstrip("/")) or text


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def why_not_a_file(path) -> str | None:
    """Why `path` cannot be read as a file, in words ("file not found", "is a named pipe ..."),
    or None when it is a regular file. Nothing is opened: a FIFO is never waited on."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "is a link to a file that does not exist" if os.path.islink(path) else "file not found"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a link that loops back on itself (a symbolic link loop), not a file"
        return f"cannot read the file ({error.strerror or error})"
    except ValueError:  # a name with a NUL byte in it
        return "is not a valid file name"
    return _kind(mode)


def require_file(path) -> str:
    """The file's name for messages, or an InputError saying what `path` is instead of a file."""
    source = source_name(path)
    problem = why_not_a_file(path)
    if problem is not None:
        raise InputError(problem, source=source)
    return source

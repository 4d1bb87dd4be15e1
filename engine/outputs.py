"""Files the user asks us to write (exports, screenshots): checked before any work is done.

A run can take minutes; finding out only at the end that the folder is missing, that its
"folder" is a file, or that the name has an extension nothing can write, wastes that time and
used to end in a traceback. `check_output_path` says what is wrong in one line instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError

#: A failed write's reason is cut to this many characters (a tool may give its whole log).
MAX_REASON = 100
#: A longer path is shown by its end (the folder and file name a user recognises), not its start.
PATH_LIMIT = 100


def shown(path: str | os.PathLike) -> str:
    """The path as a message shows it: whole, or "…" and its last PATH_LIMIT characters."""
    text = str(path)
    return text if len(text) <= PATH_LIMIT else "…" + text[-PATH_LIMIT:]


def _refused(path: str | os.PathLike, problem: str) -> InputError:
    return InputError(f"{shown(path)}: {problem}")


def check_output_path(path: str | os.PathLike, suffixes: Sequence[str] | None = None, *,
                      formats: str | None = None) -> Path:
    """The path, once its extension is one of `suffixes` (None: any), its folder exists and a file
    can be created there; else InputError naming the path and the problem. `formats` describes
    the accepted extensions in the message (default: the list of `suffixes`)."""
    if not str(path).strip():
        raise InputError("the output file name is empty: give one")
    if Path(path).is_dir() or str(path).endswith(os.sep):
        raise _refused(path, "is a folder; give a file name")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffixes is not None and suffix not in suffixes:
        accepted = formats or ", ".join(suffixes)
        raise _refused(path, f"cannot write {suffix or 'a name without an extension'}; "
                             f"give a file ending in {accepted}")
    folder = path.parent
    if not folder.exists():
        raise _refused(path, f"the folder {folder.name!r} does not exist (create it first)")
    if not folder.is_dir():
        raise _refused(path, f"{folder.name!r} is a file, not a folder")
    _probe(path)
    return path


def _probe(path: Path) -> None:
    """Create (or open) the file for writing and remove it again if it was not there: the only
    test that also answers for read-only file systems, /proc and permissions. A FIFO or device
    that already exists is left alone: opening it could block or be seen by its reader."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
    except OSError as error:
        raise _refused(path, f"a file cannot be created in this folder ({error.strerror or error})") from None
    os.close(fd)
    if mode is None:
        path.unlink(missing_ok=True)


def write_failed(path: str | os.PathLike, error: OSError | None = None) -> InputError:
    """The one-line error for a write that failed after the checks (a full disk, a vanished
    folder): the reason where the system gave one."""
    reason = (error.strerror or str(error)) if error is not None else "check the folder and the free space"
    reason = reason.strip().splitlines()[0] if reason.strip() else type(error).__name__
    if len(reason) > MAX_REASON:  # one line a student reads, not a tool's whole log
        reason = reason[:MAX_REASON - 1] + "…"
    return _refused(path, f"could not be written ({reason})")

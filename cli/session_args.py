"""A session or lecture given where the command line expects a data file (FILE).

The window saves sessions as JSON; a student who passes one to `solve` means its data and
model, so the file is recognised by its content (not its name) and fitted. A lecture is a
sequence of scenes for the window: it, and a folder of scenes, are refused with one line
saying how to open them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from engine.errors import InputError
from engine.files import source_name
from engine.problem import Problem
from engine.session_file import looks_like_json, read_session_parts, refuse_lecture_folder


def session_problem(path: Path, args: argparse.Namespace) -> Problem | None:
    """The Problem of the session at `path`, or None when the file is not JSON (data to read).

    The session's data and model are used; --degree, --no-intercept, --loss, and a --scaling or
    --basis-order other than the default override them. A lecture (file or folder) or JSON
    that is not a session raises InputError saying what it is.
    """
    refuse_lecture_folder(path)
    if not looks_like_json(path):
        return None
    parts = read_session_parts(path)
    if args.target or args.features:
        raise InputError("--target and --features choose the columns of a CSV file; a session names its own",
                         source=source_name(path))
    return parts.problem(degree=args.degree, intercept=False if args.no_intercept else None, loss=args.loss,
                         scaling=None if args.scaling == "none" else args.scaling,
                         basis_order=None if args.basis_order == "ascending" else args.basis_order)

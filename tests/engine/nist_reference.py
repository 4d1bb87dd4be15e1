"""NIST's certified values and files, from the project's own copy under resources/datasets/nist.

The copy ships with the app, so the certified tests run in every checkout and never skip. It
is checked byte for byte against NIST's files: certified.json against the digest below, taken
from the files NIST distributes (../shared/nist beside the repository), and each .dat file
against the sha256 certified.json records for it (tests/engine/test_datasets.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: The project's copy of NIST's files: the app reads them, the tests check and use them.
NIST_DIR = Path(__file__).resolve().parents[2] / "resources" / "datasets" / "nist"
#: sha256 of NIST's certified.json (../shared/nist/certified.json), written down once.
CERTIFIED_JSON_SHA256 = "341e29c6cad9fbbb1ca6c53b8537cd0c421ba910731b33b87dd380447c7564e5"


def certified() -> dict:
    """certified.json, after checking it is NIST's (a changed copy would make every test agree)."""
    data = (NIST_DIR / "certified.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == CERTIFIED_JSON_SHA256, "resources' certified.json was changed"
    return json.loads(data.decode("utf-8"))


def nist_file(name: str) -> Path:
    """A NIST .dat file of the project's copy, e.g. nist_file('Norris.dat')."""
    return NIST_DIR / name

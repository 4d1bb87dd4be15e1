"""NIST's certified values, read straight from ../shared/nist (not from our resources copy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED_NIST = Path(__file__).resolve().parents[2].parent / "shared" / "nist"


def certified() -> dict:
    path = SHARED_NIST / "certified.json"
    if not path.exists():
        pytest.skip(f"NIST reference files not found at {SHARED_NIST}")
    return json.loads(path.read_text())

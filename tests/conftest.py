"""Shared test settings: Qt renders off screen, and the NIST reference files are found."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
#: ../shared/nist beside the repository: NIST's own files, independent of our copies.
SHARED_NIST = REPO.parent / "shared" / "nist"

"""Shared test settings: Qt renders off screen, and the NIST reference files are found."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
#: ../shared/nist beside the repository: NIST's own files, independent of our copies.
SHARED_NIST = REPO.parent / "shared" / "nist"

from hypothesis import settings  # noqa: E402

# The same examples on every run: CI is reproducible, and a failure can be replayed.
settings.register_profile("reproducible", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("reproducible")

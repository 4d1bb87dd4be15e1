"""NIST's nonlinear problems read straight from the .dat files (resources/nist-nonlinear, NIST's own
files byte for byte): starts, certified values, certified RSS and data, parsed here without the
engine, so the tests' expectations never come from the code under test."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NIST_NONLINEAR_DIR = Path(__file__).resolve().parents[2] / "resources" / "nist-nonlinear"
#: sha256 of the 27 .dat files concatenated in name order, as NIST distributes them (../shared/nist-nonlinear).
DAT_FILES_SHA256 = "3da327c03f052ef763cd2d74761f636548ee15fa3c63e976e64d8156d38a79cb"
_PARAMETER = re.compile(r"^\s*b(\d+)\s*=\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$")


@dataclass(frozen=True)
class NistCase:
    name: str
    starts: tuple[np.ndarray, np.ndarray]
    certified: np.ndarray
    rss: float
    x: np.ndarray
    y: np.ndarray


def dat_files() -> list[Path]:
    files = sorted(NIST_NONLINEAR_DIR.glob("*.dat"), key=lambda path: path.name)
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    assert digest == DAT_FILES_SHA256, "resources/nist-nonlinear's .dat files differ from NIST's"
    return files


def read_case(path: Path) -> NistCase:
    lines = path.read_text().splitlines()
    rows = [_PARAMETER.match(line) for line in lines[:60]]
    rows = [m for m in rows if m]
    start1 = np.array([float(m.group(2)) for m in rows])
    start2 = np.array([float(m.group(3)) for m in rows])
    certified = np.array([float(m.group(4)) for m in rows])
    rss = next(float(line.split(":")[1]) for line in lines if line.strip().startswith("Residual Sum of Squares"))
    header = max(i for i, line in enumerate(lines) if line.strip().startswith("Data:"))
    data = np.array([[float(v) for v in line.split()] for line in lines[header + 1:] if line.strip()])
    x = data[:, 1] if data.shape[1] == 2 else data[:, 1:]
    return NistCase(path.stem, (start1, start2), certified, rss, x, data[:, 0])


def log_relative_error(estimate, certified) -> float:
    """NIST's LRE, min over parameters of −log10(|b − c|/|c|), written out here (capped at 16)."""
    estimate, certified = np.asarray(estimate, float), np.asarray(certified, float)
    with np.errstate(divide="ignore"):
        digits = -np.log10(np.abs(estimate - certified) / np.abs(certified))
    return float(min(np.min(digits), 16.0))

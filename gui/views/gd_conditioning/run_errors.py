"""The error θₖ − θ* of one recorded run, in the Hessian's eigenbasis, read again only when its
trace grows (a finished run is read once)."""

from __future__ import annotations

import numpy as np

from engine import Problem
from engine.gd_spectrum import HessianSpectrum, step_ratios, working_errors


class RunErrors:
    """Per recorded step k: the error's components along v₁ … vₙ and its norm (working units)."""

    def __init__(self, problem: Problem, spectrum: HessianSpectrum, optimum: np.ndarray):
        self.problem, self.spectrum, self.optimum = problem, spectrum, optimum
        self._signature: tuple | None = None
        self.ks = np.empty(0)
        self.components = np.empty((0, problem.p))
        self.norms = np.empty(0)

    def read(self, trace) -> bool:
        """Take the trace's steps with a finite θ; True if anything changed since the last read."""
        signature = (id(trace), len(trace), trace.stride)
        if signature == self._signature:
            return False
        self._signature = signature
        steps = [step for step in trace if step.theta is not None and np.all(np.isfinite(step.theta))]
        if not steps:
            self.ks, self.components, self.norms = np.empty(0), np.empty((0, self.problem.p)), np.empty(0)
            return True
        self.ks = np.array([step.k for step in steps], dtype=float)
        with np.errstate(all="ignore"):  # a run that is diverging has huge numbers, still finite
            errors = working_errors(self.problem, [step.theta for step in steps], self.optimum)
            self.components = self.spectrum.components(errors)
        self.norms = np.linalg.norm(errors, axis=1)
        return True

    def index_at(self, k: int) -> int | None:
        """The last record at or before step k (None before the first)."""
        index = int(np.searchsorted(self.ks, k, side="right")) - 1
        return index if index >= 0 else None

    def ratios(self) -> tuple[np.ndarray, np.ndarray]:
        """(k, factor the error shrank by per step up to k), for the measured-rate curve."""
        ratios = step_ratios(self.norms, self.ks)
        return self.ks[1:ratios.size + 1], ratios

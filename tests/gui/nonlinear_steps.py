"""Helpers of the board and geometry tests: a real run in the lab's worker thread, and the step
worked out independently here (J by a complex step, δ by numpy's lstsq)."""

from __future__ import annotations

import numpy as np

from gui.nonlinear.lab import NonlinearLab
from gui.run.worker import RunRequest

H = 1e-30  # complex step: J exact to rounding, with no subtraction
FINISH_MS = 60_000


def complex_step_jacobian(problem, b) -> np.ndarray:
    b = np.asarray(b, dtype=float)
    columns = []
    for j in range(b.size):
        shifted = b.astype(complex)
        shifted[j] += 1j * H
        columns.append(np.imag(problem.formula.evaluate(shifted, problem.x)) / H)
    return np.column_stack(columns)


def residual(problem, b) -> np.ndarray:
    return np.asarray(problem.formula.evaluate(np.asarray(b, dtype=float), problem.x), dtype=float) - problem.y


def gauss_newton_projection(problem, b) -> tuple[np.ndarray, np.ndarray]:
    """(J·δ, r + J·δ) for δ = lstsq(J, −r) at b."""
    jacobian, r = complex_step_jacobian(problem, b), residual(problem, b)
    delta = np.linalg.lstsq(jacobian, -r, rcond=None)[0]
    return jacobian @ delta, r + jacobian @ delta


def run(qtbot, lab: NonlinearLab, *methods: str) -> None:
    """Race `methods` to the end, then hold the player still."""
    with qtbot.waitSignal(lab.race.finished, timeout=FINISH_MS):
        assert lab.run([RunRequest(m, m, {}) for m in methods])
    lab.player.pause()


def close(qtbot, lab: NonlinearLab, view) -> None:
    view.close()
    lab.shutdown()
    qtbot.waitUntil(lambda: lab.race.live_threads == 0, timeout=10_000)

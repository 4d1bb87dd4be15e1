"""Stagnation: in a low precision θ can stop changing long before a small tol is met.

A step whose size is below about u·|θ| is lost when it is added to θ (θ + step rounds back to θ),
so a stopping test asking for more than the precision can hold would spin to max_iter. θ may also
hop between a few neighbouring numbers of the format for ever. The solvers watch θ: when it is
within one rounding (2u·|θ|, coordinate by coordinate) of where it was STALL_ITERATIONS iterations
ago, the run stops and says why. float64 keeps its old behaviour (no watch), so its runs are
exactly what they were.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from .arithmetic import Arithmetic

#: θ no further than one rounding from where it was this many iterations ago: the iteration has
#: stagnated. Long enough for a momentum's velocity or Adam's averages to settle, and for a θ that
#: moves by one rounding per iteration (real, if slow, progress) not to count as stuck.
STALL_ITERATIONS = 50

#: The gradient counts as "at rounding's level" within this many times u·‖|H||θ| + |c|‖.
FLOOR_FACTOR = 4.0


class StallWatch:
    """Remembers θ over the last `patience` iterations and tells when it has stopped moving."""

    def __init__(self, arithmetic: Arithmetic, patience: int = STALL_ITERATIONS):
        self.active = not arithmetic.double
        self.u = arithmetic.u
        self.patience = patience
        self.recent: deque = deque(maxlen=patience + 1)
        self.since = 0

    def stalled(self, k: int, previous: np.ndarray, current: np.ndarray) -> bool:
        """True once θ is within one rounding of θ `patience` iterations ago (never in float64).

        `previous` is θ before iteration k, `current` after it.
        """
        if not self.active:
            return False
        if not self.recent:
            self.recent.append((k - 1, np.array(previous, dtype=float)))
        self.recent.append((k, np.array(current, dtype=float)))
        if len(self.recent) <= self.patience:
            return False
        then, old = self.recent[0]
        now = self.recent[-1][1]
        if np.all(np.abs(now - old) <= 2 * self.u * np.maximum(np.abs(now), np.abs(old))):
            self.since = then
            return True
        return False


def rounding_floor(arithmetic: Arithmetic, hessian: np.ndarray, rhs: np.ndarray, w: np.ndarray) -> float:
    """u·‖|H||θ| + |c|‖: the size of the rounding in a gradient Hθ − c computed in the precision."""
    h = np.abs(np.asarray(hessian, dtype=float))
    size = h @ np.abs(np.asarray(w, dtype=float)) + np.abs(np.asarray(rhs, dtype=float))
    return arithmetic.u * float(np.linalg.norm(size))


def stagnation_message(arithmetic: Arithmetic, watch: StallWatch, w: np.ndarray, *, measure: str, value: float,
                       floor: float, tol: float) -> tuple[bool, str]:
    """(at the floor, the words): θ stopped changing, why, and whether the method got as far as it can.

    `measure` names what the stopping test compares (‖∇L‖, ‖r‖, ...), `value` its last size and
    `floor` the size rounding alone leaves in it.
    """
    name, u = arithmetic.name, arithmetic.u
    lost = u * float(np.max(np.abs(np.asarray(w, dtype=float)), initial=0.0))
    at_floor = value <= FLOOR_FACTOR * floor
    head = (f"θ stopped changing: in {name} a step smaller than u·|θ| ≈ {lost:.2g} is lost to rounding "
            f"(u = {u:.2g}), and since iteration {watch.since} θ has moved by no more than one rounding. ")
    if at_floor:
        tail = (f"{measure} = {value:.3g} is as small as rounding in {name} lets it be (≈ {floor:.2g}): this is "
                f"as close to the answer as {name} gets; tol = {tol:g} asks for more than {name} can hold.")
    else:
        tail = (f"{measure} = {value:.3g} is still above what rounding leaves (≈ {floor:.2g}): the steps became "
                f"too small for {name} to take. A larger learning rate, standardized columns or a wider "
                "precision would go further.")
    return at_floor, head + tail

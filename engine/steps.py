"""The immutable records a solver yields (`Step`) and returns (`Result`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

#: The four ways a run can end; `failed` and `diverged` always come with a message.
STATUSES = ("converged", "max_iter", "diverged", "failed")

#: A step carries the full vectors of the example only when the data set has at most
#: this many rows, so the step stream of a 10⁶-row problem stays cheap.
DETAIL_ROWS = 10


def frozen(value: Any) -> Any:
    """A read-only copy of an array (or a tuple of them), so a step can never change later."""
    if isinstance(value, np.ndarray):
        copy = np.array(value, copy=True)
        copy.flags.writeable = False
        return copy
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], np.ndarray):
        return tuple(frozen(v) for v in value)
    return value


def _freeze_mapping(detail: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType({k: frozen(v) for k, v in (detail or {}).items()})


@dataclass(frozen=True)
class Step:
    """One thing a lecturer would write on the board.

    `theta` is in the canonical order [B0, B1, ...] and original units whenever the step
    has a candidate solution (every iteration of an iterative method, the last step of a
    direct one); intermediate steps of a factorisation have `theta = None`.
    `kind` names the operation (e.g. "project", "reflect", "back-substitute"), `title` is a
    one-line formula, and `detail` holds small arrays for the views (read-only).
    """

    k: int
    kind: str
    title: str
    theta: np.ndarray | None = None
    loss: float | None = None
    grad_norm: float | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "theta", frozen(self.theta) if self.theta is not None else None)
        object.__setattr__(self, "detail", _freeze_mapping(self.detail))


@dataclass(frozen=True)
class Result:
    """What a solver returns: its answer and an honest account of how far to trust it.

    `theta` is in canonical order and original units (None if no answer was computed).
    `warnings` are sentences a student can read; `diagnostics` holds numbers such as the
    rank found, κ, and the digits agreeing with the reference.
    """

    method: str
    theta: np.ndarray | None
    status: str
    message: str = ""
    iterations: int = 0
    elapsed_s: float = 0.0
    loss: float | None = None
    residual_norm: float | None = None
    warnings: tuple[str, ...] = ()
    diagnostics: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        object.__setattr__(self, "theta", frozen(self.theta) if self.theta is not None else None)
        object.__setattr__(self, "warnings", tuple(self.warnings))
        object.__setattr__(self, "diagnostics", _freeze_mapping(self.diagnostics))

    @property
    def ok(self) -> bool:
        """True when the run produced an answer worth showing as an answer."""
        return self.status in ("converged", "max_iter")

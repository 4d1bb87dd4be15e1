"""`Trace`: the steps of a run kept for playback, in bounded memory.

Every step is kept until `capacity` is reached; then every other kept step is dropped and
only every 2nd new step is kept, then every 4th, ... so a 10⁶-iteration run keeps at most
`capacity` steps, spread evenly, with the start and the final step always there.

Each append does O(1) work, also when the trace thins out: the dropped steps are let go a few
at a time over the following appends, never thousands at once (freeing 5 000 steps in one go
would stall whoever appends, e.g. the GUI thread, for tens of milliseconds).
"""

from __future__ import annotations

from collections.abc import Iterator

from .steps import Step

#: How many dropped steps each append lets go of. One keeps up: a thinning drops capacity/2
#: steps, and the next one comes at least capacity/2 × 2 appends later.
RELEASE_PER_APPEND = 1


class Trace:
    """A bounded, evenly thinned record of a step stream."""

    def __init__(self, capacity: int = 10_000):
        if capacity < 2:
            raise ValueError("a trace keeps at least the first and the last step")
        self.capacity = capacity
        self.stride = 1
        self.seen = 0
        self._kept: list[Step] = []
        self._last: Step | None = None
        self._dropped: list[Step] = []  # thinned out, waiting to be let go of

    def append(self, step: Step) -> None:
        if self._dropped:
            del self._dropped[-RELEASE_PER_APPEND:]
        if self.seen % self.stride == 0:
            if len(self._kept) >= self.capacity:
                self._dropped.extend(self._kept[1::2])
                self._kept = self._kept[::2]
                self.stride *= 2
            if self.seen % self.stride == 0:
                self._kept.append(step)
        self._last = step
        self.seen += 1

    @property
    def _last_is_extra(self) -> bool:
        return self._last is not None and (not self._kept or self._kept[-1] is not self._last)

    @property
    def steps(self) -> list[Step]:
        """The kept steps in order, ending with the last step seen (a new list)."""
        return [*self._kept, self._last] if self._last_is_extra else list(self._kept)

    def __len__(self) -> int:
        return len(self._kept) + self._last_is_extra

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __getitem__(self, index: int) -> Step:
        """The index-th kept step (negative indices count from the end), in O(1)."""
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(f"trace index {index} out of range (length {length})")
        return self._kept[index] if index < len(self._kept) else self._last

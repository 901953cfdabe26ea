"""The hub's event stream: one sequence number per event, a bounded buffer to resume from.

A stream lives as long as one hub process (its id is random): a desktop that
reconnects to the same stream asks for the events after the last ``seq`` it
applied and gets exactly those (filtered by its scope, in order: no duplicate,
none lost); a desktop whose resume point is older than the buffer, or from another
stream (the hub restarted), gets a fresh snapshot of the current calls instead.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable

from core.hub.wire import HubEvent


class EventStream:
    def __init__(self, keep: int = 20_000, *, stream_id: str | None = None) -> None:
        self.id = stream_id or secrets.token_hex(8)
        self.seq = 0
        self._buffer: deque[tuple[int, HubEvent]] = deque(maxlen=max(1, keep))

    def append(self, event: HubEvent, seq: int | None = None) -> int:
        """Keep ``event`` under the next seq (or ``seq``: a cluster's stream sequence)."""
        self.seq = self.seq + 1 if seq is None else seq
        self._buffer.append((self.seq, event))
        return self.seq

    @property
    def oldest(self) -> int:
        """The oldest seq still buffered (``seq + 1`` when empty)."""
        return self._buffer[0][0] if self._buffer else self.seq + 1

    def since(
        self, stream: str | None, seq: int, keep: Callable[[HubEvent], bool] = lambda _e: True
    ) -> list[tuple[int, HubEvent]] | None:
        """Events after ``seq`` that ``keep`` accepts; None when they cannot be replayed
        (another stream, a seq from the future, or older than the buffer)."""
        if stream != self.id or seq > self.seq or seq + 1 < self.oldest:
            return None
        return [(s, e) for s, e in self._buffer if s > seq and keep(e)]

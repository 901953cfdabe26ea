"""The flight recorder: the raw AMI messages of each call, bounded in count and in bytes.

Every message the tracker attributes to a call is kept (the very dict, no copy)
so support can see what Asterisk said about a call. The recorder bounds that:

* per call: at most ``messages`` messages and ``call_bytes`` bytes (oldest dropped
  first); a single message larger than ``call_bytes`` is kept as a stub naming its
  event and size;
* finished calls: the trails of the last ``calls`` calls;
* in total (active and finished): ``total_bytes``; over it, finished trails go
  first (oldest first), then the oldest messages of the call being recorded.

Sizes are estimates of what the dict holds (header names and values plus a fixed
per-header overhead), cheap enough for the hot path.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterator

Message = dict[str, str]

_PER_HEADER = 130  # bytes a header costs beyond its text (two str objects, a dict slot)
_PER_MESSAGE = 232  # an empty dict


def message_size(msg: Message) -> int:
    return sum(map(len, msg)) + sum(map(len, msg.values())) + _PER_HEADER * len(msg) + _PER_MESSAGE


class Trail:
    """One call's recorded messages, oldest first."""

    __slots__ = ("msgs", "size", "sizes")

    def __init__(self) -> None:
        self.msgs: deque[Message] = deque()
        self.sizes: deque[int] = deque()
        self.size = 0

    def __iter__(self) -> Iterator[Message]:
        return iter(self.msgs)

    def __len__(self) -> int:
        return len(self.msgs)


class FlightRecorder:
    def __init__(
        self,
        *,
        calls: int = 200,
        messages: int = 400,
        call_bytes: int = 256 * 1024,
        total_bytes: int = 24 * 1024 * 1024,
    ) -> None:
        self.calls = max(0, calls)
        self.messages = max(1, messages)
        self.call_bytes = max(1024, call_bytes)
        self.total_bytes = max(self.call_bytes, total_bytes)
        self.finished: OrderedDict[str, Trail] = OrderedDict()
        self.total = 0  # bytes held by every trail, active and finished

    def record(self, trail: Trail, msg: Message) -> None:
        size = message_size(msg)
        if size > self.call_bytes:
            msg = {"Event": msg.get("Event", "?")[:64], "RingsideDropped": f"{size} bytes"}
            size = message_size(msg)
        trail.msgs.append(msg)
        trail.sizes.append(size)
        trail.size += size
        self.total += size
        while len(trail.msgs) > self.messages or trail.size > self.call_bytes:
            self._pop_oldest(trail)
        if self.total > self.total_bytes:
            self._shrink(trail)

    def _pop_oldest(self, trail: Trail) -> None:
        trail.msgs.popleft()
        size = trail.sizes.popleft()
        trail.size -= size
        self.total -= size

    def _shrink(self, current: Trail) -> None:
        while self.total > self.total_bytes and self.finished:
            _, old = self.finished.popitem(last=False)
            self.total -= old.size
        while self.total > self.total_bytes and len(current.msgs) > 1:
            self._pop_oldest(current)

    def keep(self, call_id: str, trail: Trail) -> None:
        """A call finished: its trail joins the finished ring (or is dropped when it keeps none)."""
        if not self.calls:
            self.total -= trail.size
            return
        previous = self.finished.pop(call_id, None)
        if previous is not None and previous is not trail:
            self.total -= previous.size
        self.finished[call_id] = trail
        while len(self.finished) > self.calls:
            _, old = self.finished.popitem(last=False)
            self.total -= old.size

    def discard(self, trail: Trail) -> None:
        """A call vanished without finishing (absorbed into another, quiet, evicted)."""
        self.total -= trail.size
        trail.msgs.clear()
        trail.sizes.clear()
        trail.size = 0

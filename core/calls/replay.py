"""Replay raw AMI bytes (a capture or a test fixture) through the framer and a CallTracker."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from core.ami.codec import AMIFramer
from core.calls.events import CallEvent
from core.calls.tracker import CallTracker


def replay_chunks(
    chunks: Iterable[bytes],
    clock: Callable[[], float] = time.time,
    *,
    tracker: CallTracker | None = None,
) -> list[CallEvent]:
    """Feed ``chunks`` (as TCP would deliver them) and return every call event, flushed at the end."""
    framer = AMIFramer()
    tracker = tracker if tracker is not None else CallTracker(clock)
    events: list[CallEvent] = []
    handle = tracker.handle
    for chunk in chunks:
        for msg in framer.feed(chunk):
            events += handle(msg)
    events += tracker.flush()
    return events


def replay_bytes(
    data: bytes,
    clock: Callable[[], float] = time.time,
    *,
    tracker: CallTracker | None = None,
) -> list[CallEvent]:
    """A whole AMI byte stream (banner first) -> the call events it yields."""
    return replay_chunks((data,), clock, tracker=tracker)

"""Bounded state: ended calls are evicted, the flight recorder keeps only the last N trails."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

from calls_support import channel_fields, event, feed, fixed_clock, transcript_messages

from core.calls.events import CallFinished
from core.calls.tracker import CallTracker


def _templates() -> list[dict[str, str]]:
    t = channel_fields("T", "C", "C", "4", num="N", exten="0443334000")
    p = channel_fields("P", "O", "C", "0", num="101")
    return [
        event("Newchannel", t),
        event("Newchannel", p),
        event("DialBegin", t, channel_fields("P", "O", "C", "0", prefix="Dest")),
        event("DialEnd", t, channel_fields("P", "O", "C", "6", prefix="Dest"), DialStatus="ANSWER"),
        event("Hangup", t, Cause="16"),
        event("Hangup", p, Cause="16"),
        event("Cdr", UniqueID="C", Disposition="ANSWERED", RecordingFile="C.wav"),
    ]


def synthetic_calls(count: int, start: int = 0) -> Iterator[dict[str, str]]:
    """``count`` unrelated inbound calls answered by 101..109, each with a Cdr at the end."""
    placeholders = {"T", "P", "C", "O", "N", "C.wav"}
    templates = [(t, [(k, v) for k, v in t.items() if v in placeholders]) for t in _templates()]
    for i in range(start, start + count):
        values = {
            "T": f"PJSIP/trunk-{i:08x}",
            "P": f"PJSIP/10{i % 9 + 1}-{i:08x}",
            "C": f"{i}.0",
            "O": f"{i}.1",
            "N": f"050{i:07d}",
            "C.wav": f"{i}.0.wav",
        }
        for template, subs in templates:
            msg = template.copy()
            for key, placeholder in subs:
                msg[key] = values[placeholder]
            yield msg


def _state_sizes(tracker: CallTracker) -> dict[str, int]:
    return {
        "calls": len(tracker._calls),
        "channels": len(tracker._channels),
        "names": len(tracker._by_name),
        "lingering": len(tracker._lingering),
        "linger_uids": len(tracker._linger_uids),
        "awaiting": len(tracker._awaiting),
        "expected": len(tracker._expected),
    }


def test_100k_calls_leave_only_bounded_state() -> None:
    tracker = CallTracker(fixed_clock, trail_calls=50, trail_messages=6)
    finished = 0
    handle = tracker.handle
    for msg in synthetic_calls(100_000):
        for e in handle(msg):
            finished += isinstance(e, CallFinished)
    assert finished == 100_000
    assert _state_sizes(tracker) == dict.fromkeys(_state_sizes(tracker), 0)
    assert len(tracker._trails) == 50
    assert all(len(t) <= 6 for t in tracker._trails.values())
    assert tracker.recent_call_ids()[0] == "99950.0"


def test_memory_stays_flat_over_many_calls() -> None:
    tracker = CallTracker(fixed_clock)
    feed(tracker, synthetic_calls(500))  # warm-up fills the trail ring (200 calls)
    tracemalloc.start()
    try:
        feed(tracker, synthetic_calls(500, start=500))
        first, _ = tracemalloc.get_traced_memory()
        feed(tracker, synthetic_calls(5_000, start=1_000))
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # ten times the calls, same footprint (the trail ring is full in both measurements)
    assert second - first < 512 * 1024, (first, second)


def test_trail_returns_the_raw_messages_of_that_call() -> None:
    msgs = transcript_messages("06-queue-call-answered")
    tracker = CallTracker(fixed_clock)
    feed(tracker, msgs)
    trail = tracker.trail("1795360806.18")
    ids = {id(m) for m in msgs}
    assert trail and all(id(m) in ids for m in trail)  # the very messages, not copies
    positions = [next(i for i, m in enumerate(msgs) if m is t) for t in trail]
    assert positions == sorted(positions)
    kinds = [m["Event"] for m in trail]
    assert kinds[0] == "Newchannel"
    assert {"DialBegin", "AgentCalled", "DialEnd", "Hangup", "QueueCallerJoin"} <= set(kinds)
    assert all(m.get("Linkedid", "1795360806.18") == "1795360806.18" for m in trail)
    assert "DeviceStateChange" not in kinds and "Newexten" not in kinds
    assert tracker.trail("no-such-call") == []
    assert tracker.recent_call_ids() == ["1795360806.18"]


def test_trail_is_bounded_per_call_and_in_number_of_calls() -> None:
    tracker = CallTracker(fixed_clock, trail_calls=3, trail_messages=4)
    feed(tracker, synthetic_calls(10))
    assert tracker.recent_call_ids() == ["7.0", "8.0", "9.0"]
    trail = tracker.trail("9.0")
    assert [m["Event"] for m in trail] == ["DialEnd", "Hangup", "Hangup", "Cdr"]
    assert tracker.trail("6.0") == []


def test_active_calls_are_listed_and_leave_when_finished() -> None:
    msgs = list(synthetic_calls(1))
    tracker = CallTracker(fixed_clock)
    feed(tracker, msgs[:3])
    (snap,) = tracker.active_calls()
    assert (snap.call_id, snap.rang, snap.outcome) == ("0.0", ("101",), None)
    assert tracker.recent_call_ids() == ["0.0"]
    assert [m["Event"] for m in tracker.trail("0.0")] == ["Newchannel", "Newchannel", "DialBegin"]
    feed(tracker, msgs[3:])
    assert tracker.active_calls() == []

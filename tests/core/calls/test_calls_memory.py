"""Bounded state: ended calls are evicted, the flight recorder keeps only the last N trails."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

from core.calls.events import CallFinished
from core.calls.tracker import CallTracker
from tests.fakes.calls import channel_fields, event, feed, fixed_clock, transcript_messages


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


# ---------------------------------------------------------------- hostile input (issue 11 #6)


def _never_hung_up(count: int, start: int = 0) -> Iterator[dict[str, str]]:
    """Inbound calls that ring 101 and are never heard of again (their Hangup is lost)."""
    for i in range(start, start + count):
        t = channel_fields(f"PJSIP/trunk-{i:08x}", f"{i}.0", f"{i}.0", "4", num=f"050{i:07d}")
        p = channel_fields(f"PJSIP/101-{i:08x}", f"{i}.1", f"{i}.0", "0", num="101")
        yield event("Newchannel", t)
        yield event("Newchannel", p)
        yield event(
            "DialBegin", t, channel_fields(p["Channel"], f"{i}.1", f"{i}.0", "0", prefix="Dest")
        )


def test_calls_that_never_hang_up_are_capped() -> None:
    tracker = CallTracker(fixed_clock, max_calls=500)
    finished = [e for e in feed(tracker, _never_hung_up(3_000)) if isinstance(e, CallFinished)]
    assert len(tracker._calls) == 500 and len(tracker._channels) == 1_000
    assert len(finished) == 2_500  # the oldest were ended, not dropped in silence
    assert finished[0].call.call_id == "0.0" and str(finished[0].call.outcome) == "missed"
    tracemalloc.start()
    try:
        feed(tracker, _never_hung_up(2_000, start=3_000))
        gc.collect()
        first, _ = tracemalloc.get_traced_memory()
        feed(tracker, _never_hung_up(20_000, start=5_000))
        gc.collect()
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert second - first < 1024 * 1024, (first, second)


class _Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_idle_call_is_evicted_and_a_resync_revives_it() -> None:
    clock = _Clock()
    tracker = CallTracker(clock, idle_timeout=600.0)
    msgs = list(_never_hung_up(1))
    feed(tracker, msgs)
    clock.now = 1_000.0 + 599.0
    assert tracker.tick() == []
    assert tracker.next_deadline() is not None
    clock.now = 1_000.0 + 700.0  # the sweep after idle_timeout without a message
    gone = tracker.tick()
    assert [type(e).__name__ for e in gone] == ["CallEnded", "CallFinished"]
    assert tracker.active_calls() == [] and tracker._channels == {}
    # the PBX still lists the call after a reconnect: it is a real one, learned again
    item = {**msgs[0], "Event": "CoreShowChannel", "ActionID": "r", "Duration": "00:11:40"}
    item.pop("Privilege")
    revived = tracker.handle(item)
    assert [type(e).__name__ for e in revived] == ["CallStarted"]
    assert [c.call_id for c in tracker.active_calls()] == ["0.0"]


def test_a_message_talked_about_keeps_the_call_alive() -> None:
    clock = _Clock()
    tracker = CallTracker(clock, idle_timeout=600.0)
    msgs = list(_never_hung_up(1))
    feed(tracker, msgs)
    clock.now += 500.0
    feed(tracker, [event("Newstate", channel_fields("PJSIP/101-00000000", "0.1", "0.0", "5"))])
    clock.now += 500.0  # 1000 s since the start, 500 s since the last message
    assert tracker.tick() == [] and len(tracker.active_calls()) == 1


def test_fat_messages_are_kept_as_stubs() -> None:
    tracker = CallTracker(fixed_clock, trail_call_bytes=64 * 1024)
    msgs = list(synthetic_calls(1))
    fat = dict(msgs[2], Padding="x" * (1024 * 1024))  # a 1 MiB DialBegin
    feed(tracker, [*msgs[:2], fat, *msgs[3:]])
    trail = tracker.trail("0.0")
    assert {"Event": "DialBegin", "RingsideDropped": trail[2]["RingsideDropped"]} == trail[2]
    assert trail[2]["RingsideDropped"].endswith(" bytes")
    assert tracker._recorder.total < 64 * 1024


def test_flight_recorder_is_bounded_in_bytes_per_call_and_in_total() -> None:
    tracker = CallTracker(
        fixed_clock, trail_calls=10_000, trail_call_bytes=16 * 1024, trail_total_bytes=256 * 1024
    )
    wide = {f"X-Header-{n}": "v" * 40 for n in range(40)}  # ~9 KB per message
    for i, msg in enumerate(synthetic_calls(400)):
        tracker.handle({**msg, **wide} if i % 7 != 6 else msg)
        assert tracker._recorder.total <= 256 * 1024 + 16 * 1024
    assert all(t.size <= 16 * 1024 for t in tracker._trails.values())
    assert 0 < len(tracker._trails) < 400  # the oldest trails went to stay within the total


def test_many_header_messages_cost_a_stub() -> None:
    tracker = CallTracker(fixed_clock)
    msgs = list(synthetic_calls(1))
    huge = dict(msgs[0], **{f"H{n}": "1" for n in range(60_000)})
    events = feed(tracker, [huge, *msgs[1:]])
    assert next(type(e).__name__ for e in events) == "CallStarted"
    assert tracker.trail("0.0")[0]["RingsideDropped"]
    assert tracker._recorder.total < 16 * 1024

"""Resync after a reconnect: CoreShowChannels list responses re-teach calls without repeating events."""

from __future__ import annotations

from collections import Counter

import pytest

from core.calls.events import CallEvent, CallFinished
from core.calls.tracker import CallTracker
from core.sim.pbx import PBXState
from tests.fakes.calls import describe, feed, fixed_clock, transcript_messages


def live_channels(msgs: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Uniqueid -> the CoreShowChannel item the simulated PBX lists for it after ``msgs``."""
    pbx = PBXState({}, {})
    for m in msgs:
        if "ActionID" not in m:  # list items describe state, they never change it
            pbx.observe(m)
    return {item["Uniqueid"]: item for item in pbx.core_show_channels()}


def core_show_channels(live: dict[str, dict[str, str]], action_id: str) -> list[dict[str, str]]:
    """A CoreShowChannels response as Asterisk 22 sends it (items: ActionID, no Privilege)."""
    out = [
        {
            "Response": "Success",
            "ActionID": action_id,
            "EventList": "start",
            "Message": "Channels will follow",
        }
    ]
    for fields in live.values():
        # a fixed Duration: the simulator's own is wall-clock time since the channel appeared
        out.append({**fields, "ActionID": action_id, "Duration": "00:00:03"})
    out.append(
        {
            "Event": "CoreShowChannelsComplete",
            "ActionID": action_id,
            "EventList": "Complete",
            "ListItems": str(len(live)),
        }
    )
    return out


def _kinds(events: list[CallEvent]) -> Counter[tuple[str, str | None, str | None]]:
    return Counter(describe(e) for e in events)


@pytest.mark.parametrize(
    "name",
    [
        "03-inbound-call-answered-by-101",
        "06-queue-call-answered",
        "07-blind-transfer",
        "12-click-to-call-outbound",
    ],
)
def test_list_mid_call_repeats_nothing(name: str) -> None:
    """At every split point: prefix + CoreShowChannels + rest == plain replay, event for event."""
    msgs = transcript_messages(name)
    plain = feed(CallTracker(fixed_clock), msgs)
    for k in range(len(msgs)):
        tracker = CallTracker(fixed_clock)
        listing = core_show_channels(live_channels(msgs[:k]), f"resync-{k}")
        events = feed(tracker, msgs[:k]) + feed(tracker, listing) + feed(tracker, msgs[k:])
        assert events == plain, k


@pytest.mark.parametrize("name", ["03-inbound-call-answered-by-101", "06-queue-call-answered"])
def test_fresh_tracker_learns_call_in_progress(name: str) -> None:
    """A tracker that starts after a reconnect learns the call from the list, once."""
    msgs = transcript_messages(name)
    plain = next(e for e in feed(CallTracker(fixed_clock), msgs) if isinstance(e, CallFinished))
    first = next(i for i, m in enumerate(msgs) if m.get("Event") == "Newchannel")
    last = max(i for i, m in enumerate(msgs) if m.get("Event") == "Hangup")
    checked = 0
    for k in range(first + 1, last):
        live = live_channels(msgs[:k])
        tracker = CallTracker(fixed_clock)
        events = feed(tracker, core_show_channels(live, "r")) + feed(tracker, msgs[k:])
        counts = _kinds(events)
        assert all(n == 1 for n in counts.values()), (k, counts)
        finished = [e for e in events if isinstance(e, CallFinished)]
        assert len(finished) == 1, k
        snap = finished[0].call
        assert snap.call_id == plain.call.call_id
        assert snap.outcome == plain.call.outcome, k
        assert snap.answered_by == plain.call.answered_by, k
        if snap.call_id in live:  # the customer's channel was listed
            assert str(snap.direction) == "inbound"
            assert snap.remote_number == "0501234567"
        # extensions whose part ended before the reconnect are unknown to a fresh tracker
        assert dict(snap.per_extension).items() <= dict(plain.call.per_extension).items(), k
        assert snap.answered_by in dict(snap.per_extension)
        checked += 1
    assert checked > 10


def test_channels_missing_from_the_list_are_hung_up() -> None:
    """A call whose Hangup was lost with the connection ends when the PBX no longer lists it."""
    msgs = transcript_messages("03-inbound-call-answered-by-101")
    talking = next(i for i, m in enumerate(msgs) if m.get("Event") == "BridgeEnter") + 2
    tracker = CallTracker(fixed_clock)
    before = feed(tracker, msgs[:talking])
    assert [describe(e)[0] for e in before] == ["started", "ringing", "answered"]
    assert len(tracker.active_calls()) == 1
    after = feed(tracker, core_show_channels({}, "after-reconnect"))
    assert [describe(e) for e in after] == [
        ("ended", "101", "answered"),
        ("finished", None, "answered"),
    ]
    assert tracker.active_calls() == []
    # the rest of the old stream (if it ever came) refers to forgotten channels: no events
    assert feed(tracker, msgs[talking:]) == []


def test_list_items_of_other_actions_never_create_calls() -> None:
    """Status / BridgeListItem / QueueMember items (with ActionID) describe state, they are not calls."""
    msgs = transcript_messages("11-status-queries-during-call")
    items = [m for m in msgs if "ActionID" in m and "Event" in m]
    assert {m["Event"] for m in items} >= {"CoreShowChannel", "Status", "BridgeListItem"}
    tracker = CallTracker(fixed_clock)
    only_non_coreshow = [m for m in items if m["Event"] != "CoreShowChannel"]
    assert feed(tracker, only_non_coreshow) == []
    assert tracker.active_calls() == []

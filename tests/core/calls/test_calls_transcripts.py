"""Every public AMI transcript replayed through the tracker matches its expected/*.json oracle."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from core.calls.events import CallEnded, CallEvent, CallFinished, CallSnapshot
from core.calls.replay import replay_bytes, replay_chunks
from tests.fakes.calls import (
    SCENARIOS,
    describe,
    expected,
    fixed_clock,
    per_extension_sequence,
    transcript_bytes,
)

_FIELDS = (
    "direction",
    "remote_number",
    "remote_name",
    "did",
    "queue",
    "rang",
    "answered_by",
    "talked",
    "outcome",
    "recording",
    "from_extension",
)


def _concluded(events: list[CallEvent]) -> list[dict[str, Any]]:
    """Calls as the tracker concluded them: CallFinished snapshots + per-extension CallEnded."""
    ended: dict[str, dict[str, str]] = {}
    for e in events:
        if isinstance(e, CallEnded):
            assert e.extension is not None
            ended.setdefault(e.call.call_id, {})[e.extension] = str(e.outcome)
    calls = []
    for e in events:
        if isinstance(e, CallFinished):
            snap: CallSnapshot = e.call
            calls.append(
                {
                    "linkedid": snap.call_id,
                    "direction": str(snap.direction),
                    "remote_number": snap.remote_number,
                    "remote_name": snap.remote_name,
                    "did": snap.did,
                    "queue": snap.queue,
                    "rang": list(snap.rang),
                    "answered_by": snap.answered_by,
                    "talked": list(snap.talked),
                    "outcome": str(snap.outcome),
                    "recording": snap.recording,
                    "from_extension": snap.from_extension,
                    "per_extension": ended.get(snap.call_id, {}),
                    "snapshot_per_extension": {k: str(v) for k, v in snap.per_extension},
                    "operator_events": [
                        x
                        for x in events
                        if x.call.call_id == snap.call_id and x.extension is not None
                    ],
                }
            )
    return calls


@pytest.mark.parametrize("name", SCENARIOS)
def test_transcript_matches_oracle(name: str) -> None:
    want = expected(name)
    events = replay_bytes(transcript_bytes(name), fixed_clock)
    got = _concluded(events)
    visible = [c for c in want["calls"] if c.get("replay_visible", True)]
    assert len(got) == len(visible), [c["linkedid"] for c in got]
    by_id = {c["linkedid"]: c for c in got}
    for exp in visible:
        call = by_id[exp["linkedid"]]
        alternatives = exp.get("alternatives", {})
        for field in _FIELDS:
            if field not in exp and field == "from_extension":
                continue
            allowed = [exp[field], *alternatives.get(field, [])]
            assert call[field] in allowed, (exp["linkedid"], field, call[field], allowed)
        assert call["per_extension"] == exp["per_extension"]
        assert call["snapshot_per_extension"] == exp["per_extension"]
        if exp.get("operator_visible", True) is False:
            assert call["operator_events"] == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_event_once_per_extension(name: str) -> None:
    events = replay_bytes(transcript_bytes(name), fixed_clock)
    counts = Counter((e.call.call_id, *describe(e)) for e in events)
    assert all(n == 1 for n in counts.values()), [k for k, n in counts.items() if n > 1]
    for e in events:
        if isinstance(e, CallFinished):
            assert e.call.ended_at is not None and e.call.outcome is not None


@pytest.mark.parametrize("name", SCENARIOS)
def test_byte_at_a_time_and_random_chunks_give_identical_events(name: str) -> None:
    data = transcript_bytes(name)
    whole = replay_bytes(data, fixed_clock)
    one_by_one = replay_chunks((data[i : i + 1] for i in range(len(data))), fixed_clock)
    assert one_by_one == whole
    rnd = random.Random(name)
    for _ in range(3):
        chunks, i = [], 0
        while i < len(data):
            n = rnd.randint(1, 700)
            chunks.append(data[i : i + n])
            i += n
        assert replay_chunks(chunks, fixed_clock) == whole


_SEQUENCES = {
    "03-inbound-call-answered-by-101": [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
    ],
    "04-inbound-call-missed": [
        ("ringing", "101", None),
        ("ended", "101", "missed"),
    ],
    "06-queue-call-answered": [
        ("ringing", "101", None),
        ("ringing", "102", None),
        ("answered", "101", "101"),
        ("answered", "102", "101"),
        ("ended", "102", "answered-elsewhere"),
        ("ended", "101", "answered"),
    ],
    "07-blind-transfer": [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("transferred", "101", "102"),
        ("ended", "101", "transferred-away"),
        ("ringing", "102", None),
        ("answered", "102", "102"),
        ("ended", "102", "answered"),
    ],
    "12-click-to-call-outbound": [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
    ],
}


@pytest.mark.parametrize("name", sorted(_SEQUENCES))
def test_exact_operator_event_sequence(name: str) -> None:
    events = replay_bytes(transcript_bytes(name), fixed_clock)
    assert per_extension_sequence(events) == _SEQUENCES[name]
    kinds = [describe(e)[0] for e in events]
    assert kinds[0] == "started" and kinds[-1] == "finished"
    assert kinds.count("started") == kinds.count("finished") == 1


def test_click_to_call_is_outbound_to_the_dialled_number_from_the_first_event() -> None:
    """With expect_originate, even the CallStarted/CallRinging snapshots already know the remote."""
    from core.calls.tracker import CallTracker

    tracker = CallTracker(fixed_clock)
    tracker.expect_originate("c2c-1795-0001", "101", "0501234567")
    events = replay_bytes(transcript_bytes("12-click-to-call-outbound"), tracker=tracker)
    for e in events:
        assert str(e.call.direction) == "outbound"
        assert e.call.remote_number == "0501234567"
        assert e.call.from_extension == "101"
    assert describe(events[-1]) == ("finished", None, "answered")


def test_ringing_popup_carries_caller_and_did() -> None:
    events = replay_bytes(transcript_bytes("06-queue-call-answered"), fixed_clock)
    ringing = [e for e in events if describe(e)[0] == "ringing"]
    for e in ringing:
        assert e.call.remote_number == "0501234567"
        assert e.call.remote_name == "Customer"
        assert e.call.did == "0443334100"
        assert e.call.queue == "support"

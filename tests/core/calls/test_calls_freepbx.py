"""FreePBX-shaped captures (../shared/ami-transcripts-freepbx, real Asterisk 22.10.1) against
their expected/*.json oracles: queue with Local members, ring group, pickup, parking,
voicemail, a call dialled from the phone. Plus the PBX-wide end of every call, public set
included: exactly one CallFinished per call, with the outcome the operators saw."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from core.calls.events import (
    CallEnded,
    CallEvent,
    CallFinished,
    CallStarted,
    Outcome,
)
from core.calls.replay import replay_bytes, replay_chunks
from core.calls.tracker import CallTracker
from tests.fakes.calls import (
    FREEPBX_SCENARIOS,
    SCENARIOS,
    describe,
    expected,
    feed,
    fixed_clock,
    per_extension_sequence,
    transcript_bytes,
    transcript_messages,
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
)


def test_both_transcript_sets_are_there() -> None:
    # an empty parametrization would pass silently: the captures must be found
    assert len(SCENARIOS) >= 12
    assert len(FREEPBX_SCENARIOS) == 6


def _as_oracle(snap: Any, ended: dict[str, str]) -> dict[str, Any]:
    parking = snap.parking
    return {
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
        "per_extension": ended,
        "snapshot_per_extension": {k: str(v) for k, v in snap.per_extension},
        "parked": None
        if parking is None
        else {
            "lot": parking.lot,
            "slot": parking.space,
            "by": parking.by,
            "retrieved_by": parking.retrieved_by,
        },
        "voicemail": None
        if snap.voicemail is None
        else {"mailbox": snap.voicemail, "message_left": snap.voicemail_left},
        "forwarded_to": snap.forwarded_to,
    }


def concluded(events: list[CallEvent]) -> dict[str, dict[str, Any]]:
    ended: dict[str, dict[str, str]] = {}
    for e in events:
        if isinstance(e, CallEnded):
            assert e.extension is not None
            ended.setdefault(e.call.call_id, {})[e.extension] = str(e.outcome)
    return {
        e.call.call_id: _as_oracle(e.call, ended.get(e.call.call_id, {}))
        for e in events
        if isinstance(e, CallFinished)
    }


@pytest.mark.parametrize("name", FREEPBX_SCENARIOS)
def test_freepbx_transcript_matches_oracle(name: str) -> None:
    want = expected(name)
    got = concluded(replay_bytes(transcript_bytes(name), fixed_clock))
    assert sorted(got) == sorted(c["linkedid"] for c in want["calls"])
    for exp in want["calls"]:
        call = got[exp["linkedid"]]
        alternatives = exp.get("alternatives", {})
        for field in _FIELDS:
            allowed = [exp[field], *alternatives.get(field, [])]
            assert call[field] in allowed, (field, call[field], allowed)
        if "from_extension" in exp:
            assert call["from_extension"] == exp["from_extension"]
        assert call["per_extension"] == exp["per_extension"]
        assert call["snapshot_per_extension"] == exp["per_extension"]
        for key in ("parked", "voicemail", "forwarded_to"):  # the schema's optional keys
            assert call[key] == exp.get(key), key


@pytest.mark.parametrize("name", FREEPBX_SCENARIOS)
def test_freepbx_byte_at_a_time_and_random_chunks_give_identical_events(name: str) -> None:
    data = transcript_bytes(name)
    whole = replay_bytes(data, fixed_clock)
    assert replay_chunks((data[i : i + 1] for i in range(len(data))), fixed_clock) == whole
    rnd = random.Random(name)
    for _ in range(3):
        chunks, i = [], 0
        while i < len(data):
            n = rnd.randint(1, 900)
            chunks.append(data[i : i + n])
            i += n
        assert replay_chunks(chunks, fixed_clock) == whole


def _call_event_order(events: list[CallEvent]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for e in events:
        kinds.setdefault(e.call.call_id, []).append(describe(e)[0])
    return kinds


@pytest.mark.parametrize("name", SCENARIOS + FREEPBX_SCENARIOS)
def test_one_call_finished_per_call_with_the_outcome_operators_saw(name: str) -> None:
    events = replay_bytes(transcript_bytes(name), fixed_clock)
    want = expected(name)
    visible = [c for c in want["calls"] if c.get("replay_visible", True)]
    finished = [e for e in events if isinstance(e, CallFinished)]
    assert len(finished) == len(visible)
    ids = Counter(e.call.call_id for e in finished)
    assert all(n == 1 for n in ids.values()), ids
    assert {c["linkedid"] for c in visible if c.get("linkedid")} <= set(ids)
    for call_id, kinds in _call_event_order(events).items():
        assert kinds[0] == "started" and kinds.count("started") == 1, (call_id, kinds)
        assert kinds[-1] == "finished" and kinds.count("finished") == 1, (call_id, kinds)
    by_outcome = {str(c["outcome"]) for c in visible}
    assert {str(e.call.outcome) for e in finished} == by_outcome
    for e in finished:
        ends = {
            x.extension: x.outcome
            for x in events
            if isinstance(x, CallEnded) and x.call.call_id == e.call.call_id
        }
        assert dict(e.call.per_extension) == ends  # the CRM is told what the popups said
        talked = {Outcome.ANSWERED, Outcome.TRANSFERRED_AWAY}
        if any(o in talked for o in ends.values()):
            assert e.call.outcome is Outcome.ANSWERED


_SEQUENCES = {
    "F4-pickup-102-picks-up-ringing-101": [
        ("ringing", "101", None),
        ("answered", "101", "102"),
        ("answered", "102", "102"),
        ("ended", "101", "answered-elsewhere"),
        ("ended", "102", "answered"),
    ],
    "F5-park-by-101-retrieved-by-102": [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("transferred", "101", "70"),
        ("ended", "101", "transferred-away"),
        ("answered", "102", "102"),
        ("ended", "102", "answered"),
    ],
    "F7-noanswer-voicemail-message-left": [
        ("ringing", "101", None),
        ("ended", "101", "missed"),
    ],
    "F9-operator-dials-out-from-phone": [
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
    ],
}


@pytest.mark.parametrize("name", sorted(_SEQUENCES))
def test_exact_operator_event_sequence(name: str) -> None:
    events = replay_bytes(transcript_bytes(name), fixed_clock)
    assert per_extension_sequence(events) == _SEQUENCES[name]


def test_pickup_leg_never_shows_as_a_call_of_its_own() -> None:
    events = replay_bytes(transcript_bytes("F4-pickup-102-picks-up-ringing-101"), fixed_clock)
    assert {e.call.call_id for e in events} == {"1796306329.2452"}  # not 102's 1796306331.2454
    assert [describe(e) for e in events if isinstance(e, CallStarted)] == [
        ("started", None, "1796306329.2452")
    ]
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert done.rang == ("101",)  # the picker's phone never rang for this call


def test_parked_call_says_where_it_waits_while_it_waits() -> None:
    msgs = transcript_messages("F5-park-by-101-retrieved-by-102")
    tracker = CallTracker(fixed_clock)
    seen: list[str | None] = []
    events: list[CallEvent] = []
    for msg in msgs:
        events += tracker.handle(msg)
        (snap,) = tracker.active_calls() or (None,)
        seen.append(snap.parked_in if snap is not None else None)
        if msg.get("Event") == "ParkedCall":
            assert snap is not None and snap.parked_in == "71"
            assert snap.parking is not None and snap.parking.by == "101"
        if msg.get("Event") == "UnParkedCall":
            assert snap is not None and snap.parked_in is None
    assert "71" in seen and seen[-1] is None
    (ended_101,) = [e for e in events if isinstance(e, CallEnded) and e.extension == "101"]
    assert ended_101.call.parking is not None and ended_101.call.parking.space == "71"
    assert ended_101.call.parked_in == "71"  # 101 hung up while the customer waited in 71


def test_voicemail_answer_is_not_an_operator_answer() -> None:
    events = replay_bytes(transcript_bytes("F7-noanswer-voicemail-message-left"), fixed_clock)
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert done.outcome is Outcome.MISSED and done.answered_by is None
    assert (done.voicemail, done.voicemail_left) == ("101@default", True)
    assert done.talk_seconds == 0.0


def test_voicemail_without_a_message_is_missed_without_the_flag() -> None:
    # the same capture with the message file never announced: the caller hung up in the greeting
    msgs = [
        m
        for m in transcript_messages("F7-noanswer-voicemail-message-left")
        if not (m.get("Event") == "VarSet" and m.get("Variable") == "VM_MESSAGEFILE")
    ]
    events = feed(CallTracker(fixed_clock), msgs)
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert done.outcome is Outcome.MISSED
    assert (done.voicemail, done.voicemail_left) == ("101@default", False)


def test_call_dialled_from_the_phone_is_outbound_from_its_first_event() -> None:
    events = replay_bytes(transcript_bytes("F9-operator-dials-out-from-phone"), fixed_clock)
    for e in events:  # CallStarted waits for the dial: the number is known, prefix 9 dropped
        assert str(e.call.direction) == "outbound"
        assert e.call.remote_number == "0501234567"
        assert e.call.from_extension == "101"  # the channel's endpoint, not CallerIDNum 0443334000


def _without(name: str, *events: str) -> list[CallEvent]:
    msgs = [m for m in transcript_messages(name) if m.get("Event") not in events]
    return feed(CallTracker(fixed_clock), msgs)


def test_pickup_without_its_pickup_event_is_found_by_the_dial_answer() -> None:
    # DialEnd ANSWER names the picker's phone (its own call so far): the same one call
    name = "F4-pickup-102-picks-up-ringing-101"
    full = replay_bytes(transcript_bytes(name), fixed_clock)
    bare = _without(name, "Pickup")
    assert per_extension_sequence(bare) == per_extension_sequence(full)
    assert concluded(bare) == concluded(full)


def test_retrieval_without_unparkedcall_is_found_by_the_linkedid_change() -> None:
    # the retriever's BridgeEnter already carries the customer's Linkedid
    name = "F5-park-by-101-retrieved-by-102"
    full = replay_bytes(transcript_bytes(name), fixed_clock)
    bare = _without(name, "UnParkedCall")
    assert per_extension_sequence(bare) == per_extension_sequence(full)
    got = concluded(bare)["1796306342.2458"]
    assert got["per_extension"] == {"101": "transferred-away", "102": "answered"}
    assert got["talked"] == ["101", "102"] and got["answered_by"] == "102"
    assert got["parked"] == {"lot": "default", "slot": "71", "by": "101", "retrieved_by": "102"}

"""Durations on real time: replay transcripts with each message at the time Asterisk sent it.

The timeline files hold the capture time of every message, so the talk and wait
times the tracker reports can be checked against the CDR's billsec.
"""

from __future__ import annotations

import json

import pytest

from core.ami.codec import AMIFramer
from core.calls.events import CallEnded, CallEvent, CallFinished
from core.calls.tracker import CallTracker
from tests.paths import TRANSCRIPTS


def replay_on_capture_time(name: str) -> list[CallEvent]:
    times = [
        entry["t"]
        for entry in map(json.loads, (TRANSCRIPTS / f"{name}.timeline.jsonl").open())
        if entry["dir"] == "in" and "msg" in entry
    ]
    messages = AMIFramer().feed((TRANSCRIPTS / f"{name}.ami").read_bytes())
    assert len(times) == len(messages)
    now = [0.0]
    tracker = CallTracker(clock=lambda: now[0])
    events: list[CallEvent] = []
    for at, msg in zip(times, messages, strict=True):
        now[0] = at
        events += tracker.handle(msg)
    return events + tracker.flush()


@pytest.mark.parametrize(
    ("name", "extension", "talk"),
    [
        ("03-inbound-call-answered-by-101", "101", 5.0),  # Cdr billsec 5
        ("07-blind-transfer", "101", 3.0),  # Cdr billsec 3 before the transfer
        ("07-blind-transfer", "102", 11.0),  # bridged 11 s after ringing 2 s (expected/07 notes)
        ("12-click-to-call-outbound", "101", 5.0),
    ],
)
def test_each_extension_gets_its_own_talk_time(name: str, extension: str, talk: float) -> None:
    ended = [
        e
        for e in replay_on_capture_time(name)
        if isinstance(e, CallEnded) and e.extension == extension
    ]
    assert len(ended) == 1
    assert ended[0].call.talk_seconds == pytest.approx(talk, abs=1.0)


def test_missed_call_waits_and_never_talks() -> None:
    events = replay_on_capture_time("04-inbound-call-missed")
    finished = [e for e in events if isinstance(e, CallFinished)]
    assert len(finished) == 1
    assert finished[0].call.talk_seconds == 0.0
    assert finished[0].call.wait_seconds == pytest.approx(6.0, abs=1.0)  # rang ~6 s


def replay_freepbx_on_capture_time(name: str) -> list[CallEvent]:
    folder = TRANSCRIPTS.parent / "ami-transcripts-freepbx"
    times = [
        entry["t"]
        for entry in map(json.loads, (folder / f"{name}.timeline.jsonl").open())
        if entry["dir"] == "in" and "msg" in entry
    ]
    messages = AMIFramer().feed((folder / f"{name}.ami").read_bytes())
    assert len(times) == len(messages)
    now = [0.0]
    tracker = CallTracker(clock=lambda: now[0])
    events: list[CallEvent] = []
    for at, msg in zip(times, messages, strict=True):
        now[0] = at
        events += tracker.handle(msg)
    return events + tracker.flush()


@pytest.mark.parametrize(
    ("name", "extension", "talk"),
    [
        ("F1-queue-local-members-102-answers", "102", 7.0),  # Cdr billsec 7 (Local;2 leg)
        ("F3-ringgroup-local-channels-101-answers", "101", 6.0),  # Cdr billsec 6
        ("F4-pickup-102-picks-up-ringing-101", "102", 6.0),  # the picker: billsec 6
        ("F5-park-by-101-retrieved-by-102", "101", 3.0),  # before the park: billsec 3
        ("F5-park-by-101-retrieved-by-102", "102", 8.0),  # after the retrieval: billsec 8
        ("F9-operator-dials-out-from-phone", "101", 4.0),  # billsec 4
    ],
)
def test_freepbx_talk_times_match_the_cdr(name: str, extension: str, talk: float) -> None:
    ended = [
        e
        for e in replay_freepbx_on_capture_time(name)
        if isinstance(e, CallEnded) and e.extension == extension
    ]
    assert len(ended) == 1
    assert ended[0].call.talk_seconds == pytest.approx(talk, abs=1.0)


def test_voicemail_time_is_no_talk_time() -> None:
    events = replay_freepbx_on_capture_time("F7-noanswer-voicemail-message-left")
    (done,) = [e for e in events if isinstance(e, CallFinished)]
    assert done.call.talk_seconds == 0.0
    assert done.call.wait_seconds == pytest.approx(30.0, abs=1.5)  # 8 s ringing + the voicemail

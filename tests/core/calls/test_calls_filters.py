"""The tracker's list of AMI events and its server-side filters; ``next_deadline``.

The filters are checked the way Asterisk applies them (each event's whole text
against every include regex, ``.`` spanning lines as in POSIX): replaying only
what they let through gives the tracker exactly the events of the full stream.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest

from core.ami.connection import AMIConnection
from core.calls.events import CallFinished
from core.calls.filters import (
    CONDITIONAL_EVENTS,
    TRACKED_EVENTS,
    eventfilter_lines,
    filter_actions,
    filter_patterns,
)
from core.calls.replay import replay_bytes
from core.calls.tracker import CallTracker
from core.sim.server import PBXSimulator
from tests.fakes.calls import (
    CUSTOMER,
    Chan,
    describe,
    dial_begin,
    dial_end,
    event,
    feed,
    fixed_clock,
)
from tests.paths import SHARED

TRANSCRIPT_FILES = sorted(
    [
        *(SHARED / "ami-transcripts").glob("[01][0-9]-*.ami"),
        *(SHARED / "ami-transcripts-freepbx").glob("F*.ami"),
    ]
)


def _compiled() -> list[re.Pattern[str]]:
    # Asterisk compiles with REG_EXTENDED: "." matches a line break too.
    return [re.compile(p, re.DOTALL) for p in filter_patterns()]


def _filtered(data: bytes) -> tuple[bytes, int, int]:
    """The stream as Asterisk would send it with the filters: (bytes, events kept, events)."""
    patterns = _compiled()
    kept: list[bytes] = []
    total = passed = 0
    for block in data.split(b"\r\n\r\n"):
        text = block.decode("utf-8", "replace")
        first = text.split("\r\n")[-1] if text.startswith("Asterisk Call Manager") else text
        if first.startswith("Event:"):
            total += 1
            if not any(p.search(text + "\r\n") for p in patterns):
                continue
            passed += 1
        kept.append(block)
    return b"\r\n\r\n".join(kept), passed, total


def test_filters_pass_exactly_the_tracked_events_of_every_capture() -> None:
    """Over every event Asterisk sent in the captures: what the filter lets through is a
    tracked event (no ``Bridge`` letting BridgeCreate in, no ``Hangup`` letting
    HangupHandlerPush in), and every tracked, unconditional event gets through."""
    patterns = _compiled()
    seen: set[str] = set()
    for path in TRANSCRIPT_FILES:
        for block in path.read_bytes().split(b"\r\n\r\n"):
            text = block.decode("utf-8", "replace")
            if not text.startswith("Event:"):
                continue
            name = text.split("\r\n", 1)[0].removeprefix("Event: ")
            seen.add(name)
            passed = any(p.search(text + "\r\n") for p in patterns)
            if passed:
                assert name in TRACKED_EVENTS, name
            elif name in TRACKED_EVENTS:
                assert name in CONDITIONAL_EVENTS, name  # only VarSet/Newexten are sifted
    assert {"BridgeCreate", "Newexten", "VarSet", "DeviceStateChange", "RTCPSent"} <= seen


def test_patterns_are_whole_words_in_the_posix_subset() -> None:
    patterns = _compiled()

    def passes(text: str) -> bool:
        return any(p.search(text) for p in patterns)

    assert passes("Event: Hangup\r\nPrivilege: call,all\r\nCause: 16\r\n")
    assert not passes("Event: HangupHandlerPush\r\nPrivilege: call,all\r\n")
    assert not passes("Event: DialBeginX\r\n")
    assert not passes("Event: Newexten\r\nApplication: Set\r\n")
    assert passes("Event: VarSet\r\nChannel: x\r\nVariable: MIXMONITOR_FILENAME\r\nValue: a\r\n")
    assert not passes("Event: VarSet\r\nVariable: MIXMONITOR_FILENAMES\r\n")
    assert not passes("Event: VarSet\r\nVariable: __FROM_DID\r\nValue: 044\r\n")
    for pattern in filter_patterns():
        assert "\\s" not in pattern and "[[:" not in pattern


def test_filter_actions_and_manager_conf_lines_carry_the_same_patterns() -> None:
    patterns = list(filter_patterns())
    actions = filter_actions()
    assert [a["Filter"] for a in actions] == patterns
    assert all(a["Action"] == "Filter" and a["Operation"] == "Add" for a in actions)
    assert eventfilter_lines() == [f"eventfilter={p}" for p in patterns]
    assert all("\n" not in line and "\r" not in line for line in eventfilter_lines())


@pytest.mark.parametrize("path", TRANSCRIPT_FILES, ids=lambda p: Path(p).stem)
def test_filtered_stream_gives_the_same_calls(path: Path) -> None:
    data = path.read_bytes()
    small, passed, total = _filtered(data)
    full = [describe(e) for e in replay_bytes(data, fixed_clock)]
    assert [describe(e) for e in replay_bytes(small, fixed_clock)] == full
    if path.name.startswith("F"):  # FreePBX: most of the stream is dialplan noise
        assert passed < total / 3, (passed, total)
        assert len(small) < len(data) / 3


async def test_simulator_applies_the_filters_over_tcp(sim: PBXSimulator) -> None:
    seen: list[str] = []
    tracker = CallTracker(time.time)
    events: list[object] = []

    def on_message(msg: dict[str, str]) -> None:
        if "Event" in msg:
            seen.append(msg["Event"])
        events.extend(tracker.handle(msg))

    conn = AMIConnection(
        "127.0.0.1",
        sim.port,
        "demo",
        "demo",
        on_message=on_message,
        backoff=(0.01, 0.05),
        filters=filter_patterns(),
        resync=False,
    )
    await conn.start()
    try:
        await sim.play("inbound-answered").wait()
        async with asyncio.timeout(5):
            while not any(isinstance(e, CallFinished) for e in events):
                events.extend(tracker.tick())
                await asyncio.sleep(0.01)
    finally:
        await conn.close()
    assert [m["Filter"] for m in sim.actions_named("Filter")] == list(filter_patterns())
    login = {"FullyBooted", "SuccessfulAuth"}  # sent at login, before the Filter action
    assert set(seen) - login <= set(TRACKED_EVENTS), set(seen) - set(TRACKED_EVENTS)
    assert "Newchannel" in seen and "Hangup" in seen
    done = [e for e in events if isinstance(e, CallFinished)]
    assert [str(e.call.outcome) for e in done] == ["answered"]


# ---------------------------------------------------------------- next_deadline


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_next_deadline_is_none_when_nothing_waits() -> None:
    tracker = CallTracker(fixed_clock, idle_timeout=3600.0)
    assert tracker.next_deadline() is None
    trunk = Chan("PJSIP/trunk-00000001", "1.1", "1.1", **CUSTOMER)
    feed(tracker, [trunk.new("4")])
    # an active call waits on the PBX; only the idle-eviction sweep is due, within a minute
    assert tracker.next_deadline() == 1_060.0
    feed(tracker, [trunk.hangup()])
    assert tracker.next_deadline() is None  # finished at once: nothing owed


def test_next_deadline_is_when_a_lingering_call_finishes() -> None:
    clock = Clock()
    tracker = CallTracker(clock, finish_grace=3.0)
    tracker.expect_originate("rs-1", "101", "0501234567")
    phone = Chan("PJSIP/101-00000001", "rs-1", "rs-1", num="101")
    trunk = Chan("PJSIP/trunk-00000002", "1.2", "rs-1", num="0501234567")
    feed(tracker, [phone.new("0"), phone.state("5"), phone.state("6")])
    feed(tracker, [trunk.new(), dial_begin(phone, trunk), dial_end(phone, trunk, "ANSWER")])
    clock.now = 1_010.0
    out = feed(tracker, [trunk.hangup(), phone.hangup()])
    assert not any(isinstance(e, CallFinished) for e in out)  # still owed its OriginateResponse
    assert tracker.next_deadline() == 1_013.0
    clock.now = 1_011.0
    # a second call lingering later does not move the earliest deadline
    tracker.expect_originate("rs-2", "102", "0507654321")
    other = Chan("PJSIP/102-00000003", "rs-2", "rs-2", num="102")
    feed(tracker, [other.new("0"), other.hangup("21")])
    assert tracker.next_deadline() == 1_013.0
    clock.now = 1_012.9
    assert tracker.tick() == []
    clock.now = 1_013.0
    done = tracker.tick()
    assert [(e.call.call_id, str(e.call.outcome)) for e in done] == [("rs-1", "answered")]
    assert tracker.next_deadline() == 1_014.0
    clock.now = 1_014.0
    assert [e.call.call_id for e in tracker.tick()] == ["rs-2"]
    assert tracker.next_deadline() is None


def test_next_deadline_clears_when_the_owed_message_arrives() -> None:
    clock = Clock()
    tracker = CallTracker(clock, finish_grace=3.0)
    tracker.expect_originate("rs-1", "101", "0501234567")
    phone = Chan("PJSIP/101-00000001", "rs-1", "rs-1", num="101")
    feed(tracker, [phone.new("0"), phone.hangup("21")])
    assert tracker.next_deadline() == 1_003.0
    response = event(
        "OriginateResponse",
        ActionID="a-1",
        Response="Failure",
        Channel="PJSIP/101",
        Exten="0501234567",
        Reason="1",
        Uniqueid="rs-1",
    )
    done = feed(tracker, [response])
    assert [str(e.call.outcome) for e in done if isinstance(e, CallFinished)] == ["failed"]
    assert tracker.next_deadline() is None

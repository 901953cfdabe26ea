"""An OriginateResponse that overtakes its channel's Newchannel still names the call.

Asterisk sends OriginateResponse from the originate thread and Newchannel through
stasis, so one AMI session may get the response first (seen in the live lab: the
session-long monitor's Local-channel originate of scenarios 02 and 08 had no
remote number while the driver's own capture, in the usual order, had "wait").
"""

from __future__ import annotations

import json

import pytest

from core.calls.events import CallFinished
from core.calls.tracker import CallTracker
from tests.paths import TRANSCRIPTS


def incoming(name: str) -> list[dict[str, str]]:
    rows = map(json.loads, (TRANSCRIPTS / f"{name}.timeline.jsonl").open())
    return [r["msg"] for r in rows if r.get("dir") == "in" and "msg" in r]


def response_first(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each OriginateResponse moved before the Newchannel(s) of the originate it answers."""
    out = list(messages)
    for i, msg in enumerate(list(out)):
        if msg.get("Event") != "OriginateResponse":
            continue
        out.pop(i)
        k = i - 1
        while k > 0 and out[k].get("Event") != "Newchannel":
            k -= 1
        while k > 0 and out[k - 1].get("Event") == "Newchannel":
            k -= 1
        out.insert(k, msg)
    return out


def finished(messages: list[dict[str, str]]) -> list[tuple[str, str | None, str]]:
    tracker = CallTracker()
    events = [e for m in messages for e in tracker.handle(dict(m))] + tracker.flush()
    return [(e.call.call_id, e.call.remote_number, str(e.call.outcome))
            for e in events if isinstance(e, CallFinished)]  # fmt: skip


@pytest.mark.parametrize("name", ["02-originate-local-answered", "08-originate-failed-bad-exten"])
def test_response_before_newchannel_gives_the_same_calls(name: str) -> None:
    captured = incoming(name)
    moved = response_first(captured)
    assert moved != captured  # the reordering really happened
    assert finished(moved) == finished(captured)
    assert any(number == "wait" for _, number, _ in finished(captured))


def test_a_stale_early_response_is_not_applied() -> None:
    """A response kept for a channel that never came does not name a later call."""
    now = [1000.0]
    tracker = CallTracker(clock=lambda: now[0])
    msgs = incoming("02-originate-local-answered")
    response = next(m for m in msgs if m.get("Event") == "OriginateResponse")
    tracker.handle(dict(response))
    now[0] += 60
    events = [e for m in msgs if m is not response for e in tracker.handle(dict(m))]
    events += tracker.flush()
    (fin,) = [e for e in events if isinstance(e, CallFinished)]
    assert fin.call.remote_number is None

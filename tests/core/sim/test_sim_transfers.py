"""Transfers through the simulator over real TCP, as Asterisk reports them: AMI Redirect
of the customer channel (the shape of the lab capture X1) and BlindTransfer of the
operator's channel (transcript 07); the call tracker concludes what the operators saw."""

from __future__ import annotations

import asyncio
import time

import pytest

from core.ami import actions
from core.ami.connection import AMIConnection
from core.calls.events import CallEvent, CallFinished
from core.calls.tracker import CallTracker
from core.sim.server import PBXSimulator


def describe(e: CallEvent) -> tuple[str, str | None, str | None]:
    kind = type(e).__name__.removeprefix("Call").lower()
    detail = getattr(e, "by", None) or getattr(e, "to", None) or getattr(e, "outcome", None)
    return (kind, e.extension, str(detail) if detail is not None else None)


async def _transfer(sim: PBXSimulator, how: str) -> tuple[list[CallEvent], list[dict[str, str]]]:
    tracker = CallTracker(time.time)
    events: list[CallEvent] = []
    seen: list[dict[str, str]] = []

    def on_message(msg: dict[str, str]) -> None:
        seen.append(msg)
        events.extend(tracker.handle(msg))

    conn = AMIConnection("127.0.0.1", sim.port, "demo", "demo", on_message=on_message, resync=False)
    await conn.start()
    try:
        run = sim.play("inbound-answered", pause_after="BridgeEnter#2")
        await asyncio.wait_for(run.paused.wait(), 5)
        async with asyncio.timeout(5):
            while sum(m.get("Event") == "BridgeEnter" for m in seen) < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        entered = [m for m in seen if m.get("Event") == "BridgeEnter"]
        customer = next(m["Channel"] for m in entered if m["Channel"].startswith("PJSIP/trunk"))
        operator = next(m["Channel"] for m in entered if m["Channel"].startswith("PJSIP/101"))
        if how == "redirect":
            await actions.redirect(conn, customer, "102", "internal")
        else:
            fields = {"Channel": operator, "Exten": "102", "Context": "internal"}
            assert (await conn.send_action("BlindTransfer", fields)).success
        async with asyncio.timeout(10):
            while not any(isinstance(e, CallFinished) for e in events):
                events.extend(tracker.tick())
                await asyncio.sleep(0.01)
    finally:
        await conn.close()
    return events, seen


@pytest.mark.parametrize("how", ["redirect", "blind"])
async def test_transfer_to_102_over_tcp(sim: PBXSimulator, how: str) -> None:
    events, seen = await _transfer(sim, how)
    per_ext = [describe(e) for e in events if e.extension is not None]
    assert per_ext == [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("transferred", "101", "102"),
        ("ended", "101", "transferred-away"),
        ("ringing", "102", None),
        ("answered", "102", "102"),
        ("ended", "102", "answered"),
    ]
    (done,) = [e.call for e in events if isinstance(e, CallFinished)]
    assert str(done.outcome) == "answered" and done.talked == ("101", "102")
    kinds = [m.get("Event") for m in seen]
    assert ("BlindTransfer" in kinds) is (how == "blind")
    # the scripted rest of the scenario stopped at the transfer: one hangup per channel
    assert kinds.count("Hangup") == 3


async def test_redirect_of_an_unknown_channel_is_refused(sim: PBXSimulator) -> None:
    conn = AMIConnection("127.0.0.1", sim.port, "demo", "demo", resync=False)
    await conn.start()
    try:
        with pytest.raises(Exception, match="does not exist"):
            await actions.redirect(conn, "PJSIP/trunk-deadbeef", "102", "internal")
    finally:
        await conn.close()

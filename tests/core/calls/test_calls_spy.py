"""A supervisor's live-listen leg (ChanSpy) is not a call: no CallStarted, no ringing, no
history row, nothing in the active calls -- and the call being listened to is untouched."""

from __future__ import annotations

import asyncio
import time

from core.ami import actions
from core.ami.connection import AMIConnection
from core.calls.events import CallEvent, CallFinished
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


def _spy_leg(uid: str, *, app_exten: bool = False) -> list[dict[str, str]]:
    """An application originate of ChanSpy to phone 103, as Asterisk reports it
    (channel Down with Uniqueid = ChannelId, Ringing, Up, OriginateResponse, Hangup);
    or, with ``app_exten``, phone 103 dialling a ChanSpy feature code itself."""
    leg = Chan("PJSIP/103-0000000f", uid, uid, num="103", exten="555" if app_exten else "s")
    if app_exten:
        newexten = event(
            "Newexten", leg.f("4"), Application="ChanSpy", AppData="PJSIP/101,qE", Extension="555"
        )
        return [leg.new("4"), newexten, leg.state("6"), leg.hangup()]
    response = event(
        "OriginateResponse",
        ActionID="spy-action",
        Response="Success",
        Channel=leg.name,
        Application="ChanSpy",
        Data="PJSIP/101,qE",
        Reason="4",
        Uniqueid=uid,
    )
    return [leg.new("0"), leg.state("5"), leg.state("6"), response, leg.hangup()]


def _talking_call() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    cust = Chan("PJSIP/trunk-00000001", "1.1", "1.1", exten="0443334000", **CUSTOMER)
    phone = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    start = [cust.new("4"), phone.new(), dial_begin(cust, phone), phone.state("6")]
    start.append(dial_end(cust, phone, "ANSWER"))
    return start, [cust.hangup(), phone.hangup()]


def test_ringside_spy_originate_is_no_call() -> None:
    tracker = CallTracker(fixed_clock)
    tracker.expect_originate("spy-0123456789abcdef", "103", "PJSIP/101")  # even if told
    assert feed(tracker, _spy_leg("spy-0123456789abcdef")) == []
    assert tracker.active_calls() == []
    assert tracker.recent_call_ids() == []


def test_chanspy_feature_code_from_a_phone_is_no_call() -> None:
    tracker = CallTracker(fixed_clock)
    assert feed(tracker, _spy_leg("9.1", app_exten=True)) == []
    assert tracker.recent_call_ids() == []


def test_the_call_listened_to_is_untouched() -> None:
    start, end = _talking_call()
    plain = feed(CallTracker(fixed_clock), start + end)
    spied = feed(CallTracker(fixed_clock), start + _spy_leg("spy-00ff") + end)
    assert [describe(e) for e in spied] == [describe(e) for e in plain]
    assert {e.call.call_id for e in spied} == {"1.1"}


def test_an_ordinary_originate_still_is_a_call() -> None:  # the control
    tracker = CallTracker(fixed_clock)
    events = feed(tracker, _spy_leg("rs-0123456789abcdef"))
    assert next(describe(e)[0] for e in events) == "started"
    assert any(isinstance(e, CallFinished) for e in events)


async def test_live_listen_over_tcp_yields_no_call_events(sim: PBXSimulator) -> None:
    tracker = CallTracker(time.time)
    events: list[CallEvent] = []
    seen: list[str] = []

    def on_message(msg: dict[str, str]) -> None:
        seen.append(msg.get("Event", ""))
        events.extend(tracker.handle(msg))

    conn = AMIConnection(
        "127.0.0.1", sim.port, "demo", "demo", on_message=on_message, backoff=(0.01, 0.05)
    )
    await conn.start()
    try:
        result = await actions.originate_spy(conn, "PJSIP/102", "PJSIP/101", "listen")
        async with asyncio.timeout(5):
            while seen.count("Hangup") < 1:  # noqa: ASYNC110 - the supervisor hangs up
                await asyncio.sleep(0.01)
        events.extend(tracker.tick())
    finally:
        await conn.close()
    assert result.endpoint == "PJSIP/102"
    assert {"Newchannel", "Newstate", "OriginateResponse", "Hangup"} <= set(seen)
    assert events == []
    assert tracker.active_calls() == [] and tracker.recent_call_ids() == []


def test_spy_channel_ids_made_by_the_ami_actions_carry_the_prefix() -> None:
    # core.ami.actions.originate_spy names its legs new_channel_id("spy"): keep the two in step
    from core.calls.protocol import SPY_CHANNEL_PREFIX

    assert actions.new_channel_id("spy").startswith(SPY_CHANNEL_PREFIX)
    assert not actions.new_channel_id().startswith(SPY_CHANNEL_PREFIX)

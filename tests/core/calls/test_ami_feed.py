"""AmiFeed against the PBX simulator over real TCP: events, link state, ticking, commands."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from core.calls.ami_feed import AmiFeed, AmiSettings, LineConfig, event_filters, line_format
from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallFinished,
    CallRinging,
    CallStarted,
    Direction,
    Outcome,
)
from core.calls.feed import CallFeed, FeedError, LinkState, LinkStatus, PresenceUpdate
from core.sim.pbx import QueueMember
from core.sim.server import PBXSimulator

FAST = 6.0


async def until(predicate: Callable[[], Any], timeout: float = 5.0, what: str = "it") -> Any:  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class Harness:
    def __init__(self, sim: PBXSimulator, feed: AmiFeed) -> None:
        self.sim, self.feed = sim, feed
        self.events: list[Any] = []
        self.raw: list[dict[str, str]] = []
        feed.subscribe(self.events.append)

    def of(self, kind: type, extension: str | None = "101") -> list[Any]:
        return [
            e
            for e in self.events
            if isinstance(e, kind) and getattr(e, "extension", None) == extension
        ]


def lines(extension: str) -> LineConfig:
    if extension == "101":
        return LineConfig(
            "101", "PJSIP/101", "from-internal", caller_id_prefix="CRM",
            queue_interface="Local/101@from-queue/n", queues=("sales", "support"),
        )  # fmt: skip
    if extension == "102":
        return LineConfig("102", "SIP/102", "from-internal", dnd_mode="devstate")
    return line_format()(extension)


@pytest.fixture
async def make() -> AsyncIterator[Callable[..., Any]]:
    sims: list[PBXSimulator] = []
    feeds: list[AmiFeed] = []

    async def build(secret: str = "demo", connect: bool = True, **settings: Any) -> Harness:
        sim = PBXSimulator(port=0)
        await sim.start()
        sims.append(sim)
        raw: list[dict[str, str]] = []
        feed = AmiFeed(
            AmiSettings("127.0.0.1", sim.port, "demo", **settings),
            secret,
            lines=lines,
            raw=raw.append,
        )
        feeds.append(feed)
        harness = Harness(sim, feed)
        harness.raw = raw
        if connect:
            await feed.start()
            await until(lambda: feed.status.state is LinkState.READY, what="login")
        return harness

    yield build
    for feed in feeds:
        await feed.stop()
    for sim in sims:
        await sim.stop()


async def test_is_a_call_feed(make: Callable[..., Any]) -> None:
    h = await make(connect=False)
    feed: CallFeed = h.feed  # the type checker holds AmiFeed to the contract
    assert feed.status.state is LinkState.DISCONNECTED


async def test_a_call_arrives_as_typed_events_in_order(make: Callable[..., Any]) -> None:
    h = await make()
    states = [e.state for e in h.events if isinstance(e, LinkStatus)]
    assert states[-1] is LinkState.READY and LinkState.CONNECTING in states
    run = h.sim.play("inbound-answered", speed=FAST)
    await until(lambda: h.of(CallAnswered), what="the answer")
    (active,) = h.feed.active_calls()
    assert active.call_id == run.call_id and active.remote_number == "0501234567"
    await run.wait()
    await until(lambda: h.of(CallFinished, None), what="the end of the call")
    kinds = [type(e) for e in h.events if not isinstance(e, LinkStatus)]
    order = [CallStarted, CallRinging, CallAnswered, CallEnded, CallFinished]
    assert [k for k in kinds if k in order] == order
    assert h.feed.active_calls() == []
    trail = h.feed.trail(run.call_id)
    assert trail[0]["Event"] == "Newchannel" and trail[0]["Uniqueid"] == run.call_id


async def test_asterisk_sends_only_the_events_the_feed_reads(make: Callable[..., Any]) -> None:
    h = await make()
    sent = h.sim.actions_named("Filter")
    assert [(f["Operation"], f["Filter"]) for f in sent] == [("Add", p) for p in event_filters()]
    before = len(h.raw)  # FullyBooted and the login's own events came before the filter
    run = h.sim.play("inbound-answered", speed=FAST)
    await run.wait()
    await until(lambda: h.of(CallFinished, None), what="the end of the call")
    seen = {m.get("Event") for m in h.raw[before:] if "Event" in m and "ActionID" not in m}
    assert "Newchannel" in seen and "Hangup" in seen
    assert "Newexten" not in seen  # the dialplan chatter stays on the PBX
    patterns = [re.compile(p) for p in event_filters()]
    assert all(any(p.search(f"Event: {name}\r\n") for p in patterns) for name in seen - {"VarSet"})


async def test_no_filter_when_switched_off(make: Callable[..., Any]) -> None:
    h = await make(filter_events=False)
    assert h.sim.actions_named("Filter") == []


async def test_no_secret_never_sends_a_login(make: Callable[..., Any]) -> None:
    h = await make(secret="", connect=False)
    await h.feed.start()
    assert h.feed.status == LinkStatus(LinkState.FAILED, "no secret stored", h.feed.status.since)
    await asyncio.sleep(0.1)
    assert h.sim.actions_named("Login") == [] and h.sim.actions_named("Challenge") == []
    with pytest.raises(FeedError, match="no secret stored"):
        await h.feed.open()


async def test_wrong_secret_fails_in_words_without_the_secret(make: Callable[..., Any]) -> None:
    h = await make(secret="wrong-Пароль", connect=False)
    await h.feed.start()
    status = await until(
        lambda: h.feed.status.state is LinkState.FAILED and h.feed.status, what="refusal"
    )
    assert status.detail and "wrong-Пароль" not in status.detail
    with pytest.raises(FeedError) as error:
        await h.feed.open()
    assert "Пароль" not in str(error.value) and "refused" in str(error.value).lower()


async def test_click_to_call_one_originate_one_id_outbound_from_the_extension(
    make: Callable[..., Any],
) -> None:
    h = await make()
    channel_id = await h.feed.click_to_call("101", "+7 (926) 111-22-33")
    (originate,) = h.sim.actions_named("Originate")
    assert re.fullmatch(r"rs-[0-9a-f]{16}", channel_id) and originate["ChannelId"] == channel_id
    assert originate["Channel"] == "PJSIP/101" and originate["Context"] == "from-internal"
    assert originate["Exten"] == "+79261112233" and originate["Async"] == "true"
    assert originate["CallerID"] == '"CRM: +79261112233" <101>'
    started = await until(
        lambda: [e for e in h.events if isinstance(e, CallStarted)], what="the call"
    )
    call = started[0].call
    assert call.call_id == channel_id and call.originated and call.direction is Direction.OUTBOUND
    assert call.from_extension == "101"


async def test_a_retried_request_is_not_dialled_twice(make: Callable[..., Any]) -> None:
    h = await make()
    first, second = await asyncio.gather(
        h.feed.click_to_call("101", "0501234567", request_id="crm-42"),
        h.feed.click_to_call("101", "0501234567", request_id="crm-42"),
    )
    again = await h.feed.click_to_call("101", "0501234567", request_id="crm-42")
    assert first == second == again
    assert len(h.sim.actions_named("Originate")) == 1


async def test_click_to_call_refusals_in_words(make: Callable[..., Any]) -> None:
    h = await make()
    with pytest.raises(FeedError, match="does not look like a phone number"):
        await h.feed.click_to_call("101", "call me maybe")
    with pytest.raises(FeedError, match="not an extension"):
        await h.feed.click_to_call("101/sip:x@evil.example", "0501234567")
    with pytest.raises(FeedError, match="does not exist in context 'nowhere'"):
        line = LineConfig("101", "PJSIP/101", "nowhere")
        await h.feed.begin_call(line, "0501").wait()
    with pytest.raises(FeedError, match="your phone PJSIP/103 was not connected: the line is busy"):
        await h.feed.begin_call(line_format()("103"), "0501234567").wait()
    assert len(h.sim.actions_named("Originate")) == 2  # the two that were dialable
    await h.feed.stop()
    with pytest.raises(FeedError, match="Not connected to the PBX"):
        await h.feed.click_to_call("101", "0501234567")


async def test_hangup_hangs_up_the_operators_own_channel(make: Callable[..., Any]) -> None:
    h = await make()
    run = h.sim.play("inbound-answered", speed=FAST, pause_after="DialEnd")
    await run.paused.wait()
    await until(lambda: h.of(CallAnswered), what="the answer")
    await h.feed.hangup("101", run.call_id)
    (hangup,) = h.sim.actions_named("Hangup")
    assert hangup["Channel"].startswith("PJSIP/101-")
    await until(lambda: h.of(CallEnded), what="the call to end")
    with pytest.raises(FeedError, match="not in progress"):
        await h.feed.hangup("101", run.call_id)


async def test_blind_transfer_redirects_the_customer(make: Callable[..., Any]) -> None:
    h = await make()
    run = h.sim.play("inbound-answered", speed=FAST, pause_after="BridgeEnter#2")
    await run.paused.wait()
    await until(lambda: h.of(CallAnswered), what="the answer")
    with pytest.raises(FeedError, match="not on call"):
        await h.feed.transfer("104", run.call_id, "102")
    with pytest.raises(FeedError, match="to transfer to"):
        await h.feed.transfer("101", run.call_id, "102&PJSIP/trunk")
    await h.feed.transfer("101", run.call_id, "102")
    (redirect,) = h.sim.actions_named("Redirect")
    assert redirect["Channel"].startswith("PJSIP/trunk-")  # the customer, not the operator
    assert (redirect["Exten"], redirect["Context"], redirect["Priority"]) == (
        "102",
        "from-internal",
        "1",
    )
    # the PBX moves the customer on: the operator's part ends, 102 rings
    await until(lambda: h.of(CallEnded), timeout=10, what="the operator's part to end")
    await until(lambda: h.of(CallRinging, "102"), timeout=10, what="the target to ring")


async def test_attended_transfer_consults_from_the_operators_channel(
    make: Callable[..., Any],
) -> None:
    h = await make()
    run = h.sim.play("inbound-answered", speed=FAST, pause_after="DialEnd")
    await run.paused.wait()
    await until(lambda: h.of(CallAnswered), what="the answer")
    await h.feed.transfer("101", run.call_id, "102", attended=True)
    (atxfer,) = h.sim.actions_named("Atxfer")
    assert atxfer["Channel"].startswith("PJSIP/101-") and atxfer["Exten"] == "102"
    assert atxfer["Context"] == "from-internal"
    run.resume()
    await run.wait()


async def test_queue_pause_uses_the_lines_member_and_queues(make: Callable[..., Any]) -> None:
    h = await make()
    freepbx = [QueueMember(q, "Local/101@from-queue/n", "101") for q in ("sales", "support", "vip")]
    h.sim.pbx.members.extend(freepbx)
    await h.feed.set_queue_pause("101", True, "lunch")
    pauses = h.sim.actions_named("QueuePause")
    assert [(p["Interface"], p["Queue"], p["Reason"]) for p in pauses] == [
        ("Local/101@from-queue/n", "sales", "lunch"),
        ("Local/101@from-queue/n", "support", "lunch"),
    ]
    assert [m.paused for m in freepbx] == [True, True, False]
    assert h.feed.presence("101") == PresenceUpdate("101", dnd=False, paused=True, reason="lunch")
    assert PresenceUpdate("101", False, True, "lunch") in h.events


async def test_queue_pause_from_elsewhere_is_reported(make: Callable[..., Any]) -> None:
    h = await make()
    h.sim.pbx.members.append(QueueMember("support", "PJSIP/104", "104"))
    other = AmiFeed(AmiSettings("127.0.0.1", h.sim.port, "demo"), "demo", lines=line_format())
    await other.open()
    try:
        await other.set_queue_pause("104", True, "coffee")
    finally:
        await other.stop()
    await until(lambda: h.feed.presence("104").paused, what="the pause event")
    assert h.feed.presence("104").reason == "coffee"


async def test_dnd_astdb_and_devstate(make: Callable[..., Any]) -> None:
    h = await make()
    await h.feed.set_dnd("101", True)
    (put,) = h.sim.actions_named("DBPut")
    assert (put["Family"], put["Key"], put["Val"]) == ("DND", "101", "YES")
    await h.feed.set_dnd("101", False)
    assert h.sim.actions_named("DBDel")[0]["Key"] == "101"
    await h.feed.set_dnd("102", True)
    (setvar,) = h.sim.actions_named("Setvar")
    assert setvar["Variable"] == "DEVICE_STATE(Custom:DND102)" and setvar["Value"] == "BUSY"
    assert h.feed.presence("102").dnd and not h.feed.presence("101").dnd


async def test_spy_rings_the_supervisor_and_spies_on_the_targets_device(
    make: Callable[..., Any],
) -> None:
    h = await make()
    await h.feed.spy("101", "102", "whisper")
    (originate,) = h.sim.actions_named("Originate")
    assert originate["Channel"] == "PJSIP/101" and originate["Application"] == "ChanSpy"
    assert originate["Data"] == "SIP/102,qwE"  # 102's device, from its line
    with pytest.raises(FeedError, match="own calls"):
        await h.feed.spy("101", "101")
    with pytest.raises(FeedError, match="listen, whisper or barge"):
        await h.feed.spy("101", "102", "shout")
    assert len(h.sim.actions_named("Originate")) == 1


async def test_a_quiet_pbx_still_finishes_calls_and_an_idle_one_is_not_ticked(
    make: Callable[..., Any],
) -> None:
    h = await make()
    assert not h.feed.ticking

    def drop_cdr(message: dict[str, str]) -> bool:  # the PBX never sends the Cdr it owes
        return message.get("Event") == "Cdr"

    await h.sim.play("inbound-missed", speed=FAST).wait()  # the Cdr arrives: no waiting
    await until(lambda: h.of(CallFinished, None), what="the first call")
    assert not h.feed.ticking  # no call left: no deadline, no wake-up
    await h.sim.play("inbound-missed", speed=FAST, hook=drop_cdr).wait()
    await until(lambda: len(h.of(CallEnded)) == 2, what="the second call to end")
    assert len(h.of(CallFinished, None)) == 1 and h.feed.ticking  # held back for its Cdr
    await until(lambda: len(h.of(CallFinished, None)) == 2, timeout=8.0, what="the tick")
    assert not h.feed.ticking  # nothing pending: no more wake-ups


async def test_an_observer_error_does_not_stop_the_feed(make: Callable[..., Any]) -> None:
    h = await make()

    def broken(_event: object) -> None:
        raise RuntimeError("observer bug")

    h.feed.subscribe(broken)
    await h.sim.play("inbound-missed", speed=FAST).wait()
    await until(lambda: h.of(CallFinished, None), what="the call")


async def test_stop_is_idempotent_and_says_disconnected(make: Callable[..., Any]) -> None:
    h = await make()
    await h.feed.stop()
    await h.feed.stop()
    assert h.feed.status.state is LinkState.DISCONNECTED


async def test_message_hooks_add_events_after_the_trackers(make: Callable[..., Any]) -> None:
    h = await make()
    seen: list[str] = []

    def hook(message: dict[str, str]) -> list[Any]:
        if message.get("Event") != "Hangup":
            return []
        calls = h.feed.active_calls()
        seen.append(message["Uniqueid"])
        return [CallEnded(calls[0], "999", Outcome.MISSED)] if calls else []

    def broken(_message: dict[str, str]) -> list[Any]:
        raise RuntimeError("hook bug")

    h.feed.add_message_hook(broken)
    h.feed.add_message_hook(hook)
    await h.sim.play("inbound-answered", speed=FAST).wait()
    await until(lambda: h.of(CallFinished, None), what="the call")
    assert seen and h.of(CallEnded, "999")  # delivered like the tracker's own events


async def test_dnd_set_on_the_phone_is_reported(make: Callable[..., Any]) -> None:
    h = await make()
    before = len(h.raw)
    for device, state in (("PJSIP/104", "INUSE"), ("Custom:DND104", "BUSY")):
        h.sim.broadcast({"Event": "DeviceStateChange", "Privilege": "call,all",
                         "Device": device, "State": state})  # fmt: skip
    await until(lambda: h.feed.presence("104").dnd, what="DND from the device state")
    assert PresenceUpdate("104", dnd=True, paused=False) in h.events
    devices = [m.get("Device") for m in h.raw[before:] if m.get("Event") == "DeviceStateChange"]
    assert devices == ["Custom:DND104"]  # the phones' own device states stay on the PBX
    h.sim.broadcast({"Event": "DeviceStateChange", "Privilege": "call,all",
                     "Device": "Custom:DND104", "State": "NOT_INUSE"})  # fmt: skip
    await until(lambda: not h.feed.presence("104").dnd, what="DND off")

"""Reconnect mid-call with the real call tracker: the call survives, nothing repeats.

The simulator is stopped and restarted on the same port while a call is
bridged; the connection re-logs in and resyncs (CoreShowChannels), and the
tracker ends up with exactly one ringing/answered/ended per extension.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import pytest

from core.ami.connection import AMIConnection, ConnectionState
from core.sim.server import PBXSimulator

tracker_mod = pytest.importorskip("core.calls.tracker")


async def until(predicate: Callable[[], bool], limit: float = 5.0) -> None:
    async with asyncio.timeout(limit):
        while not predicate():  # noqa: ASYNC110 - polled state lives in plain attributes
            await asyncio.sleep(0.01)


def finished(events: list, tracker: object) -> Callable[[], bool]:  # type: ignore[type-arg]
    """Predicate that also collects calls the tracker finishes on its grace timer."""

    def check() -> bool:
        events.extend(tracker.tick())  # type: ignore[attr-defined]
        return any(type(e).__name__ == "CallFinished" for e in events)

    return check


def kinds(events: list, extension: str | None) -> Counter[str]:  # type: ignore[type-arg]
    return Counter(type(e).__name__ for e in events if e.extension == extension)


async def _outage(sim: PBXSimulator, conn: AMIConnection, during: Callable[[], object]) -> None:
    await sim.stop(keep_calls=True)
    await until(lambda: conn.state is not ConnectionState.CONNECTED)
    result = during()
    if asyncio.iscoroutine(result):
        await result
    await sim.start()
    await until(lambda: conn.connects == 2 and conn.state is ConnectionState.CONNECTED)


async def test_call_in_progress_survives_restart_without_duplicates(sim: PBXSimulator) -> None:
    tracker = tracker_mod.CallTracker(clock=time.time)
    events: list = []  # type: ignore[type-arg]
    seen: list[str] = []

    def on_message(msg: dict[str, str]) -> None:
        seen.append(msg.get("Event", ""))
        events.extend(tracker.handle(msg))

    conn = AMIConnection(
        "127.0.0.1", sim.port, "demo", "demo", on_message=on_message, backoff=(0.01, 0.05)
    )
    await conn.start()
    run = sim.play("inbound-answered", caller_name="Иван Петров", pause_after="BridgeEnter#2")
    await asyncio.wait_for(run.paused.wait(), 5)
    assert kinds(events, "101")["CallAnswered"] == 1
    await _outage(sim, conn, lambda: None)
    await until(lambda: seen.count("CoreShowChannelsComplete") == 2)
    assert [c.call_id for c in tracker.active_calls()] == [run.call_id]
    run.resume()
    await run.wait()
    await until(finished(events, tracker))
    events += tracker.flush()
    counts = kinds(events, "101")
    assert counts == Counter({"CallRinging": 1, "CallAnswered": 1, "CallEnded": 1})
    assert kinds(events, None) == Counter({"CallStarted": 1, "CallFinished": 1})
    ended = next(e for e in events if type(e).__name__ == "CallEnded")
    assert ended.call.call_id == run.call_id and ended.call.remote_name == "Иван Петров"
    await conn.close()


async def test_call_that_ended_during_the_outage_is_closed_by_resync(sim: PBXSimulator) -> None:
    tracker = tracker_mod.CallTracker(clock=time.time)
    events: list = []  # type: ignore[type-arg]
    conn = AMIConnection(
        "127.0.0.1",
        sim.port,
        "demo",
        "demo",
        on_message=lambda m: events.extend(tracker.handle(m)),
        backoff=(0.01, 0.05),
    )
    await conn.start()
    run = sim.play("inbound-answered", pause_after="BridgeEnter#2")
    await asyncio.wait_for(run.paused.wait(), 5)

    async def finish_call_unseen() -> None:
        run.resume()
        await run.wait()

    await _outage(sim, conn, finish_call_unseen)
    await until(lambda: any(type(e).__name__ == "CallEnded" for e in events))
    assert kinds(events, "101")["CallEnded"] == 1
    assert tracker.active_calls() == []
    await conn.close()


async def test_click_to_call_is_an_outbound_call_for_the_tracker(sim: PBXSimulator) -> None:
    from core.ami.actions import originate_click_to_call

    tracker = tracker_mod.CallTracker(clock=time.time)
    events: list = []  # type: ignore[type-arg]
    conn = AMIConnection(
        "127.0.0.1", sim.port, "demo", "demo", on_message=lambda m: events.extend(tracker.handle(m))
    )
    await conn.start()
    result = await originate_click_to_call(
        conn,
        "PJSIP/101",
        "0507654321",
        "from-internal",
        on_channel_id=lambda cid: tracker.expect_originate(cid, "101", "0507654321"),
    )
    await until(finished(events, tracker))
    mine = [e for e in events if e.extension == "101"]
    assert mine and all(e.call.call_id == result.channel_id for e in mine)
    assert {str(e.call.direction) for e in mine} == {"outbound"}
    assert mine[-1].call.remote_number == "0507654321"
    await conn.close()

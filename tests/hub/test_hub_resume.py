"""Reconnects: by sequence (exactly the missed events) or by snapshot (a popup is never lost)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.calls.events import CallAnswered, CallEnded, CallFinished, CallRinging
from core.calls.feed import LinkState
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.gateway import AMI_SECRET, AMI_USER
from tests.hub.support import ENDPOINTS, add_users, desk, desks, hub_config, running_hub, wait_for


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    simulator = PBXSimulator(
        port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20, endpoints=ENDPOINTS
    )
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


async def test_a_dropped_desktop_resumes_with_exactly_what_it_missed(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, app), desks(url, "101") as (d101,):
        run = sim.play("inbound-answered", caller="0501234567", ext="101", pause_after="DialBegin")
        await wait_for(lambda: run.paused.is_set() and bool(d101.rings()))
        call_id = d101.rings()[0].call.call_id
        for connected in list(app.state.hub.desktops):  # the network drops every desktop
            await connected.conn.close(1012)
        run.resume()  # the call goes on while the desktop is away
        await run.wait()
        await wait_for(lambda: d101.of(CallFinished, call_id))
        assert d101.feed.connects == 2 and d101.feed.resumes == 1
        kinds = [type(e) for e in d101.calls() if e.call.call_id == call_id]
        assert kinds.count(CallRinging) == 1 and kinds.count(CallAnswered) == 1
        assert kinds.count(CallEnded) == 1 and kinds.count(CallFinished) == 1
        assert kinds.index(CallRinging) < kinds.index(CallAnswered) < kinds.index(CallEnded)


async def test_a_desktop_that_connects_mid_call_still_gets_the_popup(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app), desks(url, "101") as (d101,):
        run = sim.play(
            "queue-answered", caller="0507654321", ext="101", ext2="102", pause_after="DialBegin#2"
        )
        await wait_for(lambda: run.paused.is_set() and bool(d101.rings()))
        late = desk(url, "102")
        await late.feed.start()
        try:
            await wait_for(lambda: late.feed.status.state is LinkState.READY and bool(late.rings()))
            assert [r.extension for r in late.rings()] == ["102"]
            run.resume()
            await run.wait()
            await wait_for(lambda: late.of(CallFinished))
            assert len(late.rings()) == 1 and len(late.of(CallEnded)) == 1
        finally:
            await late.feed.stop()

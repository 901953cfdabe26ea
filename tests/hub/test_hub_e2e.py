"""End to end: simulator (real TCP AMI) -> hub under uvicorn -> headless HubFeed desktops."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.calls.events import CallAnswered, CallEnded, CallFinished, Outcome
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.gateway import AMI_SECRET, AMI_USER
from tests.hub.support import ENDPOINTS, add_users, desks, hub_config, running_hub, wait_for


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


async def test_inbound_call_pops_on_the_right_operator_only(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with (
        running_hub(config) as (url, _app),
        desks(url, "101", "102", "103") as (d101, d102, d103),
    ):
        run = sim.play("inbound-answered", caller="0501234567", ext="101")
        await run.wait()
        await wait_for(lambda: d101.of(CallFinished))
        rings = d101.rings()
        assert [r.extension for r in rings] == ["101"]
        assert rings[0].call.remote_number == "0501234567"
        assert d101.of(CallAnswered)
        assert [e.outcome for e in d101.of(CallEnded)] == [Outcome.ANSWERED]
        assert d102.calls() == [] and d103.calls() == []
        assert len(sim.sessions) == 1  # one AMI session at the PBX, whatever the desktops


async def test_ring_all_queue_pops_on_both_and_closes_on_the_one_that_did_not_answer(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with (
        running_hub(config) as (url, _app),
        desks(url, "101", "102", "anna") as (d101, d102, anna),
    ):
        run = sim.play("queue-answered", caller="0507654321", ext="101", ext2="102")
        await run.wait()
        await wait_for(lambda: d101.of(CallFinished) and d102.of(CallFinished))
        call_id = d101.rings()[0].call.call_id
        assert [r.extension for r in d101.rings()] == ["101"]
        assert [r.extension for r in d102.rings()] == ["102"]
        assert d102.rings()[0].call.call_id == call_id
        assert [e.outcome for e in d102.of(CallEnded)] == [Outcome.ANSWERED_ELSEWHERE]
        assert [e.outcome for e in d101.of(CallEnded)] == [Outcome.ANSWERED]
        # the supervisor of team sales saw both legs of its team's call
        assert sorted(r.extension for r in anna.rings(call_id)) == ["101", "102"]
        assert d101.feed.active_calls() == [] and d102.feed.active_calls() == []


async def test_click_to_call_from_a_hub_client_originates_at_the_pbx_once(
    tmp_path: Path, sim: PBXSimulator
) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app), desks(url, "101") as (d101,):
        channel = await d101.feed.click_to_call("101", "0509876543", request_id="attempt-1")
        again = await d101.feed.click_to_call("101", "0509876543", request_id="attempt-1")
        originates = sim.actions_named("Originate")
        assert len(originates) == 1 and again == channel
        sent = originates[0]
        assert (sent["Channel"], sent["Exten"], sent["ChannelId"]) == (
            "PJSIP/101",
            "0509876543",
            channel,
        )
        assert sent["Async"] in ("true", "false")
        await wait_for(lambda: any(e.call.call_id == channel for e in d101.calls()))
        call = next(e.call for e in d101.calls() if e.call.call_id == channel)
        assert (
            call.originated and call.direction.value == "outbound" and call.from_extension == "101"
        )


async def test_a_supervisor_listens_to_its_team(tmp_path: Path, sim: PBXSimulator) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app), desks(url, "anna") as (anna,):
        await anna.feed.spy("104", "101", "whisper")
        spies = [
            a
            for a in sim.actions_named("Originate")
            if a.get("Application", "").lower() == "chanspy"
        ]
        assert len(spies) == 1
        assert spies[0]["Channel"] == "PJSIP/104" and "PJSIP/101" in spies[0]["Data"]
        assert "w" in spies[0]["Data"].split(",", 1)[1]

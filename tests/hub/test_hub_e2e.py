"""End to end: simulator (real TCP AMI) -> hub under uvicorn -> headless HubFeed desktops."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.calls.events import CallAnswered, CallEnded, CallFinished, Outcome
from core.sim.server import PBXSimulator, SimUser
from tests.gateway.helpers import AMI_SECRET, AMI_USER
from tests.hub.support import add_users, desks, hub_config, running_hub, wait_for


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    simulator = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


async def test_inbound_call_pops_on_the_right_operator_only(tmp_path: Path, sim: PBXSimulator) -> None:
    config = hub_config(tmp_path, sim.port)
    add_users(config)
    async with running_hub(config) as (url, _app), desks(url, "101", "102", "103") as (d101, d102, d103):
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

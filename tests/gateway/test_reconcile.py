"""Calls that ended while the gateway was down get their end-of-call pushes (issue 11 #2).

Real parts: the PBX simulator over TCP, the gateway under uvicorn, the CRM fakes over
HTTP, the same data directory across the restart.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.calls.events import CallEnded, CallFinished, CallSnapshot, Direction, Outcome
from core.sim.server import PBXSimulator, SimUser
from gateway.reconcile import Reconciler, finish
from gateway.store import GatewayStore
from tests.fakes.crm_servers import ClinicaFake, RetailCrmFake
from tests.fakes.gateway import (
    AMI_SECRET,
    AMI_USER,
    RETAIL_KEY,
    RostelecomSideFake,
    gateway_config,
    serve,
    wait_for,
)


@pytest.fixture
async def sim() -> AsyncIterator[PBXSimulator]:
    simulator = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


@pytest.fixture
def fakes() -> Iterator[tuple[RetailCrmFake, ClinicaFake, RostelecomSideFake]]:
    with RetailCrmFake(RETAIL_KEY) as crm, ClinicaFake() as cw, RostelecomSideFake() as rt:
        yield crm, cw, rt


def _config(tmp_path: Path, sim: PBXSimulator, fakes: Any) -> Any:
    crm, cw, rt = fakes
    return gateway_config(tmp_path, ami_port=sim.port, retailcrm_url=crm.url,
                          clinica_url=cw.push_url, rostelecom_url=rt.events_url,
                          server={"public_url": "http://gw.test"})  # fmt: skip


def _stored(tmp_path: Path, call_id: str) -> CallSnapshot | None:
    store = GatewayStore(tmp_path / "gateway.sqlite3")
    try:
        return store.call(call_id)
    finally:
        store.close()


async def test_a_call_that_ended_during_a_restart_is_finished_and_pushed(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    crm, cw, rt = fakes
    config = _config(tmp_path, sim, fakes)
    async with serve(config) as (_url, app):
        await wait_for(lambda: app.state.gateway.ami_state == "ready")
        gone = sim.play("inbound-answered", caller="0501234567", ext="101",
                        pause_after="BridgeEnter#2")  # fmt: skip
        stays = sim.play("inbound-answered", caller="0507654321", ext="102",
                         pause_after="BridgeEnter#2")  # fmt: skip
        await asyncio.wait_for(asyncio.gather(gone.paused.wait(), stays.paused.wait()), 10)
        await wait_for(lambda: len([e for e in rt.events if e["state"] == "connected"]) == 2)
    # the gateway is down: one call ends unseen, the other goes on
    gone.resume()
    await gone.wait()
    before = _stored(tmp_path, gone.call_id)
    assert before is not None and before.outcome is None  # left open by the stopped gateway
    async with serve(config) as (_url, app):
        await wait_for(lambda: len(crm.uploads) == 1 and len(cw.pushes) >= 5)
        await wait_for(lambda: any(e["state"] == "disconnected" for e in rt.events))
        (upload,) = crm.uploads
        assert upload["externalId"] == gone.call_id and upload["result"] == "answered"
        ended = [e for e in rt.events if e["state"] == "disconnected"]
        assert [e["session_id"] for e in ended] == [gone.call_id]
        hangups = [p for p in cw.pushes if p["RequestType"] == "hangupTheCall"]
        assert [p["GeneralCallID"] for p in hangups] == [gone.call_id]
        assert ("hangup", ["101"], "answered") in [
            (e["type"], e["codes"], e.get("hangupStatus")) for e in crm.events
        ]
        after = _stored(tmp_path, gone.call_id)
        assert after is not None and after.outcome is Outcome.ANSWERED
        # the call still in progress is the tracker's: it ends normally, pushed once
        stays.resume()
        await stays.wait()
        await wait_for(lambda: len(crm.uploads) == 2)
        await wait_for(lambda: len([e for e in rt.events if e["state"] == "disconnected"]) == 2)
    states = [(e["session_id"], e["state"]) for e in rt.events]
    assert states.count((stays.call_id, "connected")) == 1  # the resync sent nothing twice
    assert states.count((gone.call_id, "disconnected")) == 1


def _snapshot(**fields: Any) -> CallSnapshot:
    base: dict[str, Any] = {"call_id": "c1", "direction": Direction.INBOUND,
                            "remote_number": "+79161234567", "remote_name": None,
                            "started_at": 100.0}  # fmt: skip
    return CallSnapshot(**{**base, **fields})


def test_evidence_rules() -> None:
    rang_only = finish(_snapshot(rang=("101", "102")), 160.0)
    assert [(type(e), e.extension) for e in rang_only] == [
        (CallEnded, "101"), (CallEnded, "102"), (CallFinished, None),
    ]  # fmt: skip
    assert rang_only[-1].call.outcome is Outcome.MISSED and rang_only[-1].call.ended_at == 160.0
    answered = finish(_snapshot(rang=("101", "102"), answered_by="102", talked=("102",),
                                answered_at=120.0), 110.0)  # fmt: skip
    assert [e.outcome for e in answered if isinstance(e, CallEnded)] == [
        Outcome.ANSWERED_ELSEWHERE, Outcome.ANSWERED,
    ]  # fmt: skip
    assert answered[-1].call.outcome is Outcome.ANSWERED
    assert answered[-1].call.ended_at == 120.0  # never before its own answer
    already = finish(_snapshot(rang=("101",), per_extension=(("101", Outcome.MISSED),)), 130.0)
    assert [type(e) for e in already] == [CallFinished]
    click = finish(_snapshot(direction=Direction.OUTBOUND, originated=True, from_extension="101"),
                   130.0)  # fmt: skip
    assert click[-1].call.outcome is Outcome.FAILED


def test_only_the_first_resync_and_only_calls_the_pbx_lost() -> None:
    reconciler = Reconciler([(_snapshot(call_id="a"), 150.0), (_snapshot(call_id="b"), 150.0)],
                            last_seen=170.0)  # fmt: skip
    assert reconciler.after({"Event": "Newchannel"}, lambda: []) == []
    events = reconciler.after(
        {"Event": "CoreShowChannelsComplete"}, lambda: [_snapshot(call_id="b")]
    )
    assert [e.call.call_id for e in events] == ["a"] and events[0].call.ended_at == 170.0
    assert reconciler.after({"Event": "CoreShowChannelsComplete"}, lambda: []) == []

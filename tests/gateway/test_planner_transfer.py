"""Rostelecom ``call_events`` on a transfer (seed 004 has no transfer state; see planner doc).

Seed 004 only says later events of a transferred call keep its ``session_id``; the
planner sends ``disconnected`` for the transferring user ("Вызов переведён"), ``new``
for the target, ``connected`` when the target answers, and the final ``disconnected``
names the target.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from core.signing.rostelecom import verify_request
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.gateway import (
    AMI_SECRET,
    AMI_USER,
    RT_CLIENT_ID,
    RT_KEY,
    RostelecomSideFake,
    gateway_config,
    plan,
    serve,
    wait_for,
)

SID = "1795360818.23"
HEAD = f'"type":"incoming","session_id":"{SID}","timestamp":"1000","from_number":"0501234567"'


def test_blind_transfer_transcript_07_exact_bodies(tmp_path: Path) -> None:
    pushes = [p for p in plan(tmp_path, "07-blind-transfer") if p.target == "rostelecom"]
    assert [p.key for p in pushes] == [
        f"rostelecom:{SID}:new",
        f"rostelecom:{SID}:connected",
        f"rostelecom:{SID}:disconnected:t1:101",
        f"rostelecom:{SID}:new:t1:102",
        f"rostelecom:{SID}:connected:t1:102",
        f"rostelecom:{SID}:disconnected",
    ]
    assert {(p.request.method, p.request.url, p.group) for p in pushes} == {
        ("POST", "https://ext/call_events", SID)
    }
    bodies = [p.request.body.decode("utf-8") for p in pushes]
    assert bodies == [
        '{"state":"new",' + HEAD + ',"request_number":"0443334000"}',
        '{"state":"connected",' + HEAD + ',"request_number":"101","request_pin":101,'
        '"is_record":true}',
        '{"state":"disconnected",' + HEAD + ',"request_number":"101","request_pin":101,'
        '"disconnect_reason":"Вызов переведён","is_record":true}',
        '{"state":"new",' + HEAD + ',"request_number":"102","request_pin":102}',
        '{"state":"connected",' + HEAD + ',"request_number":"102","request_pin":102,'
        '"is_record":true}',
        '{"state":"disconnected",' + HEAD + ',"request_number":"102","request_pin":102,'
        '"disconnect_reason":"Вызов завершён","is_record":true}',
    ]


def test_call_without_transfer_is_unchanged(tmp_path: Path) -> None:
    pushes = [
        p for p in plan(tmp_path, "03-inbound-call-answered-by-101") if p.target == "rostelecom"
    ]
    assert [json.loads(p.request.body)["state"] for p in pushes] == [
        "new",
        "connected",
        "disconnected",
    ]


async def test_simulated_blind_transfer_reaches_the_external_system_signed(
    tmp_path: Path,
) -> None:
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await sim.start()
    try:
        with RostelecomSideFake() as rt:
            cfg = gateway_config(
                tmp_path,
                ami_port=sim.port,
                rostelecom_url=rt.events_url,
                rostelecom={"domain": "pbx.example.ru"},
            )
            async with serve(cfg) as (_url, app):
                await wait_for(lambda: app.state.gateway.ami_state == "ready")
                run = sim.play(
                    "blind-transfer", caller="0501234567", did="0443334000", ext="101", ext2="102"
                )
                await run.wait()
                await wait_for(lambda: len(rt.events) == 6)
    finally:
        await sim.stop()
    assert [
        (e["state"], e.get("request_number"), e.get("disconnect_reason")) for e in rt.events
    ] == [
        ("new", "0443334000", None),
        ("connected", "101@pbx.example.ru", None),
        ("disconnected", "101@pbx.example.ru", "Вызов переведён"),
        ("new", "102@pbx.example.ru", None),
        ("connected", "102@pbx.example.ru", None),
        ("disconnected", "102@pbx.example.ru", "Вызов завершён"),
    ]
    assert len({e["session_id"] for e in rt.events}) == 1
    for request in rt.requests:
        assert request.path == "/call_events"
        assert request.headers["x-client-id"] == RT_CLIENT_ID
        assert verify_request(httpx.Headers(request.headers), request.body, RT_CLIENT_ID, RT_KEY)

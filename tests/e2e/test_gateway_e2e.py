"""End to end: PBX simulator (real TCP AMI) + gateway (uvicorn) + fake CRMs (real HTTP).

Proves: a simulated inbound call becomes the right pushes, in order, with valid
signatures; CRM click-to-call reaches the PBX as the right Originate; forged or
unwanted requests get the documented refusals; pushes survive a dead CRM and a
gateway restart.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.signing.rostelecom import verify_request
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.crm_servers import ClinicaFake, RetailCrmFake
from tests.fakes.gateway import (
    AMI_SECRET,
    AMI_USER,
    RETAIL_CLIENT_ID,
    RETAIL_KEY,
    RT_CLIENT_ID,
    RT_KEY,
    RostelecomSideFake,
    gateway_config,
    post,
    rt_headers,
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


def config_for(tmp_path: Path, sim: PBXSimulator, fakes: Any, **overrides: Any) -> Any:
    crm, cw, rt = fakes
    return gateway_config(
        tmp_path,
        ami_port=sim.port,
        retailcrm_url=crm.url,
        clinica_url=cw.push_url,
        rostelecom_url=rt.events_url,
        server={"public_url": "http://gw.test"},
        **overrides,
    )


def connected(app: Any) -> bool:
    return bool(app.state.gateway.ami_state == "ready")


async def test_inbound_call_pushes_in_order_with_valid_signatures(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    crm, cw, rt = fakes
    async with serve(config_for(tmp_path, sim, fakes)) as (_url, app):
        await wait_for(lambda: connected(app))
        run = sim.play("inbound-answered", caller="0501234567", did="0443334000", ext="101")
        await run.wait()
        await wait_for(
            lambda: len(crm.uploads) == 1 and len(rt.events) == 3 and len(cw.pushes) == 3
        )
    call_id = rt.events[0]["session_id"]
    assert [e["state"] for e in rt.events] == ["new", "connected", "disconnected"]
    assert {e["session_id"] for e in rt.events} == {call_id}
    for request in rt.requests:  # each signed over the exact bytes it carried
        assert request.headers["x-client-id"] == RT_CLIENT_ID
        assert verify_request(httpx.Headers(request.headers), request.body, RT_CLIENT_ID, RT_KEY)
    assert rt.events[1]["request_pin"] == 101 and rt.events[2]["is_record"] is True
    assert [(e["type"], e["codes"], e.get("hangupStatus")) for e in crm.events] == [
        ("in", ["101"], None),
        ("hangup", ["101"], "answered"),
    ]
    assert all(r.headers["x-api-key"] == RETAIL_KEY for r in crm.requests)
    (upload,) = crm.uploads
    assert upload["externalId"] == call_id and upload["result"] == "answered"
    assert upload["recordUrl"].startswith(f"http://gw.test/recordings/file/{call_id}")
    assert [p["RequestType"] for p in cw.pushes] == [
        "receivedTheCall",
        "answeredTheCall",
        "hangupTheCall",
    ]
    assert cw.pushes[0] == {
        "DidNumber": "0443334000",
        "ExternalNumber": "0501234567",
        "InternalNumber": "101",
        "GeneralCallID": call_id,
        "CallType": "0",
        "CompanyID": "3041",
        "RequestType": "receivedTheCall",
    }


async def test_crm_click_to_call_reaches_the_pbx(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    async with serve(config_for(tmp_path, sim, fakes)) as (url, app):
        await wait_for(lambda: connected(app))
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            r = await client.get(
                "/retailcrm/make-call",
                params={
                    "clientId": RETAIL_CLIENT_ID,
                    "code": "101",
                    "phone": "0501234567",
                    "userId": "3",
                },
            )
        assert r.status_code == 200, r.text
        call_id = r.json()["callId"]
        await wait_for(lambda: bool(sim.actions_named("Originate")))
        body = b'{"request_number":"+74951234567","from_pin":"102"}'
        answer = await post(f"{url}/call_back", body, rt_headers(body))
        assert answer.status_code == 200 and answer.json()["result"] == 0
        await wait_for(lambda: len(sim.actions_named("Originate")) == 2)
    first, second = sim.actions_named("Originate")
    assert (first["Channel"], first["Exten"], first["Context"]) == (
        "PJSIP/101",
        "0501234567",
        "internal",
    )
    assert first["ChannelId"] == call_id and first["Async"] == "true"
    assert first["CallerID"] == '"CRM: 0501234567" <101>'
    assert (second["Channel"], second["Exten"]) == ("PJSIP/102", "+74951234567")
    assert second["ChannelId"] == answer.json()["session_id"]


async def test_refusals_over_http(tmp_path: Path, sim: PBXSimulator, fakes: Any) -> None:
    overrides = {"rostelecom": {"allowed_ips": ["127.0.0.0/8"], "rate_limits": {"call_back": 1}}}
    body = b'{"request_number":"+74951234567","from_pin":"101"}'
    async with serve(config_for(tmp_path, sim, fakes, **overrides)) as (url, _app):
        tampered = await post(f"{url}/call_back", body.replace(b"101", b"102"), rt_headers(body))
        assert (tampered.status_code, tampered.json()["result"]) == (403, 3)
        wrong_id = await post(f"{url}/call_back", body, rt_headers(body, client_id="X" * 32))
        assert (wrong_id.status_code, wrong_id.json()["result"]) == (403, 2)
        async with httpx.AsyncClient(base_url=url) as client:
            r = await client.get("/api/event", params={"clientId": "wrong", "type": "in"})
        assert (r.status_code, r.json()["errorMsg"]) == (403, "Invalid clientId")
        ok = await post(f"{url}/call_back", body, rt_headers(body))
        assert ok.status_code == 200
        over = await post(f"{url}/call_back", body, rt_headers(body))
        assert (over.status_code, over.json()["result"]) == (429, 5)
        assert "не более 1 в час" in over.json()["resultMessage"]
    denied = {"rostelecom": {"allowed_ips": ["10.1.2.3"]}}
    async with serve(config_for(tmp_path / "2", sim, fakes, **denied)) as (url, _app):
        refused = await post(f"{url}/call_back", body, rt_headers(body))
    assert (refused.status_code, refused.json()["result"]) == (403, 4)
    assert verify_request(refused.headers, refused.content, RT_CLIENT_ID, RT_KEY)


async def test_crm_down_then_up_loses_nothing(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    crm, cw, rt = fakes
    cfg = config_for(tmp_path, sim, fakes)
    crm.fail_next(503, times=10_000)
    cw.fail_next(503, times=10_000)
    async with serve(cfg) as (url, app):
        await wait_for(lambda: connected(app))
        await sim.play("inbound-answered", ext="101").wait()
        await wait_for(lambda: len(rt.events) == 3)  # the healthy system is not held back
        gw = app.state.gateway
        await wait_for(lambda: gw.outbox.stats().pending == 6)  # retailCRM 3 + Clinica 3
        async with httpx.AsyncClient(base_url=url) as client:
            health = (await client.get("/health")).json()
        assert health["outbox"]["pending"] == 6 and health["outbox"]["dead"] == 0
    assert crm.events == [] and cw.pushes == []
    crm.clear()
    cw.clear()
    # a new gateway process on the same data directory delivers everything, once, in order
    async with serve(cfg) as (_url, app):
        await wait_for(lambda: len(crm.uploads) == 1 and len(cw.pushes) == 3)
        await wait_for(lambda: app.state.gateway.outbox.stats().pending == 0)
    assert [e["type"] for e in crm.events] == ["in", "hangup"]
    assert [p["RequestType"] for p in cw.pushes] == [
        "receivedTheCall",
        "answeredTheCall",
        "hangupTheCall",
    ]
    assert len(rt.events) == 3


async def test_dead_crm_retries_honour_retry_after(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    crm, _cw, _rt = fakes
    crm.fail_next(503, times=2, retry_after=0.05)
    async with serve(config_for(tmp_path, sim, fakes)) as (_url, app):
        await wait_for(lambda: connected(app))
        await sim.play("inbound-missed", ext="101").wait()
        await wait_for(lambda: len(crm.uploads) == 1)
        log = app.state.gateway.store.exchanges(system="retailcrm", direction="out", limit=50)
    statuses = [entry.status for entry in reversed(log)]
    assert statuses[:3] == [503, 503, 200]
    assert [e["type"] for e in crm.events] == ["in", "hangup"]
    assert json.loads(json.dumps(crm.uploads[0]))["result"] == "no answer"


async def test_click_to_call_is_reported_as_outbound_and_busy_is_refused(
    tmp_path: Path, sim: PBXSimulator, fakes: Any
) -> None:
    crm, _cw, rt = fakes
    params = {"clientId": RETAIL_CLIENT_ID, "phone": "0501234567"}
    async with serve(config_for(tmp_path, sim, fakes)) as (url, app):
        await wait_for(lambda: connected(app))
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            ok = await client.get("/retailcrm/make-call", params={**params, "code": "101"})
            busy = await client.get("/retailcrm/make-call", params={**params, "code": "103"})
        call_id, failed_id = ok.json()["callId"], sim.actions_named("Originate")[1]["ChannelId"]
        await wait_for(lambda: len(crm.uploads) == 2)
    assert busy.status_code == 200 and busy.json()["success"] is False
    assert busy.json()["errorMsg"].startswith("Call failed: ")
    assert crm.events[0] == {
        "phone": "0501234567",
        "type": "out",
        "codes": ["101"],
        "callExternalId": call_id,
    }
    uploads = {u["externalId"]: u for u in crm.uploads}
    assert (uploads[call_id]["type"], uploads[call_id]["result"]) == ("out", "answered")
    assert uploads[failed_id]["code"] == "103"  # the attempt is in the CRM's call log too
    assert uploads[failed_id]["result"] in (
        "busy",
        "failed",
    )  # the tracker reports Reason 5 as failed
    new = next(e for e in rt.events if e["session_id"] == call_id)
    assert (new["state"], new["type"], new["from_pin"]) == ("new", "outbound", 101)

"""retailCRM side: makeCallUrl click-to-call and seed 003's /api/manager and /api/event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from tests.fakes.crm_servers import RetailCrmFake
from tests.fakes.gateway import RETAIL_CLIENT_ID, RETAIL_KEY, FakeAmi, FakeClock, make_client

CID = {"clientId": RETAIL_CLIENT_ID}


@pytest.fixture
def crm() -> Iterator[RetailCrmFake]:
    with RetailCrmFake(RETAIL_KEY) as fake:
        fake.add_customer(7, "Иван", "Петров", phones=["+79161234567"], manager_code="101")
        fake.add_customer(8, "Anna, Ltd", phones=["+79161230000"])
        yield fake


async def test_manager_json_and_text(tmp_path: Path, clock: FakeClock, crm: RetailCrmFake) -> None:
    client, app = await make_client(tmp_path, clock, retailcrm_url=crm.url)
    async with client:
        r = await client.get("/api/manager", params={**CID, "phone": "89161234567", "type": "json"})
        assert r.json() == {"success": True, "result": {"callerId": "Иван Петров", "phone": "101"}}
        r = await client.get("/api/manager", params={**CID, "phone": "89161234567", "type": "text"})
        assert r.content.decode() == "Иван Петров,101"
        assert crm.requests[-1].params["ignoreStatus"] == "0"
        assert crm.requests[-1].headers["x-api-key"] == RETAIL_KEY
        r = await client.get(
            "/api/manager",
            params={**CID, "phone": "89161230000", "type": "text", "ignoreStatus": ""},
        )
        assert r.content.decode() == "Anna  Ltd,"  # no comma may split ARRAY(name,code)
        assert crm.requests[-1].params["ignoreStatus"] == "1"
        unknown = {**CID, "phone": "0501112233", "type": "text"}
        assert (await client.get("/api/manager", params=unknown)).content == b"0501112233,"
        r = await client.get("/api/manager", params={**unknown, "ignoreBlankCaller": "1"})
        assert r.content == b","
    await app.state.gateway.stop()


async def test_manager_survives_a_dead_crm(
    tmp_path: Path, clock: FakeClock, crm: RetailCrmFake
) -> None:
    client, app = await make_client(tmp_path, clock, retailcrm_url=crm.url)
    crm.fail_next(503)
    async with client:
        r = await client.get("/api/manager", params={**CID, "phone": "89161234567", "type": "json"})
    assert r.json() == {"success": True, "result": {"callerId": "89161234567", "phone": ""}}
    await app.state.gateway.stop()


async def test_wrong_client_id_and_missing_parameters(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, _ = asgi
    for path in ("/api/manager", "/api/event", "/retailcrm/make-call"):
        r = await client.get(path, params={"clientId": "nope", "phone": "1", "type": "json"})
        assert (r.status_code, r.json()) == (
            403,
            {"success": False, "errorMsg": "Invalid clientId"},
        )
    r = await client.get("/api/event", params={**CID, "type": "in", "phone": "1"})
    assert r.status_code == 400 and "uniqueid" in r.json()["errorMsg"]
    r = await client.get("/retailcrm/make-call", params={**CID, "phone": "1"})
    assert r.status_code == 400


async def test_event_in_and_hangup_go_to_the_outbox(tmp_path: Path, clock: FakeClock) -> None:
    # events_from = "dialplan": /api/event is forwarded (default "ami" accepts, forwards nothing)
    client, app = await make_client(tmp_path, clock, retailcrm={"events_from": "dialplan"})
    base = {**CID, "uniqueid": "1795360756.4", "phone": "0501234567"}
    r = await client.get(
        "/api/event", params={**base, "type": "in", "code": "101,102", "extPhone": "0443334000"}
    )
    assert r.json() == {"success": True}
    hangup = {
        **base,
        "type": "hangup",
        "code": "101",
        "status": "ANSWER",
        "direct": "in",
        "date": "2026-11-22 15:19:20",
        "hold": "2",
        "duration": "5",
        "path": "https://pbx/rec/1795360756.4.wav",
        "source_source": "google",
    }
    assert (await client.get("/api/event", params=hangup)).json() == {"success": True}
    items = app.state.gateway.outbox.pending()
    assert [(i.target, i.kind) for i in items] == [
        ("retailcrm", "in"),
        ("retailcrm", "hangup"),
        ("retailcrm", "upload"),
    ]
    forms = [parse_qs(__import__("base64").b64decode(i.payload["body"]).decode()) for i in items]
    assert json.loads(forms[0]["event"][0])["codes"] == ["101", "102"]
    assert json.loads(forms[1]["event"][0])["hangupStatus"] == "answered"
    (upload,) = json.loads(forms[2]["calls"][0])
    assert upload == {
        "date": "2026-11-22 15:19:20",
        "type": "in",
        "phone": "0501234567",
        "code": "101",
        "result": "answered",
        "duration": 5,
        "durationWaiting": 2,
        "externalId": "1795360756.4",
        "recordUrl": "https://pbx/rec/1795360756.4.wav",
        "source": {"source": "google"},
    }
    bad = await client.get("/api/event", params={**hangup, "date": "yesterday"})
    assert bad.status_code == 400
    assert (await client.get("/api/event", params={**base, "type": "upload"})).json() == {
        "success": True
    }
    await client.aclose()
    await app.state.gateway.stop()


async def test_make_call_originates_with_crm_caller_id(tmp_path: Path, clock: FakeClock) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    params = {
        **CID,
        "code": "101",
        "phone": "+79161234567",
        "userId": "5",
        "externalPhone": "0443334000",
    }
    async with client:
        r = await client.get("/retailcrm/make-call", params=params)
        assert r.status_code == 200 and r.json()["success"] is True
        r2 = await client.post(
            "/retailcrm/make-call",
            content="&".join(f"{k}={v}" for k, v in params.items()).replace("+", "%2B"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert r2.status_code == 200
    (_, first), (_, second) = ami.actions
    assert first["Channel"] == "PJSIP/101" and first["Exten"] == "+79161234567"
    assert first["CallerID"] == '"CRM: +79161234567" <101>'
    assert first["ChannelId"] == r.json()["callId"]
    assert second["Exten"] == "+79161234567"
    await app.state.gateway.stop()


async def test_client_id_never_reaches_the_log(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, app = asgi
    await client.get("/api/event", params={**CID, "type": "upload", "uniqueid": "1", "phone": "2"})
    await client.post(
        "/retailcrm/make-call",
        content=f"clientId={RETAIL_CLIENT_ID}&code=1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    entries = app.state.gateway.store.exchanges()
    assert len(entries) == 2
    for entry in entries:
        assert RETAIL_CLIENT_ID not in entry.request_body and "clientId=***" in entry.request_body

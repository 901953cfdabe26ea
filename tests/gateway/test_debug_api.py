"""Seed 004's debugging tools: test notifications, the filtered request/response log, the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from core.signing.rostelecom import verify
from tests.fakes.gateway import (
    RT_CLIENT_ID,
    RT_KEY,
    FakeClock,
    RostelecomSideFake,
    make_client,
    rt_headers,
)


@pytest.fixture
def external() -> Iterator[RostelecomSideFake]:
    with RostelecomSideFake() as fake:
        yield fake


async def test_test_notification_is_signed_sent_and_logged(
    tmp_path: Path, clock: FakeClock, external: RostelecomSideFake
) -> None:
    client, app = await make_client(tmp_path, clock, rostelecom_url=external.events_url)
    async with client:
        r = await client.post("/debug/test-notification", json={"state": "connected"})
        assert r.status_code == 200 and r.json()["sent"] is True and r.json()["status"] == 200
        (request,) = external.requests
        assert verify(RT_CLIENT_ID, request.body, RT_KEY, request.headers["x-client-sign"])
        assert external.events[0] == {
            "state": "connected",
            "type": "incoming",
            "session_id": "test-1795360000",
            "timestamp": "1795360000",
            "from_number": "+74951234567",
            "request_number": "317",
            "request_pin": 317,
            "is_record": False,
        }
        body = b'{"session_id":"nope"}'
        await client.post("/get_record", content=body, headers=rt_headers(body))
        everything = (await client.get("/debug/log")).json()["items"]
        assert [(i["direction"], i["method"]) for i in everything] == [
            ("in", "get_record"),
            ("out", "call_events"),
        ]
        out = (await client.get("/debug/log", params={"direction": "out"})).json()["items"]
        assert (
            len(out) == 1
            and out[0]["note"] == "test"
            and out[0]["request_headers"]["X-Client-Sign"] == "***"
        )
        only = (await client.get("/debug/log", params={"method": "get_record"})).json()["items"]
        assert len(only) == 1 and only[0]["status"] == 404
        assert (await client.delete("/debug/log")).json() == {"deleted": 2}
        assert (await client.get("/debug/log")).json() == {"items": []}
    await app.state.gateway.stop()


async def test_unreachable_external_system_is_reported_not_raised(
    asgi: tuple[httpx.AsyncClient, object],
) -> None:
    client, _ = asgi  # call_events URL not configured
    r = await client.post("/debug/test-notification", json={"state": "new"})
    assert r.status_code == 404 and r.json()["sent"] is False
    r = await client.post("/debug/test-notification", json={"state": "ringing"})
    assert r.status_code == 400


async def test_dead_external_system(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(
        tmp_path, clock, rostelecom_url="http://127.0.0.1:9/call_events"
    )
    async with client:
        r = await client.post("/debug/test-notification", json={"state": "new"})
        assert r.status_code == 200 and r.json()["sent"] is False
        assert "ConnectError" in r.json()["error"]
        (entry,) = (await client.get("/debug/log")).json()["items"]
        assert entry["status"] is None and entry["response_body"] == "ConnectError"
    await app.state.gateway.stop()


async def test_page_and_openapi(asgi: tuple[httpx.AsyncClient, object]) -> None:
    client, _ = asgi
    page = await client.get("/debug")
    assert page.status_code == 200 and "Лог запросов / ответов" in page.text
    spec = (await client.get("/openapi.json")).json()
    for path in (
        "/call_back",
        "/get_record",
        "/stats/call-details.json",
        "/stats/call-record.json",
        "/stats/calls/ext-to-phone.json",
        "/api/manager",
        "/api/event",
        "/retailcrm/make-call",
        "/debug/log",
        "/debug/test-notification",
        "/health",
    ):
        assert path in spec["paths"], path
    body = spec["paths"]["/call_back"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert body["required"] == ["request_number"]


async def test_debug_tools_are_loopback_only_by_default(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(tmp_path, clock, ip="203.0.113.5")
    async with client:
        for path in ("/debug", "/debug/log"):
            r = await client.get(path)
            assert r.status_code == 403
            assert r.json() == {"detail": "the debug tools are not open to 203.0.113.5"}
    await app.state.gateway.stop()

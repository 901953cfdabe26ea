"""Hostile HTTP against the gateway: oversized bodies, absurd numbers, races, leaked secrets.

* A body over the cap is refused with 413 before a route buffers it, whether
  its size is declared or it arrives chunked (uvicorn on 127.0.0.1).
* Numbers too large for Python or SQLite (a signed link's ``exp``, search
  paging and dates, the listen log's ``limit``) are refusals, never 500s.
* A one-time ``get_record`` link is used once even by simultaneous requests.
* ``clientId``/``sig``/``apiKey`` in query strings never reach the request log
  or uvicorn's access log.
* The debug page's test notification cannot be triggered cross-site (a form or
  text/plain POST, which needs no CORS preflight).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.signing.links import sign_link
from gateway.limits import MAX_BODY_BYTES
from gateway.redact import AccessLogRedactor, redact_query
from gateway.store import GatewayStore
from tests.fakes.gateway import (
    RETAIL_CLIENT_ID,
    FakeClock,
    gateway_config,
    make_client,
    rt_headers,
    serve,
)
from tests.fakes.recordings import LINK_KEY, TOKEN, app_for, make_wav, settings_for

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def live(tmp_path: Path) -> AsyncIterator[tuple[str, Any]]:
    async with serve(gateway_config(tmp_path)) as (url, app):
        yield url, app


async def test_declared_oversized_body_is_refused(live: tuple[str, Any]) -> None:
    url, _app = live
    body = b"{" + b" " * MAX_BODY_BYTES + b"}"
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        response = await client.post("/call_back", content=body, headers=rt_headers(body))
        assert response.status_code == 413
        small = b'{"session_id": "1"}'
        response = await client.post("/get_record", content=small, headers=rt_headers(small))
        assert response.status_code == 404 and response.json()["result"] == 7  # still serving


async def test_chunked_oversized_body_is_refused(live: tuple[str, Any]) -> None:
    url, app = live

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        response = await client.post("/stats/call-details.json", content=chunks())
    assert response.status_code == 413
    assert app.state.gateway.store.exchanges(system="binotel") == []  # the route never ran


@pytest.fixture
def recordings(tmp_path: Path) -> Iterator[httpx.AsyncClient]:
    make_wav(tmp_path / "monitor" / "a.wav", 0.2)
    app = app_for(settings_for(tmp_path))
    yield httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test")


async def test_absurd_expiry_on_a_signed_link_is_403(recordings: httpx.AsyncClient) -> None:
    async with recordings as client:
        response = await client.get(
            "/recordings/file/a.wav", params={"exp": "9" * 5000, "sig": "x"}
        )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"page": str(10**19)},
        {"page": "999999999", "per_page": "500"},
        {"date_from": str(10**30)},
        {"date_to": "-" + "9" * 30},
        {"min_duration": str(2**63)},
        {"max_duration": "9" * 5000},
    ],
)
async def test_search_out_of_range_numbers_are_400(
    recordings: httpx.AsyncClient, params: dict[str, str]
) -> None:
    async with recordings as client:
        response = await client.get("/recordings/search", params=params, headers=AUTH)
    assert response.status_code == 400, response.text


async def test_listen_log_limit_cannot_be_lifted_by_a_negative_value(
    recordings: httpx.AsyncClient,
) -> None:
    params = {"exp": str(2**40), "sig": sign_link("a.wav", 2**40, LINK_KEY)}
    async with recordings as client:
        for _ in range(3):  # three listens logged
            assert (await client.get("/recordings/file/a.wav", params=params)).status_code == 200
        response = await client.get("/recordings/listens", params={"limit": "-1"}, headers=AUTH)
        assert response.status_code == 200
        assert len(response.json()["items"]) == 1  # SQLite's LIMIT -1 would mean "all"
        response = await client.get(
            "/recordings/listens", params={"limit": "9" * 5000}, headers=AUTH
        )
        assert response.status_code == 400


def test_one_time_link_survives_a_thread_race(tmp_path: Path) -> None:
    store = GatewayStore(tmp_path / "gw.sqlite3", clock=lambda: 100.0)
    store.add_one_time_link("tok", "a.wav", 200.0)
    barrier = threading.Barrier(16)
    results: list[str | None] = []

    def use() -> None:
        barrier.wait()
        results.append(store.use_one_time_link("tok"))

    threads = [threading.Thread(target=use) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    store.close()
    assert results.count("a.wav") == 1 and results.count(None) == 15


async def test_one_time_link_over_http_redirects_once(live: tuple[str, Any]) -> None:
    url, app = live
    store: GatewayStore = app.state.gateway.store
    store.add_one_time_link("one-shot", "a.wav", app.state.gateway.clock() + 60)
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        answers = await asyncio.gather(*(client.get("/records/one-shot") for _ in range(12)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [307] + [404] * 11


async def test_credentials_in_query_strings_are_not_logged(tmp_path: Path) -> None:
    client, app = await make_client(tmp_path, FakeClock())
    async with client:
        await client.get(
            "/api/manager", params={"clientId": RETAIL_CLIENT_ID, "phone": "", "type": "json"}
        )
        await client.get(f"/api/manager?client%49d={RETAIL_CLIENT_ID}&type=json")
        form = {"clientId": RETAIL_CLIENT_ID, "apiKey": "k1"}
        await client.post("/retailcrm/make-call", data=form)
        rows = (await client.get("/debug/log", params={"system": "retailcrm"})).json()["items"]
    await app.state.gateway.stop()
    assert len(rows) == 3
    assert RETAIL_CLIENT_ID not in json.dumps(rows) and "k1" not in json.dumps(rows)


def test_access_log_lines_hide_credentials() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("1.2.3.4:5", "GET", "/get_record_local?clientId=crm-key-1&uniqueid=1.2", "1.1", 404),
        None,
    )  # fmt: skip
    assert AccessLogRedactor().filter(record)
    line = record.getMessage()
    assert "crm-key-1" not in line and "uniqueid=1.2" in line and "clientId=***" in line
    link = "/recordings/file/a.wav?exp=5&sig=abc"
    assert redact_query(link) == "/recordings/file/a.wav?exp=5&sig=***"


async def test_debug_test_notification_needs_a_json_request(tmp_path: Path) -> None:
    client, app = await make_client(tmp_path, FakeClock())
    async with client:
        form = await client.post("/debug/test-notification", data={"state": "new"})
        text = await client.post(
            "/debug/test-notification",
            content=b'{"state": "new"}',
            headers={"Content-Type": "text/plain"},
        )
    await app.state.gateway.stop()
    assert form.status_code == 415 and text.status_code == 415


async def test_debug_tools_refuse_a_rebound_host_name(tmp_path: Path) -> None:
    client, app = await make_client(tmp_path, FakeClock())  # public_url http://gw.test
    async with client:
        rebound = await client.get("/debug/log", headers={"Host": "evil.example"})
        wiped = await client.delete("/debug/log", headers={"Host": "evil.example:8080"})
        by_ip = await client.get("/debug/log", headers={"Host": "127.0.0.1:8080"})
        by_name = await client.get("/debug/log", headers={"Host": "localhost:8080"})
        own = await client.get("/debug/log")  # Host: gw.test, the public name
        bad = await client.get("/debug/log", headers={"Host": "[::1"})
    await app.state.gateway.stop()
    assert rebound.status_code == 403 and wiped.status_code == 403 and bad.status_code == 403
    assert by_ip.status_code == 200 and by_name.status_code == 200 and own.status_code == 200


@pytest.mark.parametrize(
    "ranges",
    [
        "bytes=" + ",".join(f"{i}-{i}" for i in range(0, 4000, 2)),  # 2000 tiny ranges
        "bytes=" + ",".join("0-" for _ in range(500)),  # the whole file 500 times over
        "bytes=0-" + "9" * 5000,
        "bytes=" + "9" * 5000 + "-",
        "bytes=-0",
        "bytes=5-1",
    ],
)
async def test_range_abuse_is_bounded(recordings: httpx.AsyncClient, ranges: str) -> None:
    params = {"exp": str(2**40), "sig": sign_link("a.wav", 2**40, LINK_KEY)}
    async with recordings as client:
        size = len((await client.get("/recordings/file/a.wav", params=params)).content)
        response = await client.get(
            "/recordings/file/a.wav", params=params, headers={"Range": ranges}
        )
    assert response.status_code in (200, 206, 400, 416), response.status_code
    assert len(response.content) <= 2 * size + 4096  # never the file many times over

"""Redaction of what the gateway logs is linear, bounded and off the event loop (issue 11 #1)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

import gateway.redact as redact_module
from gateway.redact import LOG_LIMIT, redact_body, redact_query
from tests.fakes.gateway import FakeClock, make_client

MIB = 1024 * 1024


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "hostile",
    [
        "a" * MIB,  # one endless name without "=": the old regex retried it from every offset
        "x=" * (MIB // 2),
        "&" * MIB,
        ("a" * 1000 + " ") * 1000,
    ],
)
def test_redact_query_is_linear_on_hostile_input(hostile: str) -> None:
    out = redact_query(hostile)
    assert len(out) <= len(hostile)


def test_redact_query_masks_known_parameters() -> None:
    assert redact_query("clientId=abc&phone=1") == "clientId=***&phone=1"
    assert redact_query("/api/manager?client%49d=abc&x=1") == "/api/manager?client%49d=***&x=1"
    assert redact_query("GET /f?sig=ab?cd;key=k v=1") == "GET /f?sig=***;key=*** v=1"
    assert redact_query("token=a=b") == "token=***"
    assert redact_query("plain text, no pairs") == "plain text, no pairs"


def test_path_tokens_are_masked() -> None:
    assert redact_query("/records/Zq9kLmN0pQ") == "/records/***"
    assert redact_query("GET /records/Zq9kLmN0pQ?x=1 HTTP/1.1") == "GET /records/***?x=1 HTTP/1.1"
    assert redact_query("/recordings/storage/AbC-_dEf==") == "/recordings/storage/***"
    assert redact_query("/recordings/storage/") == "/recordings/storage/"
    assert redact_query("/recordings/search?q=1") == "/recordings/search?q=1"


def test_redact_body_masks_json_fields_at_any_depth() -> None:
    body = '{"key":"pub","request":{"clientId":"c1","phone":"+7"},"list":[{"token":"t"}]}'
    out = redact_body(body)
    assert '"pub"' not in out and '"c1"' not in out and '"t"' not in out
    assert '"+7"' in out and '"phone"' in out


def test_redact_body_is_bounded() -> None:
    out = redact_body("clientId=secret&" + "p=1&" * MIB)
    assert len(out) <= LOG_LIMIT + 1
    assert "secret" not in out


@pytest.mark.timeout(60)
async def test_a_1mib_body_is_answered_and_health_is_served_meanwhile(
    tmp_path: Path, clock: FakeClock
) -> None:
    """The big body's redaction runs in a worker thread: /health is answered while it is
    held there (on the event loop it would deadlock: the gate opens only after /health)."""
    client, app = await make_client(tmp_path, clock, rostelecom={})
    gate = threading.Event()
    held = threading.Event()
    original = redact_module.redact_body

    def slow_redact(text: str) -> str:
        if len(text) > 100_000:
            held.set()
            assert gate.wait(30), "/health was not answered while the big body was redacted"
        return original(text)

    redact_module.redact_body = slow_redact
    try:
        big = asyncio.create_task(
            client.post("/call_back", content=b"a" * (MIB - 100),
                        headers={"content-type": "application/json"})
        )  # fmt: skip
        while not held.is_set():
            assert not big.done(), big.result()
            await asyncio.sleep(0.01)
        health = await client.get("/health")
        assert health.status_code == 200
        gate.set()
        response = await big
        assert response.status_code < 500
    finally:
        redact_module.redact_body = original
        gate.set()
        await client.aclose()
        await app.state.gateway.stop()


@pytest.mark.timeout(30)
def test_unparsable_json_keeps_secrets_masked_and_is_linear() -> None:
    out = redact_body('{"clientId": "c1", "phone": "+7", ' + '"a' * MIB)
    assert "c1" not in out and '"+7"' in out
    assert len(out) <= LOG_LIMIT + 1


def test_every_log_line_is_masked_by_the_root_filter() -> None:
    import logging

    from gateway.redact import LogLineRedactor

    record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1,
                               "Exception in ASGI application for %s", ("/records/SECRETTOKEN?sig=abc",),
                               None)  # fmt: skip
    assert LogLineRedactor().filter(record)
    assert record.getMessage() == "Exception in ASGI application for /records/***?sig=***"

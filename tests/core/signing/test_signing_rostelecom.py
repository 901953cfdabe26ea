"""Rostelecom Integration API: the seed 004 example verifies over its exact bytes."""

from __future__ import annotations

import hashlib
import re

import httpx

from core.signing import rostelecom
from tests.paths import SEEDS

CLIENT_ID = "000003C405E6525C64C184258C44EC99"
KEY = "00000716ABDA6D4DFF10F82BCBBFC532"
PUBLISHED = "fc95a524342dc68df90f7488e6d821c5a8a3b667d585490b50ebf939f1202c36"


def seed_example_body() -> bytes:
    """The request body exactly as printed inside the seed's sha256hex(...) example."""
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    found = re.search(r'sha256hex \("' + CLIENT_ID + r"(\{.*?\})" + KEY + r'"\)', text)
    assert found, "the seed 004 signing example was not found"
    return found.group(1).encode("utf-8")


def test_seed_004_example_verifies_over_its_irregular_spacing() -> None:
    body = seed_example_body()
    assert body == b'{"request_number": "+74951234567","from_sipuri": "test_user@cloudpbx.rt.ru"}'
    assert rostelecom.sign(CLIENT_ID, body, KEY) == PUBLISHED
    assert hashlib.sha256(CLIENT_ID.encode() + body + KEY.encode()).hexdigest() == PUBLISHED
    assert rostelecom.verify(CLIENT_ID, body, KEY, PUBLISHED)


def test_reserialized_body_does_not_verify() -> None:
    compact = b'{"request_number":"+74951234567","from_sipuri":"test_user@cloudpbx.rt.ru"}'
    assert not rostelecom.verify(CLIENT_ID, compact, KEY, PUBLISHED)


def test_tampered_body_header_or_key_rejected() -> None:
    body = seed_example_body()
    headers = httpx.Headers({"X-Client-ID": CLIENT_ID, "X-Client-Sign": PUBLISHED})
    assert rostelecom.verify_request(headers, body, CLIENT_ID, KEY)
    assert not rostelecom.verify_request(headers, body.replace(b"4567", b"4568"), CLIENT_ID, KEY)
    assert not rostelecom.verify_request(headers, body, CLIENT_ID, KEY[:-1] + "3")
    assert not rostelecom.verify_request(
        httpx.Headers({"X-Client-ID": CLIENT_ID[:-1] + "8", "X-Client-Sign": PUBLISHED}),
        body,
        CLIENT_ID,
        KEY,
    )
    assert not rostelecom.verify_request(
        httpx.Headers({"X-Client-ID": CLIENT_ID, "X-Client-Sign": "0" * 64}), body, CLIENT_ID, KEY
    )
    assert not rostelecom.verify_request(
        httpx.Headers({"X-Client-ID": CLIENT_ID}), body, CLIENT_ID, KEY
    )
    assert not rostelecom.verify(CLIENT_ID, body, "", PUBLISHED)


def test_utf8_body_signed_as_sent() -> None:
    body = '{"disconnect_reason": "Отбой вызывающего абонента"}'.encode()
    oracle = hashlib.sha256(b"id" + body + b"k").hexdigest()
    assert rostelecom.sign("id", body, "k") == oracle


def test_auth_signs_the_exact_bytes_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"result": "0"})

    client = httpx.Client(
        transport=httpx.MockTransport(handler), auth=rostelecom.RostelecomAuth(CLIENT_ID, KEY)
    )
    client.post(
        "https://api.cloudpbx.rt.ru/call_back",
        content=seed_example_body(),
        headers={"Content-Type": "application/json"},
    )
    request = seen[0]
    assert request.content == seed_example_body()
    assert request.headers["X-Client-ID"] == CLIENT_ID
    assert request.headers["X-Client-Sign"] == PUBLISHED
    assert KEY not in repr(client.auth)

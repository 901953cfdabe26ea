"""Strict JSON everywhere, and no 5xx on any route whatever the body (issue 11 #7).

A fixed-seed fuzz over every route the app has (the recordings, debug and admin
routers included), with the bodies that used to answer 500: ``NaN``, ``Infinity``,
``1e999``, 900 levels of nesting, non-UTF-8 bytes, huge integers; and the public
``key``/``clientId`` filled in so requests get past the first checks.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.strict_json import JSONRejected, loads
from tests.fakes.gateway import (
    BINOTEL_KEY,
    RETAIL_CLIENT_ID,
    SECRETS,
    FakeAmi,
    FakeClock,
    gateway_config,
)

SEED = 20261204
REC_TOKEN = "recordings-token-0123"
HOSTILE: list[bytes] = [
    b'{"key": "%s", "generalCallID": NaN}' % BINOTEL_KEY.encode(),
    b'{"key": "%s", "callID": Infinity, "signature": "x"}' % BINOTEL_KEY.encode(),
    b'{"key": "%s", "callID": -Infinity}' % BINOTEL_KEY.encode(),
    b'{"key": "%s", "callID": 1e999, "signature": "x"}' % BINOTEL_KEY.encode(),
    b'{"key": "%s", "ext_number": %s}' % (BINOTEL_KEY.encode(), b"9" * 5000),
    b"[" * 900 + b"]" * 900,
    b'{"a":' * 900 + b"1" + b"}" * 900,
    b'{"key": "%s", "x": ' % BINOTEL_KEY.encode() + b"[" * 900 + b"]" * 900 + b"}",
    b'{"call_id": NaN}',
    b'{"call_id": "\xff\xfe"}',
    b"\xff\xfe\x00{",
    b'{"session_id": 1e999}',
    b'{"clientId": "%s", "x": NaN}' % RETAIL_CLIENT_ID.encode(),
    b"",
    b"null",
    b'"just a string"',
    b"{" * 100_000,
]
NAMES = ["key", "signature", "generalCallID", "callID", "ext_number", "phone_number",
         "session_id", "request_number", "from_sipuri", "call_id", "recording", "clientId",
         "code", "phone", "event", "state"]  # fmt: skip


def _value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 5)
    if choice == 0:
        return rng.choice(["", "101", "+79161234567", BINOTEL_KEY, RETAIL_CLIENT_ID, "\u0000",
                           "a\r\nAction: Command", "../../etc/passwd", "%00", "Иван"])  # fmt: skip
    if choice == 1:
        return rng.randint(-(10**20), 10**20)
    if choice == 2:
        return rng.choice([True, False, None, 0.5, -0.0, 1e308])
    if choice == 3:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(20)))
    if choice == 4:
        return rng.choice([float("nan"), float("inf"), -float("inf")])
    if choice < 7:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(NAMES): _value(rng, depth + 1) for _ in range(rng.randrange(5))}


def _body(rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(HOSTILE)
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    value = {rng.choice(NAMES): _value(rng) for _ in range(rng.randrange(6))}
    if rng.random() < 0.5:
        value["key"] = BINOTEL_KEY
    return json.dumps(value, allow_nan=True).encode()


def _path(template: str, rng: random.Random) -> str:
    return re.sub(r"\{[^}]+\}", lambda _m: rng.choice(["1", "abc", "-1", "9" * 30, "%ff",
                  "a.wav", "x/../../y", "%25.wav"]), template)  # fmt: skip


def _query(rng: random.Random) -> dict[str, str]:
    params = {rng.choice(NAMES): str(_value(rng))[:50] for _ in range(rng.randrange(4))}
    if rng.random() < 0.5:
        params["clientId"] = RETAIL_CLIENT_ID
    return params


@pytest.fixture
async def client(tmp_path: Path, clock: FakeClock) -> Any:
    config = gateway_config(tmp_path, retailcrm_url="http://127.0.0.1:9",
                            clinica_url="http://127.0.0.1:9/push",
                            rostelecom_url="http://127.0.0.1:9/call_events",
                            rostelecom={"rate_limits": {"call_back": 100_000,
                                                        "get_record": 100_000}},
                            recordings={"api_tokens_env": "REC_TOKENS"})  # fmt: skip
    config = type(config)(file=config.file, secrets=type(config.secrets)(
        {**SECRETS, "RINGSIDE_GATEWAY_ADMIN_TOKEN": "admin-token",
         "REC_TOKENS": f"crm={REC_TOKEN}"}))  # fmt: skip
    app = create_app(config, clock=clock, ami=FakeAmi())
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False,
                                    client=("127.0.0.1", 40000))  # fmt: skip
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http, app
    await app.state.gateway.stop()


async def test_no_route_answers_5xx_to_any_body(client: Any) -> None:
    http, app = client
    rng = random.Random(SEED)
    routes = [(path, method.upper()) for path, item in app.openapi()["paths"].items()
              for method in item]  # fmt: skip
    assert len(routes) > 25  # every router is mounted (recordings, debug, admin included)
    failures = []
    for template, method in routes:
        if True:
            for _ in range(25):
                headers = {"content-type": rng.choice(["application/json", "text/plain",
                           "application/x-www-form-urlencoded", "application/json; charset=latin-1"]),
                           "authorization": rng.choice(["", "Bearer admin-token", "Bearer x",
                                                  f"Bearer {REC_TOKEN}"])}  # fmt: skip
                request = http.build_request(method, _path(template, rng), params=_query(rng),
                                             content=_body(rng), headers=headers)  # fmt: skip
                response = await http.send(request)
                if response.status_code >= 500:
                    failures.append((method, request.url.path, request.content[:80],
                                     response.status_code))  # fmt: skip
    assert failures == [], "\n".join(map(repr, failures))


@pytest.mark.parametrize("body", HOSTILE[:8])
async def test_binotel_answers_its_own_error_shape(client: Any, body: bytes) -> None:
    http, _app = client
    response = await http.post("/stats/call-details.json", content=body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["status"] == "error" and answer["code"] == 110 and "signature" in answer


@pytest.mark.parametrize("body", [b'{"request_number": NaN}', b"[" * 900 + b"]" * 900,
                                  b'{"from_pin": 1e999}', b"\xff{"])  # fmt: skip
async def test_rostelecom_answers_its_own_error_shape(client: Any, body: bytes) -> None:
    http, _app = client
    response = await http.post("/call_back", content=body)
    assert response.status_code in (400, 401, 403)
    assert set(response.json()) >= {"result", "resultMessage"}


@pytest.mark.parametrize("body", [b'{"call_id": NaN}', b'{"call_id": "\xff\xfe"}', b"\xff"])
async def test_recording_links_refuse_bad_json_in_words(client: Any, body: bytes) -> None:
    http, _app = client
    headers = {"content-type": "application/json", "authorization": f"Bearer {REC_TOKEN}"}
    response = await http.post("/recordings/link", content=body, headers=headers)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "text",
    ["NaN", "[Infinity]", '{"a": -Infinity}', "1e999", "[-1e400]", "[" * 65 + "]" * 65,
     '{"a": ' + "9" * 5000 + "}"],
)  # fmt: skip
def test_strict_loads_rejects(text: str) -> None:
    with pytest.raises(JSONRejected):
        loads(text.encode())


def test_strict_loads_accepts_ordinary_json() -> None:
    assert loads(b'{"a": [1, 2.5, "\\u0418\\u0432\\u0430\\u043d", null, true]}') == {
        "a": [1, 2.5, "Иван", None, True]
    }
    assert loads(b'{"a": "[[[[{{{{"}') == {"a": "[[[[{{{{"}  # brackets inside strings don't count
    assert loads(b"[" * 64 + b"]" * 64) is not None

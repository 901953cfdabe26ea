"""Property-based: correctly *signed* but hostile requests never cause a 5xx or a bad Originate.

schemathesis (``test_schemathesis.py``) cannot sign bodies, so it stops at the
signature checks of seed 002/004. Here hypothesis builds JSON objects with
arbitrary values (control characters, CR/LF, ``/``, ``@``, ``&``, nested lists,
huge integers), signs them as the real CRMs do, and sends them to every
click-to-call and lookup method. Every answer must be < 500 and every
Originate that reaches the (fake) AMI must carry a plain channel and number.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.signing.binotel import signed_body
from gateway.app import create_app
from tests.fakes.gateway import (
    BINOTEL_KEY,
    BINOTEL_SECRET,
    RETAIL_CLIENT_ID,
    FakeAmi,
    FakeClock,
    gateway_config,
    rt_headers,
)

CHANNEL = re.compile(r"PJSIP/[A-Za-z0-9_.*#+-]{1,40}")
EXTEN = re.compile(r"\+?[0-9*#]{1,32}")
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["101/sip:x@evil", "101&PJSIP/9", "+7495\r\nAction: Command", "sip:a@b", "  ", "*97#"]
)
SCALAR = TEXT | st.integers(min_value=-(10**30), max_value=10**30) | st.booleans() | st.none()
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
FIELDS = ["request_number", "from_sipuri", "from_pin", "session_id", "ext_number",
          "phone_number", "generalCallID", "callID"]  # fmt: skip
BODY = st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=4)
ROSTELECOM = ["/call_back", "/get_record"]
BINOTEL = ["/stats/calls/ext-to-phone.json", "/stats/call-details.json", "/stats/call-record.json"]


def _check(ami: FakeAmi) -> None:
    for _name, fields in ami.actions:
        assert CHANNEL.fullmatch(fields["Channel"]), fields
        assert EXTEN.fullmatch(fields["Exten"]), fields
    ami.actions.clear()


def test_signed_hostile_bodies(tmp_path: Path) -> None:
    ami = FakeAmi()
    config = gateway_config(
        tmp_path,
        retailcrm_url="http://127.0.0.1:9",
        rostelecom={"rate_limits": {"call_back": 100_000, "get_record": 100_000}},
    )
    app = create_app(config, ami=ami, clock=FakeClock())
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    client = httpx.AsyncClient(transport=transport, base_url="http://gw.test")

    with asyncio.Runner() as runner:

        def post(path: str, **kwargs: Any) -> httpx.Response:
            return runner.run(client.post(path, **kwargs))

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
        @given(body=BODY, path=st.sampled_from(ROSTELECOM + BINOTEL))
        def signed_post(body: dict[str, Any], path: str) -> None:
            if path in ROSTELECOM:
                raw = json.dumps(body).encode()
                response = post(path, content=raw, headers=rt_headers(raw))
            else:
                raw = signed_body(body, BINOTEL_KEY, BINOTEL_SECRET)
                response = post(path, content=raw)
            assert response.status_code < 500, (path, body, response.text)
            _check(ami)

        @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
        @given(code=TEXT, phone=TEXT)
        def make_call(code: str, phone: str) -> None:
            params = {"clientId": RETAIL_CLIENT_ID, "code": code, "phone": phone}
            assert post("/retailcrm/make-call", data=params).status_code < 500
            _check(ami)

        try:
            signed_post()
            make_call()
        finally:
            runner.run(client.aclose())
            runner.run(app.state.gateway.stop())

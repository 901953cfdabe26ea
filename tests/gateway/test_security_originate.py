"""Hostile click-to-call requests never reach an AMI Originate.

Each inbound API (retailCRM ``makeCallUrl``, Binotel ``ext-to-phone``,
Rostelecom ``call_back``) pastes the extension into the channel (``PJSIP/##``)
and the number into ``Exten`` and the CallerID name. An extension such as
``101/sip:x@evil.example`` would make the operator's endpoint dial any SIP URI
(toll fraud); a number with quotes would forge the CallerID. Every such value
must be refused with the protocol's "bad request" answer and no AMI action.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.phone import clean_dial_number, dial_problem
from core.signing.binotel import signed_body
from tests.fakes.gateway import (
    BINOTEL_KEY,
    BINOTEL_SECRET,
    RETAIL_CLIENT_ID,
    FakeAmi,
    FakeClock,
    make_client,
    rt_headers,
)

BAD_EXTENSIONS = [
    "101/sip:attacker@evil.example",
    "101&PJSIP/102",
    "101@other-context",
    "Local/s@premium",
    "101,1",
    "101|x",
    '101"',
    "10 1",
    "101\r\nAction: Command",
    "",
    "x" * 41,
    "../101",
]
BAD_NUMBERS = [
    '0501234567" <666>',
    "0501234567\r\nAction: Originate",
    "s",
    "h",
    "0501234567@evil",
    "0501234567&PJSIP/trunk/900",
    "",
    "1" * 33,
    "++7495",
    "7495+1",
]


@pytest.mark.parametrize("extension", BAD_EXTENSIONS)
def test_bad_extensions_are_refused(extension: str) -> None:
    assert dial_problem(extension, "+74951234567") is not None


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_bad_numbers_are_refused(number: str) -> None:
    assert dial_problem("101", number) is not None


@pytest.mark.parametrize(
    ("given", "dialled"),
    [("+7 (495) 123-45-67", "+74951234567"), ("0501234567", "0501234567"), ("*97#", "*97#")],
)
def test_good_numbers_are_cleaned(given: str, dialled: str) -> None:
    assert dial_problem("101", given) is None
    assert clean_dial_number(given) == dialled
    assert dial_problem("test_user", given) is None and dial_problem("john.doe-2", given) is None


async def test_retailcrm_make_call_refuses_channel_injection(
    tmp_path: Path, clock: FakeClock
) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    async with client:
        for code, phone in [("101/sip:x@evil.example", "0501234567"), ("101", '1" <666>')]:
            params = {"clientId": RETAIL_CLIENT_ID, "code": code, "phone": phone}
            response = await client.get("/retailcrm/make-call", params=params)
            assert response.status_code == 400, response.text
            assert response.json()["success"] is False
            response = await client.post("/retailcrm/make-call", data=params)
            assert response.status_code == 400, response.text
        ok = {"clientId": RETAIL_CLIENT_ID, "code": "101", "phone": "+7 (495) 123-45-67"}
        assert (await client.get("/retailcrm/make-call", params=ok)).json()["success"] is True
    await app.state.gateway.stop()
    ((_, fields),) = ami.actions  # only the well-formed request was sent
    assert fields["Channel"] == "PJSIP/101" and fields["Exten"] == "+74951234567"


async def test_binotel_ext_to_phone_refuses_channel_injection(
    tmp_path: Path, clock: FakeClock
) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    async with client:
        for ext, phone in [("902/sip:x@evil.example", "0639798793"), ("902", "0639798793,1")]:
            params = {"ext_number": ext, "phone_number": phone}
            body = signed_body(params, BINOTEL_KEY, BINOTEL_SECRET)
            response = await client.post("/stats/calls/ext-to-phone.json", content=body)
            assert response.status_code == 400, response.text
            assert response.json()["code"] == 130
    await app.state.gateway.stop()
    assert ami.actions == []


async def test_rostelecom_call_back_refuses_channel_injection(
    tmp_path: Path, clock: FakeClock
) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    async with client:
        for fields in [
            {"request_number": "+74951234567", "from_sipuri": "sip:101/sip:x@evil@domain"},
            {"request_number": "+74951234567", "from_pin": "101&PJSIP/102"},
            {"request_number": '+7495" <1>', "from_pin": "101"},
        ]:
            body = json.dumps(fields).encode()
            response = await client.post("/call_back", content=body, headers=rt_headers(body))
            assert response.status_code == 400, response.text
            assert response.json()["result"] == 6
    await app.state.gateway.stop()
    assert ami.actions == []

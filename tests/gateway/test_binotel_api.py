"""Seed 002 PBX methods: key + md5 signature checked, answers signed, the seed's shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from core.calls.events import CallSnapshot, Direction, Outcome
from core.signing.binotel import signed_body, verify_body
from tests.fakes.gateway import BINOTEL_KEY, BINOTEL_SECRET, FakeAmi, FakeClock, make_client

CALL = CallSnapshot(
    call_id="744924436",
    direction=Direction.INBOUND,
    remote_number="0965074747",
    remote_name="Врач",
    did="0981884404",
    queue="support",
    rang=("902", "801"),
    answered_by="902",
    outcome=Outcome.ANSWERED,
    recording="744924436.wav",
    started_at=1535457189.0,
    answered_at=1535457193.0,
    ended_at=1535457261.0,
)


async def call(
    client: httpx.AsyncClient, path: str, params: dict[str, Any], **kw: Any
) -> tuple[int, dict[str, Any]]:
    body = signed_body(params, kw.get("key", BINOTEL_KEY), kw.get("secret", BINOTEL_SECRET))
    response = await client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert verify_body(response.content, BINOTEL_SECRET), "every answer is signed"
    return response.status_code, json.loads(response.content)


async def test_call_details_in_the_seed_shape(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, app = asgi
    app.state.gateway.store.save_call(CALL)
    status, body = await call(
        client, "/stats/call-details.json", {"generalCallID": [744924436, "unknown"]}
    )
    assert status == 200 and body["status"] == "success"
    assert list(body["callDetails"]) == ["744924436"]
    details = body["callDetails"]["744924436"]
    assert details == {
        "companyID": "3041",
        "generalCallID": "744924436",
        "callID": "744924436",
        "startTime": "1535457189",
        "callType": "0",
        "internalNumber": "902",
        "internalAdditionalData": "support",
        "externalNumber": "0965074747",
        "srcNumber": "0965074747",
        "customerData": {"id": "", "name": "Врач"},
        "employeeName": "",
        "employeeEmail": "",
        "dstNumbers": [{"dstNumber": "902"}, {"dstNumber": "801"}],
        "waitsec": 4,
        "billsec": "68",
        "disposition": "ANSWER",
        "isNewCall": "0",
        "did": "0981884404",
        "didNumber": "0981884404",
        "didName": "",
    }


async def test_call_in_progress_is_online(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, app = asgi
    app.state.gateway.store.save_call(CallSnapshot("1.5", Direction.INBOUND, "0501234567", None))
    _, body = await call(client, "/stats/call-details.json", {"generalCallID": "1.5"})
    assert body["callDetails"]["1.5"]["disposition"] == "ONLINE"


async def test_refusals(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, _ = asgi
    params = {"generalCallID": ["1"]}
    assert await call(client, "/stats/call-details.json", params, secret="wrong") == (
        403,
        {
            "status": "error",
            "code": 121,
            "message": "wrong signature",
            "signature": _sig(121, "wrong signature"),
        },
    )
    status, body = await call(client, "/stats/call-details.json", params, key="other-key")
    assert (status, body["code"]) == (403, 120)
    response = await client.post("/stats/call-record.json", content=b"not json")
    assert response.status_code == 400 and json.loads(response.content)["code"] == 110
    status, body = await call(client, "/stats/call-details.json", {"generalCallID": []})
    assert (status, body["code"]) == (400, 130)


def _sig(code: int, message: str) -> str:
    from core.signing.binotel import sign_params

    return sign_params({"status": "error", "code": code, "message": message}, BINOTEL_SECRET)


async def test_call_record_link(asgi: tuple[httpx.AsyncClient, Any]) -> None:
    client, app = asgi
    app.state.gateway.store.save_call(CALL)
    status, body = await call(client, "/stats/call-record.json", {"callID": "744924436"})
    assert status == 200 and body["status"] == "success"
    assert body["url"].startswith(
        "http://gw.test/recordings/file/744924436.wav?exp=1795360900&sig="
    )
    status, body = await call(client, "/stats/call-record.json", {"callID": "404"})
    assert (status, body["code"]) == (404, 140)


async def test_ext_to_phone_originates(tmp_path: Path, clock: FakeClock) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    async with client:
        status, body = await call(
            client,
            "/stats/calls/ext-to-phone.json",
            {"ext_number": "902", "phone_number": "0639798793"},
        )
    assert status == 200 and body["status"] == "success"
    ((name, fields),) = ami.actions
    assert (name, fields["Channel"], fields["Exten"]) == ("Originate", "PJSIP/902", "0639798793")
    assert fields["ChannelId"] == body["generalCallID"]
    await app.state.gateway.stop()


async def test_ext_to_phone_pbx_refusal_is_reported(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(
        tmp_path, clock, ami=FakeAmi("Extension does not exist.", success=False)
    )
    async with client:
        status, body = await call(
            client,
            "/stats/calls/ext-to-phone.json",
            {"ext_number": "902", "phone_number": "0639798793"},
        )
    assert (status, body["status"], body["code"]) == (200, "error", 160)
    assert body["message"].startswith("call failed: ")
    await app.state.gateway.stop()

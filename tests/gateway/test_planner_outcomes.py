"""Busy vs failed on the wire: retailCRM hangupStatus/result, Rostelecom disconnect_reason, Clinica.

The tracker reports a click-to-call whose operator phone is busy (OriginateResponse Reason 5)
as ``failed`` (expected/README.md also allows ``busy``): the call to the customer never
started, so retailCRM gets ``failed`` (not ``busy``, which would mean the customer was busy)
and Rostelecom "Ошибка установления соединения". A busy customer stays ``busy``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from core.calls.events import (
    CallEnded,
    CallEvent,
    CallFinished,
    CallSnapshot,
    CallStarted,
    Direction,
    Outcome,
)
from core.sim.server import PBXSimulator, SimUser
from gateway.planner import PlannedPush, PushPlanner
from tests.fakes.crm_servers import ClinicaFake, RetailCrmFake
from tests.fakes.gateway import (
    AMI_SECRET,
    AMI_USER,
    RETAIL_CLIENT_ID,
    RETAIL_KEY,
    RostelecomSideFake,
    gateway_config,
    serve,
    wait_for,
)

T0 = 1_795_360_000.0


def _click_to_call(outcome: Outcome) -> list[CallEvent]:
    call = CallSnapshot(
        call_id="c2c-1",
        direction=Direction.OUTBOUND,
        remote_number="0501234567",
        remote_name=None,
        from_extension="101",
        started_at=T0,
        ended_at=T0 + 3.0,
    )
    ended = dataclasses.replace(call, outcome=outcome)
    return [
        CallStarted(call=call, extension=None),
        CallEnded(call=ended, extension="101", outcome=outcome),
        CallFinished(call=ended, extension=None),
    ]


def _plan(tmp_path: Path, events: list[CallEvent]) -> list[PlannedPush]:
    cfg = gateway_config(
        tmp_path,
        retailcrm_url="https://shop.retailcrm.ru",
        clinica_url="https://cw/api/Binotel/Push",
        rostelecom_url="https://ext/call_events",
    )
    planner = PushPlanner(cfg, clock=lambda: 1000.0)
    return [push for event in events for push in planner.plan(event)]


def _retail(push: PlannedPush) -> Any:
    ((_name, (value,)),) = parse_qs(push.request.body.decode()).items()
    return json.loads(value)


@pytest.mark.parametrize(
    ("outcome", "status", "result", "reason"),
    [
        (Outcome.FAILED, "failed", "failed", "Ошибка установления соединения"),
        (Outcome.BUSY, "busy", "busy", "Абонент занят"),
    ],
)
def test_failed_and_busy_click_to_call_map_apart(
    tmp_path: Path, outcome: Outcome, status: str, result: str, reason: str
) -> None:
    pushes = {(p.target, p.kind): p for p in _plan(tmp_path, _click_to_call(outcome))}
    hangup = pushes["retailcrm", "hangup"]
    assert hangup.request.url == "https://shop.retailcrm.ru/api/v5/telephony/call/event"
    assert _retail(hangup) == {
        "phone": "0501234567",
        "type": "hangup",
        "codes": ["101"],
        "hangupStatus": status,
        "callExternalId": "c2c-1",
    }
    upload = _retail(pushes["retailcrm", "upload"])
    assert [(u["type"], u["code"], u["result"], u["duration"]) for u in upload] == [
        ("out", "101", result, 0)
    ]
    body = pushes["rostelecom", "disconnected"].request.body.decode("utf-8")
    assert body == (
        '{"state":"disconnected","type":"outbound","session_id":"c2c-1","timestamp":"1000",'
        '"from_number":"101","from_pin":101,"request_number":"0501234567",'
        f'"disconnect_reason":"{reason}","is_record":false}}'
    )
    clinica = pushes["clinica", "hangupTheCall"].request
    assert clinica.body == b"GeneralCallID=c2c-1&Billsec=0&CompanyID=3041&RequestType=hangupTheCall"


async def test_operator_phone_busy_over_real_sockets(tmp_path: Path) -> None:
    """The simulator's extension 103 is busy: as Asterisk 22 with a phone that rejects (486),
    it rings, DialEnd BUSY, Hangup 17, OriginateResponse Reason 0: the call is ``failed`` (no
    customer was dialled), the operator's own hangup event ``busy``."""
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await sim.start()
    try:
        with RetailCrmFake(RETAIL_KEY) as crm, ClinicaFake() as cw, RostelecomSideFake() as rt:
            cfg = gateway_config(
                tmp_path,
                ami_port=sim.port,
                retailcrm_url=crm.url,
                clinica_url=cw.push_url,
                rostelecom_url=rt.events_url,
                server={"public_url": "http://gw.test"},
            )
            async with serve(cfg) as (url, app):
                await wait_for(lambda: app.state.gateway.ami_state == "ready")
                async with httpx.AsyncClient(base_url=url, timeout=10) as client:
                    busy = await client.get(
                        "/retailcrm/make-call",
                        params={"clientId": RETAIL_CLIENT_ID, "phone": "0501234567", "code": "103"},
                    )
                failed_id = sim.actions_named("Originate")[0]["ChannelId"]
                await wait_for(
                    lambda: (
                        len(crm.uploads) == 1
                        and any(e["state"] == "disconnected" for e in rt.events)
                    )
                )
    finally:
        await sim.stop()
    assert busy.json()["success"] is False
    (upload,) = crm.uploads
    assert (upload["externalId"], upload["code"], upload["result"]) == (failed_id, "103", "failed")
    hangups = [e for e in crm.events if e["type"] == "hangup"]
    assert [(e["codes"], e["hangupStatus"]) for e in hangups] == [(["103"], "busy")]
    (end,) = [e for e in rt.events if e["state"] == "disconnected"]
    assert (end["session_id"], end["disconnect_reason"]) == (
        failed_id,
        "Ошибка установления соединения",
    )
    assert [p["RequestType"] for p in cw.pushes if p["GeneralCallID"] == failed_id] in (
        [],
        ["receivedTheCall", "hangupTheCall"],
    )


@pytest.mark.parametrize(
    ("zone_name", "date"),
    [("Europe/Moscow", "2026-11-22 18:06:40"), ("Asia/Almaty", "2026-11-22 20:06:40")],
)
def test_upload_dates_use_the_account_time_zone(tmp_path: Path, zone_name: str, date: str) -> None:
    cfg = gateway_config(
        tmp_path, retailcrm_url="https://shop.retailcrm.ru", retailcrm={"timezone": zone_name}
    )
    planner = PushPlanner(cfg, clock=lambda: 1000.0)
    pushes = [p for e in _click_to_call(Outcome.FAILED) for p in planner.plan(e)]
    (upload,) = [p for p in pushes if (p.target, p.kind) == ("retailcrm", "upload")]
    assert _retail(upload)[0]["date"] == date


def test_unknown_time_zone_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="Mars/Olympus"):
        gateway_config(
            tmp_path,
            retailcrm_url="https://shop.retailcrm.ru",
            retailcrm={"timezone": "Mars/Olympus"},
        )

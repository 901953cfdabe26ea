"""Clinica Web PUSH: the seed 002 messages, field by field and byte by byte, on a real fake."""

from __future__ import annotations

import pytest

from core.calls.events import CallAnswered, CallFinished, CallRinging, CallStarted, Direction
from core.crm.base import CrmRejected, CrmUnavailable
from core.crm.clinica import ClinicaAdapter, ClinicaPushes
from tests.fakes.crm_servers import ClinicaFake
from tests.fakes.push_client import deliver


async def test_inbound_call_sends_the_seed_messages(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    rules = ClinicaPushes(clinica.push_url, company_id="3041")
    call = snapshot()
    pushes = [
        push
        for event in (
            CallStarted(call=call, extension=None),  # nothing for Clinica
            CallRinging(call=call, extension="101"),
            CallRinging(call=call, extension="101"),  # the same extension again: once
            CallAnswered(call=call, extension="101", by="101"),
            CallAnswered(call=call, extension="101", by="101"),  # answered once
            CallFinished(call=call, extension=None),
        )
        for push in rules.plan(event)
    ]
    await deliver(pushes)
    assert [r.path for r in clinica.requests] == ["/api/Binotel/Push"] * 3
    assert clinica.requests[0].body == (
        b"DidNumber=0443334000&ExternalNumber=0501234567&InternalNumber=101"
        b"&GeneralCallID=1795360756.4&CallType=0&CompanyID=3041&RequestType=receivedTheCall"
    )
    assert clinica.requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert [r.headers["idempotency-key"] for r in clinica.requests] == [
        "clinica:1795360756.4:receivedTheCall:101",
        "clinica:1795360756.4:answeredTheCall:101",
        "clinica:1795360756.4:hangupTheCall",
    ]
    assert clinica.pushes[1] == {
        "DidNumber": "0443334000",
        "ExternalNumber": "0501234567",
        "InternalNumber": "101",
        "GeneralCallID": "1795360756.4",
        "CallType": "0",
        "CompanyID": "3041",
        "RequestType": "answeredTheCall",
    }
    assert clinica.requests[2].body == (
        b"GeneralCallID=1795360756.4&Billsec=5&CompanyID=3041&RequestType=hangupTheCall"
    )


async def test_outbound_call_has_call_type_1_and_no_did(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    rules = ClinicaPushes(clinica.push_url, encoding="json")
    call = snapshot(
        direction=Direction.OUTBOUND,
        from_extension="904",
        remote_number="0670219424",
        call_id="2744830",
    )
    await deliver(rules.plan(CallStarted(call=call, extension=None)))
    assert clinica.requests[0].headers["content-type"] == "application/json"
    assert clinica.pushes == [
        {
            "ExternalNumber": "0670219424",
            "InternalNumber": "904",
            "GeneralCallID": "2744830",
            "CallType": "1",
            "RequestType": "receivedTheCall",
        }
    ]


def test_internal_calls_are_not_pushed(snapshot) -> None:  # type: ignore[no-untyped-def]
    rules = ClinicaPushes("http://127.0.0.1:9/api/Binotel/Push")
    internal = snapshot(direction=Direction.INTERNAL)
    assert rules.plan(CallRinging(call=internal, extension="101")) == []
    assert rules.plan(CallFinished(call=internal, extension=None)) == []


async def test_after_call_record_sends_hangup(clinica: ClinicaFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, company_id="3041")
    await crm.push_call_record(record(note="called back", disposition="sale"))
    await crm.push_call_record(record(direction="internal"))  # not pushed
    await crm.aclose()
    assert clinica.requests[0].body == (
        b"GeneralCallID=1795360756.4&Billsec=5&CompanyID=3041&RequestType=hangupTheCall"
    )
    assert clinica.requests[0].headers["idempotency-key"] == "clinica:1795360756.4:hangupTheCall"
    assert len(clinica.requests) == 1


async def test_push_errors_are_typed(clinica: ClinicaFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, timeout=0.3)
    clinica.fail_next(502)
    with pytest.raises(CrmUnavailable, match="Clinica Web server error"):
        await crm.push_call_record(record())
    clinica.fail_next("timeout")
    with pytest.raises(CrmUnavailable, match=r"did not answer within 0\.3 s"):
        await crm.push_call_record(record())
    bad = ClinicaAdapter(clinica.url + "/api/Wrong/Push")
    with pytest.raises(CrmRejected, match="404"):
        await bad.push_call_record(record())
    await crm.push_call_record(record())
    assert len(clinica.pushes) == 1
    await crm.aclose()
    await bad.aclose()


async def test_camel_case_option_sends_binotel_spelling(clinica: ClinicaFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, field_case="camel")
    await crm.push_call_record(record())
    await crm.aclose()
    assert clinica.requests[0].body == (
        b"generalCallID=1795360756.4&billsec=5&requestType=hangupTheCall"
    )

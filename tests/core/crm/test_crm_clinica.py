"""Clinica Web PUSH adapter: the seed 002 messages, field by field and byte by byte."""

from __future__ import annotations

import pytest

from core.calls.events import CallAnswered, CallFinished, CallRinging, CallStarted, Direction
from core.crm.base import CrmRejected, CrmUnavailable
from core.crm.clinica import ClinicaAdapter
from tests.fakes.crm_servers import ClinicaFake


async def test_inbound_call_sends_the_seed_messages(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, company_id="3041")
    call = snapshot()
    await crm.push_call_event(CallStarted(call=call, extension=None))  # nothing for Clinica
    await crm.push_call_event(CallRinging(call=call, extension="101"))
    await crm.push_call_event(CallAnswered(call=call, extension="102", by="101"))  # not the answerer
    await crm.push_call_event(CallAnswered(call=call, extension="101", by="101"))
    await crm.push_call_event(CallFinished(call=call, extension=None))
    await crm.aclose()
    assert [r.path for r in clinica.requests] == ["/api/Binotel/Push"] * 3
    assert clinica.requests[0].body == (
        b"DidNumber=0443334000&ExternalNumber=0501234567&InternalNumber=101"
        b"&GeneralCallID=1795360756.4&CallType=0&CompanyID=3041&RequestType=receivedTheCall"
    )
    assert clinica.requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert clinica.pushes[1] == {
        "DidNumber": "0443334000", "ExternalNumber": "0501234567", "InternalNumber": "101",
        "GeneralCallID": "1795360756.4", "CallType": "0", "CompanyID": "3041",
        "RequestType": "answeredTheCall"}
    assert clinica.requests[2].body == (
        b"GeneralCallID=1795360756.4&Billsec=5&CompanyID=3041&RequestType=hangupTheCall")


async def test_outbound_call_has_call_type_1_and_no_did(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, encoding="json")
    call = snapshot(direction=Direction.OUTBOUND, from_extension="904", remote_number="0670219424",
                    call_id="2744830")
    await crm.push_call_event(CallStarted(call=call, extension=None))
    await crm.aclose()
    assert clinica.requests[0].headers["content-type"] == "application/json"
    assert clinica.pushes == [{"ExternalNumber": "0670219424", "InternalNumber": "904",
                               "GeneralCallID": "2744830", "CallType": "1",
                               "RequestType": "receivedTheCall"}]


async def test_internal_calls_are_not_pushed(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url)
    await crm.push_call_event(CallFinished(call=snapshot(direction=Direction.INTERNAL),
                                           extension=None))
    await crm.aclose()
    assert clinica.requests == []


async def test_push_errors_are_typed(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, timeout=0.3)
    event = CallFinished(call=snapshot(), extension=None)
    clinica.fail_next(502)
    with pytest.raises(CrmUnavailable, match="Clinica Web server error"):
        await crm.push_call_event(event)
    clinica.fail_next("timeout")
    with pytest.raises(CrmUnavailable, match=r"did not answer within 0\.3 s"):
        await crm.push_call_event(event)
    bad = ClinicaAdapter(clinica.url + "/api/Wrong/Push")
    with pytest.raises(CrmRejected, match="404"):
        await bad.push_call_event(event)
    await crm.push_call_event(event)
    assert len(clinica.pushes) == 1
    await crm.aclose()
    await bad.aclose()


async def test_camel_case_option_sends_binotel_spelling(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, field_case="camel")
    await crm.push_call_event(CallFinished(call=snapshot(), extension=None))
    await crm.aclose()
    assert clinica.requests[0].body == (
        b"generalCallID=1795360756.4&billsec=5&requestType=hangupTheCall")

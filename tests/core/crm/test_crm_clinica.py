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
        b"didNumber=0443334000&externalNumber=0501234567&internalNumber=101"
        b"&generalCallID=1795360756.4&callType=0&companyID=3041&requestType=receivedTheCall"
    )
    assert clinica.requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert clinica.pushes[1] == {
        "didNumber": "0443334000", "externalNumber": "0501234567", "internalNumber": "101",
        "generalCallID": "1795360756.4", "callType": "0", "companyID": "3041",
        "requestType": "answeredTheCall"}
    assert clinica.requests[2].body == (
        b"generalCallID=1795360756.4&billsec=5&companyID=3041&requestType=hangupTheCall")


async def test_outbound_call_has_call_type_1_and_no_did(clinica: ClinicaFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    crm = ClinicaAdapter(clinica.push_url, encoding="json")
    call = snapshot(direction=Direction.OUTBOUND, from_extension="904", remote_number="0670219424",
                    call_id="2744830")
    await crm.push_call_event(CallStarted(call=call, extension=None))
    await crm.aclose()
    assert clinica.requests[0].headers["content-type"] == "application/json"
    assert clinica.pushes == [{"externalNumber": "0670219424", "internalNumber": "904",
                               "generalCallID": "2744830", "callType": "1",
                               "requestType": "receivedTheCall"}]


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

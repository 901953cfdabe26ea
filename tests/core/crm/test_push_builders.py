"""Outbound wire formats, byte for byte: Clinica PUSH, Rostelecom call_events, retailCRM."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import httpx

from core.calls.events import CallFinished, CallRinging, CallSnapshot, Direction, Outcome
from core.crm import clinica, retailcrm, rostelecom
from core.crm.push import CallMemo, PushRequest, planned
from core.signing.rostelecom import verify

CALL = CallSnapshot(
    call_id="2744830",
    direction=Direction.INBOUND,
    remote_number="0670219424",
    remote_name="Customer",
    did="0443334000",
    rang=("801",),
    answered_by="801",
    outcome=Outcome.ANSWERED,
    recording="2744830.wav",
    started_at=1511753600.0,
    answered_at=1511753604.0,
    ended_at=1511753639.0,
)
URL = "https://crm.example/api/Binotel/Push"


def test_clinica_received_matches_the_seed_sample_field_for_field() -> None:
    request = clinica.received_request(CALL, "801", push_url=URL, company_id="3041")
    assert (request.method, request.url) == ("POST", URL)
    assert request.header("content-type") == "application/x-www-form-urlencoded"
    assert request.body == (
        b"DidNumber=0443334000&ExternalNumber=0670219424&InternalNumber=801"
        b"&GeneralCallID=2744830&CallType=0&CompanyID=3041&RequestType=receivedTheCall"
    )


def test_clinica_outbound_has_no_did_and_call_type_1() -> None:
    out = CallSnapshot(
        "77", Direction.OUTBOUND, "0670219424", None, did="0443334000", from_extension="904"
    )
    request = clinica.received_request(out, "904", push_url=URL, company_id="3041")
    assert request.body == (
        b"ExternalNumber=0670219424&InternalNumber=904&GeneralCallID=77&CallType=1"
        b"&CompanyID=3041&RequestType=receivedTheCall"
    )


def test_clinica_hangup_carries_billsec_and_omits_empty_company() -> None:
    assert clinica.hangup_request(CALL, push_url=URL).body == (
        b"GeneralCallID=2744830&Billsec=35&RequestType=hangupTheCall"
    )


def test_rostelecom_disconnected_body_and_signature_over_exact_bytes() -> None:
    body = rostelecom.event_body(
        CALL, "disconnected", timestamp=1511753639.9, domain="domain.ru", region="UA"
    )
    push = rostelecom.call_event("https://ext/call_events", body)
    request = next(
        rostelecom.auth("ID", "KEY").sync_auth_flow(
            httpx.Request(push.method, push.url, headers=list(push.headers), content=push.body)
        )
    )
    assert push.header("X-Client-Sign") is None  # the outbox stores it unsigned
    assert (
        request.content
        == (
            '{"state":"disconnected","type":"incoming","session_id":"2744830",'
            '"timestamp":"1511753639","from_number":"+380670219424","request_number":"801@domain.ru",'
            '"request_pin":801,"disconnect_reason":"Вызов завершён","is_record":true}'
        ).encode()
    )
    assert request.headers["X-Client-ID"] == "ID"
    assert verify("ID", request.content, "KEY", request.headers["X-Client-Sign"])
    assert not verify("ID", request.content + b" ", "KEY", request.headers["X-Client-Sign"])


def test_rostelecom_new_for_outbound_and_internal() -> None:
    out = CallSnapshot("c2c-1", Direction.OUTBOUND, "+74951234567", None, from_extension="101")
    assert rostelecom.event_body(out, "new", timestamp=5) == {
        "state": "new",
        "type": "outbound",
        "session_id": "c2c-1",
        "timestamp": "5",
        "from_number": "101",
        "from_pin": 101,
        "request_number": "+74951234567",
    }
    internal = CallSnapshot("i-1", Direction.INTERNAL, "102", None, from_extension="101")
    body = rostelecom.event_body(internal, "new", timestamp=5)
    assert (body["type"], body["from_pin"], body["request_pin"]) == ("internal", 101, 102)


def test_retailcrm_event_is_form_with_one_json_field() -> None:
    request = retailcrm.event_request(
        {"phone": "+7916", "type": "in", "codes": ["101"]}, base_url="https://s.retailcrm.ru/"
    )
    assert request.url == "https://s.retailcrm.ru/api/v5/telephony/call/event"
    assert parse_qs(request.body.decode()) == {
        "event": ['{"phone":"+7916","type":"in","codes":["101"]}']
    }


def test_retailcrm_record_of_a_finished_call() -> None:
    record = retailcrm.record_of(CALL, "https://gw/rec")
    assert (record.extension, record.talk_seconds, record.wait_seconds) == ("801", 35.0, 4.0)
    assert (record.outcome, record.recording_url, record.direction) == (
        "answered",
        "https://gw/rec",
        "inbound",
    )
    request = retailcrm.upload_request([{"externalId": "1"}], base_url="https://s")
    assert json.loads(parse_qs(request.body.decode())["calls"][0]) == [{"externalId": "1"}]


def test_push_request_survives_the_outbox_payload_round_trip() -> None:
    request = rostelecom.call_event("https://x", {"reason": "Отбой"})
    payload = json.loads(json.dumps(request.to_payload()))
    assert PushRequest.from_payload(payload) == request


def test_per_call_memory_is_bounded_and_forgotten_at_the_end() -> None:
    memo: CallMemo[list[str]] = CallMemo(list, limit=3)
    for call_id in ("a", "b", "c", "d"):
        memo.get(call_id).append(call_id)
    assert len(memo) == 3 and memo.get("b") == ["b"]  # "a", the oldest, was dropped
    memo.forget("b")
    assert memo.get("b") == []
    rules = clinica.ClinicaPushes(URL)
    assert len(rules.plan(CallRinging(call=CALL, extension="801"))) == 1
    assert rules.plan(CallRinging(call=CALL, extension="801")) == []  # once per extension
    rules.plan(CallFinished(call=CALL, extension=None))
    assert len(rules._memo) == 0  # a finished call leaves nothing behind


def test_every_planned_push_carries_its_key_as_idempotency_key() -> None:
    push = planned(
        "clinica", "hangupTheCall", CALL.call_id, clinica.hangup_request(CALL, push_url=URL)
    )
    assert push.key == "clinica:2744830:hangupTheCall" == push.request.header("Idempotency-Key")
    assert push.group == CALL.call_id

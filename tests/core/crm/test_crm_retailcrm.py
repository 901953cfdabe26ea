"""retailCRM adapter against a real HTTP fake: request bytes, mapping, errors, back-off."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl

import pytest

from core.calls.events import CallEnded, CallRinging, CallStarted, Direction, Outcome
from core.crm import retailcrm
from core.crm.base import CrmAuthError, CrmRejected, CrmUnavailable
from core.crm.retailcrm import RetailCrmAdapter, RetailCrmPushes
from tests.fakes.crm_servers import RetailCrmFake
from tests.fakes.push_client import deliver

KEY = "test-api-key"


def adapter(fake: RetailCrmFake, key: str = KEY, timeout: float = 3.0) -> RetailCrmAdapter:
    return RetailCrmAdapter(fake.url, key, site="main-shop", timeout=timeout)


async def test_lookup_uses_telephony_manager_and_maps_card(retail: RetailCrmFake) -> None:
    retail.add_customer(
        7, "Иван", "Петров", ["+7 916 123-45-67"], "ivan@example.ru", manager_code="101"
    )
    crm = adapter(retail)
    result = await crm.lookup("89161234567")
    await crm.aclose()
    req = retail.requests[0]
    assert (req.method, req.path) == ("GET", "/api/v5/telephony/manager")
    assert parse_qsl(req.query) == [
        ("phone", "89161234567"),
        ("details", "1"),
        ("ignoreStatus", "1"),
    ]
    assert req.headers["x-api-key"] == KEY
    card = result.best
    assert card is not None and result.error is None
    assert (card.id, card.name, card.source) == ("7", "Петров Иван", "retailcrm")
    assert (card.manager_name, card.manager_extension) == ("Ольга Петренко", "101")
    assert card.phones == ("+7 916 123-45-67",) and card.email == "ivan@example.ru"
    assert [link.label for link in card.links] == ["Open customer", "Last order", "New order"]
    assert card.open_url == f"{retail.url}/customers/7"
    assert result.e164 == "+79161234567"


async def test_customer_search_fallback_and_create_link(retail: RetailCrmFake) -> None:
    crm = adapter(retail)
    missing = await crm.lookup("+7 999 000-11-22")
    assert not missing.found and missing.error is None
    assert missing.create_url == f"{retail.url}/customers/add"
    assert [r.path for r in retail.requests] == ["/api/v5/telephony/manager", "/api/v5/customers"]
    assert retail.requests[1].params["filter[name]"] == "9990001122"
    await crm.aclose()


async def test_call_event_form_field_is_json(retail: RetailCrmFake, snapshot) -> None:  # type: ignore[no-untyped-def]
    rules = RetailCrmPushes(retail.url, site="main-shop", upload=False)
    call = snapshot()
    out = snapshot(
        direction=Direction.OUTBOUND,
        from_extension="102",
        did=None,
        remote_number="+79161234567",
        call_id="c2",
    )
    pushes = [
        push
        for event in (
            CallRinging(call=call, extension="101"),
            CallEnded(call=call, extension="101", outcome=Outcome.MISSED),
            CallStarted(call=out, extension=None),
            CallStarted(call=call, extension=None),  # inbound start: skipped
        )
        for push in rules.plan(event)
    ]
    answers = await deliver(pushes, retailcrm.auth(KEY))
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len(retail.requests) == 3
    req = retail.requests[0]
    assert req.headers["x-api-key"] == KEY
    assert req.headers["idempotency-key"] == "retailcrm:1795360756.4:in:101"
    assert [p.key for p in pushes] == [
        "retailcrm:1795360756.4:in:101",
        "retailcrm:1795360756.4:hangup:101",
        "retailcrm:c2:out:102",
    ]
    assert req.path == "/api/v5/telephony/call/event"
    assert req.headers["content-type"] == "application/x-www-form-urlencoded"
    assert list(req.form) == ["event"]
    assert req.body.startswith(b"event=%7B%22phone%22%3A%220501234567%22")
    assert retail.events == [
        {
            "phone": "0501234567",
            "type": "in",
            "codes": ["101"],
            "callExternalId": "1795360756.4",
            "externalPhone": "0443334000",
            "site": "main-shop",
        },
        {
            "phone": "0501234567",
            "type": "hangup",
            "codes": ["101"],
            "hangupStatus": "no answered",
            "callExternalId": "1795360756.4",
            "externalPhone": "0443334000",
            "site": "main-shop",
        },
        {
            "phone": "+79161234567",
            "type": "out",
            "codes": ["102"],
            "callExternalId": "c2",
            "site": "main-shop",
        },
    ]


async def test_calls_upload_payload(retail: RetailCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = adapter(retail)
    rec = record()
    await crm.push_call_record(rec)
    await crm.push_call_record(rec)  # a retry after a lost answer: retailCRM reports a duplicate
    await crm.push_call_record(record(direction="internal"))  # not sent
    await crm.aclose()
    assert len(retail.requests) == 2
    assert retail.requests[0].body == retail.requests[1].body  # the retry: the same bytes
    assert retail.requests[1].headers["idempotency-key"] == "retailcrm:1795360756.4:upload"
    sent = json.loads(retail.requests[0].form["calls"])
    assert sent == [
        {
            "date": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(rec.started_at)),
            "type": "in",
            "phone": "0501234567",
            "code": "101",
            "result": "answered",
            "duration": 5,
            "durationWaiting": 2,
            "externalId": "1795360756.4",
            "recordUrl": "https://pbx.example.com/r/1795360756.4.mp3",
            "externalPhone": "0443334000",
            "site": "main-shop",
        }
    ]
    assert len(retail.uploads) == 1


@pytest.mark.parametrize(
    ("outcome", "result"),
    [("missed", "no answer"), ("busy", "busy"), ("abandoned", "no answer"), ("failed", "failed")],
)
async def test_upload_result_spelling(
    retail: RetailCrmFake,
    record,
    outcome: str,  # type: ignore[no-untyped-def]
    result: str,
) -> None:
    crm = adapter(retail)
    await crm.push_call_record(record(outcome=outcome, talk_seconds=0.0))
    await crm.aclose()
    assert retail.uploads[0]["result"] == result


async def test_rate_limit_becomes_unavailable_with_retry_after(
    retail: RetailCrmFake, record
) -> None:  # type: ignore[no-untyped-def]
    crm = adapter(retail)
    retail.fail_next(503, retry_after=2)
    with pytest.raises(CrmUnavailable) as info:
        await crm.push_call_record(record())
    assert info.value.retry_after == 2.0 and "HTTP 503" in str(info.value)
    retail.fail_next(429, retry_after=1)
    with pytest.raises(CrmUnavailable) as info:
        await crm.push_call_record(record())
    assert info.value.retry_after == 1.0
    await crm.push_call_record(record())  # the outbox's retry: delivered once
    await crm.aclose()
    assert len(retail.uploads) == 1


async def test_wrong_key_is_an_auth_error_with_the_crm_message(
    retail: RetailCrmFake, record
) -> None:  # type: ignore[no-untyped-def]
    crm = adapter(retail, key="bad-key")
    with pytest.raises(CrmAuthError, match=r'HTTP 403.*Wrong "apiKey" value'):
        await crm.push_call_record(record())
    result = await crm.lookup("89161234567")
    assert result.error is not None and "retailCRM denied access" in result.error
    await crm.aclose()


async def test_validation_error_is_rejected_with_details(retail: RetailCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    crm = adapter(retail)
    from tests.fakes.crm_http import json_reply

    retail.route = lambda req: json_reply(  # type: ignore[method-assign]
        {"success": False, "errorMsg": "Calls are not loaded", "errors": {"0": "phone is empty"}},
        400,
    )
    with pytest.raises(CrmRejected, match="Calls are not loaded — 0: phone is empty"):
        await crm.push_call_record(record())
    await crm.aclose()


async def test_timeout_and_malformed_json_become_clear_errors(retail: RetailCrmFake) -> None:
    crm = adapter(retail, timeout=0.3)
    retail.fail_next("timeout")
    slow = await crm.lookup("89161234567")
    assert slow.error == "retailCRM did not answer within 0.3 s."
    retail.fail_next("malformed")
    garbled = await crm.lookup("89161234567")
    assert garbled.error is not None and "not valid JSON" in garbled.error
    retail.fail_next(500)
    broken = await crm.lookup("89161234567")
    assert broken.error is not None and "server error (HTTP 500)" in broken.error
    await crm.aclose()


async def test_connection_refused_is_unavailable() -> None:
    fake = RetailCrmFake().start()
    url = fake.url
    fake.stop()
    crm = RetailCrmAdapter(url, KEY)
    result = await crm.lookup("89161234567")
    assert result.error is not None and result.error.startswith(
        "Cannot connect to retailCRM at 127.0.0.1:"
    )
    await crm.aclose()

"""retailCRM: the upload ``date`` in the account's time zone; busy vs failed on the wire."""

from __future__ import annotations

import json
import time

import pytest

from core.calls.events import CallEnded, Direction, Outcome
from core.crm import retailcrm
from core.crm.registry import create_adapter
from core.crm.retailcrm import RetailCrmAdapter, RetailCrmPushes
from tests.fakes.crm_servers import T0, RetailCrmFake
from tests.fakes.push_client import deliver

KEY = "test-api-key"


async def _upload_date(retail: RetailCrmFake, record, timezone: str | None) -> str:  # type: ignore[no-untyped-def]
    crm = RetailCrmAdapter(retail.url, KEY, timezone=timezone, timeout=3.0)
    await crm.push_call_record(record(call_id=f"z-{timezone}"))
    await crm.aclose()
    request = retail.requests[-1]
    assert request.path == "/api/v5/telephony/calls/upload"
    (call,) = json.loads(request.form["calls"])
    return str(call["date"])


async def test_upload_date_is_written_in_the_accounts_zone(retail: RetailCrmFake, record) -> None:  # type: ignore[no-untyped-def]
    # T0 = 2026-11-22 15:19:16 UTC
    assert await _upload_date(retail, record, "Europe/Moscow") == "2026-11-22 18:19:16"
    assert await _upload_date(retail, record, "Asia/Almaty") == "2026-11-22 20:19:16"
    assert await _upload_date(retail, record, None) == time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime(T0)
    )  # default: this machine's zone


async def test_timezone_comes_from_the_settings_and_is_checked(
    retail: RetailCrmFake, record
) -> None:  # type: ignore[no-untyped-def]
    crm = create_adapter(
        "retailcrm", {"url": retail.url, "timezone": "Asia/Almaty"}, {"api_key": KEY}
    )
    await crm.push_call_record(record())
    await crm.aclose()
    assert json.loads(retail.requests[-1].form["calls"])[0]["date"] == "2026-11-22 20:19:16"
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        RetailCrmAdapter(retail.url, KEY, timezone="Mars/Olympus")


@pytest.mark.parametrize(
    ("outcome", "hangup_status", "result"),
    [(Outcome.BUSY, "busy", "busy"), (Outcome.FAILED, "failed", "failed")],
)
async def test_busy_and_failed_stay_apart(
    retail: RetailCrmFake,
    snapshot,
    record,  # type: ignore[no-untyped-def]
    outcome: Outcome,
    hangup_status: str,
    result: str,
) -> None:
    """A click-to-call whose operator phone was busy ends ``failed`` (tracker); a busy customer
    ends ``busy``: retailCRM gets each spelled its own way on both endpoints."""
    call = snapshot(
        direction=Direction.OUTBOUND,
        from_extension="101",
        did=None,
        answered_at=None,
        outcome=outcome,
    )
    crm = RetailCrmAdapter(retail.url, KEY, timezone="Europe/Moscow", timeout=3.0)
    rules = RetailCrmPushes(retail.url, upload=False)
    await deliver(
        rules.plan(CallEnded(call=call, extension="101", outcome=outcome)), retailcrm.auth(KEY)
    )
    await crm.push_call_record(
        record(
            direction="outbound",
            did=None,
            talk_seconds=0.0,
            recording_url=None,
            outcome=outcome.value,
        )
    )
    await crm.aclose()
    event = json.loads(retail.requests[0].form["event"])
    assert event == {
        "phone": "0501234567",
        "type": "hangup",
        "codes": ["101"],
        "hangupStatus": hangup_status,
        "callExternalId": "1795360756.4",
    }
    (upload,) = json.loads(retail.requests[1].form["calls"])
    assert upload == {
        "date": "2026-11-22 18:19:16",
        "type": "out",
        "phone": "0501234567",
        "code": "101",
        "result": result,
        "duration": 0,
        "durationWaiting": 2,
        "externalId": "1795360756.4",
    }

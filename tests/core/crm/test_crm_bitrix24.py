"""Bitrix24 adapter against a webhook fake: lookup, externalcall lifecycle, auth errors."""

from __future__ import annotations

import logging

import pytest

from core.crm.base import CrmAuthError, CrmUnavailable
from core.crm.bitrix24 import Bitrix24Adapter
from tests.fakes.crm_servers import Bitrix24Fake


async def test_lookup_finds_contact_with_manager_extension(bitrix: Bitrix24Fake) -> None:
    bitrix.add_user(5, "Ольга", "Петренко", "101")
    bitrix.add_contact(42, "Олена", "Коваленко", ["+380501234567"], assigned_by=5)
    crm = Bitrix24Adapter(bitrix.webhook_url, region="UA")
    result = await crm.lookup("0501234567")
    await crm.aclose()
    first = bitrix.requests[0]
    assert first.path == "/rest/1/hook-secret-42/crm.duplicate.findbycomm.json"
    assert first.json() == {"type": "PHONE", "values": ["+380501234567", "0501234567"]}
    assert [r.path.rsplit("/", 1)[-1] for r in bitrix.requests[1:]] == [
        "crm.contact.get.json",
        "user.get.json",
    ]
    card = result.best
    assert card is not None
    assert (card.id, card.name, card.manager_name, card.manager_extension) == (
        "contact:42",
        "Коваленко Олена",
        "Ольга Петренко",
        "101",
    )
    assert card.open_url == f"{bitrix.url}/crm/contact/details/42/"
    assert result.matches[0].confidence == 1.0


async def test_nothing_found_is_php_empty_array(bitrix: Bitrix24Fake) -> None:
    crm = Bitrix24Adapter(bitrix.webhook_url)
    result = await crm.lookup("+7 916 000-00-00")
    await crm.aclose()
    assert not result.found and result.error is None
    assert result.create_url == f"{bitrix.url}/crm/contact/details/0/"


async def test_register_finish_attach_record(bitrix: Bitrix24Fake, record) -> None:  # type: ignore[no-untyped-def]
    crm = Bitrix24Adapter(bitrix.webhook_url)
    await crm.push_call_record(record())
    await crm.aclose()
    methods = [m for m, _ in bitrix.telephony]
    assert methods == [
        "telephony.externalcall.register",
        "telephony.externalcall.finish",
        "telephony.externalcall.attachrecord",
    ]
    register, finish, attach = (p for _, p in bitrix.telephony)
    assert register["USER_PHONE_INNER"] == "101" and register["TYPE"] == 2
    assert register["PHONE_NUMBER"] == "0501234567" and register["LINE_NUMBER"] == "0443334000"
    assert register["SHOW"] == 0 and register["CRM_CREATE"] == 0
    assert finish == {
        "CALL_ID": "externalCall." + "1".zfill(32),
        "USER_PHONE_INNER": "101",
        "DURATION": 5,
        "STATUS_CODE": 200,
    }
    assert attach == {
        "CALL_ID": finish["CALL_ID"],
        "FILENAME": "1795360756.4.mp3",
        "RECORD_URL": "https://pbx.example.com/r/1795360756.4.mp3",
    }


async def test_record_without_prior_event_registers_first(bitrix: Bitrix24Fake, record) -> None:  # type: ignore[no-untyped-def]
    crm = Bitrix24Adapter(bitrix.webhook_url)
    await crm.push_call_record(record(outcome="busy", recording_url=None))
    await crm.aclose()
    assert [m for m, _ in bitrix.telephony] == [
        "telephony.externalcall.register",
        "telephony.externalcall.finish",
    ]
    assert bitrix.telephony[0][1]["SHOW"] == 0
    assert bitrix.telephony[1][1]["STATUS_CODE"] == 486


async def test_wrong_auth_type_is_explained(record, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Bitrix24Fake(secret="s", wrong_auth_type=True) as fake:
        crm = Bitrix24Adapter(fake.webhook_url, calls_db=tmp_path / "calls.sqlite3")
        with pytest.raises(CrmAuthError) as info:
            await crm.push_call_record(record())
        await crm.aclose()
    assert "needs an installed application, not a webhook" in str(info.value)
    assert "WRONG_AUTH_TYPE" in str(info.value)


async def test_wrong_secret_never_leaks_into_errors_or_logs(
    bitrix: Bitrix24Fake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    crm = Bitrix24Adapter(f"{bitrix.url}/rest/1/not-the-secret/")
    result = await crm.lookup("+79161234567")
    await crm.aclose()
    assert result.error is not None and "webhook is not valid" in result.error
    assert "not-the-secret" not in result.error
    assert "not-the-secret" not in caplog.text
    assert "/rest/1/***" in caplog.text  # httpx's request log line, redacted


async def test_query_limit_is_unavailable(bitrix: Bitrix24Fake) -> None:
    crm = Bitrix24Adapter(bitrix.webhook_url)
    bitrix.fail_next(503)
    with pytest.raises(CrmUnavailable, match="slow down"):
        await crm.fetch_matches("+79161234567", "+79161234567")
    bitrix.fail_next("malformed")
    result = await crm.lookup("+79161234567")
    assert result.error is not None and "not valid JSON" in result.error
    await crm.aclose()

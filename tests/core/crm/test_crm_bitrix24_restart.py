"""Bitrix24 CALL_IDs survive a restart: the adapter keeps them in SQLite, not in memory.

The case: ``register`` succeeded, ``finish`` failed (Bitrix24 busy), the process stopped;
the outbox retries the after-call record after the restart.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.crm.base import CrmUnavailable
from core.crm.bitrix24 import CALLS_DB_NAME, Bitrix24Adapter
from core.crm.registry import create_adapter
from core.settings.paths import data_dir
from tests.fakes.crm_http import RecordedRequest, Reply
from tests.fakes.crm_servers import Bitrix24Fake

FIRST_ID = "externalCall." + "1".zfill(32)


def fail_next_finish(fake: Bitrix24Fake) -> None:
    """The next ``telephony.externalcall.finish`` answers 503 QUERY_LIMIT_EXCEEDED."""
    route = fake.route
    pending = [True]

    def failing(req: RecordedRequest) -> Reply:
        if pending and req.path.endswith("/telephony.externalcall.finish.json"):
            pending.clear()
            return fake.error(503, "Too many requests")
        return route(req)

    fake.route = failing  # type: ignore[method-assign]


async def registered_then_failed(fake: Bitrix24Fake, record, **kwargs) -> None:  # type: ignore[no-untyped-def]
    fail_next_finish(fake)
    crm = (
        Bitrix24Adapter(fake.webhook_url, **kwargs)
        if kwargs
        else create_adapter("bitrix24", {}, {"webhook_url": fake.webhook_url})
    )
    with pytest.raises(CrmUnavailable):
        await crm.push_call_record(record())
    await crm.aclose()  # the process stops before the outbox's retry


async def test_finish_after_restart_reuses_the_registered_call_id(
    bitrix: Bitrix24Fake,
    record,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "calls.sqlite3"
    await registered_then_failed(bitrix, record, calls_db=db)

    after = Bitrix24Adapter(bitrix.webhook_url, calls_db=db)
    await after.push_call_record(record())  # the retry
    await after.aclose()

    assert [m for m, _ in bitrix.telephony] == [
        "telephony.externalcall.register",
        "telephony.externalcall.finish",
        "telephony.externalcall.attachrecord",
    ]
    register_body = bitrix.requests[0].json()
    assert register_body["USER_PHONE_INNER"] == "101" and register_body["TYPE"] == 2
    failed, finish, attach = (r.json() for r in bitrix.requests[1:])
    assert failed == finish
    assert bitrix.requests[2].path == "/rest/1/hook-secret-42/telephony.externalcall.finish.json"
    assert finish == {
        "CALL_ID": FIRST_ID,
        "USER_PHONE_INNER": "101",
        "DURATION": 5,
        "STATUS_CODE": 200,
    }
    assert attach == {
        "CALL_ID": FIRST_ID,
        "FILENAME": "1795360756.4.mp3",
        "RECORD_URL": "https://pbx.example.com/r/1795360756.4.mp3",
    }
    with sqlite3.connect(db) as conn:  # finished: the mapping is gone
        assert conn.execute("SELECT COUNT(*) FROM bitrix_calls").fetchone() == (0,)


async def test_without_the_file_a_restart_would_register_again(
    bitrix: Bitrix24Fake,
    record,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """Control: a different file is a fresh memory, so the fix above is what the file gives."""
    await registered_then_failed(bitrix, record, calls_db=tmp_path / "a.sqlite3")
    after = Bitrix24Adapter(bitrix.webhook_url, calls_db=tmp_path / "b.sqlite3")
    await after.push_call_record(record(recording_url=None))
    await after.aclose()
    assert [m for m, _ in bitrix.telephony] == [
        "telephony.externalcall.register",
        "telephony.externalcall.register",
        "telephony.externalcall.finish",
    ]


async def test_default_file_is_in_the_data_folder_and_keyed_by_portal(
    bitrix: Bitrix24Fake,
    record,  # type: ignore[no-untyped-def]
) -> None:
    await registered_then_failed(bitrix, record)
    with sqlite3.connect(data_dir() / CALLS_DB_NAME) as conn:
        rows = conn.execute("SELECT portal, call_id, bitrix_call_id FROM bitrix_calls").fetchall()
    assert rows == [(bitrix.url, "1795360756.4", FIRST_ID)]
    # another portal never reuses this portal's CALL_ID
    other = Bitrix24Adapter(bitrix.webhook_url.replace("127.0.0.1", "localhost"))
    await other.push_call_record(record(recording_url=None))
    await other.aclose()
    assert [m for m, _ in bitrix.telephony][-2:] == [
        "telephony.externalcall.register",
        "telephony.externalcall.finish",
    ]
    assert bitrix.telephony[-1][1]["CALL_ID"] != FIRST_ID

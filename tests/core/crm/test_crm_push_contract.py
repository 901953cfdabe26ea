"""Every adapter that says ``supports_push`` really sends what the after-call path gives it.

The desktop's note path (an outbox item -> ``CallRecord(**payload)`` ->
``adapter.push_call_record``) is driven for EVERY adapter in the registry against a real
HTTP fake of its CRM on 127.0.0.1. An adapter that claims push without implementing it
(once: Clinica, whose notes were marked sent and dropped) fails here, and so does a new
push-capable adapter nobody wrote a fake for.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from core.crm.base import CrmAdapter, CrmRejected
from core.crm.registry import _REGISTRY, available_adapters, create_adapter
from core.crm.types import CallRecord
from tests.fakes.crm_http import FakeServer
from tests.fakes.crm_servers import AmoCrmFake, Bitrix24Fake, ClinicaFake, RetailCrmFake

Setup = Callable[[Path], Iterator[tuple[FakeServer, dict[str, Any], dict[str, str]]]]


@contextmanager
def _retailcrm(tmp: Path) -> Iterator[tuple[FakeServer, dict[str, Any], dict[str, str]]]:
    with RetailCrmFake(api_key="k-retail") as fake:
        yield fake, {"url": fake.url}, {"api_key": "k-retail"}


@contextmanager
def _clinica(tmp: Path) -> Iterator[tuple[FakeServer, dict[str, Any], dict[str, str]]]:
    with ClinicaFake() as fake:
        yield fake, {"push_url": fake.push_url}, {}


@contextmanager
def _bitrix24(tmp: Path) -> Iterator[tuple[FakeServer, dict[str, Any], dict[str, str]]]:
    with Bitrix24Fake(user_id=1, secret="hook-secret") as fake:
        yield fake, {"calls_db": str(tmp / "b24.sqlite3")}, {"webhook_url": fake.webhook_url}


@contextmanager
def _amocrm(tmp: Path) -> Iterator[tuple[FakeServer, dict[str, Any], dict[str, str]]]:
    with AmoCrmFake(token="amo-token") as fake:
        fake.add_contact(7, "Customer", phones=["+380501234567"])
        yield fake, {"url": fake.url}, {"token": "amo-token"}


FAKES: dict[str, Setup] = {
    "retailcrm": _retailcrm,
    "clinica": _clinica,
    "bitrix24": _bitrix24,
    "amocrm": _amocrm,
}
# what each CRM kept of the call: (our call id or its own, talk seconds)
KEPT: dict[str, Callable[[Any], tuple[str, int]]] = {
    "retailcrm": lambda f: (f.uploads[0]["externalId"], f.uploads[0]["duration"]),
    "clinica": lambda f: (f.pushes[0]["GeneralCallID"], int(f.pushes[0]["Billsec"])),
    "bitrix24": lambda f: next(
        (RECORD.call_id, int(p["DURATION"]))
        for m, p in f.telephony
        if m == "telephony.externalcall.finish"
    ),
    "amocrm": lambda f: (f.calls[0]["uniq"], f.calls[0]["duration"]),
}
PUSHING = [info.name for info in available_adapters() if info.supports_push]
RECORD = CallRecord(
    call_id="1795360756.4",
    direction="inbound",
    remote_number="0501234567",
    extension="101",
    started_at=1795360756.0,
    wait_seconds=2.0,
    talk_seconds=5.0,
    outcome="answered",
    recording_url="https://pbx.example.com/r/1795360756.4.mp3",
    did="0443334000",
    note="Wants a call back on Monday",
    disposition="callback",
)


def test_the_contract_covers_every_pushing_adapter() -> None:
    assert set(PUSHING) == set(FAKES), "write a fake setup for every adapter with supports_push"


@pytest.mark.parametrize("name", PUSHING)
def test_supports_push_implies_push_call_record(name: str) -> None:
    cls = _REGISTRY[name][0]
    assert cls.push_call_record is not CrmAdapter.push_call_record, (
        f"{cls.__name__} says supports_push but inherits the refusing push_call_record"
    )


@pytest.mark.parametrize("name", PUSHING)
async def test_after_call_record_reaches_the_crm(name: str, tmp_path: Path) -> None:
    with FAKES[name](tmp_path) as (fake, config, secrets):
        adapter = create_adapter(name, {**config, "region": "UA"}, secrets)
        # what the outbox stored and hands back (JSON), as the note path rebuilds it
        payload = json.loads(json.dumps(dataclasses.asdict(RECORD)))
        try:
            await adapter.push_call_record(CallRecord(**payload))
        finally:
            await adapter.aclose()
        assert fake.requests, f"{name}: push_call_record sent nothing"
        assert KEPT[name](fake) == (RECORD.call_id, 5), f"{name}: the CRM did not keep the call"


async def test_an_adapter_without_push_refuses_in_words(tmp_path: Path) -> None:
    book = create_adapter("addressbook", {"path": str(tmp_path / "a.db")}, {})
    with pytest.raises(CrmRejected, match="does not take call records"):
        await book.push_call_record(RECORD)
    await book.aclose()

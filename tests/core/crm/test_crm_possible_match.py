"""Certain and possible matches: a tail match is shown as possible and never logged unconfirmed.

The address book is the real SQLite store; the service test runs the real
RingsideService against the PBX simulator over TCP with a real CallHistory.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.bootstrap import direct_feed
from core.crm.addressbook import AddressBookAdapter, ContactDraft
from core.crm.cache import LookupCache
from core.crm.types import Contact, LookupResult, Match
from core.history.calls import CallHistory
from core.phone import normalize
from core.service import ConnectionState, RingsideService, ServiceConfig, ServiceError
from core.sim.server import PBXSimulator


def card(cid: str, name: str = "Anna") -> Contact:
    return Contact(id=cid, name=name, source="test")


def test_certain_only_for_one_exact_match() -> None:
    exact = LookupResult("+79161234567", "+79161234567", (Match(card("1"), 1.0),))
    tail = LookupResult("1234567", None, (Match(card("1"), 0.6),))
    two = LookupResult("+79161234567", None, (Match(card("1"), 1.0), Match(card("2"), 1.0)))
    assert exact.certain and exact.confirmed_contact == card("1")
    assert not tail.certain and tail.confirmed_contact is None
    assert not two.certain and two.confirmed_contact is None
    assert not LookupResult("1", None).certain
    confirmed = tail.confirm("1")
    assert confirmed.confirmed_contact == card("1") and confirmed.confirmed_id == "1"
    assert two.confirm("2").confirmed_contact == card("2")
    with pytest.raises(ValueError, match="not one of the matches"):
        tail.confirm("9")


async def test_a_moscow_caller_never_gets_the_kyiv_customer_with_the_same_last_digits(
    tmp_path: Path,
) -> None:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3", region="RU")
    await adapter.add_contact(ContactDraft(name="Олена (Київ)", phones=["+380 44 123 45 67"]))
    await adapter.add_contact(ContactDraft(name="Stored as national", phones=["(044) 123-45-67"]))
    result = await adapter.lookup("8 (495) 123-45-67")
    assert not result.found, [m.contact.name for m in result.matches]
    await adapter.add_contact(ContactDraft(name="Local number", phones=["123-45-67"]))
    result = await adapter.lookup("8 (495) 123-45-67")
    assert [m.contact.name for m in result.matches] == ["Local number"]
    assert not result.certain and result.confirmed_contact is None
    await adapter.add_contact(ContactDraft(name="Moscow office", phones=["+7 495 123-45-67"]))
    result = await adapter.lookup("8 (495) 123-45-67")
    assert result.certain and result.confirmed_contact is not None
    assert result.confirmed_contact.name == "Moscow office"
    await adapter.aclose()


async def _service(tmp_path: Path, sim: PBXSimulator, phones: list[str]) -> RingsideService:
    adapter = AddressBookAdapter.open(tmp_path / "ab.sqlite3", region="RU")
    for phone in phones:
        await adapter.add_contact(ContactDraft(name="Олена Коваленко", phones=[phone]))
    history = CallHistory(tmp_path / "history.sqlite3", normalize=normalize)
    config = ServiceConfig(host="127.0.0.1", port=sim.port, username="demo", extension="101",
                           endpoint="PJSIP/101", context="from-internal")  # fmt: skip
    feed = direct_feed(config, "demo")
    service = RingsideService(config, feed, crm=LookupCache(adapter.lookup), history=history)
    await service.start()
    for _ in range(500):
        if service.connection.state is ConnectionState.READY:
            break
        await asyncio.sleep(0.01)
    return service


async def _ended_row(service: RingsideService, sim: PBXSimulator) -> str:
    run = sim.play("inbound-answered", speed=8.0)
    await run.wait()
    assert service.history is not None
    for _ in range(500):
        rows = [e for e in service.history.search(extension="101") if e.outcome]
        if rows:
            return rows[0].call_id
        await asyncio.sleep(0.01)
    raise AssertionError("no history row")


async def test_service_logs_a_possible_match_only_once_confirmed(tmp_path: Path) -> None:
    sim = PBXSimulator(port=0)
    await sim.start()
    service = await _service(tmp_path, sim, ["+380501234567"])  # the sim's caller: 0501234567
    try:
        call_id = await _ended_row(service, sim)
        assert service.history is not None
        row = service.history.get(call_id, "101")
        assert row is not None and row.contact_id is None  # 0.8: possible, not written
        with pytest.raises(ServiceError, match="not one of the matches"):
            await service.confirm_contact(call_id, "999")
        await service.confirm_contact(call_id, "1")
        row = service.history.get(call_id, "101")
        assert row is not None and (row.remote_name, row.contact_id) == ("Олена Коваленко", "1")
        with pytest.raises(ServiceError, match="no longer available"):
            await service.confirm_contact("no-such-call", "1")
    finally:
        await service.stop()
        await sim.stop()
        assert service.history is not None
        service.history.close()

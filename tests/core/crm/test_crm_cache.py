"""Lookup cache: TTL, negative caching, errors not cached, one request in flight."""

from __future__ import annotations

import asyncio

import pytest

from core.crm.cache import LookupCache
from core.crm.types import Contact, LookupResult, Match


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Backend:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def fetch(self, number: str) -> LookupResult:
        self.asked.append(number)
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            return LookupResult(number=number, e164=None, error="CRM down")
        if number.endswith("67"):
            card = Contact(id="1", name="Иван", source="test")
            return LookupResult(number=number, e164="+79161234567", matches=(Match(card, 1.0),))
        return LookupResult(number=number, e164=None)


@pytest.fixture
def setup() -> tuple[Backend, Clock, LookupCache]:
    backend, clock = Backend(), Clock()
    return backend, clock, LookupCache(backend.fetch, ttl=300, negative_ttl=60, clock=clock)


async def test_hits_share_e164_key_and_expire(setup) -> None:  # type: ignore[no-untyped-def]
    backend, clock, cache = setup
    first = await cache.lookup("89161234567")
    again = await cache.lookup("+7 916 123-45-67")
    assert backend.asked == ["89161234567"]
    assert again.found and again.number == "+7 916 123-45-67" and first.number == "89161234567"
    clock.now += 299
    await cache.lookup("89161234567")
    assert len(backend.asked) == 1
    clock.now += 2
    await cache.lookup("89161234567")
    assert len(backend.asked) == 2


async def test_negative_results_have_a_shorter_ttl(setup) -> None:  # type: ignore[no-untyped-def]
    backend, clock, cache = setup
    await cache.lookup("+79990001122")
    clock.now += 59
    await cache.lookup("+79990001122")
    assert len(backend.asked) == 1
    clock.now += 2
    await cache.lookup("+79990001122")
    assert len(backend.asked) == 2


async def test_errors_are_not_cached(setup) -> None:  # type: ignore[no-untyped-def]
    backend, _, cache = setup
    backend.fail = True
    assert (await cache.lookup("89161234567")).error == "CRM down"
    backend.fail = False
    assert (await cache.lookup("89161234567")).found
    assert len(backend.asked) == 2


async def test_concurrent_lookups_share_one_request(setup) -> None:  # type: ignore[no-untyped-def]
    backend, _, cache = setup
    backend.gate = asyncio.Event()
    prefetch = cache.prefetch("89161234567")  # Newchannel: before the phone rings
    assert prefetch is not None
    waiters = [
        asyncio.create_task(cache.lookup(n)) for n in ("89161234567", "+79161234567", "9161234567")
    ]
    await asyncio.sleep(0)
    waiters[0].cancel()  # one popup closed: the shared request must go on
    backend.gate.set()
    results = await asyncio.gather(*waiters[1:])
    assert backend.asked == ["89161234567"] and cache.fetch_count == 1
    assert all(r.found for r in results)
    assert cache.prefetch("89161234567") is None  # cached now


async def test_invalidate_and_extension_keys(setup) -> None:  # type: ignore[no-untyped-def]
    backend, _, cache = setup
    await cache.lookup("89161234567")
    cache.invalidate("+79161234567")
    await cache.lookup("89161234567")
    assert len(backend.asked) == 2
    assert cache.key("101") == "ext:101" and cache.key("+7 916 123-45-67") == "+79161234567"
    cache.invalidate()
    assert cache.cached("89161234567") is None

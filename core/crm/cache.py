"""Lookup cache in front of an adapter: keyed by E.164, TTL, negative caching, one request in flight.

Lookups start when a call first appears (``CallStarted``/Newchannel), before
the operator's phone rings; by the time the popup asks, the answer is usually
cached or in flight. Concurrent lookups of the same number share one request.
Results with an ``error`` are not cached (the next call retries); "not found"
answers are cached for a shorter ``negative_ttl``.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from core.crm.types import LookupResult
from core.phone import digits, is_internal, normalize

__all__ = ["LookupCache"]

Fetch = Callable[[str], Awaitable[LookupResult]]


@dataclass(slots=True)
class _Entry:
    result: LookupResult
    expires_at: float


class LookupCache:
    """``await cache.lookup(number)``; ``cache.prefetch(number)`` to start early."""

    def __init__(
        self,
        fetch: Fetch,
        *,
        ttl: float = 300.0,
        negative_ttl: float = 60.0,
        region: str = "RU",
        max_entries: int = 2000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._ttl = ttl
        self._negative_ttl = negative_ttl
        self._region = region
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._inflight: dict[str, asyncio.Task[LookupResult]] = {}
        self.fetch_count = 0  # requests actually sent (for tests and stats)

    def key(self, number: str) -> str:
        """Cache key: E.164 when the number normalizes, else its digits (or the text)."""
        if is_internal(number):
            return "ext:" + number.strip()
        return normalize(number, self._region) or digits(number) or number.strip()

    def cached(self, number: str) -> LookupResult | None:
        """A fresh cached result, without fetching."""
        key = self.key(number)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires_at <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.result

    async def lookup(self, number: str) -> LookupResult:
        hit = self.cached(number)
        if hit is not None:
            return _as_asked(hit, number)
        task = self._start(number)
        # shield: one caller giving up (popup closed) must not cancel the shared request
        result = await asyncio.shield(task)
        return _as_asked(result, number)

    def prefetch(self, number: str) -> asyncio.Task[LookupResult] | None:
        """Start a lookup now (call appeared) unless cached; returns the in-flight task."""
        if not number or self.cached(number) is not None:
            return None
        return self._start(number)

    def invalidate(self, number: str | None = None) -> None:
        """Forget one number (after editing a contact) or everything."""
        if number is None:
            self._entries.clear()
        else:
            self._entries.pop(self.key(number), None)

    def _start(self, number: str) -> asyncio.Task[LookupResult]:
        key = self.key(number)
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._run(key, number))
            self._inflight[key] = task
        return task

    async def _run(self, key: str, number: str) -> LookupResult:
        try:
            self.fetch_count += 1
            result = await self._fetch(number)
            self._store(key, result)
            return result
        finally:
            self._inflight.pop(key, None)

    def _store(self, key: str, result: LookupResult) -> None:
        if result.error is not None:
            return
        ttl = self._ttl if result.found else self._negative_ttl
        if ttl <= 0:
            return
        self._entries[key] = _Entry(result, self._clock() + ttl)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)


def _as_asked(result: LookupResult, number: str) -> LookupResult:
    """The cached card, but echoing the number in the shape this caller asked for."""
    if result.number == number:
        return result
    return replace(result, number=number)

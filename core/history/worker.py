"""The outbox's sender loop: one asyncio task that delivers due items and records results.

``OutboxWorker(outbox, senders)`` maps each target name (``"retailcrm"``,
``"clinicaweb"``...) to a coroutine that delivers one ``OutboxItem`` and
raises on failure. Items of targets without a sender wait, untouched.

Within a target items go one at a time (CRMs rate-limit); targets run side by
side. On a sender's exception the item is retried after:

* the exception's ``retry_after`` (seconds) when it has one (HTTP 429/503
  ``Retry-After``), but never less than ``retry_floor`` (``Retry-After: 0``
  must not become a tight loop), else
* exponential backoff ``base * 2**(attempt-1)`` capped at ``cap``, with jitter
  (half fixed, half random) so many desktops do not retry in step.

An item gives up by *age*, not by count: a failure after ``max_age`` seconds
(default 24 h) since it was enqueued makes it *dead*, however many attempts a
CRM outage with ``Retry-After`` took. An exception with a true ``permanent``
attribute (the CRM rejected the data, retrying cannot help) makes it dead at
once; ``max_attempts`` (off by default) is an optional count limit on top.
Dead items are kept, with the redacted error text, for a person to see,
retry or drop.
``DeliveryError`` carries both attributes for adapters that want them.

SQLite calls run in ``asyncio.to_thread``; ``clock`` and ``sleep`` are
injectable so tests run retries in virtual time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from core.history.redact import redact

if TYPE_CHECKING:
    from core.history.outbox import Outbox, OutboxItem

log = logging.getLogger(__name__)

Sender = Callable[["OutboxItem"], Awaitable[None]]
MAX_IDLE_WAIT = 60.0  # re-check at least this often (the wall clock may jump, e.g. after suspend)
MAX_RETRY_AFTER = 86_400.0
DEFAULT_MAX_AGE = 86_400.0  # give up on a push a day after it was enqueued
RETRY_AFTER_FLOOR = 1.0  # seconds: the least a Retry-After can make us wait
STORE_RETRY = 5.0  # seconds to wait when the outbox file itself fails


class DeliveryError(Exception):
    """A sender's failure with hints: ``retry_after`` seconds, or ``permanent`` (give up now)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, permanent: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class OutboxWorker:
    """Delivers due outbox items through ``senders`` until stopped."""

    def __init__(
        self,
        outbox: Outbox,
        senders: Mapping[str, Sender],
        *,
        backoff: tuple[float, float] = (1.0, 300.0),
        max_attempts: int | None = None,
        max_age: float = DEFAULT_MAX_AGE,
        retry_floor: float = RETRY_AFTER_FLOOR,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
        batch: int = 100,
        known_secrets: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        """``known_secrets`` returns secret values to mask in stored error text."""
        self.outbox = outbox
        self.senders = dict(senders)
        self.backoff = backoff
        self.max_attempts = max_attempts
        self.max_age = max_age
        self.retry_floor = retry_floor
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._batch = batch
        self._known_secrets = known_secrets
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the loop as a task of the running event loop (idempotent)."""
        if not self.running:
            self._wake.set()
            self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-worker")

    async def stop(self) -> None:
        """Cancel the loop; an item in flight stays pending and is sent again next time."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def kick(self) -> None:
        """Wake the loop now (call after ``enqueue``, from the event loop's thread)."""
        self._wake.set()

    def delay_for(self, attempt: int) -> float:
        """Backoff before retry number ``attempt`` (1-based): exponential, capped, jittered."""
        base, cap = self.backoff
        full = min(cap, base * 2.0 ** min(attempt - 1, 60))
        return full / 2 + self._rng.uniform(0, full / 2)

    async def run_once(self) -> int:
        """Send every item due now (one pass); return how many were attempted."""
        items = await asyncio.to_thread(
            self.outbox.due, self._clock(), targets=self.senders, limit=self._batch
        )
        by_target: dict[str, list[OutboxItem]] = {}
        for item in items:
            by_target.setdefault(item.target, []).append(item)
        results = await asyncio.gather(
            *(self._deliver_all(group) for group in by_target.values()), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, BaseException)]
        for error in errors:
            log.error("outbox pass failed: %s", redact(repr(error), self._known_secrets()))
        if errors:
            raise errors[0]  # the store itself failed (disk full, locked): back off, don't spin
        return len(items)

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                if await self.run_once():
                    continue
                next_at = await asyncio.to_thread(self.outbox.next_due_at, targets=self.senders)
            except Exception as exc:  # a broken disk must not kill the loop; try again later
                log.error("outbox unavailable: %s", redact(str(exc), self._known_secrets()))
                next_at = self._clock() + STORE_RETRY
            delay = (
                None if next_at is None else min(MAX_IDLE_WAIT, max(0.0, next_at - self._clock()))
            )
            await self._wait(delay)

    async def _wait(self, delay: float | None) -> None:
        if delay is None:
            await self._wake.wait()
            return
        waiter = asyncio.ensure_future(self._wake.wait())
        sleeper = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait({waiter, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            sleeper.cancel()

    async def _deliver_all(self, items: list[OutboxItem]) -> None:
        for item in items:
            await self._deliver(item)

    async def _deliver(self, item: OutboxItem) -> None:
        sender = self.senders[item.target]
        await asyncio.to_thread(self.outbox.mark_attempt, item.id)
        try:
            await sender(item)
        except Exception as exc:
            await self._on_failure(item, exc)
            return
        await asyncio.to_thread(self.outbox.mark_sent, item.id)

    async def _on_failure(self, item: OutboxItem, exc: Exception) -> None:
        attempt = item.attempts + 1
        text = redact(f"{type(exc).__name__}: {exc}", self._known_secrets())
        age = self._clock() - item.created_at
        if (
            getattr(exc, "permanent", False) is True
            or age >= self.max_age
            or (self.max_attempts is not None and attempt >= self.max_attempts)
        ):
            log.warning(
                "outbox item %d (%s %s) dead after %d attempts in %.0f s: %s",
                item.id,
                item.target,
                item.kind,
                attempt,
                age,
                text,
            )
            await asyncio.to_thread(self.outbox.mark_dead, item.id, text)
            return
        delay = self._retry_after(exc)
        if delay is None:
            delay = self.delay_for(attempt)
        else:
            delay = max(delay, self.retry_floor)
        log.info(
            "outbox item %d (%s %s) failed, retry in %.1f s: %s",
            item.id,
            item.target,
            item.kind,
            delay,
            text,
        )
        await asyncio.to_thread(self.outbox.mark_failed, item.id, text, self._clock() + delay)

    @staticmethod
    def _retry_after(exc: Exception) -> float | None:
        value = getattr(exc, "retry_after", None)
        if value is None or isinstance(value, bool):
            return None
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            return None
        if not math.isfinite(seconds) or seconds < 0:
            return None
        return min(seconds, MAX_RETRY_AFTER)

"""OutboxWorker: retries with backoff (virtual time), order per call, dead items, restarts.

The "CRM down, then up" and "killed mid-send" tests talk HTTP to a real server
on 127.0.0.1 (``tests/fakes/crm_http_fake.py``); the crash test runs the worker in a child
process and SIGKILLs it while its request hangs.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.history.outbox import DeliveryError, Outbox, OutboxItem, OutboxWorker
from tests.fakes import crm_http_fake as fake

FAKE_SCRIPT = Path(fake.__file__).resolve()  # also run as the child process


class VirtualTime:
    """``clock``/``sleep`` for the worker: sleeping moves the clock instead of waiting."""

    def __init__(self) -> None:
        self.t = 1_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds
        await asyncio.sleep(0)


async def until(condition: Callable[[], bool], within: float = 20.0) -> None:
    """Wait for a condition on stored state (polled: it lives in SQLite), failing after ``within`` s."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.005)


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def outbox(tmp_path: Path, vt: VirtualTime) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", clock=vt.clock)


def recording_worker(outbox: Outbox, vt: VirtualTime) -> tuple[OutboxWorker, list[str]]:
    """A worker for target ``crm`` whose sender succeeds and records each item's key."""
    delivered: list[str] = []

    async def send(item: OutboxItem) -> None:
        delivered.append(item.idempotency_key)

    return OutboxWorker(outbox, {"crm": send}, clock=vt.clock, sleep=vt.sleep), delivered


def enqueue_calls(outbox: Outbox, calls: int = 3) -> list[str]:
    keys = []
    for c in range(calls):
        for event in ("ringing", "answered", "hangup"):
            key = f"call{c}:{event}"
            outbox.enqueue("crm", "event", key, {"call": c, "event": event}, group=f"call{c}")
            keys.append(key)
    return keys


def assert_in_call_order(processed: list[tuple[str, str, Any]], keys: list[str]) -> None:
    assert sorted(k for k, _, _ in processed) == sorted(keys)  # every item exactly once
    for group in {g for _, g, _ in processed}:
        events = [p["event"] for _, g, p in processed if g == group]
        assert events == ["ringing", "answered", "hangup"], (group, events)


async def test_crm_down_then_up_delivers_everything_once_in_order(
    outbox: Outbox, vt: VirtualTime
) -> None:
    crm = fake.FakeCrm(unavailable=2, retry_after=7.0)
    await crm.start()
    port = crm.port
    await crm.stop()  # the CRM is down: connections are refused
    failures: list[str] = []

    async def send(item: OutboxItem) -> None:
        try:
            await fake.post_item(port, item)
        except Exception as exc:
            failures.append(f"{vt.t}:{type(exc).__name__}")
            raise

    keys = enqueue_calls(outbox)
    worker = OutboxWorker(
        outbox,
        {"crm": send},
        backoff=(1.0, 60.0),
        clock=vt.clock,
        sleep=vt.sleep,
        rng=random.Random(1),
    )
    worker.start()
    try:
        await until(lambda: len(failures) >= 9)
        assert all(f.endswith("ConnectionRefusedError") for f in failures)
        assert outbox.stats().failing == 3 and not crm.processed
        restarted = fake.FakeCrm(port=port, unavailable=2, retry_after=7.0)
        await restarted.start()  # the CRM is back, busy at first (503 + Retry-After)
        worker.kick()
        await until(lambda: outbox.stats().pending == 0)
    finally:
        await worker.stop()
    assert_in_call_order(restarted.processed, keys)
    assert len(restarted.received) == len(keys) + 2  # two 503s, then each key once
    assert outbox.stats().sent == len(keys) and outbox.failed() == []
    await restarted.stop()


async def test_backoff_grows_with_jitter_and_retry_after_wins(
    outbox: Outbox, vt: VirtualTime
) -> None:
    outbox.enqueue("crm", "event", "k", {}, group="g")
    errors: list[Exception] = [ConnectionError("refused")] * 4 + [
        DeliveryError("429", retry_after=42)
    ]

    async def send(item: OutboxItem) -> None:
        raise errors.pop(0)

    worker = OutboxWorker(
        outbox,
        {"crm": send},
        backoff=(2.0, 10.0),
        clock=vt.clock,
        sleep=vt.sleep,
        rng=random.Random(5),
    )
    delays = []
    for _ in range(5):
        assert await worker.run_once() == 1
        [item] = outbox.pending()
        delays.append(item.next_attempt_at - vt.t)
        vt.t = item.next_attempt_at - 0.001
        assert await worker.run_once() == 0  # not due before its time
        vt.t = item.next_attempt_at
    full = [2.0, 4.0, 8.0, 10.0]  # 2 * 2**n capped at 10
    for delay, cap in zip(delays[:4], full, strict=True):
        assert cap / 2 <= delay <= cap
    assert len(set(delays[:4])) == 4
    assert delays[4] == 42.0
    assert (
        outbox.pending()[0].attempts == 5 and outbox.pending()[0].last_error == "DeliveryError: 429"
    )


async def test_max_attempts_and_permanent_errors_make_dead_items(
    outbox: Outbox, vt: VirtualTime
) -> None:
    outbox.enqueue("crm", "event", "c1:ringing", {}, group="c1")
    outbox.enqueue("crm", "event", "c1:hangup", {}, group="c1")
    outbox.enqueue("crm", "event", "bad", {})
    delivered: list[str] = []

    async def send(item: OutboxItem) -> None:
        if item.idempotency_key == "c1:ringing":
            raise RuntimeError("CRM said no; api_key=abc-secret-123 token=tkn")
        if item.idempotency_key == "bad":
            raise DeliveryError("HTTP 400: unknown phone", permanent=True)
        delivered.append(item.idempotency_key)

    worker = OutboxWorker(
        outbox,
        {"crm": send},
        max_attempts=3,
        clock=vt.clock,
        sleep=vt.sleep,
        known_secrets=lambda: ["tkn"],
    )
    worker.start()
    try:
        await until(lambda: outbox.stats().pending == 0)
    finally:
        await worker.stop()
    dead = {i.idempotency_key: i for i in outbox.failed()}
    assert set(dead) == {"c1:ringing", "bad"}
    assert dead["c1:ringing"].attempts == 3 and dead["bad"].attempts == 1
    assert dead["c1:ringing"].last_error == "RuntimeError: CRM said no; api_key=*** token=***"
    assert dead["bad"].last_error == "DeliveryError: HTTP 400: unknown phone"
    assert delivered == ["c1:hangup"]  # a dead head does not hold its call back forever


async def test_kick_wakes_an_idle_worker_and_unknown_targets_wait(
    outbox: Outbox, vt: VirtualTime
) -> None:
    worker, delivered = recording_worker(outbox, vt)
    worker.start()
    try:
        await asyncio.sleep(0.05)
        outbox.enqueue("elsewhere", "event", "x", {})
        outbox.enqueue("crm", "event", "k1", {})
        worker.kick()
        await until(lambda: outbox.stats().sent == 1)
        assert delivered == ["k1"]
        assert vt.slept == []  # it waited for the kick, not by polling
    finally:
        await worker.stop()
    [waiting] = outbox.pending()
    assert (waiting.target, waiting.attempts) == ("elsewhere", 0)


async def test_stopped_mid_send_is_resent_by_the_next_worker(
    outbox: Outbox, vt: VirtualTime
) -> None:
    started = asyncio.Event()

    async def hang(item: OutboxItem) -> None:
        started.set()
        await asyncio.Event().wait()

    outbox.enqueue("crm", "event", "k", {"n": 1})
    worker = OutboxWorker(outbox, {"crm": hang}, clock=vt.clock, sleep=vt.sleep)
    worker.start()
    await asyncio.wait_for(started.wait(), 10)
    await worker.stop()
    assert not worker.running
    [item] = outbox.pending()
    assert item.attempts == 1
    delivered: list[OutboxItem] = []

    async def send(item: OutboxItem) -> None:
        delivered.append(item)

    second = OutboxWorker(outbox, {"crm": send}, clock=vt.clock, sleep=vt.sleep)
    second.start()
    try:
        await until(lambda: outbox.stats().sent == 1)
    finally:
        await second.stop()
    assert [i.idempotency_key for i in delivered] == ["k"]


async def test_killed_mid_send_resumes_after_restart(tmp_path: Path) -> None:
    """A child process delivering the outbox is SIGKILLed while its request hangs."""
    db = tmp_path / "outbox.sqlite3"
    seed = Outbox(db)
    keys = enqueue_calls(seed, calls=2)
    seed.close()
    crm = fake.FakeCrm(hold_first=True)
    await crm.start()
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(FAKE_SCRIPT), str(db), str(crm.port)
    )
    try:
        await asyncio.wait_for(crm.held.wait(), 30)
    finally:
        child.kill()  # SIGKILL: no cleanup, no chance to mark anything
        await child.wait()
    assert child.returncode == -9
    after_crash = Outbox(db)
    first = after_crash.get(1)
    assert first is not None and first.state == "pending" and first.attempts == 1
    after_crash.close()
    restarted = await asyncio.create_subprocess_exec(
        sys.executable, str(FAKE_SCRIPT), str(db), str(crm.port)
    )
    assert await asyncio.wait_for(restarted.wait(), 60) == 0
    await crm.stop()
    assert crm.received.count("call0:ringing") == 2  # at least once: sent again after the crash
    assert_in_call_order(crm.processed, keys)  # the receiver's dedupe makes it exactly once
    final = Outbox(db)
    assert final.stats().sent == len(keys) and final.pending() == []
    final.close()


async def test_a_failing_store_makes_the_worker_back_off_not_spin(
    outbox: Outbox, vt: VirtualTime
) -> None:
    import sqlite3

    outbox.enqueue("crm", "event", "k", {})
    real_mark_attempt = outbox.mark_attempt
    broken = [sqlite3.OperationalError("database is locked")] * 2

    def flaky_mark_attempt(item_id: int) -> None:
        if broken:
            raise broken.pop()
        real_mark_attempt(item_id)

    outbox.mark_attempt = flaky_mark_attempt  # type: ignore[method-assign]
    worker, delivered = recording_worker(outbox, vt)
    worker.start()
    try:
        await until(lambda: outbox.stats().sent == 1)
    finally:
        await worker.stop()
    assert delivered == ["k"]
    assert vt.slept[:2] == [5.0, 5.0]  # waited between tries of the broken store

"""The outbox gives up by age, not by count; Retry-After is honoured with a floor (issue 11 #3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.history.outbox import DEAD, PENDING, DeliveryError, Outbox, OutboxItem, OutboxWorker
from core.history.worker import DEFAULT_MAX_AGE, RETRY_AFTER_FLOOR


class VirtualTime:
    def __init__(self) -> None:
        self.t = 1_000.0

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
def outbox(tmp_path: Path, vt: VirtualTime) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", clock=vt.clock)


async def _run_until_idle(
    worker: OutboxWorker, outbox: Outbox, vt: VirtualTime, passes: int
) -> int:
    """Run ``passes`` due passes, jumping the clock to each next attempt; attempts made."""
    attempts = 0
    for _ in range(passes):
        attempts += await worker.run_once()
        next_at = outbox.next_due_at()
        if next_at is None:
            break
        vt.t = max(vt.t, next_at)
    return attempts


@pytest.mark.parametrize("retry_after", [0, 1])
async def test_a_short_outage_with_retry_after_never_kills_a_push(
    outbox: Outbox, vt: VirtualTime, retry_after: float
) -> None:
    """200 answers of 503 + Retry-After (far more than any count limit), then the CRM is back."""
    outbox.enqueue("crm", "event", "c1:hangup", {}, group="c1")
    answers = [DeliveryError("HTTP 503", retry_after=retry_after)] * 200
    delivered: list[str] = []

    async def send(item: OutboxItem) -> None:
        if answers:
            raise answers.pop()
        delivered.append(item.idempotency_key)

    worker = OutboxWorker(outbox, {"crm": send}, clock=vt.clock, sleep=vt.sleep)
    start = vt.t
    attempts = await _run_until_idle(worker, outbox, vt, 300)
    assert delivered == ["c1:hangup"] and attempts == 201
    assert outbox.stats().dead == 0
    # Retry-After: 0 is not a tight loop: each retry waits at least the floor
    assert vt.t - start >= 200 * max(retry_after, RETRY_AFTER_FLOOR)


async def test_retry_after_below_the_floor_waits_the_floor(outbox: Outbox, vt: VirtualTime) -> None:
    outbox.enqueue("crm", "event", "k", {})

    async def send(item: OutboxItem) -> None:
        raise DeliveryError("HTTP 429", retry_after=0)

    worker = OutboxWorker(outbox, {"crm": send}, clock=vt.clock, sleep=vt.sleep, retry_floor=2.5)
    await worker.run_once()
    [item] = outbox.pending()
    assert item.next_attempt_at - vt.t == 2.5


async def test_an_item_dies_only_when_older_than_max_age(outbox: Outbox, vt: VirtualTime) -> None:
    outbox.enqueue("crm", "event", "k", {})

    async def send(item: OutboxItem) -> None:
        raise ConnectionError("refused")

    worker = OutboxWorker(
        outbox, {"crm": send}, clock=vt.clock, sleep=vt.sleep, backoff=(1.0, 600.0), max_age=7200
    )
    created = vt.t
    while outbox.stats().dead == 0:
        assert await worker.run_once() == 1
        [item] = outbox.pending() or outbox.failed()
        if item.state == PENDING:
            assert vt.t - created < 7200
            vt.t = item.next_attempt_at
    [dead] = outbox.failed()
    assert dead.state == DEAD and dead.attempts > 20  # far past the old 20-attempt limit
    assert vt.t - created >= 7200


def test_default_max_age_is_a_day() -> None:
    assert DEFAULT_MAX_AGE == 24 * 3600


def test_dead_items_can_be_listed_retried_and_dropped(outbox: Outbox) -> None:
    outbox.enqueue("crm", "event", "a", {})
    outbox.enqueue("crm", "event", "b", {})
    a, b = outbox.pending()
    outbox.mark_dead(a.id, "HTTP 400")
    outbox.mark_dead(b.id, "HTTP 400")
    assert [i.idempotency_key for i in outbox.dead()] == ["a", "b"]
    assert outbox.drop(a.id) is True
    assert outbox.drop(a.id) is False  # gone
    assert outbox.drop(999) is False
    assert outbox.retry(b.id) is True
    assert outbox.dead() == [] and [i.idempotency_key for i in outbox.pending()] == ["b"]
    assert outbox.drop(b.id) is False  # only dead items are dropped: a pending one is in use


def test_an_attempt_that_never_came_back_is_counted_as_maybe_duplicated(
    outbox: Outbox, tmp_path: Path
) -> None:
    outbox.enqueue("crm", "event", "crashed", {})
    outbox.enqueue("crm", "event", "failed-once", {})
    outbox.enqueue("crm", "event", "clean", {})
    crashed, failed, clean = outbox.pending()
    outbox.mark_attempt(crashed.id)  # the process dies here, mid-send: no result recorded
    outbox.close()
    reopened = Outbox(tmp_path / "outbox.sqlite3")
    for item in (crashed, failed, clean):
        reopened.mark_attempt(item.id)
        if item is failed:
            reopened.mark_failed(item.id, "HTTP 503", 0.0)
            reopened.mark_attempt(item.id)
        reopened.mark_sent(item.id)
    stats = reopened.stats()
    assert stats.sent == 3 and stats.resent == 1  # a failed attempt is no duplicate
    reopened.close()

"""The outbox table: once per key, per-call order, failures kept visible, survives reopen."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from core.history.outbox import AsyncOutbox, Outbox
from core.history.redact import redact


class Clock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(tmp_path: Path, clock: Clock) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", clock=clock)


def keys(items: list) -> list[str]:  # type: ignore[type-arg]
    return [i.idempotency_key for i in items]


def test_enqueue_is_once_per_target_and_key(outbox: Outbox) -> None:
    assert outbox.enqueue(
        "crm", "event", "c1:ringing", {"phone": "+7916", "имя": "Иван"}, group="c1"
    )
    assert not outbox.enqueue("crm", "event", "c1:ringing", {"phone": "changed"}, group="c1")
    assert outbox.enqueue("other", "event", "c1:ringing", {"phone": "+7916"}, group="c1")
    [item] = outbox.pending("crm")
    assert item.payload == {"phone": "+7916", "имя": "Иван"}  # the first one is kept as is
    assert (item.kind, item.group, item.attempts, item.state) == ("event", "c1", 0, "pending")


def test_due_heads_each_call_and_keeps_order(outbox: Outbox, clock: Clock) -> None:
    for event in ("ringing", "answered", "hangup"):
        outbox.enqueue("crm", "event", f"c1:{event}", {"e": event}, group="c1")
    outbox.enqueue("crm", "event", "c2:ringing", {}, group="c2")
    outbox.enqueue("crm", "note", "n1", {})  # no group: no ordering constraint
    outbox.enqueue("bitrix", "event", "c1:ringing", {}, group="c1")  # other target: independent
    assert keys(outbox.due(clock.t)) == ["c1:ringing", "c2:ringing", "n1", "c1:ringing"]
    assert keys(outbox.due(clock.t, targets=["crm"])) == ["c1:ringing", "c2:ringing", "n1"]
    first = outbox.due(clock.t)[0]
    outbox.mark_failed(first.id, "HTTP 503", clock.t + 10)
    # the failing head holds its call back; other calls go on
    assert keys(outbox.due(clock.t, targets=["crm"])) == ["c2:ringing", "n1"]
    assert outbox.next_due_at(targets=["crm"]) == clock.t  # c2 and n1 are due now
    clock.t += 10
    assert keys(outbox.due(clock.t, targets=["crm"]))[0] == "c1:ringing"
    queued = {i.idempotency_key: i.next_attempt_at for i in outbox.pending("crm")}
    assert queued["c1:answered"] == queued["c1:hangup"] == math.inf  # waiting behind c1:ringing
    clock.t += 1
    outbox.mark_sent(first.id)
    assert keys(outbox.due(clock.t, targets=["crm"]))[0] == "c1:answered"
    released = {i.idempotency_key: i.next_attempt_at for i in outbox.pending("crm")}
    assert released["c1:answered"] == clock.t and released["c1:hangup"] == math.inf


def test_dead_item_is_kept_visible_and_no_longer_blocks(outbox: Outbox, clock: Clock) -> None:
    outbox.enqueue("crm", "event", "c1:ringing", {}, group="c1")
    outbox.enqueue("crm", "event", "c1:hangup", {}, group="c1")
    head = outbox.due(clock.t)[0]
    outbox.mark_attempt(head.id)
    outbox.mark_dead(head.id, "HTTP 400 Bad Request: apiKey=SECRET123 is wrong")
    assert keys(outbox.due(clock.t)) == ["c1:hangup"]
    [dead] = outbox.failed()
    assert dead.state == "dead" and dead.attempts == 1
    assert dead.last_error == "HTTP 400 Bad Request: apiKey=*** is wrong"
    stats = outbox.stats()
    assert (stats.pending, stats.failing, stats.dead, stats.sent) == (1, 0, 1, 0)
    assert outbox.retry(dead.id) and not outbox.retry(dead.id)
    assert keys(outbox.due(clock.t)) == ["c1:ringing"]  # back at the head of its call
    assert outbox.get(dead.id).attempts == 0  # type: ignore[union-attr]


def test_failed_lists_failing_and_dead_with_their_errors(outbox: Outbox, clock: Clock) -> None:
    outbox.enqueue("crm", "event", "a", {})
    outbox.enqueue("crm", "event", "b", {})
    outbox.enqueue("crm", "event", "c", {})
    a, b, c = outbox.due(clock.t)
    outbox.mark_failed(a.id, "timeout", clock.t + 5)
    outbox.mark_dead(b.id, "rejected")
    outbox.mark_sent(c.id)
    outbox.mark_failed(c.id, "late failure", 0)  # a sent item stays sent
    assert [(i.idempotency_key, i.state, i.last_error) for i in outbox.failed()] == [
        ("a", "pending", "timeout"),
        ("b", "dead", "rejected"),
    ]
    stats = outbox.stats()
    assert (stats.pending, stats.failing, stats.dead, stats.sent) == (1, 1, 1, 1)
    assert stats.oldest_pending_at == clock.t
    assert keys(outbox.sent()) == ["c"]
    clock.t += 100
    assert outbox.purge_sent(clock.t) == 1 and outbox.sent() == []


def test_items_survive_reopen(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "o.db"
    first = Outbox(path, clock=clock)
    first.enqueue("crm", "event", "k1", {"x": 1}, group="g")
    first.mark_failed(first.due(clock.t)[0].id, "boom", clock.t + 1)
    first.close()
    again = Outbox(path, clock=clock)
    [item] = again.pending()
    assert (item.payload, item.last_error, item.next_attempt_at) == ({"x": 1}, "boom", clock.t + 1)
    assert not again.enqueue("crm", "event", "k1", {"x": 2})


def test_payload_must_be_json(outbox: Outbox) -> None:
    with pytest.raises(TypeError):
        outbox.enqueue("crm", "event", "k", {"when": object()})
    with pytest.raises(ValueError):
        outbox.enqueue("crm", "event", "k", {"duration": math.nan})
    assert outbox.pending() == []


def test_redaction_covers_common_secret_shapes() -> None:
    text = (
        "POST https://bob:hunter2@crm.example/api?apiKey=abc123&x=1 "
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig "
        '{"errorMsg":"bad","token":"t0k3n"} https://b24.ru/rest/1/abcdefgh1234/crm.x '
        "X-Client-Sign: 0123abcd design=kept my-own-value"
    )
    clean = redact(text, known=["my-own-value"])
    for secret in (
        "hunter2",
        "abc123",
        "eyJhbGciOiJIUzI1NiJ9",
        "t0k3n",
        "abcdefgh1234",
        "0123abcd",
        "my-own-value",
    ):
        assert secret not in clean
    assert "design=kept" in clean and "errorMsg" in clean and "x=1" in clean
    assert len(redact("x" * 10_000)) == 2000


async def test_async_outbox(tmp_path: Path, clock: Clock) -> None:
    store = AsyncOutbox(Outbox(tmp_path / "a.db", clock=clock))
    assert await store.enqueue("crm", "event", "k", {"a": 1}, group="g")
    assert not await store.enqueue("crm", "event", "k", {"a": 1}, group="g")
    assert keys(await store.pending()) == ["k"]
    assert (await store.stats()).pending == 1
    assert await store.failed() == []
    assert not await store.retry(1)
    await store.close()

"""Durable outbox for CRM pushes: written first, sent with retries, never silently dropped.

Every push (call event, finished call, after-call note) is ``enqueue``-d into
SQLite before anything goes on the wire; ``OutboxWorker`` (``worker.py``)
sends it and records the result. Guarantees:

* **Once per key.** ``(target, idempotency_key)`` is unique: enqueueing the
  same event twice (a re-sync after an AMI reconnect, a second front-end
  seeing the same call) stores it once. Use ``"<call id>:<event>"`` keys.
* **At least once on the wire.** An item stays ``pending`` until its sender
  returned; an item in flight when the process dies is sent again after the
  restart. Receivers that must not see duplicates dedupe on the idempotency
  key, which every sender should put on the request (a header, ``externalId``,
  ``callExternalId``...). Together that is exactly-once *processing*.
* **In order per call.** An item with a ``group`` (the call id) is not due
  while an earlier item of the same group for the same target is still
  pending, so ``hangup`` never overtakes ``ringing``. A *dead* item no longer
  holds its group back (it is final, and visible).
* **Visible.** Failing items keep the CRM's error text (secrets redacted) and
  their next attempt time; once older than the worker's ``max_age`` (or on a
  permanent error) an item becomes ``dead``: listed by ``dead()`` and
  ``failed()``, counted by ``stats()``; ``retry()`` puts it back in the queue
  and ``drop()`` forgets it (the admin's ``ringside gateway outbox`` commands).

Writes use ``synchronous=FULL``: an enqueue acknowledged to the caller survives
a power cut, not only a crash. Any process may enqueue into the file; run one
``OutboxWorker`` per file (the desktop is single-instance, the gateway has its
own file), or two workers could send the same item at the same time.
"""

from __future__ import annotations

import asyncio
import json
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.history.db import Database, Schema
from core.history.redact import redact

PENDING, SENT, DEAD = "pending", "sent", "dead"
# ``next_attempt_at`` of an item queued behind an earlier pending item of its call: it is
# released (made due) when that one is sent or dead, so ``due()`` reads only real candidates
# from its index instead of checking every queued item of a long backlog. Shown as ``inf``.
BLOCKED = 1e300

_V1 = (
    """CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target TEXT NOT NULL, kind TEXT NOT NULL, grp TEXT, idempotency_key TEXT NOT NULL,
        payload TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL,
        next_attempt_at REAL NOT NULL, last_attempt_at REAL, last_error TEXT, sent_at REAL,
        UNIQUE (target, idempotency_key))""",
    "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
    "CREATE INDEX outbox_group ON outbox (target, grp, state, id)",
)

# v2: failed attempts counted apart from attempts, so an attempt that never came back (the
# process died mid-send) is visible: ``attempts - failures > 1`` on a sent item means the
# CRM may have received it more than once (``OutboxStats.resent``).
_V2 = ("ALTER TABLE outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0",)

SCHEMA = Schema(name="outbox", application_id=0x52534F31, migrations=(_V1, _V2))

_HEAD = (
    "o.state = 'pending' AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.target = o.target "
    "AND p.grp = o.grp AND p.state = 'pending' AND p.id < o.id)"
)
_FIELDS = (
    'id, target, kind, grp AS "group", idempotency_key, payload, state, attempts, created_at, '
    "next_attempt_at, last_attempt_at, last_error, sent_at"
)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One stored push. ``payload`` is the JSON object given to ``enqueue``."""

    id: int
    target: str
    kind: str
    group: str | None
    idempotency_key: str
    payload: Mapping[str, Any] = field(hash=False)
    state: str = PENDING
    attempts: int = 0
    created_at: float = 0.0
    next_attempt_at: float = 0.0
    last_attempt_at: float | None = None
    last_error: str | None = None
    sent_at: float | None = None


@dataclass(frozen=True, slots=True)
class OutboxStats:
    pending: int  # waiting to be sent (failing ones included)
    failing: int  # pending whose last attempt failed
    dead: int  # gave up: needs a person (see ``failed()``)
    sent: int
    oldest_pending_at: float | None
    resent: int = 0  # sent items with an attempt that never came back: maybe received twice


def _item(row: Any) -> OutboxItem:
    values = dict(row)  # the columns of ``_FIELDS``: OutboxItem's fields by name
    values["payload"] = json.loads(values["payload"])
    if values["next_attempt_at"] >= BLOCKED:
        values["next_attempt_at"] = math.inf
    return OutboxItem(**values)


def _target_filter(targets: Iterable[str] | None) -> tuple[str, list[str]]:
    if targets is None:
        return "", []
    names = sorted(set(targets))
    return f" AND o.target IN ({', '.join('?' * len(names))})", names


class Outbox:
    """The outbox table in one SQLite file (sync; ``AsyncOutbox`` for the event loop)."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self._db = Database(path, SCHEMA, synchronous="FULL")
        self._clock = clock

    def close(self) -> None:
        self._db.close()

    def enqueue(
        self,
        target: str,
        kind: str,
        idempotency_key: str,
        payload: Mapping[str, Any],
        *,
        group: str | None = None,
    ) -> bool:
        """Store a push; False when ``(target, idempotency_key)`` is already stored (kept as is)."""
        body = json.dumps(dict(payload), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        now = self._clock()
        with self._db.transaction() as conn:
            behind = (
                group is not None
                and conn.execute(
                    "SELECT 1 FROM outbox WHERE target = ? AND grp = ? AND state = 'pending' LIMIT 1",
                    (target, group),
                ).fetchone()
            )
            cursor = conn.execute(
                "INSERT OR IGNORE INTO outbox (target, kind, grp, idempotency_key, payload, "
                "created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (target, kind, group, idempotency_key, body, now, BLOCKED if behind else now),
            )
            return cursor.rowcount > 0

    def due(
        self, now: float, *, targets: Iterable[str] | None = None, limit: int = 100
    ) -> list[OutboxItem]:
        """Pending items whose time has come and that head their (target, group), oldest first."""
        where, params = _target_filter(targets)
        with self._db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_FIELDS} FROM outbox o WHERE {_HEAD} AND o.next_attempt_at <= ?{where} "
                "ORDER BY o.id LIMIT ?",
                (now, *params, limit),
            ).fetchall()
        return [_item(r) for r in rows]

    def next_due_at(self, *, targets: Iterable[str] | None = None) -> float | None:
        """When the next sendable item is due (None: nothing pending for these targets)."""
        where, params = _target_filter(targets)
        with self._db.reading() as conn:
            row = conn.execute(
                f"SELECT min(o.next_attempt_at) FROM outbox o WHERE {_HEAD} "
                f"AND o.next_attempt_at < ?{where}",
                (BLOCKED, *params),
            ).fetchone()
        return None if row[0] is None else float(row[0])

    def mark_attempt(self, item_id: int) -> None:
        """Count an attempt before sending, so an item that kills the process still runs out."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
                (self._clock(), item_id),
            )

    def mark_sent(self, item_id: int) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ? WHERE id = ? AND state = 'pending'",
                (self._clock(), item_id),
            )
            self._release_next(conn, item_id)

    def mark_failed(self, item_id: int, error_text: str, retry_at: float) -> None:
        """Record a failed attempt (error text redacted) and when to try again."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET last_error = ?, next_attempt_at = ?, failures = failures + 1 "
                "WHERE id = ? AND state = 'pending'",
                (redact(error_text), retry_at, item_id),
            )

    def mark_dead(self, item_id: int, error_text: str) -> None:
        """Give up on an item: it stays stored and listed by ``failed()`` with its error."""
        with self._db.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ? AND state = 'pending'",
                (redact(error_text), item_id),
            )
            self._release_next(conn, item_id)

    def _release_next(self, conn: sqlite3.Connection, item_id: int) -> None:
        """Make the next pending item of ``item_id``'s call (if blocked behind it) due now."""
        conn.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE next_attempt_at >= ? AND id = "
            "(SELECT min(n.id) FROM outbox n JOIN outbox d ON n.target = d.target AND n.grp = d.grp "
            "WHERE d.id = ? AND n.state = 'pending')",
            (self._clock(), BLOCKED, item_id),
        )

    def retry(self, item_id: int) -> bool:
        """Put a dead item back in the queue (attempts reset); False if it is not dead."""
        with self._db.transaction() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET state = 'pending', attempts = 0, failures = 0, next_attempt_at = ? "
                "WHERE id = ? AND state = 'dead'",
                (self._clock(), item_id),
            )
            return cursor.rowcount > 0

    def drop(self, item_id: int) -> bool:
        """Forget a dead item for good; False if there is no such dead item."""
        with self._db.transaction() as conn:
            cursor = conn.execute("DELETE FROM outbox WHERE id = ? AND state = 'dead'", (item_id,))
            return cursor.rowcount > 0

    def dead(self, limit: int = 1000) -> list[OutboxItem]:
        """Items the worker gave up on, oldest first."""
        return self._select("state = 'dead'", (), limit)

    def get(self, item_id: int) -> OutboxItem | None:
        with self._db.reading() as conn:
            row = conn.execute(f"SELECT {_FIELDS} FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return None if row is None else _item(row)

    def _select(
        self, where: str, params: tuple[Any, ...] = (), limit: int = 1000
    ) -> list[OutboxItem]:
        with self._db.reading() as conn:
            rows = conn.execute(
                f"SELECT {_FIELDS} FROM outbox WHERE {where} ORDER BY id LIMIT ?", (*params, limit)
            ).fetchall()
        return [_item(r) for r in rows]

    def pending(self, target: str | None = None, limit: int = 1000) -> list[OutboxItem]:
        """Items not yet delivered (including failing ones), oldest first."""
        if target is None:
            return self._select("state = 'pending'", (), limit)
        return self._select("state = 'pending' AND target = ?", (target,), limit)

    def failed(self, limit: int = 1000) -> list[OutboxItem]:
        """Items whose last attempt failed: dead ones and pending ones waiting for a retry."""
        return self._select(
            "state = 'dead' OR (state = 'pending' AND last_error IS NOT NULL)", (), limit
        )

    def sent(self, target: str | None = None, limit: int = 1000) -> list[OutboxItem]:
        if target is None:
            return self._select("state = 'sent'", (), limit)
        return self._select("state = 'sent' AND target = ?", (target,), limit)

    def stats(self) -> OutboxStats:
        with self._db.reading() as conn:
            row = conn.execute(
                "SELECT sum(state = 'pending'), sum(state = 'pending' AND last_error IS NOT NULL), "
                "sum(state = 'dead'), sum(state = 'sent'), min(CASE WHEN state = 'pending' "
                "THEN created_at END), sum(state = 'sent' AND attempts - failures > 1) FROM outbox"
            ).fetchone()
        return OutboxStats(
            pending=int(row[0] or 0),
            failing=int(row[1] or 0),
            dead=int(row[2] or 0),
            sent=int(row[3] or 0),
            oldest_pending_at=row[4],
            resent=int(row[5] or 0),
        )

    def purge_sent(self, older_than: float) -> int:
        """Forget items delivered before ``older_than`` (their keys can then be enqueued again)."""
        with self._db.transaction() as conn:
            return conn.execute(
                "DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?", (older_than,)
            ).rowcount


class AsyncOutbox:
    """``Outbox`` for the event loop: each call runs in ``asyncio.to_thread``."""

    def __init__(self, outbox: Outbox) -> None:
        self.sync = outbox

    async def enqueue(
        self,
        target: str,
        kind: str,
        idempotency_key: str,
        payload: Mapping[str, Any],
        *,
        group: str | None = None,
    ) -> bool:
        return await asyncio.to_thread(
            self.sync.enqueue, target, kind, idempotency_key, payload, group=group
        )

    async def pending(self, target: str | None = None, limit: int = 1000) -> list[OutboxItem]:
        return await asyncio.to_thread(self.sync.pending, target, limit)

    async def failed(self, limit: int = 1000) -> list[OutboxItem]:
        return await asyncio.to_thread(self.sync.failed, limit)

    async def stats(self) -> OutboxStats:
        return await asyncio.to_thread(self.sync.stats)

    async def retry(self, item_id: int) -> bool:
        return await asyncio.to_thread(self.sync.retry, item_id)

    async def dead(self, limit: int = 1000) -> list[OutboxItem]:
        return await asyncio.to_thread(self.sync.dead, limit)

    async def drop(self, item_id: int) -> bool:
        return await asyncio.to_thread(self.sync.drop, item_id)

    async def close(self) -> None:
        await asyncio.to_thread(self.sync.close)


from core.history.worker import DeliveryError, OutboxWorker  # noqa: E402  (re-export)

__all__ = [
    "DEAD",
    "PENDING",
    "SENT",
    "AsyncOutbox",
    "DeliveryError",
    "Outbox",
    "OutboxItem",
    "OutboxStats",
    "OutboxWorker",
]

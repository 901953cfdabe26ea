"""Durable map of our call ids to Bitrix24 ``CALL_ID``s (``telephony.externalcall.register``).

Bitrix24 gives every registered call its own ``CALL_ID``; ``.finish`` and
``.attachRecord`` must use it, or a second ``register`` creates a duplicate
call in the CRM. Keeping the map in memory lost it on every restart, so it
lives in a tiny SQLite table (``core.history.db.Database``: schema version,
WAL, one lock). Rows are keyed by portal too (a changed webhook never reuses
another portal's ids) and pruned after ``MAX_AGE`` seconds (a call the PBX
never finished). The methods are synchronous; the adapter runs them in
``asyncio.to_thread``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from core.history.db import Database, Schema

__all__ = ["MAX_AGE", "SCHEMA", "BitrixCallMap"]

MAX_AGE = 7 * 86_400.0

_V1 = (
    """CREATE TABLE bitrix_calls (
        portal TEXT NOT NULL,
        call_id TEXT NOT NULL,
        bitrix_call_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (portal, call_id))""",
    "CREATE INDEX bitrix_calls_created ON bitrix_calls (created_at)",
)
SCHEMA = Schema(name="Bitrix24 call map", application_id=0x52534233, migrations=(_V1,))


class BitrixCallMap:
    """``(portal, call id) -> Bitrix CALL_ID`` in one SQLite file, opened on first use."""

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._db: Database | None = None

    def _open(self) -> Database:
        if self._db is None:
            self._db = Database(self.path, SCHEMA)
            with self._db.transaction() as conn:
                conn.execute(
                    "DELETE FROM bitrix_calls WHERE created_at < ?", (self._clock() - MAX_AGE,)
                )
        return self._db

    def get(self, portal: str, call_id: str) -> str | None:
        with self._open().reading() as conn:
            row = conn.execute(
                "SELECT bitrix_call_id FROM bitrix_calls WHERE portal = ? AND call_id = ?",
                (portal, call_id),
            ).fetchone()
        return None if row is None else str(row[0])

    def put(self, portal: str, call_id: str, bitrix_call_id: str) -> None:
        with self._open().transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO bitrix_calls (portal, call_id, bitrix_call_id, created_at)"
                " VALUES (?, ?, ?, ?)",
                (portal, call_id, bitrix_call_id, self._clock()),
            )

    def remove(self, portal: str, call_id: str) -> None:
        with self._open().transaction() as conn:
            conn.execute(
                "DELETE FROM bitrix_calls WHERE portal = ? AND call_id = ?", (portal, call_id)
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

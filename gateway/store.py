"""The gateway's own SQLite file: the request/response log and the calls it has seen.

* ``exchanges`` — every request to or from an external system (seed 004's
  "лог запросов/ответов"), filterable by system, method and direction.
  Headers are stored with credentials redacted.
* ``calls`` — the latest snapshot of every call, so ``stats/call-details``
  and ``get_record`` can answer after the fact.

Built on ``core.history.db.Database`` (schema versions, one lock); the async
wrappers run the sqlite work in a worker thread.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from core.calls.events import CallSnapshot, Direction, Outcome, Parking
from core.history.db import Database, Schema

SCHEMA = Schema(
    name="gateway",
    application_id=0x52534757,  # "RSGW"
    migrations=[
        [
            """CREATE TABLE exchanges (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at REAL NOT NULL,
                direction TEXT NOT NULL,      -- 'in': from the external system, 'out': to it
                system TEXT NOT NULL,         -- rostelecom | retailcrm | clinica | binotel
                method TEXT NOT NULL,         -- call_events, call_back, get_record, ...
                remote TEXT NOT NULL DEFAULT '',
                status INTEGER,
                request_headers TEXT NOT NULL DEFAULT '{}',
                request_body TEXT NOT NULL DEFAULT '',
                response_body TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT ''
            )""",
            "CREATE INDEX exchanges_method ON exchanges(method, direction)",
            """CREATE TABLE calls (
                call_id TEXT PRIMARY KEY,
                updated_at REAL NOT NULL,
                snapshot TEXT NOT NULL
            )""",
            """CREATE TABLE one_time_links (
                token TEXT PRIMARY KEY,
                recording TEXT NOT NULL,
                expires_at REAL NOT NULL,
                used_at REAL
            )""",
        ]
    ],
)

REDACTED_HEADERS = frozenset({"x-api-key", "authorization", "cookie", "x-client-sign"})
MAX_BODY = 64 * 1024


def _text(body: bytes | str) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return body if len(body) <= MAX_BODY else body[:MAX_BODY] + "…"


def redact(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k: ("***" if k.lower() in REDACTED_HEADERS else v) for k, v in headers}


@dataclass(frozen=True, slots=True)
class Exchange:
    id: int
    at: float
    direction: str
    system: str
    method: str
    remote: str
    status: int | None
    request_headers: dict[str, str]
    request_body: str
    response_body: str
    note: str


_EXCHANGE_COLUMNS = ", ".join(f.name for f in fields(Exchange))


def snapshot_to_json(call: CallSnapshot) -> str:
    return json.dumps(asdict(call), ensure_ascii=False)


def snapshot_from_json(text: str) -> CallSnapshot:
    data: dict[str, Any] = json.loads(text)
    data["direction"] = Direction(data["direction"])
    data["outcome"] = Outcome(data["outcome"]) if data.get("outcome") else None
    data["rang"] = tuple(data.get("rang") or ())
    data["talked"] = tuple(data.get("talked") or ())
    data["per_extension"] = tuple((e, Outcome(o)) for e, o in data.get("per_extension") or ())
    if data.get("parking"):
        data["parking"] = Parking(**data["parking"])
    return CallSnapshot(**data)


class GatewayStore:
    """Sync store; use the ``a*`` coroutines from async code."""

    def __init__(
        self, path: str | Path, *, clock: Callable[[], float] = time.time, keep: int = 20_000
    ):
        self.db = Database(path, SCHEMA)
        self._clock = clock
        self._keep = keep
        self._since_prune = 0

    def close(self) -> None:
        self.db.close()

    # -- exchanges -----------------------------------------------------------
    def log_exchange(
        self,
        *,
        direction: str,
        system: str,
        method: str,
        status: int | None,
        request_headers: Iterable[tuple[str, str]] = (),
        request_body: bytes | str = b"",
        response_body: bytes | str = b"",
        remote: str = "",
        note: str = "",
    ) -> int:
        with self.db.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO exchanges (at, direction, system, method, remote, status,"
                " request_headers, request_body, response_body, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self._clock(),
                    direction,
                    system,
                    method,
                    remote,
                    status,
                    json.dumps(redact(request_headers), ensure_ascii=False),
                    _text(request_body),
                    _text(response_body),
                    note,
                ),
            )
            row_id = int(cur.lastrowid or 0)
            self._since_prune += 1
            if self._since_prune >= 500:  # keep the newest ``keep`` entries
                self._since_prune = 0
                conn.execute("DELETE FROM exchanges WHERE id <= ?", (row_id - self._keep,))
            return row_id

    def exchanges(
        self,
        *,
        method: str | None = None,
        direction: str | None = None,
        system: str | None = None,
        limit: int = 100,
    ) -> list[Exchange]:
        where, args = [], []
        for column, value in (("method", method), ("direction", direction), ("system", system)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        sql = f"SELECT {_EXCHANGE_COLUMNS} FROM exchanges"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        with self.db.reading() as conn:
            rows = conn.execute(sql, (*args, max(1, min(limit, 1000)))).fetchall()
        return [
            Exchange(**{**dict(row), "request_headers": json.loads(row["request_headers"])})
            for row in rows
        ]

    def clear_exchanges(self) -> int:
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM exchanges").rowcount

    # -- calls ---------------------------------------------------------------
    def save_call(self, call: CallSnapshot) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO calls (call_id, updated_at, snapshot) VALUES (?, ?, ?)"
                " ON CONFLICT(call_id) DO UPDATE SET updated_at = excluded.updated_at,"
                " snapshot = excluded.snapshot",
                (call.call_id, self._clock(), snapshot_to_json(call)),
            )

    def open_calls(self, limit: int = 10_000) -> list[tuple[CallSnapshot, float]]:
        """Calls whose end was never seen (snapshot, updated_at), oldest change first."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT snapshot, updated_at FROM calls WHERE json_extract(snapshot, '$.outcome')"
                " IS NULL ORDER BY updated_at LIMIT ?",
                (limit,),
            ).fetchall()
        return [(snapshot_from_json(row["snapshot"]), float(row["updated_at"])) for row in rows]

    def last_activity(self) -> float:
        """When the store last saved a call (0.0: never)."""
        with self.db.reading() as conn:
            row = conn.execute("SELECT max(updated_at) FROM calls").fetchone()
        return float(row[0] or 0.0)

    def call(self, call_id: str) -> CallSnapshot | None:
        with self.db.reading() as conn:
            row = conn.execute(
                "SELECT snapshot FROM calls WHERE call_id = ?", (call_id,)
            ).fetchone()
        return snapshot_from_json(row["snapshot"]) if row else None

    # -- one-time links -------------------------------------------------------
    def add_one_time_link(self, token: str, recording: str, expires_at: float) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO one_time_links (token, recording, expires_at) VALUES (?, ?, ?)",
                (token, recording, expires_at),
            )

    def use_one_time_link(self, token: str) -> str | None:
        """The recording behind ``token`` if unused and unexpired; marks it used."""
        now = self._clock()
        with self.db.transaction() as conn:
            row = conn.execute(
                "SELECT recording FROM one_time_links"
                " WHERE token = ? AND used_at IS NULL AND expires_at > ?",
                (token, now),
            ).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE one_time_links SET used_at = ? WHERE token = ?", (now, token))
            return str(row["recording"])

    # -- async wrappers ------------------------------------------------------
    async def alog_exchange(self, **fields: Any) -> int:
        return await asyncio.to_thread(lambda: self.log_exchange(**fields))

    async def acall(self, call_id: str) -> CallSnapshot | None:
        return await asyncio.to_thread(self.call, call_id)

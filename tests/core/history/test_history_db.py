"""Schema versions and migrations: empty -> latest, version 1 -> latest, refusals, rollback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.calls.events import Direction
from core.history import calls_sql
from core.history.calls import SCHEMA, CallHistory
from core.history.db import Database, DatabaseError, Schema
from core.history.outbox import Outbox


def test_empty_database_is_migrated_to_latest(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    history = CallHistory(path)
    assert history.schema_version == SCHEMA.version == 3
    history.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"calls", "calls_fts", "calls_number", "calls_unseen", "calls_ext_started"} <= names


def _v1_database(path: Path) -> None:
    """A file as Ringside's schema version 1 left it, with two calls in it."""
    v1 = Database(path, Schema(SCHEMA.name, SCHEMA.application_id, SCHEMA.migrations[:1]))
    with v1.transaction() as conn:
        conn.executemany(
            "INSERT INTO calls (call_id, extension, direction, remote_number, remote_name, "
            "started_at, outcome, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("c1", "101", "inbound", "8 (916) 123-45-67", "Пётр Иванов", 100.0, "missed", None),
                ("c2", "101", "outbound", "+74951112233", "ООО Ромашка", 200.0, "answered", "счёт"),
            ],
        )
    assert v1.version == 1
    v1.close()


def test_version_1_is_migrated_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    _v1_database(path)
    history = CallHistory(path)
    assert history.schema_version == 3
    # the new search keys were computed for the old rows
    assert [e.call_id for e in history.search("+7 916 123 45 67")] == ["c1"]
    assert [e.call_id for e in history.search("петр")] == ["c1"]
    assert [e.call_id for e in history.search("СЧЕТ")] == ["c2"]
    assert [e.call_id for e in history.search("1112233")] == ["c2"]
    # the missed flag too: the old missed inbound call shows on the badge, the rest is "seen"
    assert history.count_unseen_missed("101") == 1
    old = history.get("c2", "101")
    assert old is not None and old.seen and old.direction is Direction.OUTBOUND
    history.close()


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    CallHistory(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(DatabaseError, match="version 99, newer than this Ringside knows"):
        CallHistory(path)


def test_another_stores_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Outbox(path).close()
    with pytest.raises(DatabaseError, match="not a Ringside call history database"):
        CallHistory(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all, just some text" * 100)
    with pytest.raises(DatabaseError, match=r"junk\.db"):
        CallHistory(path)


def test_failed_migration_rolls_back_to_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    _v1_database(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE calls ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk on fire")

    schema = Schema(SCHEMA.name, SCHEMA.application_id, (SCHEMA.migrations[0], broken))
    with pytest.raises(DatabaseError, match="to version 2: disk on fire"):
        Database(path, schema)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(calls)")}
    assert "half_done" not in columns
    conn.close()
    # and the real migration still works afterwards
    assert CallHistory(path).schema_version == 3


def test_each_step_is_listed_once() -> None:
    assert SCHEMA.migrations[1] is calls_sql._migrate_v2
    assert len(SCHEMA.migrations) == SCHEMA.version

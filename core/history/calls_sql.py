"""SQL of the call log: schema versions, the migration steps and the upsert statement.

Version 1 is the plain log. Version 2 adds the search keys (reversed digits for
number-tail search, folded name/note text in an FTS5 index kept in sync by
triggers), the missed flag and the partial index behind the tray badge, and
back-fills them for rows written by version 1. Version 3 adds the voicemail flag
(the caller left a message after the call went to voicemail; the outcome stays
``missed``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from core.calls.events import CallSnapshot, Direction, Outcome
from core.history.db import Schema
from core.history.search import fold, number_key

# Per-extension outcomes that make an inbound/internal call "missed" for that extension.
MISSED_OUTCOMES = frozenset({Outcome.MISSED, Outcome.ABANDONED, Outcome.BUSY, Outcome.FAILED})

_V1 = (
    """CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        call_id TEXT NOT NULL, extension TEXT NOT NULL, direction TEXT NOT NULL,
        remote_number TEXT, remote_name TEXT, contact_id TEXT, did TEXT, queue TEXT,
        started_at REAL NOT NULL, answered_at REAL, ended_at REAL, outcome TEXT,
        talk_seconds REAL NOT NULL DEFAULT 0, wait_seconds REAL NOT NULL DEFAULT 0,
        recording TEXT, note TEXT, disposition TEXT, seen INTEGER NOT NULL DEFAULT 0,
        UNIQUE (call_id, extension))""",
    "CREATE INDEX calls_ext_started ON calls (extension, started_at)",
    "CREATE INDEX calls_started ON calls (started_at)",
)

_V2_DDL = (
    "ALTER TABLE calls ADD COLUMN remote_e164 TEXT",
    "ALTER TABLE calls ADD COLUMN number_rev TEXT",
    "ALTER TABLE calls ADD COLUMN name_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN note_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE calls ADD COLUMN missed INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE calls ADD COLUMN updated_at REAL",
    "CREATE INDEX calls_number ON calls (number_rev)",
    "CREATE INDEX calls_unseen ON calls (extension) WHERE missed = 1 AND seen = 0",
)
# Created after the back-fill: the update triggers would "delete" rows the index never had.
_V2_FTS = (
    """CREATE VIRTUAL TABLE calls_fts USING fts5(name_key, note_key, content='calls',
        content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER calls_fts_ai AFTER INSERT ON calls BEGIN
        INSERT INTO calls_fts (rowid, name_key, note_key) VALUES (new.id, new.name_key, new.note_key);
    END""",
    """CREATE TRIGGER calls_fts_ad AFTER DELETE ON calls BEGIN
        INSERT INTO calls_fts (calls_fts, rowid, name_key, note_key)
        VALUES ('delete', old.id, old.name_key, old.note_key);
    END""",
    """CREATE TRIGGER calls_fts_au AFTER UPDATE OF name_key, note_key ON calls
    WHEN old.name_key IS NOT new.name_key OR old.note_key IS NOT new.note_key BEGIN
        INSERT INTO calls_fts (calls_fts, rowid, name_key, note_key)
        VALUES ('delete', old.id, old.name_key, old.note_key);
        INSERT INTO calls_fts (rowid, name_key, note_key) VALUES (new.id, new.name_key, new.note_key);
    END""",
)


def note_key(note: str | None, disposition: str | None) -> str:
    """The indexed text of the operator's note and disposition."""
    return fold(f"{note or ''} {disposition or ''}").strip()


def is_missed(direction: str, outcome: str | None, extension: str, caller: str | None) -> bool:
    return outcome in MISSED_OUTCOMES and direction != Direction.OUTBOUND and caller != extension


def _migrate_v2(conn: sqlite3.Connection) -> None:
    for statement in _V2_DDL:
        conn.execute(statement)
    rows = conn.execute(
        "SELECT id, remote_number, remote_name, note, disposition, direction, outcome FROM calls"
    )
    conn.executemany(
        "UPDATE calls SET number_rev = ?, name_key = ?, note_key = ?, missed = ? WHERE id = ?",
        (
            (
                number_key(r[1]),
                fold(r[2]),
                note_key(r[3], r[4]),
                int(is_missed(r[5], r[6], "", None)),
                r[0],
            )
            for r in rows.fetchall()
        ),
    )
    conn.execute("UPDATE calls SET seen = 1 WHERE missed = 0")
    for statement in _V2_FTS:
        conn.execute(statement)
    conn.execute("INSERT INTO calls_fts (calls_fts) VALUES ('rebuild')")


_V3 = ("ALTER TABLE calls ADD COLUMN voicemail INTEGER NOT NULL DEFAULT 0",)

SCHEMA = Schema(name="call history", application_id=0x52534831, migrations=(_V1, _migrate_v2, _V3))


COLUMNS = (
    "call_id, extension, direction, remote_number, remote_e164, remote_name, contact_id, did, queue, "
    "started_at, answered_at, ended_at, outcome, talk_seconds, wait_seconds, recording, note, "
    "disposition, seen, missed, voicemail"
)

UPSERT = """
INSERT INTO calls (call_id, extension, direction, remote_number, remote_e164, remote_name, did, queue,
    started_at, answered_at, ended_at, outcome, talk_seconds, wait_seconds, recording, seen, missed,
    number_rev, name_key, voicemail, updated_at)
VALUES (:call_id, :extension, :direction, :remote_number, :remote_e164, :remote_name, :did, :queue,
    :started_at, :answered_at, :ended_at, :outcome, :talk_seconds, :wait_seconds, :recording,
    1 - :missed, :missed, :number_rev, :name_key, :voicemail, :now)
ON CONFLICT (call_id, extension) DO UPDATE SET
    direction = excluded.direction,
    remote_number = COALESCE(excluded.remote_number, remote_number),
    remote_e164 = COALESCE(excluded.remote_e164, remote_e164),
    number_rev = COALESCE(excluded.number_rev, number_rev),
    remote_name = CASE WHEN contact_id IS NOT NULL THEN remote_name
                       ELSE COALESCE(excluded.remote_name, remote_name) END,
    name_key = CASE WHEN contact_id IS NOT NULL OR excluded.remote_name IS NULL THEN name_key
                    ELSE excluded.name_key END,
    did = COALESCE(excluded.did, did),
    queue = COALESCE(excluded.queue, queue),
    started_at = excluded.started_at,
    answered_at = COALESCE(excluded.answered_at, answered_at),
    ended_at = COALESCE(excluded.ended_at, ended_at),
    outcome = COALESCE(excluded.outcome, outcome),
    talk_seconds = excluded.talk_seconds,
    wait_seconds = excluded.wait_seconds,
    recording = COALESCE(excluded.recording, recording),
    missed = CASE WHEN excluded.outcome IS NULL THEN missed ELSE excluded.missed END,
    seen = CASE WHEN (CASE WHEN excluded.outcome IS NULL THEN missed ELSE excluded.missed END) = 0
                THEN 1 WHEN missed = 1 THEN seen ELSE 0 END,
    voicemail = MAX(voicemail, excluded.voicemail),
    updated_at = excluded.updated_at
"""


def upsert_params(
    extension: str, snapshot: CallSnapshot, outcome: str | None, remote_e164: str | None
) -> dict[str, Any]:
    """The ``UPSERT`` parameters for ``extension``'s part of ``snapshot``."""
    missed = is_missed(snapshot.direction, outcome, extension, snapshot.from_extension)
    return {
        "call_id": snapshot.call_id,
        "extension": extension,
        "direction": str(snapshot.direction),
        "remote_number": snapshot.remote_number,
        "remote_e164": remote_e164,
        "remote_name": snapshot.remote_name,
        "did": snapshot.did,
        "queue": snapshot.queue,
        "started_at": snapshot.started_at,
        "answered_at": snapshot.answered_at,
        "ended_at": snapshot.ended_at,
        "outcome": outcome,
        "talk_seconds": snapshot.talk_seconds,
        "wait_seconds": snapshot.wait_seconds,
        "recording": snapshot.recording,
        "missed": int(missed),
        "number_rev": number_key(snapshot.remote_number, remote_e164),
        "name_key": fold(snapshot.remote_name),
        "voicemail": int(snapshot.voicemail_left),
    }

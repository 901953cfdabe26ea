"""The embedded default CRM: a local address book in SQLite, edited from the desktop.

Phones are stored as typed, plus their E.164 form and last 10/7 digits, all
indexed, so a lookup is a few index probes however the number was written.
All SQLite work runs in ``asyncio.to_thread``; :class:`AddressBook` is the
synchronous store (tests and the editor may use it directly).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from core.crm.addressbook_demo import DEMO_CONTACTS
from core.crm.addressbook_import import ContactDraft, decode_text, parse_csv, parse_vcard
from core.crm.base import ConfigField, CrmAdapter
from core.crm.types import Contact, Match
from core.phone import digits, is_internal, match_confidence, normalize

__all__ = ["AddressBook", "AddressBookAdapter", "ContactDraft", "ImportReport"]

SOURCE = "addressbook"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    company TEXT,
    email TEXT,
    manager_name TEXT,
    manager_extension TEXT,
    notes TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS phones (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    raw TEXT NOT NULL,
    e164 TEXT,
    tail10 TEXT NOT NULL,
    tail7 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS phones_e164 ON phones(e164);
CREATE INDEX IF NOT EXISTS phones_tail10 ON phones(tail10);
CREATE INDEX IF NOT EXISTS phones_tail7 ON phones(tail7);
CREATE INDEX IF NOT EXISTS phones_contact ON phones(contact_id);
PRAGMA user_version = 1;
"""


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    problems: list[str] = field(default_factory=list)


class AddressBook:
    """Synchronous SQLite store. One connection, guarded by a lock (used from worker threads)."""

    def __init__(self, path: str | Path = ":memory:", region: str = "RU") -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.region = region
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys = ON")
        # SQLite's lower() folds ASCII only; the editor searches Cyrillic names
        self._db.create_function("casefold", 1, _casefold, deterministic=True)
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- editing -----------------------------------------------------------------
    def add(self, draft: ContactDraft) -> str:
        with self._tx() as db:
            return str(self._insert(db, draft))

    def add_many(self, drafts: Iterable[ContactDraft]) -> int:
        """Add all drafts in one transaction (all or nothing); returns how many."""
        with self._tx() as db:
            return sum(1 for draft in drafts if self._insert(db, draft))

    def _insert(self, db: sqlite3.Connection, draft: ContactDraft) -> int:
        cur = db.execute(
            "INSERT INTO contacts(name, company, email, manager_name, manager_extension, notes)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            _row_values(draft),
        )
        contact_id = int(cur.lastrowid or 0)
        self._write_phones(db, contact_id, draft.phones)
        return contact_id

    def update(self, contact_id: str, draft: ContactDraft) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "UPDATE contacts SET name=?, company=?, email=?, manager_name=?,"
                " manager_extension=?, notes=? WHERE id=?",
                (*_row_values(draft), int(contact_id)),
            )
            if cur.rowcount == 0:
                return False
            db.execute("DELETE FROM phones WHERE contact_id=?", (int(contact_id),))
            self._write_phones(db, int(contact_id), draft.phones)
        return True

    def delete(self, contact_id: str) -> bool:
        with self._tx() as db:
            return db.execute("DELETE FROM contacts WHERE id=?", (int(contact_id),)).rowcount > 0

    def _write_phones(self, db: sqlite3.Connection, contact_id: int, phones: Iterable[str]) -> None:
        for position, raw in enumerate(p.strip() for p in phones if p.strip()):
            only = digits(raw)
            db.execute(
                "INSERT INTO phones(contact_id, position, raw, e164, tail10, tail7)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (contact_id, position, raw, normalize(raw, self.region), only[-10:], only[-7:]),
            )

    # -- reading -----------------------------------------------------------------
    def get(self, contact_id: str) -> Contact | None:
        found = self._contacts("WHERE c.id = ?", (int(contact_id),))
        return found[0] if found else None

    def all(self) -> list[Contact]:
        return self._contacts("", ())

    def count(self) -> int:
        with self._tx() as db:
            return int(db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0])

    def search(self, text: str, limit: int = 50) -> list[Contact]:
        """Editor search: name, company or email containing ``text``, or a phone ending in its digits."""
        like = f"%{text.strip().casefold()}%"
        tail = digits(text)
        where = (
            "WHERE casefold(c.name) LIKE ? OR casefold(c.company) LIKE ?"
            " OR casefold(c.email) LIKE ?"
        )
        params: list[Any] = [like, like, like]
        if len(tail) >= 3:
            where += " OR c.id IN (SELECT contact_id FROM phones WHERE raw LIKE ? OR e164 LIKE ?)"
            params += [f"%{tail}%", f"%{tail}%"]
        return self._contacts(where + f" LIMIT {int(limit)}", tuple(params))

    def find_by_number(self, number: str) -> list[Match]:
        """Every contact with a phone matching ``number``, with the best confidence per contact."""
        only = digits(number)
        if not only:
            return []
        params: tuple[str, ...]
        if is_internal(number):
            sql, params = "raw = ? OR tail10 = ?", (number.strip(), only)
        else:
            e164 = normalize(number, self.region) or "-"
            sql, params = "e164 = ? OR tail10 = ? OR tail7 = ?", (e164, only[-10:], only[-7:])
        with self._tx() as db:
            rows = db.execute(f"SELECT contact_id, raw FROM phones WHERE {sql}", params).fetchall()
        best: dict[int, float] = {}
        for row in rows:
            score = match_confidence(number, row["raw"], self.region)
            if score > best.get(row["contact_id"], 0.0):
                best[row["contact_id"]] = score
        matches = []
        for contact_id, score in best.items():
            contact = self.get(str(contact_id))
            if contact is not None:
                matches.append(Match(contact=contact, confidence=score))
        matches.sort(key=lambda m: (-m.confidence, m.contact.name))
        return matches

    def _contacts(self, where: str, params: tuple[Any, ...]) -> list[Contact]:
        with self._tx() as db:
            rows = db.execute(f"SELECT c.* FROM contacts c {where}", params).fetchall()
            ids = [row["id"] for row in rows]
            phones: dict[int, list[str]] = {i: [] for i in ids}
            if ids:
                marks = ",".join("?" * len(ids))
                for p in db.execute(
                    f"SELECT contact_id, raw FROM phones WHERE contact_id IN ({marks})"
                    " ORDER BY contact_id, position",
                    ids,
                ):
                    phones[p["contact_id"]].append(p["raw"])
        return [_contact(row, phones[row["id"]]) for row in rows]

    # -- import ------------------------------------------------------------------
    def import_csv(self, data: bytes | str) -> ImportReport:
        drafts, problems = parse_csv(data if isinstance(data, str) else decode_text(data))
        return ImportReport(added=self.add_many(drafts), problems=problems)

    def import_vcard(self, data: bytes | str) -> ImportReport:
        drafts, problems = parse_vcard(data if isinstance(data, str) else decode_text(data))
        return ImportReport(added=self.add_many(drafts), problems=problems)

    def import_file(self, path: str | Path) -> ImportReport:
        """Import by extension: ``.vcf``/``.vcard`` as vCard, anything else as CSV."""
        data = Path(path).read_bytes()
        if Path(path).suffix.lower() in (".vcf", ".vcard"):
            return self.import_vcard(data)
        return self.import_csv(data)

    def load_demo_contacts(self) -> int:
        """Add the demo customers unless the book already has contacts; returns how many added."""
        if self.count():
            return 0
        return self.add_many(DEMO_CONTACTS)


def _casefold(value: str | None) -> str:
    return value.casefold() if value else ""


def _row_values(draft: ContactDraft) -> tuple[Any, ...]:
    name = draft.name.strip()
    if not name:
        raise ValueError("a contact needs a name")
    return (
        name,
        draft.company or None,
        draft.email or None,
        draft.manager_name or None,
        draft.manager_extension or None,
        json.dumps(list(draft.notes), ensure_ascii=False),
    )


def _contact(row: sqlite3.Row, phones: list[str]) -> Contact:
    return Contact(
        id=str(row["id"]),
        name=row["name"],
        source=SOURCE,
        company=row["company"],
        phones=tuple(phones),
        email=row["email"],
        manager_name=row["manager_name"],
        manager_extension=row["manager_extension"],
        notes=tuple(json.loads(row["notes"] or "[]")),
    )


class AddressBookAdapter(CrmAdapter):
    """The address book behind the CRM interface; editing coroutines for the desktop."""

    name: ClassVar[str] = SOURCE
    label: ClassVar[str] = "Local address book"
    looks_up_extensions: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "path",
            "Database file",
            "text",
            "",
            help="Empty: addressbook.sqlite3 in Ringside's data folder.",
        ),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
    )

    def __init__(self, book: AddressBook) -> None:
        super().__init__(region=book.region)
        self.book = book

    @classmethod
    def open(cls, path: str | Path = ":memory:", region: str = "RU") -> AddressBookAdapter:
        return cls(AddressBook(path, region))

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        return await asyncio.to_thread(self.book.find_by_number, number)

    async def add_contact(self, draft: ContactDraft) -> str:
        return await asyncio.to_thread(self.book.add, draft)

    async def update_contact(self, contact_id: str, draft: ContactDraft) -> bool:
        return await asyncio.to_thread(self.book.update, contact_id, draft)

    async def delete_contact(self, contact_id: str) -> bool:
        return await asyncio.to_thread(self.book.delete, contact_id)

    async def list_contacts(self, text: str = "") -> list[Contact]:
        if text.strip():
            return await asyncio.to_thread(self.book.search, text)
        return await asyncio.to_thread(self.book.all)

    async def import_file(self, path: str | Path) -> ImportReport:
        return await asyncio.to_thread(self.book.import_file, path)

    async def load_demo_contacts(self) -> int:
        return await asyncio.to_thread(self.book.load_demo_contacts)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.book.close)

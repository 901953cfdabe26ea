"""CSV and vCard (3.0 / 4.0) parsing for the local address book: text in, contact drafts out.

Pure functions, no database. CSV: columns ``name, company, phone(s), email,
manager, manager_extension, note`` (English or Russian headers; ``,`` ``;`` or
tab separated, as Excel exports them; several phones split on ``;``/``,``/``|``).
vCard: ``FN`` (or ``N``), ``ORG``, ``TEL``, ``EMAIL``, ``NOTE``. The vCard reader
is hand-written (about 60 lines) rather than a new dependency: only unfolding,
escapes and five properties are needed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

__all__ = ["ContactDraft", "decode_text", "parse_csv", "parse_vcard"]


@dataclass(slots=True)
class ContactDraft:
    """A contact before it has an id: what importers produce and the editor submits."""

    name: str
    company: str | None = None
    phones: list[str] = field(default_factory=list)
    email: str | None = None
    manager_name: str | None = None
    manager_extension: str | None = None
    notes: list[str] = field(default_factory=list)


_HEADERS = {
    "name": ("name", "full name", "fn", "имя", "фио", "клиент", "контакт"),
    "company": ("company", "organization", "org", "компания", "организация"),
    "phones": ("phone", "phones", "telephone", "tel", "телефон", "телефоны", "номер"),
    "email": ("email", "e-mail", "mail", "почта"),
    "manager": ("manager", "manager_name", "responsible", "менеджер", "ответственный"),
    "manager_extension": (
        "manager_extension",
        "manager extension",
        "extension",
        "ext",
        "добавочный",
        "внутренний",
    ),
    "note": ("note", "notes", "comment", "заметка", "примечание", "комментарий"),
}
_PHONE_SPLIT = re.compile(r"[;,|\n]+")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1251 (old Russian exports)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _column_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower().lstrip("\ufeff")
        for target, names in _HEADERS.items():
            if key in names and target not in found:
                found[target] = index
    return found


def _cell(row: list[str], columns: dict[str, int], name: str) -> str | None:
    index = columns.get(name)
    if index is None or index >= len(row):
        return None
    value = row[index].strip()
    return value or None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect; when the sniffer gives up (one ragged line is enough), the separator
    the header line uses most (Excel in Russian exports with ``;``)."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        header = text.split("\n", 1)[0]
        best = max(",;\t", key=header.count)

        class Guessed(csv.excel):
            delimiter = best

        return Guessed


def parse_csv(text: str) -> tuple[list[ContactDraft], list[str]]:
    """Contacts and a list of problems ("line 7: no name and no phone")."""
    rows = list(csv.reader(io.StringIO(text), _dialect(text)))
    if not rows:
        return [], ["the file is empty"]
    columns = _column_map(rows[0])
    if "name" not in columns and "phones" not in columns:
        return [], ["no 'name' or 'phone' column in the header line"]
    drafts: list[ContactDraft] = []
    problems: list[str] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        phones = [p.strip() for p in _PHONE_SPLIT.split(_cell(row, columns, "phones") or "")]
        phones = [p for p in phones if p]
        name = _cell(row, columns, "name") or _cell(row, columns, "company")
        if not name and not phones:
            problems.append(f"line {line_no}: no name and no phone")
            continue
        note = _cell(row, columns, "note")
        drafts.append(
            ContactDraft(
                name=name or phones[0],
                company=_cell(row, columns, "company"),
                phones=phones,
                email=_cell(row, columns, "email"),
                manager_name=_cell(row, columns, "manager"),
                manager_extension=_cell(row, columns, "manager_extension"),
                notes=[note] if note else [],
            )
        )
    return drafts, problems


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw)
    return lines


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split_property(line: str) -> tuple[str, str] | None:
    if ":" not in line:
        return None
    head, value = line.split(":", 1)
    name = head.split(";", 1)[0].split(".")[-1].strip().upper()  # drop "item1." groups
    return name, value


def _apply(draft: ContactDraft, name: str, value: str) -> None:
    if name == "FN":
        draft.name = _unescape(value).strip()
    elif name == "N" and not draft.name:
        parts = [_unescape(p).strip() for p in re.split(r"(?<!\\);", value)]
        draft.name = " ".join(p for p in (parts[1:2] + parts[2:3] + parts[:1]) if p)
    elif name == "ORG":
        draft.company = _unescape(re.split(r"(?<!\\);", value)[0]).strip() or None
    elif name == "TEL":
        number = value.strip()
        number = number[4:] if number.lower().startswith("tel:") else number
        if number:
            draft.phones.append(number.split(";", 1)[0])
    elif name == "EMAIL" and draft.email is None:
        draft.email = value.strip() or None
    elif name == "NOTE" and value.strip():
        draft.notes.append(_unescape(value).strip())


def parse_vcard(text: str) -> tuple[list[ContactDraft], list[str]]:
    """Every ``BEGIN:VCARD`` ... ``END:VCARD`` block; cards with no name and no phone are skipped."""
    drafts: list[ContactDraft] = []
    problems: list[str] = []
    current: ContactDraft | None = None
    for line in _unfold(text):
        prop = _split_property(line)
        if prop is None:
            continue
        name, value = prop
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            current = ContactDraft(name="")
        elif name == "END" and value.strip().upper() == "VCARD" and current is not None:
            if current.name or current.phones:
                current.name = current.name or current.company or current.phones[0]
                drafts.append(current)
            else:
                problems.append(f"card {len(drafts) + len(problems) + 1}: no name and no phone")
            current = None
        elif current is not None:
            _apply(current, name, value)
    if not drafts and not problems:
        problems.append("no vCard (BEGIN:VCARD) found")
    return drafts, problems

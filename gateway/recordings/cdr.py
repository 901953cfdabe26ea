"""Asterisk CDR rows -> index rows: the three layouts the gateway reads.

* ``cdr_csv`` ``Master.csv`` (no header; ``loguniqueid``/``loguserfield`` add columns);
* ``cdr_sqlite3_custom`` ``master.db`` table ``cdr`` (has ``uniqueid``, ``linkedid``, ``recordingfile``);
* FreePBX ``asteriskcdrdb.cdr`` rows (``recordingfile`` is a bare name under
  ``monitor/YYYY/MM/DD/``), fed by any row source (a MySQL cursor in production).

Pure functions: no I/O except the optional existence check of candidate files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from core.recordings.types import outcome_of

CSV_BASE = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
    "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
)  # fmt: skip
_EXTENSION = re.compile(r"^[A-Za-z0-9_]+/(\d{2,6})(?=[-@;/]|$)")
_FILE_STAMP = re.compile(r"(\d{8})-(\d{6})")
_UNIQUEID = re.compile(r"\d+\.\d+")
_CLID_NAME = re.compile(r'^"(.*)"\s*<[^>]*>$')
AUDIO_SUFFIXES = (".wav", ".mp3", ".gsm", ".ogg", ".wav49")
MAX_EXTENSION_DIGITS = 5


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One CDR leg ready for the index."""

    source_key: str
    call_id: str
    uniqueid: str
    started_at: int
    src: str
    dst: str
    caller_name: str
    operator: str
    number: str
    direction: str
    disposition: str
    outcome: str
    duration: int
    billsec: int
    recording: str | None


def csv_columns(width: int) -> tuple[str, ...]:
    """Column names of a Master.csv line with ``width`` fields."""
    if width >= 18:
        return (*CSV_BASE, "uniqueid", "userfield", *(f"extra{i}" for i in range(width - 18)))
    if width == 17:
        return (*CSV_BASE, "uniqueid")
    return CSV_BASE[:width]


def parse_time(value: object, tz: ZoneInfo) -> int:
    """Epoch seconds of a CDR time (``datetime`` or ``YYYY-MM-DD HH:MM:SS`` in ``tz``)."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if not text:
            return 0
        moment = datetime.fromisoformat(text.replace("/", "-"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return int(moment.astimezone(UTC).timestamp())


def extension_of(channel: str) -> str | None:
    """``PJSIP/101-0000001`` / ``Local/101@from-queue-...`` -> ``101``."""
    match = _EXTENSION.match(channel or "")
    return match.group(1) if match else None


def _is_short(number: str) -> bool:
    return number.isdigit() and len(number) <= MAX_EXTENSION_DIGITS


def classify(channel: str, dstchannel: str, src: str, dst: str) -> tuple[str, str, str]:
    """(direction, operator, customer number) of one leg."""
    own, other = extension_of(channel), extension_of(dstchannel)
    if own and other:
        return "internal", own, other
    if own:
        return ("internal" if _is_short(dst) else "outbound"), own, dst
    if other:
        return "inbound", other, src
    if _is_short(src) and src:
        return ("internal" if _is_short(dst) else "outbound"), src, dst
    if not src or (channel.startswith("Local/") and not dstchannel.startswith(("PJSIP/", "SIP/"))):
        return "internal", "", src or dst  # PBX-generated legs (Local channels, originates)
    return "inbound", (dst if _is_short(dst) else ""), src


def caller_name(clid: str) -> str:
    match = _CLID_NAME.match((clid or "").strip())
    return match.group(1).replace('""', '"') if match else ""


def recording_candidates(recordingfile: str, started_at: int, tz: ZoneInfo) -> list[str]:
    """Root-relative places a CDR's recording file may be, most likely first.

    FreePBX keeps ``monitor/YYYY/MM/DD/<name>``; the date is read from the right
    of the file name (``...-20261122-151916-<uniqueid>.wav``), else from calldate.
    Plain Asterisk keeps ``<uniqueid>.wav`` at the top of the monitor dir.
    """
    text = (recordingfile or "").strip()
    if not text:
        return []
    pure = PurePosixPath(text)
    if pure.is_absolute():
        parts = pure.parts
        tail = parts[parts.index("monitor") + 1 :] if "monitor" in parts else parts[-1:]
        pure = PurePosixPath(*tail) if tail else PurePosixPath(pure.name)
    if len(pure.parts) > 1:
        return [pure.as_posix()]
    name = pure.name
    found: list[str] = []
    stamps = _FILE_STAMP.findall(name)
    if stamps:
        day = stamps[-1][0]
        found.append(f"{day[:4]}/{day[4:6]}/{day[6:8]}/{name}")
    if started_at:
        local = datetime.fromtimestamp(started_at, tz)
        dated = f"{local:%Y/%m/%d}/{name}"
        if dated not in found:
            found.append(dated)
    found.append(name)
    return found


def pick_recording(candidates: Sequence[str], root: Path | None) -> str | None:
    """The first candidate that exists under ``root`` (or the most likely one)."""
    if not candidates:
        return None
    if root is not None:
        for candidate in candidates:
            if (root / candidate).is_file():
                return candidate
    return candidates[0]


def _int(value: object) -> int:
    try:
        return int(float(str(value or 0)))
    except ValueError:
        return 0


def to_index_row(
    row: Mapping[str, object],
    *,
    source: str,
    tz: ZoneInfo,
    root: Path | None,
    key: str | None = None,
) -> IndexRow:
    """Map a CDR row (any of the three layouts, by column name) to an ``IndexRow``."""

    def text(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value)

    started = parse_time(row.get("calldate") or row.get("start"), tz)
    uniqueid = text("uniqueid")
    channel, dstchannel = text("channel"), text("dstchannel")
    direction, operator, number = classify(channel, dstchannel, text("src"), text("dst"))
    disposition = text("disposition")
    candidates = recording_candidates(text("recordingfile"), started, tz)
    natural = "|".join((uniqueid, channel, dstchannel, text("lastapp"), str(started)))
    return IndexRow(
        source_key=f"{source}:{key or natural}",
        call_id=text("linkedid") or uniqueid,
        uniqueid=uniqueid,
        started_at=started,
        src=text("src"),
        dst=text("dst"),
        caller_name=caller_name(text("clid")),
        operator=operator,
        number=number,
        direction=direction,
        disposition=disposition,
        outcome=outcome_of(disposition),
        duration=_int(row.get("duration")),
        billsec=_int(row.get("billsec")),
        recording=pick_recording(candidates, root),
    )


def file_keys(name: str) -> tuple[str, ...]:
    """Ids a recording file name may carry: the whole stem and its rightmost ``-`` token.

    ``1795360756.4.wav`` -> ``1795360756.4``; FreePBX
    ``in-0443334000-0501234567-20261122-151916-1795360756.4.wav`` -> that too.
    """
    lowered = name.lower()
    stem = name
    for suffix in AUDIO_SUFFIXES:
        if lowered.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    keys = [stem]
    if "-" in stem:
        tail = stem.rsplit("-", 1)[1]
        if _UNIQUEID.fullmatch(tail) and tail not in keys:
            keys.append(tail)
    return tuple(keys)

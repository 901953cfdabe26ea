"""Immutable recording rows and search queries shared by the gateway, the client and the UI.

``SearchQuery`` round-trips through URL query parameters (``to_params`` /
``from_params``) so the desktop client and the gateway endpoint agree on one
vocabulary. ``RecordingRow`` is one CDR leg as the browser shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

DIRECTIONS = ("inbound", "outbound", "internal")
OUTCOMES = ("answered", "missed", "busy", "failed")

# Asterisk CDR disposition -> Ringside outcome word
DISPOSITION_OUTCOME = {
    "ANSWERED": "answered",
    "NO ANSWER": "missed",
    "NOANSWER": "missed",
    "BUSY": "busy",
    "FAILED": "failed",
    "CONGESTION": "failed",
}


def outcome_of(disposition: str) -> str:
    """Map an Asterisk disposition (``NO ANSWER``...) to an outcome word."""
    return DISPOSITION_OUTCOME.get(disposition.strip().upper(), "failed")


@dataclass(frozen=True, slots=True)
class RecordingRow:
    """One CDR leg with its recording, as indexed by the gateway."""

    id: int
    call_id: str  # linkedid (falls back to uniqueid)
    uniqueid: str
    started_at: int  # epoch seconds, UTC
    src: str
    dst: str
    operator: str  # extension that handled the leg ("" when none)
    number: str  # the customer's number
    direction: str
    disposition: str
    outcome: str
    duration: int
    billsec: int
    recording: str | None  # path relative to the recordings root
    caller_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordingRow:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


_INT_FIELDS = ("date_from", "date_to", "min_duration", "max_duration", "page", "per_page")
_MAX_INT_CHARS = 15  # +-99999999999999: far beyond any epoch or duration, far below 2**63
MAX_PAGE = 1_000_000  # page * per_page stays a small SQLite OFFSET
_STR_FIELDS = ("operator", "number", "direction", "outcome", "call_id")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Filters of the recordings search; ``None`` means "any"."""

    date_from: int | None = None  # epoch seconds, inclusive
    date_to: int | None = None  # epoch seconds, exclusive
    operator: str | None = None
    number: str | None = None  # digits; matches the end of the number
    direction: str | None = None
    outcome: str | None = None  # outcome word or Asterisk disposition
    min_duration: int | None = None  # billsec
    max_duration: int | None = None
    call_id: str | None = None
    with_recording: bool = False
    page: int = 1
    per_page: int = 50

    def to_params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        for name in (*_INT_FIELDS, *_STR_FIELDS):
            value = getattr(self, name)
            if value is not None and value != "":
                params[name] = str(value)
        if self.with_recording:
            params["with_recording"] = "1"
        return params

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> SearchQuery:
        """Parse query parameters; raises ``ValueError`` on a malformed value."""
        values: dict[str, Any] = {}
        for name in _INT_FIELDS:
            raw = params.get(name)
            if raw not in (None, ""):
                text = str(raw).strip()
                if len(text) > _MAX_INT_CHARS:  # SQLite holds 64-bit integers only
                    raise ValueError(f"{name} is out of range")
                values[name] = int(text)
        for name in _STR_FIELDS:
            raw = params.get(name)
            if raw not in (None, ""):
                values[name] = str(raw).strip()
        values["with_recording"] = params.get("with_recording", "") in ("1", "true", "yes")
        query = cls(**values)
        if not 1 <= query.page <= MAX_PAGE or not 1 <= query.per_page <= 500:
            raise ValueError(f"page must be within 1..{MAX_PAGE} and per_page within 1..500")
        if query.direction is not None and query.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
        return query


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results."""

    items: tuple[RecordingRow, ...]
    total: int
    total_exact: bool
    page: int
    per_page: int

    def to_json(self) -> dict[str, Any]:
        return {
            "items": [row.to_json() for row in self.items],
            "total": self.total,
            "total_exact": self.total_exact,
            "page": self.page,
            "per_page": self.per_page,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SearchPage:
        return cls(
            items=tuple(RecordingRow.from_json(item) for item in data.get("items", [])),
            total=int(data.get("total", 0)),
            total_exact=bool(data.get("total_exact", True)),
            page=int(data.get("page", 1)),
            per_page=int(data.get("per_page", 50)),
        )

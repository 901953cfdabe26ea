"""Shared CRM types: what every adapter returns, whatever its wire format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Link:
    label: str  # e.g. "Open customer", "Last order", "New order"
    url: str


@dataclass(frozen=True, slots=True)
class Contact:
    """A customer card."""

    id: str
    name: str
    source: str  # adapter name, e.g. "addressbook", "retailcrm"
    company: str | None = None
    phones: tuple[str, ...] = ()
    email: str | None = None
    manager_name: str | None = None
    manager_extension: str | None = None
    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = ()  # recent orders / notes, newest first

    @property
    def open_url(self) -> str | None:
        return self.links[0].url if self.links else None


@dataclass(frozen=True, slots=True)
class Match:
    contact: Contact
    confidence: float  # 1.0 exact E.164, lower for last-N-digit matches


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Result of looking up one number. Several matches are all returned for the UI to choose."""

    number: str  # as asked
    e164: str | None
    matches: tuple[Match, ...] = ()
    create_url: str | None = None  # "create in CRM" link when nothing matched and the adapter supports it
    error: str | None = None  # human-readable reason when the CRM could not answer

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def best(self) -> Contact | None:
        return self.matches[0].contact if self.matches else None


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A finished call as reported to a CRM (history upload, after-call note)."""

    call_id: str
    direction: str  # inbound | outbound | internal
    remote_number: str
    extension: str | None
    started_at: float
    wait_seconds: float
    talk_seconds: float
    outcome: str
    recording_url: str | None = None
    did: str | None = None
    note: str | None = None
    disposition: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

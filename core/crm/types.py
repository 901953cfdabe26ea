"""Shared CRM types: what every adapter returns, whatever its wire format."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

CERTAIN = 1.0  # core.phone.CONFIDENCE_EXACT: the same number (E.164 or extension)


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

    @property
    def certain(self) -> bool:
        """The same number: a last-7/10-digit match is only *possible* (the operator decides)."""
        return self.confidence >= CERTAIN


@dataclass(frozen=True, slots=True)
class LookupResult:
    """Result of looking up one number. Several matches are all returned for the UI to choose."""

    number: str  # as asked
    e164: str | None
    matches: tuple[Match, ...] = ()
    create_url: str | None = (
        None  # "create in CRM" link when nothing matched and the adapter supports it
    )
    error: str | None = None  # human-readable reason when the CRM could not answer
    confirmed_id: str | None = None  # the contact the operator confirmed is the caller

    @property
    def found(self) -> bool:
        return bool(self.matches)

    @property
    def best(self) -> Contact | None:
        return self.matches[0].contact if self.matches else None

    @property
    def certain(self) -> bool:
        """One contact has exactly this number: the card can be shown, and logged, as the caller.

        A partial match (last digits only) or several contacts with the number are not certain:
        the popup shows them as possible matches and the operator chooses or ignores.
        """
        exact = [m for m in self.matches if m.certain]
        return len(exact) == 1 and self.matches[0] is exact[0]

    @property
    def confirmed_contact(self) -> Contact | None:
        """The contact that may be written into history as the caller: confirmed, or certain."""
        if self.confirmed_id is not None:
            return self.contact(self.confirmed_id)
        return self.best if self.certain else None

    def contact(self, contact_id: str) -> Contact | None:
        """The matched contact with ``contact_id`` (None when it is not one of the matches)."""
        return next((m.contact for m in self.matches if m.contact.id == contact_id), None)

    def confirm(self, contact_id: str) -> LookupResult:
        """This result with ``contact_id`` confirmed by the operator; ValueError if not a match."""
        if self.contact(contact_id) is None:
            raise ValueError(f"contact {contact_id!r} is not one of the matches for {self.number}")
        return replace(self, confirmed_id=contact_id)


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

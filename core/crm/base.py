"""The one interface every CRM adapter implements, its typed errors and its settings schema.

Adapters subclass :class:`CrmAdapter` and implement :meth:`CrmAdapter.fetch_matches`;
the base class turns every failure into ``LookupResult.error`` (a sentence for the
popup), so ``lookup`` never raises. An adapter with ``supports_push`` implements
:meth:`CrmAdapter.push_call_record` (the desktop's after-call path); it raises: the
durable outbox (core/history) retries :class:`CrmUnavailable` (honouring
``retry_after``) and parks :class:`CrmRejected` as failed with the CRM's own words.
Live call events are pushed by the gateway, with each CRM's push rules
(``core/crm/<name>.py``, ``*Pushes`` classes, see ``core/crm/push.py``).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Literal

from core.crm.types import CallRecord, LookupResult, Match
from core.phone import digits, is_internal, normalize

__all__ = [
    "ConfigField",
    "CrmAdapter",
    "CrmAuthError",
    "CrmError",
    "CrmRejected",
    "CrmUnavailable",
    "FieldKind",
]

log = logging.getLogger(__name__)

FieldKind = Literal["text", "url", "secret", "choice", "number", "bool"]


class CrmError(Exception):
    """A CRM could not take or answer a request. ``str(err)`` is a sentence for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CrmUnavailable(CrmError):
    """Temporary: timeout, connection refused, 5xx, 429/503 rate limit, garbled answer.
    Retry later; ``retry_after`` (seconds) when the CRM said how long to wait."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CrmRejected(CrmError):
    """Permanent: the CRM understood and refused (validation error, unknown user, 4xx).
    Retrying the same request will not help."""


class CrmAuthError(CrmRejected):
    """Credentials rejected or missing permissions (401/403, WRONG_AUTH_TYPE...)."""


@dataclass(frozen=True, slots=True)
class ConfigField:
    """One setting of an adapter, as the settings UI shows it. Secrets live in the keyring."""

    name: str
    label: str
    kind: FieldKind = "text"
    default: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


class CrmAdapter(ABC):
    """Base of every adapter. Subclasses set the class attributes and ``fetch_matches``."""

    name: ClassVar[str]
    label: ClassVar[str]
    supports_create: ClassVar[bool] = False
    supports_push: ClassVar[bool] = False
    fields: ClassVar[tuple[ConfigField, ...]] = ()

    def __init__(self, region: str = "RU") -> None:
        self.region = region

    async def lookup(self, number: str) -> LookupResult:
        """Look ``number`` up. Never raises: failures become ``LookupResult.error``."""
        e164 = normalize(number, self.region)
        if not digits(number) or (is_internal(number) and not self.looks_up_extensions):
            return LookupResult(number=number, e164=None)
        try:
            matches = tuple(await self.fetch_matches(number, e164))
        except CrmError as exc:
            return LookupResult(number=number, e164=e164, error=exc.message)
        except Exception:  # an adapter bug must not break the popup
            log.exception("%s lookup crashed", self.name)
            return LookupResult(
                number=number, e164=e164, error=f"{self.label}: internal error during lookup."
            )
        ordered = _prune(matches)
        create = None if ordered else self.create_url(e164 or number)
        return LookupResult(number=number, e164=e164, matches=ordered, create_url=create)

    looks_up_extensions: ClassVar[bool] = False

    @abstractmethod
    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        """Query the CRM; raise :class:`CrmError` subclasses on failure."""

    async def push_call_record(self, record: CallRecord) -> None:
        """Report a finished call (recording URL, the operator's note where the CRM keeps one).

        Adapters with ``supports_push`` override this; the default refuses in words, so a
        record is never marked sent without having been sent.
        """
        raise CrmRejected(f"{self.label} does not take call records.")

    def create_url(self, number: str) -> str | None:
        """A "create customer" link for an unknown number, when the CRM has one."""
        return None

    async def aclose(self) -> None:
        """Release connections. Safe to call twice."""
        return None


def _prune(matches: tuple[Match, ...]) -> tuple[Match, ...]:
    """Best first; weak last-7-digit guesses are dropped when a stronger match exists."""
    ordered = sorted(matches, key=lambda m: -m.confidence)
    if ordered and ordered[0].confidence >= 0.8:
        ordered = [m for m in ordered if m.confidence >= 0.8]
    return tuple(ordered)
